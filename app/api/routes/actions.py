"""The catalogue, logging an action (idempotent), a citizen's own logs and numbers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import jsonify
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from app.accounts.models import Role, User
from app.actions.effective import EffectiveAction
from app.actions.labels import action_here
from app.actions.models import LogEntry, LogStatus
from app.actions.queries import action_by_slug, active_actions, logs_page, my_numbers, own_log
from app.actions.services import log_action, undo_log
from app.api.auth import current_api_user, token_required
from app.api.blueprint import api_blueprint
from app.api.conditional import make_conditional
from app.api.pagination import MAX_ID, decode_id_cursor, encode_cursor
from app.api.schemas import CursorQuerySchema
from app.api.schemas.actions import (
    CatalogueSchema,
    IdempotencyHeaderSchema,
    LogPageSchema,
    LogRequestSchema,
    LogResultSchema,
    LogSchema,
    StatsSchema,
)
from app.clock import Period, local_date, period_key, utcnow
from app.errors import NotFound, ValidationError
from app.gamification.catalogue import BADGES, LEVEL_NAMES
from app.gamification.queries import badges_of, effects_of_log, level_of, streak_of
from app.i18n import current_locale
from app.leaderboards.queries import user_totals
from app.settings import local_today, setting, timezone
from app.web.http_cache import public

blp = api_blueprint(
    "actions", "", "The action catalogue; log an action; your logs and numbers.", tag="Actions"
)


def _locale() -> str:
    return str(get_locale() or "da")


def _kg(grams: int | None) -> float | None:
    return None if grams is None else grams / 1000


def action_out(action: EffectiveAction) -> dict[str, Any]:
    lang = _locale()
    return {
        "slug": action.slug,
        "name": action.name(lang),
        "category": action.category,
        "unit": action.unit(lang),
        "points_per_unit": action.points_per_unit,
        "co2e_kg_per_unit": (None if action.co2e_kg_per_unit is None else float(action.co2e_kg_per_unit)),
        "co2e_source": (
            action.source(current_locale()) or None if action.co2e_kg_per_unit is not None else None
        ),
        "max_units_per_day": float(action.max_units_per_day),
        "default_quantity": float(action.default_quantity),
    }


def log_out(entry: LogEntry, *, now: datetime) -> dict[str, Any]:
    lang = _locale()
    tz = timezone()
    action = action_here(entry.action)  # this municipality's labels
    return {
        "id": entry.id,
        "action": action.slug,
        "action_name": action.name(lang),
        "quantity": float(entry.quantity),
        "unit": action.unit(lang),
        "points": entry.points,
        "co2e_kg": _kg(entry.co2e_g),
        "occurred_on": entry.occurred_on,
        "created_at": entry.created_at,
        "status": entry.status,
        "status_reason": entry.status_reason,
        "can_undo": (
            entry.status == LogStatus.COUNTED and local_date(entry.created_at, tz) == local_date(now, tz)
        ),
    }


def badge_out(code: str) -> dict[str, Any]:
    info = BADGES[code]
    return {"code": code, "name": str(info.name), "how": str(info.how)}


@blp.get("/actions")
@public(max_age=60)
@blp.response(200, CatalogueSchema)
@blp.alt_response(304, description="Not modified: the ETag in If-None-Match is current")
def catalogue() -> ResponseReturnValue:
    """The actions that can be logged, with points, daily caps and the CO2e figure's source.

    Names and units come in the requested language (Accept-Language). Send the ETag back in
    If-None-Match to get a 304 when nothing changed.
    """
    items = [action_out(a) for a in active_actions()]
    body = CatalogueSchema().dump({"items": items, "backdate_days": int(setting("BACKDATE_DAYS"))})
    return make_conditional(jsonify(body), public_max_age=60)


@blp.post("/logs")
@token_required(Role.CITIZEN)
@blp.arguments(IdempotencyHeaderSchema, location="headers")
@blp.arguments(LogRequestSchema)
@blp.response(201, LogResultSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(409, response="CONFLICT")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
def create_log(headers: dict[str, str], data: dict[str, Any]) -> ResponseReturnValue:
    """Log an action. Idempotent: repeating a request with the same `Idempotency-Key` returns
    the first result (same status and body, header `Idempotent-Replayed: true`) and credits
    nothing again; the same key with a different body is a 409.

    Rules (422 with the field at fault and a `code`), the same as in the web app: quantity
    above 0 (quantity_not_positive), at most two decimals and never rounded
    (quantity_too_precise), at most 100000 (quantity_too_large), a number or decimal text
    (quantity_not_a_number), and within the action's daily cap, no partial credit
    (over_daily_cap); occurred_on is today or up to `backdate_days`
    back (too_old, in_the_future). A burst of logs is refused with 429 (throttled).
    """
    user = current_api_user()
    action = action_by_slug(data["action"])
    if action is None:
        raise ValidationError(_l("There is no such action."), field="action")
    # The service parses the quantity (the web form's rule) and takes the time and today's
    # date only once it holds the citizen's row lock (the throttle counts in that order).
    result = log_action(
        user=user,
        action=action,
        quantity=action.default_quantity if data["quantity"] is None else data["quantity"],
        occurred_on=data["occurred_on"],
        idempotency_key=headers["idempotency_key"],
    )
    now = utcnow()
    # A new log's effects came back with it; a replay reads them from what the first stored.
    effects = (
        (result.challenge_bonus, result.badges, result.new_level)
        if result.created
        else _stored_effects(result.entry)
    )
    body = {
        "log": log_out(result.entry, now=now),
        "challenge_bonus": effects[0],
        "badges": [badge_out(code) for code in effects[1]],
        "new_level": effects[2],
    }
    replay = {} if result.created else {"Idempotent-Replayed": "true"}
    return body, 201, replay


def _stored_effects(entry: LogEntry) -> tuple[int, tuple[str, ...], int | None]:
    stored = effects_of_log(entry)
    return stored.challenge_bonus, stored.badges, stored.new_level


@blp.get("/logs")
@token_required()
@blp.arguments(CursorQuerySchema, location="query")
@blp.response(200, LogPageSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
def list_logs(query: dict[str, Any]) -> ResponseReturnValue:
    """Your logs, newest registration first, whatever their status (voided ones carry the
    administrator's reason)."""
    before_id = decode_id_cursor(query["cursor"])
    entries, more = logs_page(current_api_user(), before_id=before_id, limit=query["limit"])
    now = utcnow()
    return {
        "items": [log_out(e, now=now) for e in entries],
        "next_cursor": encode_cursor([entries[-1].id]) if more else None,
    }


def _own(user: User, log_id: int) -> LogEntry:
    entry = own_log(user, log_id) if 0 < log_id <= MAX_ID else None
    if entry is None:
        raise NotFound(_l("That log does not exist."))
    return entry


@blp.get("/logs/<int:log_id>")
@token_required()
@blp.response(200, LogSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(404, response="NOT_FOUND")
def get_log(log_id: int) -> ResponseReturnValue:
    """One of your logs; anyone else's is a 404."""
    return log_out(_own(current_api_user(), log_id), now=utcnow())


@blp.post("/logs/<int:log_id>/undo")
@token_required(Role.CITIZEN)
@blp.response(200, LogSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
def undo(log_id: int) -> ResponseReturnValue:
    """Take back a log you registered today; points and CO2e leave every total at once."""
    now = utcnow()
    entry = undo_log(user=current_api_user(), log_id=_own(current_api_user(), log_id).id, now=now)
    return log_out(entry, now=now)


def _period(user_id: int, period: Period, today: Any) -> dict[str, Any]:
    points, co2e_g = user_totals(user_id, period, today)
    return {"key": period_key(period, today), "points": points, "co2e_kg": co2e_g / 1000}


@blp.get("/me/stats")
@token_required()
@blp.response(200, StatsSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
def stats() -> ResponseReturnValue:
    """Your numbers: points and estimated CO2e per period, streak, level and badges."""
    user = current_api_user()
    today = local_today()
    streak = streak_of(user.id, today)
    level = level_of(user.id)
    earned = badges_of(user.id)
    return {
        "today": today,
        "points_today": my_numbers(user, today).points_today,
        "week": _period(user.id, Period.WEEK, today),
        "month": _period(user.id, Period.MONTH, today),
        "all": _period(user.id, Period.ALL, today),
        "streak": {
            "days": streak.days,
            "logged_today": streak.logged_today,
            "rest_day_used_this_week": streak.rest_day_used_this_week,
            "started_on": streak.started_on,
        },
        "level": {
            "level": level.level,
            "name": str(LEVEL_NAMES[level.level]),
            "points": level.points,
            "next_at": level.next_at,
            "to_next": level.to_next,
        },
        "badges": [dict(badge_out(code), awarded_at=earned[code]) for code in BADGES if code in earned],
    }
