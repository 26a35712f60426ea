"""The few-seconds board cache: shared by requests, behind by at most its lifetime, never attached."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import inspect

from app.clock import Period, local_date, utcnow
from app.db import db
from app.leaderboards import queries
from app.leaderboards.queries import neighbourhood_standings
from tests.leaderboards.test_leaderboards import _team


def _board(app: Flask) -> list[Any]:
    with app.app_context():
        board = neighbourhood_standings(Period.WEEK, local_date(utcnow()), min_participants=3)
        db.session.remove()
    return board


def _borup_points(board: list[Any]) -> int:
    return next(s.points for s in board if s.neighbourhood.slug == "borup")


def test_a_board_is_shared_until_it_expires(app: Flask, make_user: Any,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    app.config["LEADERBOARD_CACHE_SECONDS"] = 5
    clock = {"now": 1000.0}
    monkeypatch.setattr(queries.time, "monotonic", lambda: clock["now"])
    _team(app, make_user, "borup", ["10", "10", "10"])
    assert _borup_points(_board(app)) == 60

    _team(app, make_user, "borup", ["5"])
    clock["now"] += 4.9
    assert _borup_points(_board(app)) == 60  # within the lifetime: the shared board
    clock["now"] += 0.2
    assert _borup_points(_board(app)) == 70  # expired: computed again from the score rows


def test_switched_off_reads_every_time(app: Flask, make_user: Any) -> None:
    app.config["LEADERBOARD_CACHE_SECONDS"] = 0
    _team(app, make_user, "borup", ["10", "10", "10"])
    assert _borup_points(_board(app)) == 60
    _team(app, make_user, "borup", ["5"])
    assert _borup_points(_board(app)) == 70


def test_cached_areas_belong_to_no_session(app: Flask, make_user: Any) -> None:
    """Another request's thread reads them after this request's session closed or committed."""
    app.config["LEADERBOARD_CACHE_SECONDS"] = 60
    _team(app, make_user, "borup", ["10", "10", "10"])
    first = _board(app)
    area = first[0].neighbourhood
    assert inspect(area).detached
    assert (area.slug, area.name) == ("borup", "Borup")
    assert first[0].participation_rate == 3 / area.population

    first.reverse()  # a caller reordering its list does not reorder the shared board
    assert _board(app)[0].neighbourhood.slug == "borup"


def test_each_app_keeps_its_own_boards(app: Flask, make_user: Any) -> None:
    app.config["LEADERBOARD_CACHE_SECONDS"] = 60
    _team(app, make_user, "borup", ["10", "10", "10"])
    _board(app)
    assert len(app.extensions["klimadyst_boards"]) == 1


def test_the_page_shares_its_table_per_area_and_language(
        app: Flask, make_user: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rendered table is public: one copy per area highlight and language, never a person's."""
    from flask.testing import FlaskClient

    from tests.conftest import login

    app.config["LEADERBOARD_CACHE_SECONDS"] = 5
    clock = {"now": 1000.0}
    monkeypatch.setattr(queries.time, "monotonic", lambda: clock["now"])
    monkeypatch.setattr("app.leaderboards.routes.time.monotonic", lambda: clock["now"])
    borup = _team(app, make_user, "borup", ["10", "10", "10"])
    ejby = _team(app, make_user, "ejby", ["5", "5", "5"])
    anonymous, from_borup, from_ejby = (FlaskClient(app), FlaskClient(app), FlaskClient(app))
    login(from_borup, borup[0])
    login(from_ejby, ejby[0])

    def mine(client: FlaskClient, **headers: str) -> str:
        html = client.get("/resultater", headers=headers).text
        return html.split('class="is-mine', 1)[1].split("data-area=\"", 1)[1].split('"', 1)[0] \
            if 'class="is-mine' in html else ""

    assert mine(anonymous) == ""
    assert mine(from_borup) == "borup"
    assert mine(from_ejby) == "ejby"
    assert 'id="board"' in from_borup.get("/resultater", headers={"HX-Request": "true"}).text

    def borup_points() -> str:
        row = anonymous.get("/resultater").text.split('data-area="borup"', 1)[1]
        return row.split('data-col="points"', 1)[1].split(">", 1)[1].split("<", 1)[0]

    assert borup_points() == "60"
    _team(app, make_user, "borup", ["50"])  # 100 more points
    clock["now"] += 4
    assert borup_points() == "60"
    clock["now"] += 2
    assert borup_points() == "160"
    english = FlaskClient(app)
    english.post("/sprog", data={"lang": "en"})
    assert "Points per participant" in english.get("/resultater").text
    assert "Points per participant" not in anonymous.get("/resultater").text
