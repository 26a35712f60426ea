"""The plan with everything that feeds it, per theme: what the vision page, report and API show."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.actions.effective import EffectiveAction
from app.actions.queries import active_actions
from app.plan.areas import area_of
from app.plan.contributions import ThemeItem, ThemeQuery, collect
from app.plan.models import ClimatePlan, PlanTheme
from app.plan.queries import CitizenTotal, area_themes, citizen_totals_by_theme, climate_plan, themes
from app.plan.rules import derived_citizen_target_kg


@dataclass(frozen=True)
class ThemeView:
    theme: PlanTheme
    citizens: CitizenTotal
    actions: list[EffectiveAction]
    items: dict[str, list[ThemeItem]] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanOverview:
    year: int
    plan: ClimatePlan | None
    themes: list[ThemeView]
    # Citizens' logs in categories that feed no theme (e.g. community actions).
    unassigned: CitizenTotal
    participants: int
    derived_target_kg: int | None

    @property
    def citizens_co2e_g(self) -> int:
        return sum(view.citizens.co2e_g for view in self.themes) + self.unassigned.co2e_g


def derived_target_of(plan: ClimatePlan | None) -> int | None:
    """The plan's derived citizen target in kg (app/plan/rules.py), whatever its mode."""
    if plan is None:
        return None
    return derived_citizen_target_kg(
        baseline_t=plan.baseline_emissions_t,
        target_pct=plan.target_2030_pct,
        baseline_year=plan.baseline_year,
        citizen_share_pct=plan.citizen_share_pct,
    )


def citizen_target_kg(plan: ClimatePlan | None, typed_kg: int | None) -> tuple[int | None, bool]:
    """(the year's citizen target in kg, whether it is derived): the derived one when the plan
    says "derived" and can derive one, else the typed one."""
    if plan is not None and plan.citizen_target_mode == "derived":
        derived = derived_target_of(plan)
        if derived is not None:
            return derived, True
    return typed_kg, False


def _actions_by_theme(mapping: dict[str, int]) -> dict[int, list[EffectiveAction]]:
    result: dict[int, list[EffectiveAction]] = {}
    for action in active_actions():
        theme_id = mapping.get(area_of(None, action.category) or "")
        if theme_id is not None:
            result.setdefault(theme_id, []).append(action)
    return result


def plan_overview(year: int) -> PlanOverview:
    """The current municipality's plan and, per theme in the plan's order, the citizens' totals
    in `year` (estimates, from score rows), the actions that feed it, and every registered
    contributor's items (app/plan/contributions.py)."""
    plan = climate_plan()
    plan_themes = themes()
    mapping = area_themes()
    totals, participants = citizen_totals_by_theme(year)
    items = collect(ThemeQuery(themes=plan_themes, year=year, area_themes=mapping))
    actions = _actions_by_theme(mapping)
    views = [
        ThemeView(theme, totals.get(theme.id, CitizenTotal()), actions.get(theme.id, []), items[theme.id])
        for theme in plan_themes
    ]
    unassigned = totals.get(None, CitizenTotal())
    return PlanOverview(year, plan, views, unassigned, participants, derived_target_of(plan))
