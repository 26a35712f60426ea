"""Manage actions and neighbourhoods: create, edit, retire; nothing with history is deleted."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import admin_required
from app.actions.catalogue import (
    NATIONAL_READ_ONLY,
    create_action,
    delete_action,
    set_action_active,
    update_action,
)
from app.actions.effective import effective
from app.actions.labels import category_names
from app.actions.models import Action
from app.actions.overrides import OverrideData, reset_override, save_override, set_retired_here
from app.admin.forms import ActionForm, ActionOverrideForm, ConfirmForm, NeighbourhoodForm
from app.admin.queries.catalogue import action_has_logs, actions_for_admin, neighbourhoods_for_admin
from app.admin.routes import bp
from app.admin.routes.common import action_data, action_form, form_page, require_confirmation
from app.audit.queries import entries_for
from app.db import db
from app.errors import DomainError, PermissionDenied
from app.neighbourhoods.models import Neighbourhood
from app.neighbourhoods.services import NeighbourhoodData, create_neighbourhood, update_neighbourhood
from app.web.submit import submit


@bp.get("/handlinger")
@admin_required
def actions() -> Response:
    return make_response(
        render_template(
            "admin/actions.html",
            rows=actions_for_admin(),
            category_names=category_names(),
            confirm=ConfirmForm(),
        )
    )


def _get_action(action_id: int) -> Action:
    action = db.session.get(Action, action_id)
    if action is None:
        abort(404)
    return action


def _own_action(action_id: int) -> Action:
    """The municipality's own action; a national one is read-only here (403, page or htmx)."""
    action = _get_action(action_id)
    if action.municipality_id is None:
        raise PermissionDenied(NATIONAL_READ_ONLY, code="national_action")
    return action


def _national_action(action_id: int) -> Action:
    action = _get_action(action_id)
    if action.municipality_id is not None:
        abort(404)  # the municipality's own action has no override: it is edited
    return action


def _action_page(form: ActionForm, action: Action | None) -> dict[str, Any]:
    return {
        "form": form,
        "action": action,
        "confirm": ConfirmForm(),
        "has_logs": action is not None and action_has_logs(action.id),
        "history": entries_for("action", action.id) if action else [],
    }


@bp.route("/handlinger/ny", methods=["GET", "POST"])
@admin_required
def action_new() -> ResponseReturnValue:
    form = action_form()
    done = submit(
        form,
        lambda: create_action(admin=current_user, data=action_data(form)),
        done=lambda action: _("%(name)s was added to the catalogue.", name=action.name_da),
        to=url_for("admin.actions"),
    )
    return done or form_page(form, "admin/action_form.html", **_action_page(form, None))


@bp.route("/handlinger/<int:action_id>", methods=["GET", "POST"])
@admin_required
def action_edit(action_id: int) -> ResponseReturnValue:
    action = _get_action(action_id)
    if action.municipality_id is None:
        if request.method == "GET":
            return redirect(url_for("admin.action_override", action_id=action.id), 303)
        action = _own_action(action_id)
    form = action_form(action)
    done = submit(
        form,
        lambda: update_action(admin=current_user, action_id=action.id, data=action_data(form)),
        done=_("Saved. New points and figures apply to logs from now on."),
        to=url_for("admin.actions"),
    )
    return done or form_page(form, "admin/action_form.html", **_action_page(form, action))


@bp.post("/handlinger/<int:action_id>/pensioner")
@admin_required
def action_retire(action_id: int) -> ResponseReturnValue:
    require_confirmation()
    action = _own_action(action_id)
    set_action_active(admin=current_user, action_id=action.id, active=False)
    flash(
        _(
            "%(name)s is retired: it can no longer be logged, and its logs keep counting.",
            name=action.name_da,
        ),
        "success",
    )
    return redirect(url_for("admin.actions"), 303)


@bp.post("/handlinger/<int:action_id>/genaktiver")
@admin_required
def action_reactivate(action_id: int) -> ResponseReturnValue:
    require_confirmation()
    action = _own_action(action_id)
    set_action_active(admin=current_user, action_id=action.id, active=True)
    flash(_("%(name)s can be logged again.", name=action.name_da), "success")
    return redirect(url_for("admin.actions"), 303)


@bp.post("/handlinger/<int:action_id>/slet")
@admin_required
def action_delete(action_id: int) -> ResponseReturnValue:
    require_confirmation()
    action = _own_action(action_id)
    name = action.name_da
    try:
        delete_action(admin=current_user, action_id=action.id)
    except DomainError as error:
        flash(str(error.message), "error")
        return redirect(url_for("admin.action_edit", action_id=action_id), 303)
    flash(_("%(name)s was deleted.", name=name), "success")
    return redirect(url_for("admin.actions"), 303)


