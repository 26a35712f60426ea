"""Whole anonymous answers of public views are rendered once per key; nobody's own page is kept."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from flask import Flask, template_rendered
from flask.testing import FlaskClient

from tests.conftest import FROZEN_NOW, Person, login

pytestmark = pytest.mark.usefixtures("frozen_day", "reference_data")

BOARD = "/resultater"
BOARD_API = "/api/v1/leaderboards/neighbourhoods"


@pytest.fixture(autouse=True)
def response_cache(app: Flask) -> Iterator[None]:
    from app.cache import cache

    app.config["PUBLIC_RESPONSE_CACHE_SECONDS"] = 10
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def renders(app: Flask) -> Iterator[list[str]]:
    names: list[str] = []

    def record(_sender: Flask, template: Any, **_extra: Any) -> None:
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


def fresh(app: Flask) -> FlaskClient:
    """A new visitor: its own cookie jar."""
    return app.test_client()


def test_an_anonymous_public_page_is_rendered_once_and_then_served_with_its_age(
    app: Flask, renders: list[str]
) -> None:
    first = fresh(app).get(BOARD)
    rendered = len(renders)
    second = fresh(app).get(BOARD)

    assert first.status_code == second.status_code == 200
    assert rendered > 0
    assert len(renders) == rendered  # the second answer ran no view and no template
    assert second.get_data() == first.get_data()
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.cache_control.public
    assert second.cache_control.max_age == 10
    assert "Age" in second.headers
    assert "Set-Cookie" not in second.headers
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]


def test_a_kept_answer_still_answers_if_none_match_with_304(app: Flask) -> None:
    etag = fresh(app).get(BOARD).headers["ETag"]
    again = fresh(app).get(BOARD, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""


def test_language_query_string_and_htmx_headers_each_get_their_own_copy(
    app: Flask, renders: list[str]
) -> None:
    danish = fresh(app).get(BOARD)
    english_client = fresh(app)
    english_client.set_cookie(app.config["LANGUAGE_COOKIE_NAME"], "en")
    english = english_client.get(BOARD)
    month = fresh(app).get(BOARD + "?periode=maaned")
    partial = fresh(app).get(BOARD, headers={"HX-Request": "true"})

    assert 'lang="da"' in danish.get_data(as_text=True)
    assert 'lang="en"' in english.get_data(as_text=True)
    bodies = {r.get_data() for r in (danish, english, month, partial)}
    assert len(bodies) == 4
    assert "<html" not in partial.get_data(as_text=True)


def test_a_signed_in_citizen_is_never_served_nor_stored(
    app: Flask, citizen: Person, renders: list[str]
) -> None:
    anonymous = fresh(app).get(BOARD)
    client = fresh(app)
    login(client, citizen)
    before = len(renders)
    own = client.get(BOARD)

    assert len(renders) > before  # rendered for this person, not taken from the anonymous copy
    assert own.headers["Cache-Control"] == "private, no-store"
    assert own.get_data() != anonymous.get_data()
    after = fresh(app).get(BOARD)
    assert after.get_data() == anonymous.get_data()  # the personal page did not replace the copy
    assert citizen.email not in after.get_data(as_text=True)


def test_a_visitor_with_a_message_waiting_renders_the_page(app: Flask, renders: list[str]) -> None:
    fresh(app).get(BOARD)
    client = fresh(app)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Velkommen")]
    before = len(renders)
    answer = client.get(BOARD)
    assert len(renders) > before
    assert not answer.cache_control.public


def test_an_answer_is_kept_no_longer_than_the_view_max_age_nor_the_setting(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.cache import cache

    timeouts: dict[str, int] = {}
    real_set = cache.set

    def record(key: str, value: Any, timeout: int | None = None) -> bool:
        if key.startswith("response:"):
            timeouts[key.split(":")[-2]] = int(timeout or 0)
        return bool(real_set(key, value, timeout=timeout))

    monkeypatch.setattr(cache, "set", record)
    app.config["PUBLIC_RESPONSE_CACHE_SECONDS"] = 30
    fresh(app).get(BOARD)  # max-age 10
    fresh(app).get("/om")  # max-age 3600
    assert timeouts == {BOARD: 10, "/om": 30}


def test_switched_off_every_request_renders(app: Flask, renders: list[str]) -> None:
    app.config["PUBLIC_RESPONSE_CACHE_SECONDS"] = 0
    fresh(app).get(BOARD)
    before = len(renders)
    fresh(app).get(BOARD)
    assert len(renders) > before


def test_a_new_log_shows_once_the_kept_board_expires(app: Flask, citizen: Person) -> None:
    from tests.leaderboards.test_leaderboards import _log

    app.config["PUBLIC_RESPONSE_CACHE_SECONDS"] = 5
    with time_machine.travel(FROZEN_NOW, tick=False) as clock:
        before = fresh(app).get(BOARD_API).get_json()
        _log(app, citizen, "10", "after-the-copy")
        assert fresh(app).get(BOARD_API).get_json() == before  # kept for its freshness (5 s)
        clock.shift(6)
        after = fresh(app).get(BOARD_API).get_json()
    assert after != before
    assert sum(area["points"] for area in after["items"]) > sum(area["points"] for area in before["items"])


def test_a_public_api_read_is_kept_but_never_for_a_token(app: Flask, citizen: Person) -> None:
    first = fresh(app).get(BOARD_API)
    again = fresh(app).get(BOARD_API)
    assert again.headers.get("Age") is not None
    assert again.get_json() == first.get_json()

    token = fresh(app).post("/api/v1/tokens", json={"email": citizen.email, "password": citizen.password})
    bearer = {"Authorization": f"Bearer {token.get_json()['token']}"}
    own = fresh(app).get(BOARD_API, headers=bearer)
    assert "Age" not in own.headers
    assert not own.cache_control.public


def test_a_kept_api_answer_is_served_before_the_limiter_is_asked(
    app: Flask, citizen: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flask import request

    from app.extensions import limiter

    checked: list[str] = []
    check = limiter._check_request_limit

    def counted(*args: Any, **kwargs: Any) -> None:
        checked.append(request.path)
        check(*args, **kwargs)

    monkeypatch.setattr(limiter, "_check_request_limit", counted)
    fresh(app).get(BOARD_API)  # rendered: the blueprint's hooks, the limiter's among them, run
    assert checked == [BOARD_API]
    kept = fresh(app).get(BOARD_API)
    assert kept.headers.get("Age") is not None
    assert checked == [BOARD_API]  # the kept answer asked the limiter nothing
    fresh(app).get(BOARD)
    assert checked == [BOARD_API]  # nor does a page

    token = fresh(app).post("/api/v1/tokens", json={"email": citizen.email, "password": citizen.password})
    bearer = {"Authorization": f"Bearer {token.get_json()['token']}"}
    fresh(app).get(BOARD_API, headers=bearer)
    assert checked.count(BOARD_API) == 2  # with a token the read is checked (and counted)


@pytest.fixture
def requests_in_flask(app: Flask) -> Iterator[list[str]]:
    """Paths of the requests that reached Flask (a request context, its hooks and extensions)."""
    from flask import request, request_started

    paths: list[str] = []

    def record(_sender: Flask, **_extra: Any) -> None:
        paths.append(request.path)

    request_started.connect(record, app)
    yield paths
    request_started.disconnect(record, app)


def test_a_kept_answer_is_served_before_flask_runs_anything(app: Flask, requests_in_flask: list[str]) -> None:
    fresh(app).get(BOARD)
    fresh(app).get(BOARD_API)
    assert requests_in_flask == [BOARD, BOARD_API]
    page, api = fresh(app).get(BOARD), fresh(app).get(BOARD_API)
    assert "Age" in page.headers
    assert "Age" in api.headers
    assert requests_in_flask == [BOARD, BOARD_API]  # neither reached a hook, the host check or a view


def test_a_head_request_gets_the_kept_headers_and_no_body(app: Flask) -> None:
    first = fresh(app).get(BOARD)
    head = fresh(app).head(BOARD)
    assert head.status_code == 200
    assert head.get_data() == b""
    assert head.headers["ETag"] == first.headers["ETag"]
    assert head.headers["Content-Length"] == str(len(first.get_data()))


def test_a_remembered_citizen_without_a_session_cookie_gets_their_own_page(
    app: Flask, citizen: Person, requests_in_flask: list[str]
) -> None:
    anonymous = fresh(app).get(BOARD)
    client = fresh(app)
    form = {"email": citizen.email, "password": citizen.password, "remember": "y"}
    answer = client.post("/log-ind", data=form)
    assert answer.status_code == 303
    client.delete_cookie(app.config["SESSION_COOKIE_NAME"])  # browser closed: only remember-me is left
    before = len(requests_in_flask)
    own = client.get(BOARD)

    assert len(requests_in_flask) == before + 1  # rendered, not the anonymous copy
    assert own.headers["Cache-Control"] == "private, no-store"
    assert own.get_data() != anonymous.get_data()


@pytest.mark.parametrize("cookie", ["session", "remember_token", "someone_elses"])
def test_any_cookie_but_the_language_passes_the_copy_by(
    app: Flask, cookie: str, requests_in_flask: list[str]
) -> None:
    fresh(app).get(BOARD)
    client = fresh(app)
    client.set_cookie(cookie, "x")
    client.set_cookie(app.config["LANGUAGE_COOKIE_NAME"], "da")
    client.get(BOARD)
    assert requests_in_flask == [BOARD, BOARD]

    plain = fresh(app)
    plain.set_cookie(app.config["LANGUAGE_COOKIE_NAME"], "da")
    assert "Age" in plain.get(BOARD).headers  # the language cookie alone is served the copy


def test_an_unknown_host_is_never_answered_from_another_hosts_copy(app: Flask) -> None:
    fresh(app).get(BOARD)
    stranger = fresh(app).get(BOARD, headers={"Host": "evil.example"})
    assert stranger.status_code in (400, 404)  # untrusted, or no municipality there
    assert "Age" not in stranger.headers


def test_the_api_keeps_one_copy_per_accepted_language(app: Flask) -> None:
    fresh(app).get(BOARD_API, headers={"Accept-Language": "da"})
    english = fresh(app).get(BOARD_API, headers={"Accept-Language": "en-GB,en;q=0.9"})
    english_again = fresh(app).get(BOARD_API, headers={"Accept-Language": "en"})
    assert "Age" not in english.headers  # its own copy, not the Danish one
    assert "Age" in english_again.headers
    assert english_again.get_data() == english.get_data()
