"""The signed-in citizen's usual day (log it all in one request) and always-do marks."""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from app.accounts.models import Role
from app.actions.effective import EffectiveAction
from app.actions.models import MAX_USUAL_DAY_ITEMS
from app.actions.queries import MarkRow, UsualDayRow, action_by_slug, always_do_marks, usual_day_items
from app.actions.routines import (
    EntryOutcome,
    UsualDayOutcome,
    entry_key,
    log_usual_day,
    mark_always,
    save_usual_day,
    unmark_always,
)
from app.api.auth import current_api_user, token_required
from app.api.blueprint import api_blueprint
from app.api.routes.actions import log_out
from app.api.schemas.actions import IdempotencyHeaderSchema
from app.api.schemas.routines import (
    AlwaysDoListSchema,
    AlwaysDoSchema,
    UsualDayLogRequestSchema,
    UsualDayLogSchema,
    UsualDayRequestSchema,
    UsualDaySchema,
)
from app.clock import utcnow
from app.errors import NotFound

blp = api_blueprint(
    "routines",
    "/me",
    "Your usual day (saved actions logged in one request) and the actions you always do.",
    tag="Routines",
)


def _locale() -> str:
    return str(get_locale() or "da")


def item_out(item: UsualDayRow) -> dict[str, Any]:
    lang = _locale()
    return {
        "position": item.position + 1,
        "action": item.action.slug,
        "action_name": item.action.name(lang),
        "quantity": float(item.quantity),
        "unit": item.action.unit(lang),
        "active": item.action.is_active,
    }


def usual_day_out(items: list[UsualDayRow]) -> dict[str, Any]:
    return {"items": [item_out(i) for i in items], "max_items": MAX_USUAL_DAY_ITEMS}


def entry_out(entry: EntryOutcome) -> dict[str, Any]:
    now = utcnow()
    return {
        "action": entry.action.slug,
        "action_name": entry.action.name(_locale()),
        "quantity": entry.quantity_centi / 100,
        "status": entry.status,
        "replayed": entry.replayed,
        "points": entry.points,
        "log": None if entry.result is None else log_out(entry.result.entry, now=now),
        "error": (
            None
            if entry.error is None
            else {"code": entry.error.code or "refused", "message": str(entry.error.message)}
        ),
    }


def outcome_out(outcome: UsualDayOutcome) -> dict[str, Any]:
    return {
        "occurred_on": outcome.occurred_on,
        "logged": outcome.logged,
        "refused": outcome.refused,
        "points": outcome.points,
        "entries": [entry_out(e) for e in outcome.entries],
    }


@blp.get("/usual-day")
@token_required(Role.CITIZEN)
@blp.response(200, UsualDaySchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
def get_usual_day() -> ResponseReturnValue:
    """Your usual day, in the order it is logged; retired actions stay, marked inactive."""
    return usual_day_out(usual_day_items(current_api_user()))


@blp.put("/usual-day")
@token_required(Role.CITIZEN)
@blp.arguments(UsualDayRequestSchema)
@blp.response(200, UsualDaySchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
def put_usual_day(data: dict[str, Any]) -> ResponseReturnValue:
    """Replace your usual day. Rules (422, the field `items.<index>.action` or `.quantity`
    and a `code`): the action exists (unknown_action) and can be logged (action_retired),
    each action once (duplicate_action), the quantity rule of a log (the same codes) and at
    most the action's daily cap (over_daily_cap); at most `max_items` actions."""
    items = [(item["action"], item["quantity"]) for item in data["items"]]
    return usual_day_out(save_usual_day(user=current_api_user(), items=items))


@blp.post("/usual-day/log")
@token_required(Role.CITIZEN)
@blp.arguments(IdempotencyHeaderSchema, location="headers")
@blp.arguments(UsualDayLogRequestSchema, required=False)
@blp.response(200, UsualDayLogSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
def log_usual_day_now(headers: dict[str, str], data: dict[str, Any]) -> ResponseReturnValue:
    """Log every action of your usual day for `occurred_on` (default today) in one request.

    Each entry is an ordinary log with every rule of POST /api/v1/logs (daily cap, throttle),
    under its own idempotency key derived from `Idempotency-Key` and the action: repeating
    the request logs nothing twice (entries come back `replayed`, header
    `Idempotent-Replayed: true` when all logged ones were). A refusal refuses that entry only
    (`status` refused with its `error`); a retired action is `skipped`. The answer is 200 even
    when some or all entries were refused; refused entries are tried again on a repeat.
    422 for the request as a whole: an empty usual day (usual_day_empty), or a day outside
    the backdating window (too_old, in_the_future). 403 for a suspended account.
    """
    user = current_api_user()
    key = headers["idempotency_key"]
    keys = {item.action.slug: entry_key(key, item.action.slug) for item in usual_day_items(user)}
    outcome = log_usual_day(user=user, occurred_on=(data or {}).get("occurred_on"), keys=keys)
    logged = [e for e in outcome.entries if e.result is not None]
    replay = {"Idempotent-Replayed": "true"} if logged and all(e.replayed for e in logged) else {}
    return outcome_out(outcome), 200, replay


def mark_out(mark: MarkRow) -> dict[str, Any]:
    return {
        "action": mark.action.slug,
        "action_name": mark.action.name(_locale()),
        "active": mark.action.is_active,
        "marked_at": mark.created_at,
    }


def _action(slug: str) -> EffectiveAction:
    action = action_by_slug(slug)
    if action is None:
        raise NotFound(_l("There is no such action."))
    return action


def _mark_of(slug: str) -> MarkRow:
    action = _action(slug)
    mark = next((m for m in always_do_marks(current_api_user()) if m.action_id == action.id), None)
    if mark is None:
        raise NotFound(_l("You have not marked this action."))
    return mark


@blp.get("/always")
@token_required(Role.CITIZEN)
@blp.response(200, AlwaysDoListSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
def list_always() -> ResponseReturnValue:
    """The actions you always do ("Gør det allerede"): suggest these first."""
    return {"items": [mark_out(m) for m in always_do_marks(current_api_user())]}


@blp.get("/always/<slug>")
@token_required(Role.CITIZEN)
@blp.response(200, AlwaysDoSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(404, response="NOT_FOUND")
def get_always(slug: str) -> ResponseReturnValue:
    """Your mark on one action; 404 when the action is unknown or not marked."""
    return mark_out(_mark_of(slug))


@blp.put("/always/<slug>")
@token_required(Role.CITIZEN)
@blp.response(200, AlwaysDoSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
def put_always(slug: str) -> ResponseReturnValue:
    """Mark an action as one you always do. Idempotent; a retired action is a 422
    (action_retired)."""
    mark_always(user=current_api_user(), action=_action(slug))
    return mark_out(_mark_of(slug))


@blp.delete("/always/<slug>")
@token_required(Role.CITIZEN)
@blp.response(204)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(404, response="NOT_FOUND")
def delete_always(slug: str) -> None:
    """Take the mark off an action (retired or not). Idempotent; 404 only for an unknown
    action."""
    unmark_always(user=current_api_user(), action=_action(slug))
