"""Challenge pages: list, detail with live progress, joining with and without htmx."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import User
from app.actions.models import Action
from app.challenges.models import ChallengeParticipant
from app.challenges.services import ChallengeInput, create_challenge
from app.clock import local_date, utcnow
from app.db import db
from tests.actions.test_routes import HTMX, rendered
from tests.conftest import login

# Their "today" is the app's Copenhagen day: keep it away from midnight and DST nights.
pytestmark = pytest.mark.usefixtures("frozen_day")


def _make(
    app: Flask,
    make_user: Any,
    *,
    slug: str = "cykeluge",
    days: tuple[int, int] = (-2, 4),
    target: str | None = "50",
) -> None:
    admin = make_user(role="admin")
    with app.app_context():
        today = local_date(utcnow())
        action_id = db.session.scalar(select(Action.id).where(Action.slug == "cykel-frem-for-bil"))
        create_challenge(
            actor=db.session.get(User, admin.id),
            data=ChallengeInput(
                slug=slug,
                title_da="Cykeluge",
                title_en="Cycling week",
                description_da="Kom ud!",
                description_en="Get out!",
                starts_on=today + timedelta(days=days[0]),
                ends_on=today + timedelta(days=days[1]),
                action_ids=[action_id],
                reward_kind="bonus",
                reward_value=Decimal(5),
                target_metric="quantity" if target else None,
                target_value=Decimal(target) if target else None,
            ),
        )
        db.session.remove()


def _joined(app: Flask) -> int:
    with app.app_context():
        return len(db.session.scalars(select(ChallengeParticipant)).all())


def _form(key: str, quantity: str = "10") -> dict[str, str]:
    return {"quantity": quantity, "occurred_on": local_date(utcnow()).isoformat(), "idempotency_key": key}


def test_list_and_detail_are_public(app: Flask, client: FlaskClient, make_user: Any) -> None:
    _make(app, make_user)
    _make(app, make_user, slug="plantebaseret-uge", days=(-20, -14), target=None)
    listing = client.get("/udfordringer").get_data(as_text=True)
    assert 'data-challenge="cykeluge"' in listing
    assert 'data-challenge="plantebaseret-uge"' in listing
    detail = client.get("/udfordringer/cykeluge")
    assert detail.status_code == 200
    html = detail.get_data(as_text=True)
    assert "Log ind" in html or "Log in" in html  # anonymous visitors are asked to log in
    assert 'hx-trigger="every 30s"' in html
    finished = client.get("/udfordringer/plantebaseret-uge").get_data(as_text=True)
    assert 'hx-trigger="every 30s"' not in finished  # final results do not poll
    assert client.get("/udfordringer/findes-ikke").status_code == 404


def test_join_without_javascript_then_log_and_see_progress(
    app: Flask, client: FlaskClient, make_user: Any
) -> None:
    _make(app, make_user)
    citizen = make_user(neighbourhood="borup")
    login(client, citizen)
    response = client.post("/udfordringer/cykeluge/deltag")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/udfordringer/cykeluge")
    assert client.post("/udfordringer/cykeluge/deltag").status_code == 303  # twice: no harm
    assert _joined(app) == 1
    client.post("/log/cykel-frem-for-bil", data=_form("join-log-001"), headers=HTMX)
    with rendered(app) as names:
        live = client.get("/udfordringer/cykeluge/fremskridt", headers=HTMX)
    assert names[0] == "challenges/_live.html"
    html = live.get_data(as_text=True)
    assert 'aria-valuenow="20"' in html  # 10 of 50 km
    assert 'data-area="borup"' in html
    assert "data-mine" in html


def test_join_with_htmx_swaps_the_box_with_one_message(
    app: Flask, client: FlaskClient, make_user: Any
) -> None:
    _make(app, make_user)
    login(client, make_user())
    response = client.post("/udfordringer/cykeluge/deltag", headers=HTMX)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "data-joined" in html
    assert html.count("Du deltager") == 1  # the confirmation once: no second box
    assert "HX-Trigger" not in response.headers  # and no toast over the progress bar


def test_joining_a_finished_challenge_is_refused(app: Flask, client: FlaskClient, make_user: Any) -> None:
    _make(app, make_user, days=(-9, -3))
    login(client, make_user())
    response = client.post("/udfordringer/cykeluge/deltag", headers=HTMX)
    assert response.status_code == 409
    assert _joined(app) == 0


@pytest.mark.parametrize("role", ["business", "staff", "admin"])
def test_only_citizens_join(app: Flask, client: FlaskClient, make_user: Any, role: str) -> None:
    _make(app, make_user)
    login(client, make_user(role=role))
    assert client.post("/udfordringer/cykeluge/deltag").status_code == 403
    assert _joined(app) == 0


def test_anonymous_join_goes_to_login(app: Flask, client: FlaskClient, make_user: Any) -> None:
    _make(app, make_user)
    response = client.post("/udfordringer/cykeluge/deltag")
    assert response.status_code == 302
    assert "/log-ind" in response.headers["Location"]


def test_get_never_joins(app: Flask, client: FlaskClient, make_user: Any) -> None:
    _make(app, make_user)
    login(client, make_user())
    assert client.get("/udfordringer/cykeluge/deltag").status_code == 405
    assert _joined(app) == 0
