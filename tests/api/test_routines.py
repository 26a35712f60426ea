"""The usual day and always-do marks through the API: replays, partial refusal, permissions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.actions.models import Action, LogEntry
from app.clock import today_in
from app.db import db, write_transaction
from tests.api.conftest import ApiClient, assert_problem
from tests.conftest import Person

pytestmark = pytest.mark.usefixtures("frozen_day")

BIKE, PLANT = "cykel-frem-for-bil", "plantebaseret-dag"
DAY = [{"action": BIKE, "quantity": 5}, {"action": PLANT, "quantity": "1"}]


def put_day(api: ApiClient, items: list[dict[str, Any]]) -> Any:
    return api.request("PUT", "/api/v1/me/usual-day", json={"items": items})


def log_day(api: ApiClient, key: str, **body: Any) -> Any:
    return api.post("/api/v1/me/usual-day/log", json=body, headers={"Idempotency-Key": key})


def _logs(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(LogEntry)) or 0)


def test_put_and_get_the_usual_day(citizen_api: ApiClient) -> None:
    assert citizen_api.get("/api/v1/me/usual-day").get_json() == {"items": [], "max_items": 12}
    response = put_day(citizen_api, DAY)
    assert response.status_code == 200, response.text
    items = response.get_json()["items"]
    assert [(i["position"], i["action"], i["quantity"], i["active"]) for i in items] == [
        (1, BIKE, 5.0, True),
        (2, PLANT, 1.0, True),
    ]
    assert citizen_api.get("/api/v1/me/usual-day").get_json()["items"] == items


@pytest.mark.parametrize(
    ("items", "code", "field"),
    [
        ([{"action": "teleporterede", "quantity": 1}], "unknown_action", "items.0.action"),
        ([{"action": BIKE, "quantity": 61}], "over_daily_cap", "items.0.quantity"),
        ([{"action": BIKE, "quantity": 0}], "quantity_not_positive", "items.0.quantity"),
        (
            [{"action": BIKE, "quantity": 1}, {"action": BIKE, "quantity": 2}],
            "duplicate_action",
            "items.1.action",
        ),
    ],
)
def test_bad_items_are_422_with_the_field(
    citizen_api: ApiClient, items: list[dict[str, Any]], code: str, field: str
) -> None:
    body = assert_problem(put_day(citizen_api, items), 422, code)
    assert field in str(body.get("errors"))
    assert citizen_api.get("/api/v1/me/usual-day").get_json()["items"] == []


def test_too_many_or_malformed_items_are_422(citizen_api: ApiClient) -> None:
    assert_problem(put_day(citizen_api, [{"action": BIKE, "quantity": 1}] * 13), 422)
    assert_problem(put_day(citizen_api, [{"action": BIKE}]), 422)
    assert_problem(put_day(citizen_api, [{"action": BIKE, "quantity": 1, "extra": True}]), 422)
    assert_problem(put_day(citizen_api, [{"action": BIKE, "quantity": True}]), 422)


def test_log_the_usual_day_and_replay_it(citizen_api: ApiClient, app: Flask) -> None:
    put_day(citizen_api, DAY)
    first = log_day(citizen_api, "usual-0001")
    assert first.status_code == 200, first.text
    body = first.get_json()
    assert (body["logged"], body["refused"], body["points"]) == (2, 0, 25)
    assert [(e["action"], e["status"], e["replayed"]) for e in body["entries"]] == [
        (BIKE, "logged", False),
        (PLANT, "logged", False),
    ]
    assert "Idempotent-Replayed" not in first.headers
    replay = log_day(citizen_api, "usual-0001")
    assert replay.headers["Idempotent-Replayed"] == "true"
    again = replay.get_json()
    assert [e["log"]["id"] for e in again["entries"]] == [e["log"]["id"] for e in body["entries"]]
    assert all(e["replayed"] for e in again["entries"])
    assert _logs(app) == 2
    # Each entry has its own key, derived from the request's.
    with app.app_context():
        keys = set(db.session.scalars(select(LogEntry.idempotency_key)))
    assert len(keys) == 2
    assert "usual-0001" not in keys


def test_a_new_key_meets_the_caps_entry_by_entry(citizen_api: ApiClient, app: Flask) -> None:
    put_day(citizen_api, DAY)
    log_day(citizen_api, "usual-0001")
    second = log_day(citizen_api, "usual-0002").get_json()
    assert second["logged"] == 1  # 5 more km fit under the bike's cap of 60
    plant = second["entries"][1]
    assert plant["status"] == "refused"
    assert plant["error"]["code"] == "over_daily_cap"
    assert plant["log"] is None
    assert _logs(app) == 3


def test_the_throttle_refuses_the_rest(citizen_api: ApiClient, app: Flask) -> None:
    app.config["THROTTLE_MAX_LOGS"] = 1
    put_day(citizen_api, DAY)
    body = log_day(citizen_api, "usual-0001").get_json()
    assert [e["status"] for e in body["entries"]] == ["logged", "refused"]
    assert body["entries"][1]["error"]["code"] == "throttled"


def test_a_retired_action_is_skipped(citizen_api: ApiClient, app: Flask) -> None:
    put_day(citizen_api, DAY)
    with app.app_context(), write_transaction():
        action = db.session.scalar(select(Action).where(Action.slug == PLANT))
        assert action is not None
        action.is_active = False
    assert [i["active"] for i in citizen_api.get("/api/v1/me/usual-day").get_json()["items"]] == [True, False]
    body = log_day(citizen_api, "usual-0001").get_json()
    assert body["entries"][1]["status"] == "skipped"
    assert body["entries"][1]["error"]["code"] == "action_retired"
    assert _logs(app) == 1


def test_whole_request_refusals(citizen_api: ApiClient, app: Flask) -> None:
    assert_problem(log_day(citizen_api, "usual-0001"), 422, "usual_day_empty")
    put_day(citizen_api, DAY)
    old = (today_in() - timedelta(days=3)).isoformat()
    assert_problem(log_day(citizen_api, "usual-0002", occurred_on=old), 422, "too_old")
    assert_problem(log_day(citizen_api, "short"), 422)  # not a valid Idempotency-Key
    no_key = citizen_api.post("/api/v1/me/usual-day/log", json={})
    assert_problem(no_key, 422)
    assert _logs(app) == 0
    yesterday = (today_in() - timedelta(days=1)).isoformat()
    body = log_day(citizen_api, "usual-0003", occurred_on=yesterday).get_json()
    assert body["occurred_on"] == yesterday
    assert {e["log"]["occurred_on"] for e in body["entries"]} == {yesterday}


def test_always_do_marks(citizen_api: ApiClient) -> None:
    assert citizen_api.get(f"/api/v1/me/always/{PLANT}").status_code == 404
    put = citizen_api.request("PUT", f"/api/v1/me/always/{PLANT}")
    assert put.status_code == 200, put.text
    assert put.get_json()["action"] == PLANT
    assert citizen_api.request("PUT", f"/api/v1/me/always/{PLANT}").status_code == 200  # idempotent
    citizen_api.request("PUT", f"/api/v1/me/always/{BIKE}")
    listed = citizen_api.get("/api/v1/me/always").get_json()["items"]
    assert [m["action"] for m in listed] == [BIKE, PLANT]  # the catalogue's order
    assert citizen_api.get(f"/api/v1/me/always/{PLANT}").status_code == 200
    assert citizen_api.delete(f"/api/v1/me/always/{PLANT}").status_code == 204
    assert citizen_api.delete(f"/api/v1/me/always/{PLANT}").status_code == 204
    assert citizen_api.get(f"/api/v1/me/always/{PLANT}").status_code == 404
    assert_problem(citizen_api.request("PUT", "/api/v1/me/always/teleporterede"), 404)
    assert_problem(citizen_api.delete("/api/v1/me/always/teleporterede"), 404)


def test_a_retired_action_cannot_be_marked(citizen_api: ApiClient, app: Flask) -> None:
    with app.app_context(), write_transaction():
        action = db.session.scalar(select(Action).where(Action.slug == PLANT))
        assert action is not None
        action.is_active = False
    assert_problem(citizen_api.request("PUT", f"/api/v1/me/always/{PLANT}"), 422, "action_retired")


@pytest.mark.parametrize("role", ["business", "admin", "staff"])
def test_only_citizens_have_routines(
    api_for: Callable[[Person], ApiClient], make_user: Any, app: Flask, role: str
) -> None:
    api = api_for(make_user(role=role))
    assert_problem(api.get("/api/v1/me/usual-day"), 403)
    assert_problem(put_day(api, DAY), 403)
    assert_problem(log_day(api, "usual-0001"), 403)
    assert_problem(api.get("/api/v1/me/always"), 403)
    assert_problem(api.request("PUT", f"/api/v1/me/always/{PLANT}"), 403)
    assert_problem(api.delete(f"/api/v1/me/always/{PLANT}"), 403)
    assert _logs(app) == 0


def test_anonymous_is_401(anon_api: ApiClient) -> None:
    assert_problem(anon_api.get("/api/v1/me/usual-day"), 401)
    assert_problem(log_day(anon_api, "usual-0001"), 401)
    assert_problem(anon_api.request("PUT", f"/api/v1/me/always/{PLANT}"), 401)


def test_a_citizen_sees_and_changes_only_their_own(
    api_for: Callable[[Person], ApiClient], make_user: Any, app: Flask
) -> None:
    owner, other = api_for(make_user()), api_for(make_user())
    put_day(owner, DAY)
    owner.request("PUT", f"/api/v1/me/always/{PLANT}")
    assert other.get("/api/v1/me/usual-day").get_json()["items"] == []
    assert other.get("/api/v1/me/always").get_json()["items"] == []
    assert other.get(f"/api/v1/me/always/{PLANT}").status_code == 404
    assert_problem(log_day(other, "usual-0001"), 422, "usual_day_empty")
    other.delete(f"/api/v1/me/always/{PLANT}")
    assert [m["action"] for m in owner.get("/api/v1/me/always").get_json()["items"]] == [PLANT]
    assert len(owner.get("/api/v1/me/usual-day").get_json()["items"]) == 2
    assert _logs(app) == 0
