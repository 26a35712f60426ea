"""The climate plan's admin pages: the plan's targets, its themes and their measures (admins)."""

from __future__ import annotations

from decimal import Decimal

from flask import abort, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import admin_required
from app.admin.plan_forms import ClimatePlanForm, PlanMeasureForm, PlanThemeForm
from app.admin.routes import bp
from app.admin.routes.common import form_page
from app.plan.labels import plan_area_names
from app.plan.models import PlanTheme
from app.plan.overview import derived_target_of
from app.plan.queries import area_themes, climate_plan, measure_by_id, theme_by_id, themes
from app.plan.services import MeasureInput, PlanInput, ThemeInput, save_measure, save_plan, save_theme
from app.settings import local_today
from app.web.submit import submit


def _plan_input(form: ClimatePlanForm) -> PlanInput:
    share = form.citizen_share_pct.data
    return PlanInput(
        title=form.title.data or "",
        baseline_year=form.baseline_year.data,
        baseline_emissions_t=form.baseline_emissions_t.data,
        baseline_estimate=bool(form.baseline_estimate.data),
        baseline_note_da=form.baseline_note_da.data or "",
        baseline_note_en=form.baseline_note_en.data or "",
        target_2030_pct=int(form.target_2030_pct.data or 0),
        neutral_year=int(form.neutral_year.data or 0),
        national_2030_pct=int(form.national_2030_pct.data or 0),
        citizen_target_mode=form.citizen_target_mode.data or "typed",
        citizen_share_pct=Decimal(share) if share is not None else None,
        source_label=form.source_label.data or "",
        source_url=form.source_url.data or "",
    )


@bp.route("/klimaplan", methods=["GET", "POST"])
@admin_required
def plan() -> ResponseReturnValue:
    """The plan's baseline and targets, how the citizens' target is set, and its themes."""
    current = climate_plan()
    form = ClimatePlanForm(obj=current)
    if not form.is_submitted() and current is None:
        form.target_2030_pct.data, form.neutral_year.data, form.national_2030_pct.data = 70, 2050, 70
        form.citizen_target_mode.data = "typed"
    done = submit(
        form,
        lambda: save_plan(admin=current_user, data=_plan_input(form)),
        done=_("The climate plan is saved."),
        to=url_for("admin.plan"),
    )
    if done is not None:
        return done
    mapping = area_themes()
    return form_page(
        form,
        "admin/plan.html",
        form=form,
        plan=current,
        themes=themes(),
        derived_kg=derived_target_of(current),
        areas_of={t: [a for a, tid in mapping.items() if tid == t] for t in set(mapping.values())},
        area_names=plan_area_names(),
        year=local_today().year,
    )


def _theme_input(form: PlanThemeForm) -> ThemeInput:
    return ThemeInput(
        name_da=form.name_da.data or "",
        name_en=form.name_en.data or "",
        description_da=form.description_da.data or "",
        description_en=form.description_en.data or "",
        sort_order=int(form.sort_order.data or 0),
        plan_areas=tuple(form.plan_areas.data or ()),
        source_label=form.source_label.data or "",
        source_url=form.source_url.data or "",
    )


def _theme_page(theme: PlanTheme | None) -> ResponseReturnValue:
    form = PlanThemeForm(obj=theme)
    if theme is not None and not form.is_submitted():
        form.plan_areas.data = [a for a, tid in area_themes().items() if tid == theme.id]
    done = submit(
        form,
        lambda: save_theme(admin=current_user, data=_theme_input(form), theme_id=theme.id if theme else None),
        done=lambda saved: _("%(name)s is saved.", name=saved.name_da),
        to=lambda saved: url_for("admin.plan_theme", theme_id=saved.id),
    )
    if done is not None:
        return done
    return form_page(form, "admin/plan_theme.html", form=form, theme=theme)


@bp.route("/klimaplan/tema/ny", methods=["GET", "POST"])
@admin_required
def plan_theme_new() -> ResponseReturnValue:
    if climate_plan() is None:
        abort(404)
    return _theme_page(None)


@bp.route("/klimaplan/tema/<int:theme_id>", methods=["GET", "POST"])
@admin_required
def plan_theme(theme_id: int) -> ResponseReturnValue:
    theme = theme_by_id(theme_id)
    if theme is None:
        abort(404)  # also another municipality's theme: not found in this one
    return _theme_page(theme)


def _measure_page(theme: PlanTheme, measure_id: int | None) -> ResponseReturnValue:
    measure = measure_by_id(measure_id) if measure_id is not None else None
    if measure_id is not None and (measure is None or measure.theme_id != theme.id):
        abort(404)
    form = PlanMeasureForm(obj=measure)
    done = submit(
        form,
        lambda: save_measure(
            admin=current_user,
            theme_id=theme.id,
            measure_id=measure_id,
            data=MeasureInput(
                code=form.code.data or "",
                title_da=form.title_da.data or "",
                title_en=form.title_en.data or "",
                description_da=form.description_da.data or "",
                description_en=form.description_en.data or "",
                sort_order=int(form.sort_order.data or 0),
                source=form.source.data or "",
            ),
        ),
        done=lambda saved: _("%(code)s is saved.", code=saved.code),
        to=url_for("admin.plan_theme", theme_id=theme.id),
    )
    if done is not None:
        return done
    return form_page(form, "admin/plan_measure.html", form=form, theme=theme, measure=measure)


@bp.route("/klimaplan/tema/<int:theme_id>/tiltag/ny", methods=["GET", "POST"])
@admin_required
def plan_measure_new(theme_id: int) -> ResponseReturnValue:
    theme = theme_by_id(theme_id)
    if theme is None:
        abort(404)
    return _measure_page(theme, None)


@bp.route("/klimaplan/tema/<int:theme_id>/tiltag/<int:measure_id>", methods=["GET", "POST"])
@admin_required
def plan_measure(theme_id: int, measure_id: int) -> ResponseReturnValue:
    theme = theme_by_id(theme_id)
    if theme is None:
        abort(404)
    return _measure_page(theme, measure_id)
