"""The citizen's routines: "Min typiske dag" (edit, log all in one tap) and "Gør det allerede"."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.accounts.access import citizen_required
from app.actions.effective import EffectiveAction
from app.actions.forms import AlwaysDoForm, UsualDayForm, UsualDayLogForm
from app.actions.labels import category_names
from app.actions.models import MAX_USUAL_DAY_ITEMS
from app.actions.queries import action_by_slug, actions_by_category, always_do_ids, usual_day_items
from app.actions.routes import _home_context
from app.actions.routine_pages import routines_context
from app.actions.routines import (
    EntryOutcome,
    EntryStatus,
    UsualDayOutcome,
    log_usual_day,
    mark_always,
    save_todays_logs_as_usual_day,
    save_usual_day,
    unmark_always,
)
from app.errors import DomainError, ValidationError
from app.i18n import current_locale, decimal, input_decimal
from app.settings import local_today
from app.web.htmx import is_partial_request

bp = Blueprint("routines", __name__)

KEY_FIELD = "key-"  # one hidden idempotency key per usual-day entry: key-<action slug>


# --- the usual day on the home page: log everything in one tap ----------------------------------


def entry_message(entry: EntryOutcome) -> str:
    """One line of the result: registered (points), already registered, or why not."""
    if entry.status == EntryStatus.LOGGED:
        if entry.replayed:
            return str(_("Already registered – it counts once."))
        return str(
            ngettext(
                "Registered: +%(points)s point.",
                "Registered: +%(points)s points.",
                entry.points,
                points=decimal(entry.points),
            )
        )
    if entry.status == EntryStatus.SKIPPED:
        return str(_("Skipped: this action has been retired."))
    return str(entry.error.message if entry.error is not None else "")


def _posted_keys(day: date) -> tuple[dict[str, str], dict[str, str]]:
    """The keys the page was rendered with, and the ones the log uses: scoped by day, so the
    same page logs another day afresh while a repeat for the same day is credited once."""
    rendered = {
        name.removeprefix(KEY_FIELD): value[:40]
        for name, value in request.form.items()
        if name.startswith(KEY_FIELD) and value
    }
    return rendered, {slug: f"{key}-{day:%Y%m%d}" for slug, key in rendered.items()}


def _outcome_response(outcome: UsualDayOutcome, rendered: dict[str, str]) -> ResponseReturnValue:
    if not is_partial_request():
        summary = ngettext(
            "%(num)s of %(total)s actions registered.",
            "%(num)s of %(total)s actions registered.",
            outcome.logged,
            total=len(outcome.entries),
        )
        flash(str(summary), "success" if outcome.logged else "error")
        locale = current_locale()
        for entry in outcome.entries:
            category = "success" if entry.status == EntryStatus.LOGGED else "error"
            flash(f"{entry.action.name(locale)}: {entry_message(entry)}", category)
        return redirect(url_for("actions.home") + "#usual-day", 303)
    context = _home_context(local_today(), **routines_context(current_user, keys=rendered, outcome=outcome))
    return render_template("actions/_usual_day_response.html", entry_message=entry_message, **context)


def _refused_response(error: DomainError) -> ResponseReturnValue:
    if not is_partial_request():
        flash(str(error.message), "error")
        return redirect(url_for("actions.home") + "#usual-day", 303)
    context = _home_context(local_today(), usual_error=str(error.message))
    status = 429 if error.status_code == 429 else 422  # as the single log answers: htmx swaps it
    return make_response(render_template("actions/_usual_day.html", **context), status)


@bp.post("/typisk-dag/log")
@citizen_required
def log_all() -> ResponseReturnValue:
    """Log every action of the usual day for the chosen day, each under its own key."""
    form = UsualDayLogForm()
    if not form.validate_on_submit() or form.occurred_on.data is None:
        expired = "csrf_token" in form.errors
        message = _("The form had expired. Please try again.") if expired else _("Choose a day.")
        return _refused_response(ValidationError(message))
    day = form.occurred_on.data
    rendered, keys = _posted_keys(day)
    try:
        outcome = log_usual_day(user=current_user, occurred_on=day, keys=keys)
    except DomainError as refused:
        return _refused_response(refused)
    return _outcome_response(outcome, rendered)


# --- the editor ----------------------------------------------------------------------------------


def _apply_op(op: str, rows: list[tuple[str, str]], form: UsualDayForm) -> list[tuple[str, str]] | None:
    """The rows after the button pressed; None for a button that makes no sense."""
    name, _sep, number = op.partition("-")
    if name in {"up", "down", "remove"}:
        if not number.isdigit() or int(number) >= len(rows):
            return None
        index = int(number)
        if name == "remove":
            return rows[:index] + rows[index + 1 :]
        other = index - 1 if name == "up" else index + 1
        if 0 <= other < len(rows):
            rows[index], rows[other] = rows[other], rows[index]
        return rows
    if name == "add":
        if not (form.add_action.data or "").strip():
            raise ValidationError(_("Choose an action to add."), field="add_action")
        action = action_by_slug(form.add_action.data or "")
        quantity = (form.add_quantity.data or "").strip()
        if action is not None and not quantity:
            quantity = input_decimal(action.default_quantity, 2)
        return [*rows, ((form.add_action.data or "").strip(), quantity)]
    return rows if name == "save" else None


def _edit_rows(rows: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [{"slug": slug, "quantity": quantity, "action": action_by_slug(slug)} for slug, quantity in rows]


def _saved_rows() -> list[dict[str, Any]]:
    return [
        {"slug": item.action.slug, "quantity": input_decimal(item.quantity, 2), "action": item.action}
        for item in usual_day_items(current_user)
        if item.action.is_active
    ]


def _edit_page(
    form: UsualDayForm, rows: list[dict[str, Any]], *, error: DomainError | None = None, status: int = 200
) -> ResponseReturnValue:
    marked = always_do_ids(current_user)
    categories = actions_by_category()
    context = {
        "form": form,
        "rows": rows,
        "error": error,
        "error_row": _error_row(error),
        "retired": [item for item in usual_day_items(current_user) if not item.action.is_active],
        "categories": categories,
        "category_names": category_names(),
        "always_first": [a for _cat, actions in categories for a in actions if a.id in marked],
        "marked": marked,
        "max_items": MAX_USUAL_DAY_ITEMS,
    }
    return make_response(render_template("actions/usual_day_edit.html", **context), status)


def _error_row(error: DomainError | None) -> int | None:
    parts = (error.field or "").split(".") if error is not None else []
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None


@bp.get("/typisk-dag")
@citizen_required
def edit() -> ResponseReturnValue:
    """Add, remove, reorder and set the amounts of the usual day; mark what you always do."""
    return _edit_page(UsualDayForm(formdata=None), _saved_rows())


@bp.post("/typisk-dag")
@citizen_required
def save() -> ResponseReturnValue:
    """Every button of the editor saves the rows as shown, changed by the button pressed."""
    form = UsualDayForm()
    rows = form.rows(request.form)
    if not form.validate_on_submit():
        error = ValidationError(_("The form had expired. Please try again."))
        return _edit_page(form, _edit_rows(rows), error=error, status=422)
    try:
        changed = _apply_op(form.op.data or "", list(rows), form)
    except ValidationError as refused:
        return _edit_page(form, _edit_rows(rows), error=refused, status=422)
    if changed is None:
        return _edit_page(form, _edit_rows(rows), error=ValidationError(_("Unknown button.")), status=422)
    try:
        save_usual_day(user=current_user, items=changed)
    except DomainError as refused:
        return _edit_page(form, _edit_rows(changed), error=refused, status=422)
    flash(_("Your usual day is saved."), "success")
    return redirect(url_for("routines.edit"), 303)


@bp.post("/typisk-dag/fra-i-dag")
@citizen_required
def save_today() -> ResponseReturnValue:
    """Make today's logs the usual day."""
    form = AlwaysDoForm()
    if not form.validate_on_submit():
        flash(_("The form had expired. Please try again."), "error")
        return redirect(url_for("routines.edit"), 303)
    try:
        save_todays_logs_as_usual_day(user=current_user)
    except DomainError as refused:
        flash(str(refused.message), "error")
    else:
        flash(_("Today's logs are now your usual day."), "success")
    return redirect(url_for("routines.edit"), 303)


