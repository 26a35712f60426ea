"""The platform's comparison of municipalities: its sums, its fair ranking, its page and its API."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.clock import Period, local_date, period_key, utcnow
from app.db import db
from app.leaderboards.models import NeighbourhoodScore
from app.neighbourhoods.models import Neighbourhood
from app.seed.municipality_data import MUNICIPALITIES_DIR, load_municipality
from app.tenancy.context import platform_scope
from app.tenancy.models import Municipality

pytestmark = pytest.mark.usefixtures("frozen_day")

BARE = "http://localhost"
KOEGE = "http://koege.localhost"
SOLROED = "http://solroed.localhost"
API = "/api/v1/platform/municipalities"


@pytest.fixture
def towns(app: Flask, reference_data: None) -> None:
    """Køge with its ten areas (the reference data) and Solrød from its data folder."""
    with app.app_context():
        load_municipality(MUNICIPALITIES_DIR / "solroed")
        db.session.remove()


def _week() -> tuple[date, str]:
    today = local_date(utcnow())
    return today, period_key(Period.WEEK, today)


def _score(
    app: Flask, municipality: str, area: str, *, points: int, participants: int, co2e_g: int = 0
) -> None:
    """A week's area score row, as the log service leaves it."""
    _today, key = _week()
    with app.app_context(), platform_scope():
        area_id = db.session.scalar(
            select(Neighbourhood.id)
            .join(Municipality, Municipality.id == Neighbourhood.municipality_id)
            .where(Municipality.slug == municipality, Neighbourhood.slug == area)
        )
        db.session.add(
            NeighbourhoodScore(
                neighbourhood_id=area_id,
                period="week",
                period_key=key,
                points=points,
                co2e_g=co2e_g,
                logs=participants,
                participants=participants,
            )
        )
        db.session.commit()
        db.session.remove()


def _comparison(app: Flask) -> list[Any]:
    from app.platform.queries import municipality_comparison

    with app.app_context():
        return municipality_comparison(Period.WEEK, _week()[0])


@pytest.mark.usefixtures("towns")
def test_each_municipality_is_the_sum_of_its_own_areas(app: Flask) -> None:
    _score(app, "koege", "borup", points=100, participants=10, co2e_g=4000)
    _score(app, "koege", "ejby", points=50, participants=5, co2e_g=1000)
    _score(app, "solroed", "havdrup", points=300, participants=12, co2e_g=9000)
    by_slug = {m.slug: m for m in _comparison(app)}
    koege, solroed = by_slug["koege"], by_slug["solroed"]
    assert (koege.points, koege.participants, koege.co2e_g, koege.inhabitants) == (150, 15, 5000, 63335)
    assert (solroed.points, solroed.participants, solroed.co2e_g, solroed.inhabitants) == (
        300,
        12,
        9000,
        24579,
    )
    assert solroed.points_per_participant == 25.0
    assert solroed.participation_rate == pytest.approx(12 / 24579)
    assert solroed.co2e_g_per_inhabitant == pytest.approx(9000 / 24579)


@pytest.mark.usefixtures("towns")
def test_the_municipality_doing_more_per_inhabitant_ranks_first(app: Flask) -> None:
    # the same points from the same number of people: Solrød has far fewer inhabitants
    _score(app, "koege", "borup", points=3000, participants=50)
    _score(app, "solroed", "havdrup", points=3000, participants=50)
    ranked = _comparison(app)
    assert [(m.slug, m.rank) for m in ranked] == [("solroed", 1), ("koege", 2)]
    assert ranked[0].score is not None and ranked[1].score is not None  # noqa: PT018
    assert ranked[0].score > 0 > ranked[1].score


@pytest.mark.usefixtures("towns")
def test_below_the_minimum_a_municipality_is_listed_but_not_ranked(app: Flask) -> None:
    app.config["PLATFORM_COMPARISON_MIN_PARTICIPANTS"] = 10
    _score(app, "koege", "borup", points=100, participants=10)
    _score(app, "solroed", "havdrup", points=900, participants=9)
    ranked = _comparison(app)
    assert [(m.slug, m.rank) for m in ranked] == [("koege", 1), ("solroed", None)]
    assert ranked[1].score is None


