"""Catalogue, logging through the API (idempotent), own logs, undo and stats."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.actions.models import LogEntry
from app.clock import today_in
from app.db import db
from app.leaderboards.models import NeighbourhoodScore, UserScore
from tests.api.conftest import ApiClient, assert_problem
from tests.conftest import Person

# Their "today" is the app's Copenhagen day: keep it away from midnight and DST nights.
pytestmark = pytest.mark.usefixtures("frozen_day")

MEAL = "vegetar-maaltid"  # 8 points per meal, at most 3 per day


def post_log(api: ApiClient, key: str, **body: Any) -> Any:
    return api.post(
        "/api/v1/logs", json={"action": MEAL, "quantity": 1, **body}, headers={"Idempotency-Key": key}
    )


def test_catalogue_is_public_localised_and_conditional(anon_api: ApiClient) -> None:
    response = anon_api.get("/api/v1/actions")
    assert response.status_code == 200
    items = {item["slug"]: item for item in response.get_json()["items"]}
    meal = items[MEAL]
    assert meal["points_per_unit"] == 8
    assert meal["max_units_per_day"] == 3
    english = anon_api.get("/api/v1/actions", headers={"Accept-Language": "en"}).get_json()
    assert {i["slug"]: i["name"] for i in english["items"]}[MEAL] != meal["name"]
    etag = response.headers["ETag"]
    again = anon_api.get("/api/v1/actions", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""


def test_log_an_action_then_replay_it(citizen_api: ApiClient, app: Flask) -> None:
    first = post_log(citizen_api, "phone-0001")
    assert first.status_code == 201, first.text
    body = first.get_json()
    assert body["log"]["points"] == 8
    assert body["log"]["status"] == "counted"
    assert body["log"]["can_undo"] is True
    assert [b["code"] for b in body["badges"]] == ["first-log"]

    replay = post_log(citizen_api, "phone-0001")
    assert replay.status_code == 201
    assert replay.get_json() == body  # the first result, badges included
    assert replay.headers["Idempotent-Replayed"] == "true"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LogEntry)) == 1


def test_the_same_key_with_another_body_is_a_conflict(citizen_api: ApiClient) -> None:
    assert post_log(citizen_api, "phone-0002").status_code == 201
    assert_problem(post_log(citizen_api, "phone-0002", quantity=2), 409, "idempotency_key_reused")


def test_the_idempotency_key_header_is_required_and_checked(citizen_api: ApiClient) -> None:
    missing = citizen_api.post("/api/v1/logs", json={"action": MEAL})
    body = assert_problem(missing, 422, "validation_failed")
    assert body["errors"][0]["field"] == "Idempotency-Key"
    assert body["errors"][0]["in"] == "headers"
    assert_problem(post_log(citizen_api, "short"), 422)


def test_rules_come_back_as_problems_with_codes(citizen_api: ApiClient) -> None:
    over = post_log(citizen_api, "cap-00001", quantity=4)
    body = assert_problem(over, 422, "over_daily_cap")
    assert body["errors"] == [{"field": "quantity", "message": body["detail"]}]
    old = (today_in() - timedelta(days=10)).isoformat()
    assert_problem(post_log(citizen_api, "old-00001", occurred_on=old), 422, "too_old")
    assert_problem(post_log(citizen_api, "nope-0001", action="no-such-action"), 422)
    assert_problem(post_log(citizen_api, "neg-00001", quantity=-1), 422, "quantity_not_positive")
    assert_problem(post_log(citizen_api, "typo-0001", quantitty=1), 422, "validation_failed")


def test_only_citizens_log(api_for, make_user) -> None:  # type: ignore[no-untyped-def]
    business = api_for(make_user(role="business"))
    assert_problem(post_log(business, "biz-00001"), 403)


def test_anonymous_logging_is_a_401(anon_api: ApiClient) -> None:
    assert_problem(post_log(anon_api, "anon-0001"), 401)


def test_sixteen_concurrent_identical_requests_are_credited_once(
    app: Flask, api_for, citizen: Person
) -> None:  # type: ignore[no-untyped-def]
    token = api_for(citizen).token
    barrier = threading.Barrier(16)
    results: list[tuple[int, Any]] = []
    lock = threading.Lock()

    def send() -> None:
        api = ApiClient(app.test_client(use_cookies=False), token)
        barrier.wait()
        response = post_log(api, "same-key-concurrent")
        with lock:
            results.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=send) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [status for status, _ in results] == [201] * 16
    assert len({body["log"]["id"] for _, body in results}) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LogEntry)) == 1
        user_all = db.session.scalar(select(UserScore.points).where(UserScore.period == "all"))
        area_all = db.session.scalar(
            select(NeighbourhoodScore.points).where(NeighbourhoodScore.period == "all")
        )
        assert user_all == area_all == 8


def test_own_logs_are_paginated_with_a_cursor(citizen_api: ApiClient, api_for, make_user) -> None:  # type: ignore[no-untyped-def]
    ids = [
        post_log(
            citizen_api, f"page-{n:04d}", occurred_on=(today_in() - timedelta(days=n % 3)).isoformat()
        ).get_json()["log"]["id"]
        for n in range(5)
    ]
    seen: list[int] = []
    cursor = None
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = citizen_api.get("/api/v1/logs", query_string=query).get_json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(ids, reverse=True)
    assert_problem(citizen_api.get("/api/v1/logs?cursor=garbage"), 422)
    assert_problem(citizen_api.get("/api/v1/logs?limit=1000"), 422)
    other = api_for(make_user())
    assert other.get("/api/v1/logs").get_json() == {"items": [], "next_cursor": None}
    assert_problem(other.get(f"/api/v1/logs/{ids[0]}"), 404)


def test_undo_takes_the_points_back(citizen_api: ApiClient, api_for, make_user) -> None:  # type: ignore[no-untyped-def]
    log_id = post_log(citizen_api, "undo-0001").get_json()["log"]["id"]
    assert citizen_api.get("/api/v1/me/stats").get_json()["week"]["points"] == 8
    assert_problem(api_for(make_user()).post(f"/api/v1/logs/{log_id}/undo"), 404)
    undone = citizen_api.post(f"/api/v1/logs/{log_id}/undo")
    assert undone.status_code == 200
    assert undone.get_json()["status"] == "undone"
    assert citizen_api.get("/api/v1/me/stats").get_json()["week"]["points"] == 0
    assert citizen_api.get(f"/api/v1/logs/{log_id}").get_json()["can_undo"] is False


def test_stats_show_points_streak_level_and_badges(citizen_api: ApiClient) -> None:
    post_log(citizen_api, "stats-001", quantity=2)
    stats = citizen_api.get("/api/v1/me/stats").get_json()
    assert stats["points_today"] == 16
    assert stats["week"]["points"] == stats["all"]["points"] == 16
    assert stats["all"]["key"] == "all"
    assert stats["streak"]["days"] == 1
    assert stats["streak"]["logged_today"] is True
    assert stats["level"]["level"] == 1
    assert [b["code"] for b in stats["badges"]] == ["first-log"]


def test_area_feed_and_impact(citizen_api: ApiClient, api_for, make_user) -> None:  # type: ignore[no-untyped-def]
    neighbour = api_for(make_user(neighbourhood="herfoelge", show_in_rankings=True))
    for n in range(3):
        post_log(neighbour, f"feed-{n:04d}")
    first = citizen_api.get("/api/v1/me/feed", query_string={"limit": 2}).get_json()
    assert len(first["items"]) == 2
    assert first["next_cursor"]
    rest = citizen_api.get("/api/v1/me/feed", query_string={"cursor": first["next_cursor"]}).get_json()
    ids = [i["id"] for i in first["items"] + rest["items"]]
    assert ids == sorted(ids, reverse=True)
    assert len(set(ids)) == len(ids)
    actions = [i for i in first["items"] + rest["items"] if i["kind"] == "action"]
    assert actions
    assert all(i["action"]["slug"] == MEAL and i["alias"] for i in actions)
    elsewhere = api_for(make_user(neighbourhood="borup"))
    assert elsewhere.get("/api/v1/me/feed").get_json()["items"] == []
    assert_problem(api_for(make_user(role="business")).get("/api/v1/me/feed"), 403)

    post_log(citizen_api, "impact-01", quantity=3)
    impact = citizen_api.get("/api/v1/me/impact").get_json()
    assert impact["co2e_kg"] > 0
    assert len(impact["weeks"]) == 12
    assert impact["weeks"][-1]["points"] == 24
    assert "Aarhus" in impact["equivalents"]["car_source"]


def test_undo_through_the_api_frees_the_days_cap(citizen_api: ApiClient) -> None:
    full = post_log(citizen_api, "api-cap-0001", quantity=3)  # the day's cap of meals
    assert full.status_code == 201, full.text
    assert_problem(post_log(citizen_api, "api-cap-0002"), 422, "over_daily_cap")
    assert citizen_api.post(f"/api/v1/logs/{full.get_json()['log']['id']}/undo").status_code == 200
    assert post_log(citizen_api, "api-cap-0003", quantity=3).status_code == 201


def test_a_voided_log_frees_the_days_cap_for_the_api(app: Flask, citizen_api: ApiClient, make_user) -> None:  # type: ignore[no-untyped-def]
    from app.accounts.models import User
    from app.moderation.services import void_log

    admin = make_user(role="admin")
    log_id = post_log(citizen_api, "api-void-0001", quantity=3).get_json()["log"]["id"]
    with app.app_context():
        void_log(admin=db.session.get(User, admin.id), log_id=log_id, reason="Dobbeltregistrering")
        db.session.remove()
    again = post_log(citizen_api, "api-void-0002", quantity=3)
    assert again.status_code == 201, again.text
    assert citizen_api.get("/api/v1/me/stats").get_json()["points_today"] == 24


def test_two_users_with_the_same_idempotency_key_each_get_their_own_log(
    citizen_api: ApiClient, api_for, make_user
) -> None:  # type: ignore[no-untyped-def]
    other = api_for(make_user())
    mine = post_log(citizen_api, "shared-key-0001")
    theirs = post_log(other, "shared-key-0001")
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in theirs.headers
    mine_id, theirs_id = mine.get_json()["log"]["id"], theirs.get_json()["log"]["id"]
    assert theirs_id != mine_id
    assert [i["id"] for i in other.get("/api/v1/logs").get_json()["items"]] == [theirs_id]
    assert [i["id"] for i in citizen_api.get("/api/v1/logs").get_json()["items"]] == [mine_id]
