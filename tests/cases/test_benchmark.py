"""The anonymised benchmark: this municipality against the median of the others, shown only
over at least 5 other municipalities with data, never naming or showing a single one."""

from __future__ import annotations

from statistics import median

import pytest
from flask import Flask
from sqlalchemy import select

from app.cases.rules import median_or_none
from app.clock import Period, local_date, period_key, utcnow
from app.db import db
from tests.cases.conftest import KOEGE, client_at, person_in

pytestmark = pytest.mark.usefixtures("frozen_day")

# (inhabitants, participants, points) of the other municipalities; all above the minimum of 10
OTHERS = [
    (10000, 100, 3000),
    (20000, 100, 1000),
    (30000, 600, 12000),
    (40000, 200, 8000),
    (50000, 1000, 20000),
    (25000, 50, 2500),
]


def _week_row(app: Flask, area_id: int, *, points: int, participants: int) -> None:
    from app.leaderboards.models import NeighbourhoodScore

    key = period_key(Period.WEEK, local_date(utcnow()))
    with app.app_context():
        db.session.add(
            NeighbourhoodScore(
                neighbourhood_id=area_id,
                period="week",
                period_key=key,
                points=points,
                co2e_g=0,
                logs=participants,
                participants=participants,
            )
        )
        db.session.commit()
        db.session.remove()


def _town(app: Flask, n: int, inhabitants: int, participants: int, points: int) -> None:
    from app.neighbourhoods.models import Neighbourhood
    from app.tenancy.context import in_municipality
    from app.tenancy.services import create_municipality

    with app.app_context():
        municipality = create_municipality(slug=f"by{n}", name=f"Byen{n} Kommune", inhabitants=inhabitants)
        with in_municipality(municipality.id):
            area = Neighbourhood(slug="midt", name=f"Midtbyen{n}", population=inhabitants)
            db.session.add(area)
            db.session.commit()
            area_id = area.id
        db.session.remove()
    _week_row(app, area_id, points=points, participants=participants)


def _koege(app: Flask) -> tuple[int, int]:
    """Køge far above everyone: were it counted, the medians would move."""
    from app.neighbourhoods.models import Neighbourhood
    from app.tenancy.models import Municipality

    with app.app_context():
        koege_id = db.session.scalar(select(Municipality.id).where(Municipality.slug == "koege"))
        area_id = db.session.scalar(select(Neighbourhood.id).where(Neighbourhood.slug == "borup"))
        assert koege_id is not None and area_id is not None  # noqa: PT018
        db.session.remove()
    _week_row(app, area_id, points=600000, participants=6000)
    return koege_id, area_id


def _admin_page(app: Flask, koege_id: int) -> str:
    with app.app_context():
        admin = person_in(koege_id, email="admin@koege.dk", role="admin")
        db.session.remove()
    page = client_at(app, KOEGE, admin).get("/admin/sammenligning")
    assert page.status_code == 200
    return page.text


def test_median_needs_five_values() -> None:
    assert median_or_none([1.0, 2.0, 3.0, 4.0]) is None
    assert median_or_none([5.0, 1.0, 3.0, 2.0, 4.0]) == 3.0
    assert median_or_none([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]) == 3.5


@pytest.mark.usefixtures("reference_data")
def test_six_others_give_their_median_without_this_municipality(app: Flask) -> None:
    from app.cases.benchmark import benchmark_for

    for n, (inhabitants, participants, points) in enumerate(OTHERS):
        _town(app, n, inhabitants, participants, points)
    _town(app, 99, 9000, 9, 9000)  # below the minimum of active participants: no data
    koege_id, _ = _koege(app)
    with app.app_context():
        week = benchmark_for("koege", Period.WEEK, local_date(utcnow()))
        db.session.remove()
    assert week.shown
    assert week.others == 6
    assert week.median_participation_rate == pytest.approx(median(p / i for i, p, _ in OTHERS))
    assert week.median_points_per_participant == pytest.approx(median(pts / p for _, p, pts in OTHERS))
    assert week.participation_rate == pytest.approx(6000 / 63335)
    assert week.points_per_participant == pytest.approx(100)

    page = _admin_page(app, koege_id)
    assert 'data-median="ppp">25,0<' in page  # 10, 20, 20, 30, 40, 50 points per participant
    assert "Sammenligningen vises" not in page.split('data-period="week"')[1].split("</tr>")[0]
    for n in (*range(len(OTHERS)), 99):
        assert f"Byen{n}" not in page
        assert f"Midtbyen{n}" not in page


@pytest.mark.usefixtures("reference_data")
def test_with_four_others_the_comparison_is_hidden(app: Flask) -> None:
    from app.cases.benchmark import benchmark_for

    for n, (inhabitants, participants, points) in enumerate(OTHERS[:4]):
        _town(app, n, inhabitants, participants, points)
    koege_id, _ = _koege(app)
    with app.app_context():
        week = benchmark_for("koege", Period.WEEK, local_date(utcnow()))
        db.session.remove()
    assert not week.shown
    assert week.median_participation_rate is None
    assert week.median_points_per_participant is None
    assert week.others == 0
    page = _admin_page(app, koege_id)
    assert "Sammenligningen vises, når mindst 5 andre kommuner er med." in page
    assert 'data-median="ppp">–<' in page
    assert 'data-own="ppp">100,0<' in page
    for n in range(4):
        assert f"Byen{n}" not in page
