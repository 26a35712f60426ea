"""The public vision page per plan theme: citizens' estimated CO2e from score rows, measures,
sparring offers, placeholders for what other features contribute; the derived target."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.clock import local_date, utcnow
from app.db import db
from app.plan.contributions import ThemeItem, ThemeQuery, register_contributor
from app.plan.models import ClimatePlan
from app.plan.queries import citizen_totals_by_theme, theme_by_slug
from tests.plan.conftest import log


def _section(html: str, slug: str) -> str:
    return html.split(f'data-theme="{slug}"')[1].split("</article>")[0]


@pytest.mark.usefixtures("koege_plan")
def test_each_theme_shows_citizens_measures_and_sparring(
    app: Flask, client: FlaskClient, make_user: Any
) -> None:
    citizen = make_user(neighbourhood="ejby")
    log(app, citizen, "cykel-frem-for-bil", "10", "plan-0001")  # 1.41 kg, transport → mobility
    log(app, citizen, "reparerede-elektronik", "1", "plan-0002")  # 45 kg, consumption → Forbrug
    html = client.get("/faelles-maal").get_data(as_text=True)
    mobility = _section(html, "mobilitet")
    assert "1 kg CO2e (estimate)" in mobility or "1 kg CO2e (skøn)" in mobility
    assert 'data-measure="MOB-2"' in mobility
    consumption = _section(html, "forbrug")
    assert "45 kg" in consumption
    heat = _section(html, "varmeforsyning")
    assert "SparEnergi for virksomheder" in heat  # the national offer whose plan area is heat
    for kind in ("solutions", "pledges", "partnerships"):
        assert f'data-kind="{kind}"' in heat  # placeholders the other features fill
    assert "567.000" in html
    assert "Skøn" in html  # the baseline is labelled an estimate
    assert "groenomstilling.koege.dk/DK2020-Klimaplan/Mobilitet.aspx" in html


@pytest.mark.usefixtures("koege_plan")
def test_totals_come_from_score_rows_and_count_a_person_once_per_theme(app: Flask, make_user: Any) -> None:
    citizen = make_user(neighbourhood="ejby")
    log(app, citizen, "vegetar-maaltid", "1", "plan-0003")  # food → Forbrug
    log(app, citizen, "koebte-brugt-toej", "1", "plan-0004")  # consumption → Forbrug
    log(app, citizen, "lokal-indsats", "1", "plan-0005")  # community → no theme
    with app.app_context():
        totals, people = citizen_totals_by_theme(local_date(utcnow()).year)
        forbrug = theme_by_slug("forbrug")
        assert forbrug is not None
        assert totals[forbrug.id].participants == 1
        assert totals[forbrug.id].logs == 2
        assert totals[None].logs == 1
        assert people == 1


@pytest.fixture
def extra_contributor() -> Iterator[None]:
    from app.plan import contributions

    def solutions(query: ThemeQuery) -> dict[int, list[ThemeItem]]:
        theme = next(t for t in query.themes if t.slug == "el")
        item = ThemeItem(title="Solceller på lagerhallen", co2e_kg=1200.0, source="test")
        return {theme.id: [item], 999_999: [item]}  # a theme id not in the query is dropped

    saved = dict(contributions._contributors)
    register_contributor("solutions", solutions)
    yield
    contributions._contributors.clear()
    contributions._contributors.update(saved)


@pytest.mark.usefixtures("koege_plan", "extra_contributor")
def test_a_registered_contributor_fills_its_placeholder(client: FlaskClient) -> None:
    html = client.get("/faelles-maal").get_data(as_text=True)
    el = _section(html, "el")
    solutions = el.split('data-kind="solutions"')[1].split("</div>")[0]
    assert "Solceller på lagerhallen" in solutions
    assert "1.200 kg CO2e" in solutions


@pytest.mark.usefixtures("koege_plan")
def test_derived_target_replaces_the_typed_one_with_its_formula(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        plan = db.session.query(ClimatePlan).one()
        plan.citizen_target_mode = "derived"
        plan.citizen_share_pct = Decimal("0.3")
        db.session.commit()
    html = client.get("/faelles-maal").get_data(as_text=True)
    assert "60.189" in html
    assert 'data-col="target-formula"' in html


def test_no_plan_no_section(client: FlaskClient, reference_data: None) -> None:
    html = client.get("/faelles-maal").get_data(as_text=True)
    assert "data-plan" not in html


@pytest.mark.usefixtures("koege_plan")
def test_solroed_sees_none_of_koeges_plan(app: Flask) -> None:
    from app.tenancy.services import create_municipality

    with app.app_context():
        create_municipality(slug="solroed", name="Solrød Kommune", inhabitants=23700)
        db.session.remove()
    html = app.test_client().get("/faelles-maal", base_url="http://solroed.localhost").get_data(as_text=True)
    assert "data-plan" not in html
    assert "Varmeforsyning" not in html


def test_solroeds_shell_shows_an_unknown_baseline(app: Flask, reference_data: None) -> None:
    from app.seed.municipality_data import MUNICIPALITIES_DIR, load_municipality

    with app.app_context():
        load_municipality(MUNICIPALITIES_DIR / "solroed")
        db.session.remove()
    client = app.test_client()
    html = client.get("/faelles-maal", base_url="http://solroed.localhost").get_data(as_text=True)
    assert 'data-col="plan-baseline">Ikke kendt' in html
    assert "referenceår ikke oplyst" in html
    assert 'data-theme="energi"' in html
    client.post("/sprog", data={"lang": "en"}, base_url="http://solroed.localhost")
    english = client.get("/faelles-maal", base_url="http://solroed.localhost").get_data(as_text=True)
    assert "Not known" in english
    assert "not stated on the pages we have read" in english


@pytest.mark.usefixtures("koege_plan")
def test_theme_totals_are_cached_like_the_boards(app: Flask, make_user: Any) -> None:
    citizen = make_user(neighbourhood="ejby")
    log(app, citizen, "cykel-frem-for-bil", "10", "plan-cache-1")
    app.config["LEADERBOARD_CACHE_SECONDS"] = 60
    year = local_date(utcnow()).year
    with app.app_context():
        mobility = theme_by_slug("mobilitet")
        assert mobility is not None
        assert citizen_totals_by_theme(year)[0][mobility.id].logs == 1
        db.session.remove()
    log(app, citizen, "cykel-frem-for-bil", "5", "plan-cache-2")
    with app.app_context():
        assert citizen_totals_by_theme(year)[0][mobility.id].logs == 1  # the cached value
        app.config["LEADERBOARD_CACHE_SECONDS"] = 0
        assert citizen_totals_by_theme(year)[0][mobility.id].logs == 2
