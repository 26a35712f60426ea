"""Challenges, the shared-vision target and flag resolution, through the game package."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, make_response, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.accounts.access import admin_required
from app.actions.effective import effective_many
from app.actions.queries import active_actions
from app.admin.forms import ChallengeForm, FlagResolveForm, VisionTargetForm
from app.admin.queries.game import all_challenges, is_finished
from app.admin.routes import bp
from app.admin.routes.common import form_page
from app.audit.queries import entries_for
from app.challenges.models import Challenge
from app.challenges.services import ChallengeInput, save_challenge
from app.db import db
from app.errors import DomainError
from app.moderation.services import close_flag
from app.settings import local_today
from app.vision.queries import target_for, year_totals
from app.vision.services import set_target
from app.web.submit import submit
from app.web.templating import localised


@bp.get("/udfordringer")
@admin_required
def challenges() -> Response:
    return make_response(render_template("admin/challenges.html", challenges=all_challenges(local_today())))


def _challenge_form(challenge: Challenge | None) -> ChallengeForm:
    form = ChallengeForm(obj=challenge)
    actions = active_actions()
    if challenge is not None:  # a retired action stays selectable on a challenge that has it
        actions += [a for a in effective_many(challenge.actions) if not a.is_active]
    form.action_ids.choices = [SelectChoice(a.id, localised(a, "name")) for a in actions]
    if challenge is not None and not form.is_submitted():
        form.action_ids.data = [a.id for a in challenge.actions]
        form.target_metric.data = challenge.target_metric or ""
    return form


def _challenge_input(form: ChallengeForm) -> ChallengeInput:
    return ChallengeInput(
        slug=(form.slug.data or "").strip(),
        title_da=form.title_da.data or "",
        title_en=form.title_en.data or "",
        description_da=form.description_da.data or "",
        description_en=form.description_en.data or "",
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        action_ids=list(form.action_ids.data or []),
        reward_kind=form.reward_kind.data or "",
        reward_value=form.reward_value.data,
        target_metric=form.target_metric.data or None,
        target_value=form.target_value.data,
    )


def _challenge_page(form: ChallengeForm, challenge: Challenge | None) -> dict[str, Any]:
    return {
        "form": form,
        "challenge": challenge,
        "finished": challenge is not None and is_finished(challenge, local_today()),
        "history": entries_for("challenge", challenge.id) if challenge else [],
    }


def _save(form: ChallengeForm, challenge: Challenge | None) -> ResponseReturnValue:
    done = submit(
        form,
        lambda: save_challenge(
            admin=current_user, data=_challenge_input(form), challenge_id=challenge.id if challenge else None
        ),
        done=lambda saved: _("%(title)s is saved.", title=saved.title_da),
        to=url_for("admin.challenges"),
    )
    return done or form_page(form, "admin/challenge_form.html", **_challenge_page(form, challenge))


@bp.route("/udfordringer/ny", methods=["GET", "POST"])
@admin_required
def challenge_new() -> ResponseReturnValue:
    return _save(_challenge_form(None), None)


@bp.route("/udfordringer/<int:challenge_id>", methods=["GET", "POST"])
@admin_required
def challenge_edit(challenge_id: int) -> ResponseReturnValue:
    challenge = db.session.get(Challenge, challenge_id)
    if challenge is None:
        abort(404)
    return _save(_challenge_form(challenge), challenge)


# --- The shared vision's yearly target -------------------------------------------------------


def _vision_page(form: VisionTargetForm, status: int = 200) -> Response:
    year = local_today().year
    saved_g, _points, _logs = year_totals(year)
    return make_response(
        render_template(
            "admin/vision.html",
            form=form,
            year=year,
            target=target_for(year),
            next_target=target_for(year + 1),
            saved_g=saved_g,
            history=entries_for("vision", year),
        ),
        status,
    )


@bp.route("/faelles-maal", methods=["GET", "POST"])
@admin_required
def vision() -> ResponseReturnValue:
    form = VisionTargetForm()
    if not form.is_submitted():
        current = target_for(local_today().year)
        form.year.data = local_today().year
        form.target_co2e_kg.data = current.target_co2e_kg if current else None
        return _vision_page(form)
    done = submit(
        form,
        lambda: set_target(
            admin=current_user,
            year=int(form.year.data or 0),
            target_co2e_kg=int(form.target_co2e_kg.data or 0),
        ),
        done=_("The target for %(year)s is saved.", year=form.year.data),
        to=url_for("admin.vision"),
    )
    if done is not None:
        return done
    return _vision_page(form, 422)


# --- Flags ---------------------------------------------------------------------------------------


@bp.post("/moderation/flag/<int:flag_id>/loes")
@admin_required
def flag_resolve(flag_id: int) -> ResponseReturnValue:
    form = FlagResolveForm()
    if form.validate_on_submit():
        try:
            close_flag(admin=current_user, flag_id=flag_id, resolution=form.resolution.data or "")
        except DomainError as error:
            if error.status_code == 404:
                abort(404)
            flash(str(error.message), "error")
        else:
            flash(_("The flag is resolved."), "success")
    else:
        flash(" ".join(str(e) for e in form.resolution.errors), "error")
    return redirect(url_for("admin.moderation"), 303)
