"""The citizen's home screen: log an action in two taps, undo today's logs; the catalogue."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, flash, make_response, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.accounts.access import citizen_required
from app.actions.effective import EffectiveAction
from app.actions.forms import LogForm
from app.actions.labels import action_here, category_names
from app.actions.pages import Deferred, shared_catalogue_html
from app.actions.queries import action_by_slug, actions_by_category, my_log_history, my_numbers, todays_logs
from app.actions.routine_pages import routines_context
from app.actions.services import LogResult, log_action, undo_log
from app.clock import Period, days_back, utcnow
from app.errors import DomainError
from app.i18n import current_locale, decimal, input_decimal
from app.leaderboards.queries import AreaStanding, neighbourhood_standings, standing_of
from app.settings import local_today, setting, timezone
from app.web.forms import apply_domain_error
from app.web.htmx import is_htmx_request, is_partial_request, render, trigger
from app.web.http_cache import public
from app.web.params import page_arg
from app.web.personal_cache import kept_for_session

bp = Blueprint("actions", __name__)
# `entry.action|here`: a logged action named with this municipality's labels (app-wide).
bp.add_app_template_filter(action_here, "here")


def day_choices(today: date) -> list[tuple[str, str]]:
    labels = {0: _("Today"), 1: _("Yesterday"), 2: _("The day before yesterday")}
    return [
        (day.isoformat(), labels.get(offset) or ngettext("%(num)s day ago", "%(num)s days ago", offset))
        for offset, day in enumerate(days_back(today, int(setting("BACKDATE_DAYS"))))
    ]


def fresh_form(action: EffectiveAction, today: date) -> LogForm:
    form = LogForm(formdata=None)
    # The text input reads the locale's decimal comma back (parse_quantity), never "1E+1".
    form.quantity.data = input_decimal(action.default_quantity, 2)
    form.occurred_on.data = today
    form.idempotency_key.data = uuid.uuid4().hex
    return form


def my_area_standing(today: date) -> AreaStanding | None:
    """The citizen's neighbourhood on this week's board (read from score rows)."""
    return standing_of(neighbourhood_standings(Period.WEEK, today), current_user.neighbourhood_id)


def _home_context(today: date, **overrides: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "fresh_form": fresh_form,
        "category_names": category_names(),
        "categories": Deferred(actions_by_category),
        "numbers": my_numbers(current_user, today),
        "my_area": my_area_standing(today),
        "today_logs": todays_logs(current_user, utcnow(), timezone()),
        "days": day_choices(today),
        "today": today,
        "forms": {},
        "open_slug": None,
        "messages": {},
        **routines_context(current_user),
    }
    context.update(overrides)
    return context


@bp.get("/hjem")
@citizen_required
@kept_for_session
def home() -> Response:
    today = local_today()
    context = _home_context(today)
    catalogue = shared_catalogue_html(context, today=today, backdate_days=int(setting("BACKDATE_DAYS")))
    if is_partial_request():
        response = make_response(catalogue)
        response.vary.add("HX-Request")
        return response
    return render("actions/home.html", "actions/_catalogue.html", catalogue_html=catalogue, **context)


def _submit_log(action: EffectiveAction, form: LogForm) -> LogResult:
    """The form checked the shape; the service parses the amount by the rule the API uses."""
    return log_action(
        user=current_user,
        action=action,
        quantity=form.quantity.data or "",
        occurred_on=form.occurred_on.data,
        idempotency_key=form.idempotency_key.data or "",
    )


def _log_message(result: LogResult) -> str:
    if not result.created:
        return str(_("Already registered – it counts once."))
    return str(
        ngettext(
            "Registered: +%(points)s point.",
            "Registered: +%(points)s points.",
            result.entry.points,
            points=decimal(result.entry.points),
        )
    )


def _names_a_field(form: LogForm, error: DomainError) -> bool:
    return bool(error.field) and getattr(form, error.field or "", None) is not None


@bp.post("/log/<slug>")
@citizen_required
def log(slug: str) -> ResponseReturnValue:
    action = action_by_slug(slug)
    if action is None:
        abort(404)
    today = local_today()
    form = LogForm()
    error = False
    status = 422
    refusals: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            result = _submit_log(action, form)
        except DomainError as exc:
            if is_htmx_request() and not _names_a_field(form, exc):
                # No field to put it on: said in the swapped item, where a flash would not show.
                refusals[action.slug] = str(exc.message)
            else:
                apply_domain_error(form, exc)
            error = True
            status = 429 if exc.status_code == 429 else 422  # throttled: "too many requests"
    else:
        error = True
    if error:
        context = _home_context(today, forms={action.slug: form}, open_slug=action.slug, refusals=refusals)
        if is_htmx_request():
            return make_response(
                render_template("actions/_log_response.html", action=action, **context), status
            )
        return make_response(render_template("actions/home.html", **context), status)
    message = _log_message(result)
    celebrations = list(result.celebrations)
    if not is_htmx_request():
        for text in (message, *celebrations):
            flash(text, "success")
        return redirect(url_for("actions.home") + "#today", 303)
    context = _home_context(today, messages={action.slug: message})
    response = make_response(render_template("actions/_log_response.html", action=action, **context))
    if celebrations:
        trigger(response, "klimadyst:toast", {"messages": celebrations})
    return response


@bp.post("/log/<int:log_id>/fortryd")
@citizen_required
def undo(log_id: int) -> ResponseReturnValue:
    try:
        entry = undo_log(user=current_user, log_id=log_id)
    except DomainError as exc:
        if exc.status_code == 404:
            abort(404)
        if is_htmx_request():
            return make_response(
                render_template("errors/_message.html", description=str(exc.message)), exc.status_code
            )
        flash(str(exc.message), "error")
        return redirect(url_for("actions.home"), 303)
    message = _("Undone: %(name)s.", name=action_here(entry.action).name(current_locale()))
    if not is_htmx_request():
        flash(message, "info")
        return redirect(url_for("actions.home") + "#today", 303)
    context = _home_context(local_today(), undo_message=message)
    return make_response(render_template("actions/_undo_response.html", **context))


@bp.get("/handlinger")
@public(max_age=300)
def catalogue() -> str:
    """Every action with its points, daily cap, CO2e estimate and the source of the figure."""
    return render_template(
        "actions/catalogue.html", categories=actions_by_category(), category_names=category_names()
    )


@bp.get("/mine-registreringer")
@citizen_required
def history() -> str:
    """Every log the citizen has made, with undone and voided ones marked (and why)."""
    page = my_log_history(current_user, page=page_arg())
    return render_template("actions/history.html", history=page)