# --- "Gør det allerede" ----------------------------------------------------------------------------


def _toggled(action: EffectiveAction, form: AlwaysDoForm, message: str) -> ResponseReturnValue:
    if is_partial_request():
        context = _home_context(local_today())
        return render_template("actions/_always_do.html", **context)
    flash(message, "success")
    if form.back.data == "edit":
        return redirect(url_for("routines.edit") + "#always", 303)
    return redirect(url_for("actions.home") + "#always-do", 303)


def _toggle_target(slug: str) -> tuple[EffectiveAction, AlwaysDoForm]:
    action = action_by_slug(slug)
    if action is None:
        abort(404)
    form = AlwaysDoForm()
    if not form.validate_on_submit():
        abort(400)
    return action, form


@bp.post("/faste/<slug>")
@citizen_required
def mark(slug: str) -> ResponseReturnValue:
    """Mark an action as one you always do: it is suggested first on your home."""
    action, form = _toggle_target(slug)
    try:
        mark_always(user=current_user, action=action)
    except DomainError as refused:
        flash(str(refused.message), "error")
        return redirect(url_for("routines.edit") + "#always", 303)
    return _toggled(action, form, _("Marked: %(name)s.", name=action.name(current_locale())))


@bp.post("/faste/<slug>/fjern")
@citizen_required
def unmark(slug: str) -> ResponseReturnValue:
    """Take the mark off an action."""
    action, form = _toggle_target(slug)
    unmark_always(user=current_user, action=action)
    return _toggled(action, form, _("No longer marked: %(name)s.", name=action.name(current_locale())))
