"""The admin's edits of the climate plan, its themes and measures: checked, audited, one commit."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from app.accounts.models import User
from app.accounts.permissions import require_admin
from app.audit.services import record_audit
from app.db import db, write_transaction
from app.errors import NotFound, ValidationError
from app.plan.areas import PLAN_AREAS
from app.plan.models import ClimatePlan, PlanAreaTheme, PlanMeasure, PlanTheme
from app.plan.queries import climate_plan
from app.plan.rules import derived_citizen_target_kg
from app.slugs import unique_slug

MAX_BASELINE_T = 100_000_000


@dataclass(frozen=True)
class PlanInput:
    title: str
    baseline_year: int | None
    baseline_emissions_t: int | None
    baseline_estimate: bool
    baseline_note_da: str
    baseline_note_en: str
    target_2030_pct: int
    neutral_year: int
    national_2030_pct: int
    citizen_target_mode: str
    citizen_share_pct: Decimal | None
    source_label: str = ""
    source_url: str = ""


@dataclass(frozen=True)
class ThemeInput:
    name_da: str
    name_en: str
    description_da: str
    description_en: str
    sort_order: int
    plan_areas: tuple[str, ...] = ()
    source_label: str = ""
    source_url: str = ""


@dataclass(frozen=True)
class MeasureInput:
    code: str
    title_da: str
    title_en: str
    description_da: str = ""
    description_en: str = ""
    sort_order: int = 0
    source: str = ""


def _check_url(url: str, field: str) -> None:
    if url and not url.startswith(("https://", "http://")):
        raise ValidationError(_l("Enter an address that starts with https://."), field=field)


def _check_pct(value: int, field: str) -> None:
    if not 0 <= value <= 100:
        raise ValidationError(_l("Enter a percentage from 0 to 100."), field=field)


def _check_plan(data: PlanInput) -> None:
    if not data.title.strip():
        raise ValidationError(_l("Enter the plan's title."), field="title")
    if data.baseline_year is not None and not 1990 <= data.baseline_year <= 2029:
        raise ValidationError(_l("Enter a baseline year from 1990 to 2029."), field="baseline_year")
    if data.baseline_emissions_t is not None and not 1 <= data.baseline_emissions_t <= MAX_BASELINE_T:
        raise ValidationError(_l("Enter the baseline in whole tonnes above 0."), field="baseline_emissions_t")
    _check_pct(data.target_2030_pct, "target_2030_pct")
    _check_pct(data.national_2030_pct, "national_2030_pct")
    if not 2030 <= data.neutral_year <= 2100:
        raise ValidationError(_l("Enter a year from 2030 to 2100."), field="neutral_year")
    if data.citizen_share_pct is not None and not Decimal(0) <= data.citizen_share_pct <= Decimal(100):
        raise ValidationError(_l("Enter a percentage from 0 to 100."), field="citizen_share_pct")
    if data.citizen_target_mode not in ("typed", "derived"):
        raise ValidationError(_l("Choose how the citizens' target is set."), field="citizen_target_mode")
    derived = derived_citizen_target_kg(
        baseline_t=data.baseline_emissions_t,
        target_pct=data.target_2030_pct,
        baseline_year=data.baseline_year,
        citizen_share_pct=data.citizen_share_pct,
    )
    if data.citizen_target_mode == "derived" and derived is None:
        raise ValidationError(
            _l("A derived target needs the baseline, its year and the citizens' share."),
            field="citizen_target_mode",
        )
    _check_url(data.source_url, "source_url")


def _snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def _plain(value: Any) -> Any:
    return format(value.normalize(), "f") if isinstance(value, Decimal) else value


def save_plan(*, admin: User, data: PlanInput) -> ClimatePlan:
    """Create or change the municipality's plan (one per municipality). Admins only; a derived
    citizen target needs what the formula needs (app/plan/rules.py). Audited with the fields
    that changed."""
    require_admin(admin)
    _check_plan(data)
    values = asdict(data)
    fields = tuple(values)
    with write_transaction():
        plan = climate_plan()
        before = _snapshot(plan, fields) if plan is not None else None
        if plan is None:
            plan = ClimatePlan()
            db.session.add(plan)
        for name, value in values.items():
            setattr(plan, name, value.strip() if isinstance(value, str) else value)
        db.session.flush()
        after = _snapshot(plan, fields)
        if before != after:
            changed = [k for k in fields if before is None or before[k] != after[k]]
            record_audit(
                actor=admin,
                verb="create" if before is None else "update",
                object_type="climate_plan",
                object_id=plan.id,
                object_label=plan.title,
                before={k: before[k] for k in changed} if before else None,
                after={k: after[k] for k in changed},
            )
    return plan


THEME_FIELDS = (
    "name_da",
    "name_en",
    "description_da",
    "description_en",
    "sort_order",
    "source_label",
    "source_url",
)


def _check_theme(data: ThemeInput) -> None:
    if not data.name_da.strip():
        raise ValidationError(_l("Enter the Danish name."), field="name_da")
    if not data.name_en.strip():
        raise ValidationError(_l("Enter the English name."), field="name_en")
    unknown = [a for a in data.plan_areas if a not in PLAN_AREAS]
    if unknown:
        raise ValidationError(_l("Choose plan areas from the list."), field="plan_areas")
    _check_url(data.source_url, "source_url")


def _theme_areas(theme_id: int) -> list[str]:
    return sorted(
        db.session.scalars(select(PlanAreaTheme.plan_area).where(PlanAreaTheme.theme_id == theme_id))
    )


def _set_theme_areas(theme: PlanTheme, areas: tuple[str, ...]) -> None:
    """The theme takes these plan areas; an area leaves any other theme it fed (one theme per
    area and municipality)."""
    db.session.execute(delete(PlanAreaTheme).where(PlanAreaTheme.theme_id == theme.id))
    if areas:
        db.session.execute(delete(PlanAreaTheme).where(PlanAreaTheme.plan_area.in_(areas)))
    db.session.flush()
    for area in sorted(set(areas)):
        db.session.add(PlanAreaTheme(plan_area=area, theme_id=theme.id))


def save_theme(*, admin: User, data: ThemeInput, theme_id: int | None = None) -> PlanTheme:
    """Create a theme (its slug from the Danish name) or change one of the municipality's
    (another's is not found), with the plan areas it takes. Admins only; audited."""
    require_admin(admin)
    _check_theme(data)
    with write_transaction():
        theme = db.session.scalar(select(PlanTheme).where(PlanTheme.id == theme_id)) if theme_id else None
        if theme_id is not None and theme is None:
            raise NotFound(_l("No such theme."))
        before = {**_snapshot(theme, THEME_FIELDS), "plan_areas": _theme_areas(theme.id)} if theme else None
        if theme is None:
            theme = PlanTheme(slug=unique_slug(PlanTheme, data.name_da)[:50])
            db.session.add(theme)
        for name in THEME_FIELDS:
            value = getattr(data, name)
            setattr(theme, name, value.strip() if isinstance(value, str) else value)
        db.session.flush()
        _set_theme_areas(theme, data.plan_areas)
        db.session.flush()
        after = {**_snapshot(theme, THEME_FIELDS), "plan_areas": _theme_areas(theme.id)}
        if before != after:
            record_audit(
                actor=admin,
                verb="create" if before is None else "update",
                object_type="plan_theme",
                object_id=theme.id,
                object_label=theme.name_da,
                before=before,
                after=after,
            )
    return theme


MEASURE_FIELDS = ("code", "title_da", "title_en", "description_da", "description_en", "sort_order", "source")


def save_measure(
    *, admin: User, theme_id: int, data: MeasureInput, measure_id: int | None = None
) -> PlanMeasure:
    """Add a measure to one of the municipality's themes, or change one; its code is unique in
    the municipality. Admins only; audited."""
    require_admin(admin)
    if not data.code.strip():
        raise ValidationError(_l("Enter a code, e.g. M1."), field="code")
    if not data.title_da.strip():
        raise ValidationError(_l("Enter the Danish title."), field="title_da")
    if not data.title_en.strip():
        raise ValidationError(_l("Enter the English title."), field="title_en")
    with write_transaction():
        theme = db.session.scalar(select(PlanTheme).where(PlanTheme.id == theme_id))
        measure = (
            db.session.scalar(select(PlanMeasure).where(PlanMeasure.id == measure_id)) if measure_id else None
        )
        if theme is None or (measure_id is not None and (measure is None or measure.theme_id != theme_id)):
            raise NotFound(_l("No such measure."))
        taken = db.session.scalar(
            select(PlanMeasure.id).where(
                PlanMeasure.code == data.code.strip(), PlanMeasure.id != (measure_id or 0)
            )
        )
        if taken is not None:
            raise ValidationError(_l("Another measure has this code."), field="code")
        before = _snapshot(measure, MEASURE_FIELDS) if measure else None
        if measure is None:
            measure = PlanMeasure(theme_id=theme.id)
            db.session.add(measure)
        for name in MEASURE_FIELDS:
            value = getattr(data, name)
            setattr(measure, name, value.strip() if isinstance(value, str) else value)
        db.session.flush()
        after = _snapshot(measure, MEASURE_FIELDS)
        if before != after:
            record_audit(
                actor=admin,
                verb="create" if before is None else "update",
                object_type="plan_measure",
                object_id=measure.id,
                object_label=f"{measure.code} {measure.title_da}",
                before=before,
                after=after,
            )
    return measure
