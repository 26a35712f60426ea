"""The plan tables: Køge's plan loads from its data file, once, and stays in its municipality."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from app.db import db
from app.plan.areas import PLAN_AREAS, area_of
from app.plan.loader import PLAN_DATA, load_plan
from app.plan.models import PlanMeasure, PlanTheme
from app.plan.queries import area_themes, climate_plan, theme_by_slug, themes
from app.tenancy.context import in_municipality
from app.tenancy.services import create_municipality

KOEGE_PLAN = PLAN_DATA / "koege_plan.toml"


def test_koege_plan_loads_themes_in_order_with_sources(ctx: Flask) -> None:
    assert load_plan(KOEGE_PLAN) == 6
    plan = climate_plan()
    assert plan is not None
    assert (plan.baseline_year, plan.target_2030_pct, plan.neutral_year, plan.national_2030_pct) == (
        2017,
        46,
        2050,
        70,
    )
    assert plan.adopted_on is not None
    assert plan.adopted_on.isoformat() == "2020-12-15"
    slugs = [t.slug for t in themes()]
    assert slugs == ["varmeforsyning", "el", "landbrug", "mobilitet", "forbrug", "klimatilpasning"]
    assert all(t.source_url.startswith("http") for t in themes())
    mobility = theme_by_slug("mobilitet")
    assert mobility is not None
    mapping = area_themes()
    assert mapping["mobility"] == mobility.id
    assert mapping["food"] == mapping["consumption"]
    assert set(mapping) <= set(PLAN_AREAS)


def test_loading_again_adds_nothing(ctx: Flask) -> None:
    load_plan(KOEGE_PLAN)
    measures = db.session.scalar(select(func.count()).select_from(PlanMeasure))
    assert load_plan(KOEGE_PLAN) == 0
    assert db.session.scalar(select(func.count()).select_from(PlanTheme)) == 6
    assert db.session.scalar(select(func.count()).select_from(PlanMeasure)) == measures


def test_another_municipality_sees_no_plan_of_koege(ctx: Flask) -> None:
    load_plan(KOEGE_PLAN)
    solroed = create_municipality(slug="solroed", name="Solrød Kommune", inhabitants=23700)
    with in_municipality(solroed.id):
        assert climate_plan() is None
        assert themes() == []
        assert theme_by_slug("mobilitet") is None
        assert area_themes() == {}
        # The same slugs are free in another municipality.
        assert load_plan(KOEGE_PLAN) == 6
        assert len(themes()) == 6


def test_plan_area_falls_back_on_the_category() -> None:
    assert area_of("electricity", "home") == "electricity"
    assert area_of(None, "transport") == "mobility"
    assert area_of("nonsense", "waste") == "consumption"
    assert area_of(None, "community") is None
