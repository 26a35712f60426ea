"""The few-seconds board cache (Flask-Caching): shared by requests and threads, per app or through
one Redis, behind by at most its lifetime, never attached."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import time_machine
from cachelib import RedisCache, SimpleCache
from flask import Flask
from sqlalchemy import inspect

from app import create_app
from app.cache import cache
from app.clock import Period, local_date, utcnow
from app.db import db
from app.leaderboards.queries import neighbourhood_standings
from tests.conftest import IN_CI
from tests.leaderboards.test_leaderboards import _team
from tests.support.redis import RedisUnavailable, TemporaryRedis


def _board(app: Flask) -> list[Any]:
    with app.app_context():
        board = neighbourhood_standings(Period.WEEK, local_date(utcnow()))
        db.session.remove()
    return board


def _borup_points(board: list[Any]) -> int:
    return next(s.points for s in board if s.neighbourhood.slug == "borup")


@pytest.fixture
def frozen_clock() -> Iterator[time_machine.Traveller]:
    """Wall-clock time (what the cache's expiry reads) standing still on a whole second."""
    with time_machine.travel(float(int(time.time())), tick=False) as traveller:
        yield traveller


def test_a_board_is_shared_until_it_expires(
    app: Flask, make_user: Any, frozen_clock: time_machine.Traveller
) -> None:
    app.config["LEADERBOARD_CACHE_SECONDS"] = 5
    _team(app, make_user, "borup", ["10", "10", "10"])
    assert _borup_points(_board(app)) == 60

    _team(app, make_user, "borup", ["5"])
    frozen_clock.shift(4.9)
    assert _borup_points(_board(app)) == 60  # within the lifetime: the shared board
    frozen_clock.shift(0.2)
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


def _instance(app: Flask, **config: Any) -> Flask:
    """Another app (as another worker or instance would be) on the test's database."""
    return create_app(
        "testing",
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "LEADERBOARD_CACHE_SECONDS": 60,
            **config,
        },
    )


def _close(*instances: Flask) -> None:
    for instance in instances:
        with instance.app_context():
            db.engine.dispose()


def test_each_app_keeps_its_own_boards(app: Flask, make_user: Any) -> None:
    """Without a Redis URL the cache is per app (per process), so tests never see another's."""
    app.config["LEADERBOARD_CACHE_SECONDS"] = 60
    other = _instance(app)
    try:
        assert isinstance(app.extensions["cache"][cache], SimpleCache)
        _team(app, make_user, "borup", ["10", "10", "10"])
        assert _borup_points(_board(app)) == 60
        _team(app, make_user, "borup", ["5"])
        assert _borup_points(_board(other)) == 70
        assert _borup_points(_board(app)) == 60
    finally:
        _close(other)


def test_threads_share_one_board(app: Flask, make_user: Any) -> None:
    """gunicorn's gthread workers read the board from several threads at once."""
    app.config["LEADERBOARD_CACHE_SECONDS"] = 60
    _team(app, make_user, "borup", ["10", "10", "10"])
    threads = 8
    start = threading.Barrier(threads)

    def read(_: int) -> list[tuple[int, int]]:
        start.wait(timeout=30)
        client = app.test_client()
        seen = []
        for _read in range(5):
            seen.append((_borup_points(_board(app)), client.get("/resultater").status_code))
        return seen

    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = [pair for seen in pool.map(read, range(threads)) for pair in seen]
    assert set(results) == {(60, 200)}


@pytest.fixture(scope="module")
def redis_server() -> Iterator[TemporaryRedis]:
    try:
        with TemporaryRedis() as server:
            yield server
    except RedisUnavailable as exc:
        if IN_CI:
            raise
        pytest.skip(f"Redis unavailable: {exc}")


