"""Ranking rules: the fair score on the board, ties, unranked boards, opt-in lists, own position."""

from __future__ import annotations

from datetime import UTC
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import User
from app.actions.models import Action
from app.actions.services import log_action
from app.clock import Period, local_date, utcnow
from app.db import db
from app.leaderboards.queries import my_position, neighbourhood_standings, top_citizens
from app.neighbourhoods.models import Neighbourhood
from tests.conftest import Person, login

# Their "today" is the app's Copenhagen day: keep it away from midnight and DST nights.
pytestmark = pytest.mark.usefixtures("frozen_day")


def _log(app: Flask, person: Person, km: str, key: str) -> None:
    with app.app_context():
        action = db.session.scalar(select(Action).where(Action.slug == "cykel-frem-for-bil"))
        log_action(
            user=db.session.get(User, person.id),
            action=action,
            quantity=Decimal(km),
            occurred_on=local_date(utcnow()),
            idempotency_key=key,
        )
        db.session.remove()


def _team(app: Flask, make_user: Any, area: str, kms: list[str], **kw: Any) -> list[Person]:
    people = []
    for i, km in enumerate(kms):
        person = make_user(neighbourhood=area, **kw)
        _log(app, person, km, f"{area}-{i}-key")
        people.append(person)
    return people


def test_ranked_by_fair_score_not_by_points_per_participant(app: Flask, make_user: Any) -> None:
    _team(app, make_user, "borup", ["10", "10", "10"])  # 60 points, 20 each, 4,833 inhabitants
    _team(app, make_user, "herfoelge", ["5", "5", "5", "5"])  # 40 points, 10 each, 12,253
    _team(app, make_user, "ejby", ["30", "30"])  # 120 points from 2 participants, 3,738
    with app.app_context():
        standings = neighbourhood_standings(Period.WEEK, local_date(utcnow()))
        assert [(s.neighbourhood.slug, s.rank) for s in standings[:3]] == [
            ("ejby", 1),  # most points per inhabitant: two participants are enough
            ("borup", 2),
            ("herfoelge", 3),  # some points, but far below what 12,253 inhabitants should give
        ]
        scores = [s.fair_score for s in standings]
        assert all(score is not None for score in scores)
        assert scores == sorted(scores, reverse=True)  # type: ignore[type-var]
        assert [s.rank for s in standings] == list(range(1, len(standings) + 1))
        borup = standings[1]
        assert borup.points == 60
        assert borup.participants == 3
        assert borup.points_per_participant == 20
        assert borup.participation_rate == 3 / borup.neighbourhood.population


def test_the_smaller_area_wins_with_the_same_total(app: Flask, make_user: Any) -> None:
    _team(app, make_user, "borup", ["5", "5", "5"])  # 4,833 inhabitants
    _team(app, make_user, "ejby", ["5", "5", "5"])  # 3,738: more per inhabitant
    with app.app_context():
        standings = neighbourhood_standings(Period.ALL, local_date(utcnow()))
        assert [(s.neighbourhood.slug, s.rank) for s in standings[:2]] == [("ejby", 1), ("borup", 2)]


def test_equal_areas_share_a_rank(app: Flask, make_user: Any) -> None:
    with app.app_context():
        areas = {a.slug: a for a in db.session.scalars(select(Neighbourhood))}
        areas["ejby"].population = areas["borup"].population
        db.session.commit()
    _team(app, make_user, "borup", ["5", "5", "5"])
    _team(app, make_user, "ejby", ["5", "5", "5"])
    with app.app_context():
        standings = neighbourhood_standings(Period.ALL, local_date(utcnow()))
        assert [(s.neighbourhood.slug, s.rank) for s in standings[:3]] == [
            ("borup", 1),  # equal score and total: by name
            ("ejby", 1),
            (standings[2].neighbourhood.slug, 3),
        ]


def test_one_participant_is_enough_and_nobody_means_unranked(app: Flask, make_user: Any) -> None:
    with app.app_context():
        before = neighbourhood_standings(Period.WEEK, local_date(utcnow()))
        assert {s.rank for s in before} == {None}
        assert {s.fair_score for s in before} == {None}
    _team(app, make_user, "ejby", ["5"])
    with app.app_context():
        standings = neighbourhood_standings(Period.WEEK, local_date(utcnow()))
        assert (standings[0].neighbourhood.slug, standings[0].rank) == ("ejby", 1)
        assert all(s.rank is not None and s.rank > 1 for s in standings[1:])