# --- Local values of a national action ---------------------------------------------------------


def _override_data(form: ActionOverrideForm) -> OverrideData:
    def text(value: str | None) -> str | None:
        return (value or "").strip() or None

    return OverrideData(
        points_per_unit=form.points_per_unit.data,
        max_units_per_day=form.max_units_per_day.data,
        default_quantity=form.default_quantity.data,
        name_da=text(form.name_da.data),
        name_en=text(form.name_en.data),
        unit_da=text(form.unit_da.data),
        unit_en=text(form.unit_en.data),
    )


@bp.route("/handlinger/<int:action_id>/lokal", methods=["GET", "POST"])
@admin_required
def action_override(action_id: int) -> ResponseReturnValue:
    """This municipality's points, cap, proposed amount and labels of a national action, each
    beside the national value; an empty field keeps the national value."""
    action = _national_action(action_id)
    here = effective(action)
    form = ActionOverrideForm(obj=here.override)
    done = submit(
        form,
        lambda: save_override(admin=current_user, action_id=action.id, data=_override_data(form)),
        done=_("Saved. Your local values apply to logs from now on."),
        to=url_for("admin.actions"),
    )
    return done or form_page(
        form,
        "admin/action_override.html",
        form=form,
        action=action,
        here=here,
        confirm=ConfirmForm(),
        history=entries_for("action", action.id),
    )


@bp.post("/handlinger/<int:action_id>/lokal/nulstil")
@admin_required
def action_override_reset(action_id: int) -> ResponseReturnValue:
    require_confirmation()
    action = _national_action(action_id)
    reset_override(admin=current_user, action_id=action.id)
    flash(_("%(name)s uses the national values again.", name=action.name_da), "success")
    return redirect(url_for("admin.actions"), 303)


@bp.post("/handlinger/<int:action_id>/lokal/pensioner")
@admin_required
def action_retire_here(action_id: int) -> ResponseReturnValue:
    require_confirmation()
    action = _national_action(action_id)
    set_retired_here(admin=current_user, action_id=action.id, retired=True)
    flash(
        _(
            "%(name)s is retired in this municipality: it can no longer be logged here, "
            "and its logs keep counting.",
            name=action.name_da,
        ),
        "success",
    )
    return redirect(url_for("admin.actions"), 303)


@bp.post("/handlinger/<int:action_id>/lokal/genaktiver")
@admin_required
def action_reactivate_here(action_id: int) -> ResponseReturnValue:
    require_confirmation()
    action = _national_action(action_id)
    set_retired_here(admin=current_user, action_id=action.id, retired=False)
    flash(_("%(name)s can be logged here again.", name=action.name_da), "success")
    return redirect(url_for("admin.actions"), 303)


# --- Neighbourhoods ------------------------------------------------------------------------


@bp.get("/omraader")
@admin_required
def neighbourhoods() -> Response:
    return make_response(render_template("admin/neighbourhoods.html", areas=neighbourhoods_for_admin()))


def _area_data(form: NeighbourhoodForm) -> NeighbourhoodData:
    return NeighbourhoodData(
        name=(form.name.data or "").strip(),
        population=int(form.population.data or 0),
        includes_da=form.includes_da.data or "",
        includes_en=form.includes_en.data or "",
        population_year=form.population_year.data,
        source_da=form.source_da.data or "",
        source_en=form.source_en.data or "",
    )


def _area_page(form: NeighbourhoodForm, area: Neighbourhood | None) -> dict[str, Any]:
    return {"form": form, "area": area, "history": entries_for("neighbourhood", area.id) if area else []}


@bp.route("/omraader/ny", methods=["GET", "POST"])
@admin_required
def neighbourhood_new() -> ResponseReturnValue:
    form = NeighbourhoodForm()
    done = submit(
        form,
        lambda: create_neighbourhood(admin=current_user, data=_area_data(form)),
        done=lambda area: _("%(name)s was added.", name=area.name),
        to=url_for("admin.neighbourhoods"),
    )
    return done or form_page(form, "admin/neighbourhood_form.html", **_area_page(form, None))


@bp.route("/omraader/<int:neighbourhood_id>", methods=["GET", "POST"])
@admin_required
def neighbourhood_edit(neighbourhood_id: int) -> ResponseReturnValue:
    area = db.session.get(Neighbourhood, neighbourhood_id)
    if area is None:
        abort(404)
    form = NeighbourhoodForm(obj=area)
    done = submit(
        form,
        lambda: update_neighbourhood(admin=current_user, neighbourhood_id=area.id, data=_area_data(form)),
        done=_("Saved."),
        to=url_for("admin.neighbourhoods"),
    )
    return done or form_page(form, "admin/neighbourhood_form.html", **_area_page(form, area))