def test_instances_share_a_redis_cache(
    app: Flask, make_user: Any, redis_server: TemporaryRedis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KLIMADYST_CACHE_REDIS_URL", redis_server.url)
    one, two = _instance(app), _instance(app)
    try:
        assert isinstance(one.extensions["cache"][cache], RedisCache)
        with one.app_context():
            cache.clear()  # nothing left by an earlier test
        _team(app, make_user, "borup", ["10", "10", "10"])
        assert _borup_points(_board(one)) == 60
        _team(app, make_user, "borup", ["5"])
        assert _borup_points(_board(two)) == 60  # two never computed it: one's board, from Redis
        with two.app_context():
            cache.clear()
        assert _borup_points(_board(one)) == 70
    finally:
        _close(one, two)


def test_an_unreachable_redis_costs_a_computation_not_the_page(
    app: Flask, make_user: Any, caplog: pytest.LogCaptureFixture
) -> None:
    down = _instance(app, CACHE_REDIS_URL="redis://127.0.0.1:1/0")
    try:
        _team(app, make_user, "borup", ["10", "10", "10"])
        with caplog.at_level(logging.WARNING):
            assert _borup_points(_board(down)) == 60
            assert down.test_client().get("/resultater").status_code == 200
        assert "Cache unreachable, computing leaderboards:" in caplog.text
    finally:
        _close(down)


def test_the_page_shares_its_table_per_area_and_language(
    app: Flask, make_user: Any, frozen_clock: time_machine.Traveller
) -> None:
    """The rendered table is public: one copy per area highlight and language, never a person's."""
    from flask.testing import FlaskClient

    from tests.conftest import login

    app.config["LEADERBOARD_CACHE_SECONDS"] = 5
    borup = _team(app, make_user, "borup", ["10", "10", "10"])
    ejby = _team(app, make_user, "ejby", ["5", "5", "5"])
    anonymous, from_borup, from_ejby = (FlaskClient(app), FlaskClient(app), FlaskClient(app))
    login(from_borup, borup[0])
    login(from_ejby, ejby[0])

    def mine(client: FlaskClient, **headers: str) -> str:
        html = client.get("/resultater", headers=headers).text
        return (
            html.split('class="is-mine', 1)[1].split('data-area="', 1)[1].split('"', 1)[0]
            if 'class="is-mine' in html
            else ""
        )

    assert mine(anonymous) == ""
    assert mine(from_borup) == "borup"
    assert mine(from_ejby) == "ejby"
    assert 'id="board"' in from_borup.get("/resultater", headers={"HX-Request": "true"}).text

    def borup_points() -> str:
        row = anonymous.get("/resultater").text.split('data-area="borup"', 1)[1]
        return row.split('data-col="points"', 1)[1].split(">", 1)[1].split("<", 1)[0]

    assert borup_points() == "60"
    _team(app, make_user, "borup", ["50"])  # 100 more points
    frozen_clock.shift(4)
    assert borup_points() == "60"
    frozen_clock.shift(2)
    assert borup_points() == "160"
    english = FlaskClient(app)
    english.post("/sprog", data={"lang": "en"})
    assert "Points per participant" in english.get("/resultater").text
    assert "Points per participant" not in anonymous.get("/resultater").text


def test_instances_share_the_whole_anonymous_board_page_through_redis(
    app: Flask, make_user: Any, redis_server: TemporaryRedis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """app/web/response_cache.py: one instance renders the public page, the other serves that copy."""
    monkeypatch.setenv("KLIMADYST_CACHE_REDIS_URL", redis_server.url)
    one, two = (
        _instance(app, PUBLIC_RESPONSE_CACHE_SECONDS=10),
        _instance(app, PUBLIC_RESPONSE_CACHE_SECONDS=10),
    )
    try:
        with one.app_context():
            cache.clear()
        _team(app, make_user, "borup", ["10", "10", "10"])
        first = one.test_client().get("/resultater")
        _team(app, make_user, "borup", ["5"])  # a new log, within the page's 10 s freshness
        second = two.test_client().get("/resultater")
        assert second.status_code == 200
        assert "Age" in second.headers  # two never rendered it: one's copy, from Redis
        assert second.get_data() == first.get_data()
        with two.app_context():
            cache.clear()
        assert "Age" not in two.test_client().get("/resultater").headers
    finally:
        _close(one, two)