def test_top_list_shows_only_opted_in_citizens_but_ranks_everyone(app: Flask, make_user: Any) -> None:
    hidden = make_user(neighbourhood="borup", show_in_rankings=False, alias="Skjult Person")
    shown = make_user(neighbourhood="borup", show_in_rankings=True, alias="Synlig Person")
    _log(app, hidden, "20", "hidden-key-1")
    _log(app, shown, "10", "shown-key-01")
    with app.app_context():
        top = top_citizens(shown.neighbourhood_id, Period.WEEK, local_date(utcnow()))
        assert [(c.alias, c.rank) for c in top] == [("Synlig Person", 2)]
        mine = my_position(db.session.get(User, hidden.id), Period.WEEK, local_date(utcnow()))
        assert (mine.rank, mine.of, mine.points) == (1, 2, 40)


def test_suspended_citizens_are_hidden_from_top_lists(app: Flask, make_user: Any) -> None:
    person = make_user(neighbourhood="borup", alias="Snyder Sam")
    _log(app, person, "10", "susp-key-01")
    with app.app_context():
        db.session.get(User, person.id).is_suspended = True
        db.session.commit()
        assert top_citizens(person.neighbourhood_id, Period.WEEK, local_date(utcnow())) == []


def test_public_leaderboard_page_writes_the_rule_and_marks_my_area(
    app: Flask, client: FlaskClient, make_user: Any
) -> None:
    people = _team(app, make_user, "borup", ["10", "10", "10"])
    login(client, people[0])
    html = client.get("/resultater").text
    # The two plain sentences and the formula, in Danish, beside the old columns.
    assert "Hvert område sammenlignes med det, et område af samme størrelse ville få" in html
    assert "Derfor har et lille og et stort område samme chance for at vinde" in html
    assert "Score = (områdets point − forventede point) ÷ det forventede udsving" in html
    assert "Point pr. deltager = områdets samlede point i perioden ÷ antal aktive deltagere." in html
    assert "aktive deltagere for at blive placeret" not in html  # no minimum any more
    row = html.split('data-area="borup"', 1)[1].split("</tr>", 1)[0]
    assert 'data-col="score"' in row
    assert ">+" in row.split('data-col="score"', 1)[1][:40]  # the only area with points: above 0
    assert 'class="is-mine' in html
    client.post("/sprog", data={"lang": "en", "next": "/resultater"})
    english = client.get("/resultater").text
    assert "Each area is compared with what an area of its size would get" in english
    assert "Score = (the area's points − expected points) ÷ the expected variation" in english
    assert "Borup" in html
    assert client.get("/resultater?periode=maaned").status_code == 200
    assert client.get("/resultater?periode=altid").status_code == 200
    assert client.get("/resultater?periode=aarhundrede").status_code == 404


def test_period_tabs_get_a_partial_for_htmx_and_a_full_page_otherwise(
    client: FlaskClient, reference_data: None
) -> None:
    partial = client.get("/resultater?periode=maaned", headers={"HX-Request": "true"})
    full = client.get("/resultater?periode=maaned")
    assert "<html" not in partial.text
    assert 'id="board"' in partial.text
    assert "<html" in full.text
    boosted = client.get("/resultater", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in boosted.text
    restore = client.get("/resultater", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.text


def test_area_page_shows_my_position_even_outside_the_top(
    app: Flask, client: FlaskClient, make_user: Any
) -> None:
    others = _team(app, make_user, "borup", [str(k) for k in range(12, 24)])
    me = make_user(neighbourhood="borup", show_in_rankings=False)
    _log(app, me, "1", "me-key-0001")
    login(client, me)
    html = client.get("/resultater/borup").text
    assert f"nr. {len(others) + 1} af {len(others) + 1}" in html
    assert client.get("/resultater/atlantis").status_code == 404


def test_leaderboards_read_score_rows_not_the_ledger(app: Flask, client: FlaskClient, make_user: Any) -> None:
    _team(app, make_user, "borup", ["10", "10", "10"])
    statements: list[str] = []
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        client.get("/resultater")
        client.get("/resultater/borup")
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert statements
    assert not [s for s in statements if "action_logs" in s]


def test_now_is_aware() -> None:
    assert utcnow().tzinfo is UTC


def test_a_citizens_totals_for_several_periods_come_from_their_own_rows_in_one_read(
    app: Flask, make_user: Any
) -> None:
    from datetime import timedelta

    from app.leaderboards.queries import user_totals, user_totals_by_period

    me, other = make_user(), make_user()
    _log(app, me, "10", "key-of-mine")
    _log(app, other, "3", "key-of-theirs")
    with app.app_context():
        today = local_date(utcnow())
        both = user_totals_by_period(me.id, (Period.WEEK, Period.ALL, Period.MONTH), today)
        assert both == {
            period: user_totals(me.id, period, today) for period in (Period.WEEK, Period.ALL, Period.MONTH)
        }
        assert both[Period.WEEK][0] > 0
        assert both[Period.WEEK] != user_totals(other.id, Period.WEEK, today)
        later = user_totals_by_period(me.id, (Period.WEEK, Period.ALL), today + timedelta(days=14))
        assert later == {Period.WEEK: (0, 0), Period.ALL: both[Period.ALL]}  # no row that week
