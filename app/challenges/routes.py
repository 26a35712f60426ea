"""Challenges: the list, each challenge's page with live progress and area ranking, joining."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, make_response, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import citizen_required
from app.challenges.forms import JoinForm
from app.challenges.models import Challenge
from app.challenges.queries import (
    area_standings,
    challenge_by_slug,
    challenge_totals,
    challenges_by_state,
    joined_challenge_ids,
    participant,
    progress,
    progress_by_challenge,
)
from app.challenges.rules import ChallengeState, state_on
from app.challenges.services import join_challenge
from app.errors import DomainError
from app.i18n import current_locale
from app.settings import local_today
from app.web.htmx import is_htmx_request, render
from app.web.http_cache import public

bp = Blueprint("challenges", __name__)


def _challenge_or_404(slug: str) -> Challenge:
    challenge = challenge_by_slug(slug)
    if challenge is None:
        abort(404)
    return challenge


@bp.get("/udfordringer")
@public(max_age=30)
def index() -> str:
    today = local_today()
    groups = challenges_by_state(today)
    shown = groups[ChallengeState.RUNNING] + groups[ChallengeState.FINISHED]
    joined = joined_challenge_ids(current_user.id) if current_user.is_authenticated else set()
    return render_template(
        "challenges/index.html",
        groups=groups,
        states=ChallengeState,
        progresses=progress_by_challenge(shown),
        joined=joined,
        today=today,
    )


def _detail_context(challenge: Challenge, **extra: Any) -> dict[str, Any]:
    today = local_today()
    totals = challenge_totals(challenge.id)
    mine = participant(challenge.id, current_user.id) if current_user.is_authenticated else None
    context: dict[str, Any] = {
        "challenge": challenge,
        "state": state_on(starts_on=challenge.starts_on, ends_on=challenge.ends_on, today=today),
        "states": ChallengeState,
        "totals": totals,
        "progress": progress(challenge, totals),
        "standings": area_standings(challenge.id),
        "mine": mine,
        "today": today,
    }
    context.update(extra)
    return context


@bp.get("/udfordringer/<slug>")
@public(max_age=30)
def detail(slug: str) -> str:
    challenge = _challenge_or_404(slug)
    return render_template("challenges/detail.html", **_detail_context(challenge))


@bp.get("/udfordringer/<slug>/fremskridt")
@public(max_age=10)
def live(slug: str) -> Response:
    """The progress and ranking fragment that the page polls every 30 seconds."""
    challenge = _challenge_or_404(slug)
    return render("challenges/detail.html", "challenges/_live.html", **_detail_context(challenge))


@bp.post("/udfordringer/<slug>/deltag")
@citizen_required
def join(slug: str) -> ResponseReturnValue:
    challenge = _challenge_or_404(slug)
    form = JoinForm()
    if not form.validate_on_submit():
        abort(400)
    title = challenge.title_en if current_locale() == "en" else challenge.title_da
    try:
        created = join_challenge(user=current_user, challenge_id=challenge.id)[1]
    except DomainError as exc:
        if not is_htmx_request():
            flash(str(exc.message), "error")
            return redirect(url_for("challenges.detail", slug=slug), 303)
        return make_response(
            render_template("challenges/_join.html", error=str(exc.message), **_detail_context(challenge)),
            exc.status_code,
        )
    message = (
        _("You have joined %(title)s. Logs of the covered actions now count.", title=title)
        if created
        else _("You had already joined %(title)s.", title=title)
    )
    if not is_htmx_request():
        flash(message, "success")  # the page's note then says only "you are taking part"
        return redirect(url_for("challenges.detail", slug=slug), 303)
    # The swapped box says it once, next to the button; a toast would repeat it over the progress bar.
    return make_response(
        render_template("challenges/_join.html", message=message, **_detail_context(challenge))
    )