@pytest.mark.usefixtures("towns")
def test_a_log_in_one_municipality_counts_for_it_alone(app: Flask, make_user: Any) -> None:
    from app.accounts.models import User
    from app.actions.models import Action
    from app.actions.services import log_action
    from app.tenancy.context import in_municipality
    from app.tenancy.services import municipality_by_slug

    with app.app_context():
        solroed = municipality_by_slug("solroed")
        assert solroed is not None
        with in_municipality(solroed):
            from app.accounts.services import register_user

            area = db.session.scalar(select(Neighbourhood.id).where(Neighbourhood.slug == "havdrup"))
            user = register_user(
                email="s@example.dk", password="Groen-hverdag-2030", alias="Solrødder", neighbourhood_id=area
            )
            bike = db.session.scalar(select(Action).where(Action.slug == "cykel-frem-for-bil"))
            log_action(
                user=db.session.get(User, user.id),
                action=bike,
                quantity=Decimal(10),
                occurred_on=local_date(utcnow()),
                idempotency_key="platform-log-0001",
            )
        db.session.remove()
    by_slug = {m.slug: m for m in _comparison(app)}
    assert (by_slug["solroed"].points, by_slug["solroed"].participants) == (20, 1)
    assert (by_slug["koege"].points, by_slug["koege"].participants) == (0, 0)


@pytest.mark.usefixtures("towns")
def test_the_bare_address_is_the_platform_page_and_every_link_on_it_works(app: Flask) -> None:
    app.config["DEFAULT_MUNICIPALITY"] = None
    _score(app, "koege", "borup", points=100, participants=10)
    _score(app, "solroed", "havdrup", points=300, participants=12)
    client = app.test_client()
    page = client.get("/", base_url=BARE)
    assert page.status_code == 200
    assert "Set-Cookie" not in page.headers
    assert page.cache_control.public
    html = page.text
    assert "Sådan klarer kommunerne sig" in html
    assert "Hver kommune måles mod det, en kommune af dens størrelse ville få" in html  # the rule, in Danish
    assert f'href="{SOLROED}/"' in html and f'href="{KOEGE}/"' in html  # noqa: PT018
    assert 'class="main-nav' not in html  # no municipality's menu where there is no municipality
    links = sorted(set(re.findall(r'href="(/[^"#]*)"', html)))
    assert links  # the period tabs, the icons and the style sheet
    broken = {}
    for link in links:
        answer = client.get(link, base_url=BARE)
        answer.close()  # files are streamed: close them
        if answer.status_code != 200:
            broken[link] = answer.status_code
    assert broken == {}
    rows = re.findall(r'data-municipality="([a-z-]+)"', html)
    assert rows == ["solroed", "koege"]


@pytest.mark.usefixtures("towns")
def test_each_municipality_links_to_the_comparison_and_shows_it_in_its_own_frame(app: Flask) -> None:
    home = app.test_client().get("/", base_url=KOEGE)
    assert 'href="/kommuner"' in home.text
    page = app.test_client().get("/kommuner?periode=altid", base_url=SOLROED)
    assert page.status_code == 200
    assert 'class="main-nav' in page.text  # Solrød's own menu around it
    assert 'data-municipality="koege"' in page.text


@pytest.mark.usefixtures("towns")
def test_the_api_gives_the_same_comparison_on_every_address(app: Flask) -> None:
    app.config["DEFAULT_MUNICIPALITY"] = None
    _score(app, "koege", "borup", points=100, participants=10, co2e_g=2500)
    _score(app, "solroed", "havdrup", points=300, participants=12)
    bodies = [app.test_client().get(API, base_url=base) for base in (BARE, KOEGE, SOLROED)]
    assert [b.status_code for b in bodies] == [200, 200, 200]
    items = bodies[0].get_json()["items"]
    assert all(b.get_json()["items"] == items for b in bodies)
    assert [(i["slug"], i["rank"], i["address"]) for i in items] == [
        ("solroed", 1, f"{SOLROED}/"),
        ("koege", 2, f"{KOEGE}/"),
    ]
    assert items[1]["co2e_kg"] == 2.5
    assert bodies[0].get_json()["min_participants"] == 10
    again = app.test_client().get(API, base_url=BARE, headers={"If-None-Match": bodies[0].headers["ETag"]})
    assert again.status_code == 304
    wrong = app.test_client().get(API + "?period=decade", base_url=BARE)
    assert wrong.status_code == 422
    assert wrong.mimetype == "application/problem+json"
