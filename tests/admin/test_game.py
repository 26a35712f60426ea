"""Challenges, the shared-vision target and flags through the game services, every write audited."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.challenges.models import Challenge
from app.challenges.services import ChallengeInput
from app.clock import local_date, utcnow
from app.db import db
from app.errors import ConflictError, PermissionDenied, ValidationError
from app.gamification.models import Flag, FlagStatus
from app.vision.queries import target_for
from tests.admin.conftest import logged_in, user
from tests.admin.samples import make_challenge, make_flag
from tests.conftest import Person

# Their "today" is the app's Copenhagen day: keep it away from midnight and DST nights.
pytestmark = pytest.mark.usefixtures("frozen_day")


def _audit(object_type: str) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.object_type == object_type).order_by(AuditEntry.id)
        )
    )


def _input(**changes: Any) -> ChallengeInput:
    today = local_date(utcnow())
    values: dict[str, Any] = {
        "slug": "plante-uge",
        "title_da": "Plantebaseret uge",
        "title_en": "Plant-based week",
        "description_da": "",
        "description_en": "",
        "starts_on": today,
        "ends_on": today + timedelta(days=6),
        "action_ids": [1],
        "reward_kind": "bonus",
        "reward_value": Decimal(5),
        "target_metric": None,
        "target_value": None,
    }
    values.update(changes)
    return ChallengeInput(**values)


def test_save_challenge_is_audited(ctx: Flask, admin: Person) -> None:
    from app.challenges.services import save_challenge

    created = save_challenge(admin=user(admin), data=_input())
    save_challenge(admin=user(admin), data=_input(title_da="Grøn uge"), challenge_id=created.id)
    entries = _audit("challenge")
    assert [e.verb for e in entries] == ["create", "update"]
    assert (entries[1].before, entries[1].after) == (
        {"title_da": "Plantebaseret uge"},
        {"title_da": "Grøn uge"},
    )
    with pytest.raises(ValidationError):
        save_challenge(admin=user(admin), data=_input(slug="Not A Slug"))
    assert len(_audit("challenge")) == 2


def test_staff_cannot_manage_challenges_here(ctx: Flask, staff: Person) -> None:
    from app.challenges.services import save_challenge

    with pytest.raises(PermissionDenied):
        save_challenge(admin=user(staff), data=_input())


def test_finished_challenge_is_read_only(app: Flask, admin: Person) -> None:
    challenge_id = make_challenge(app, admin, starts_in_days=-20, days=7)
    client = logged_in(app, admin)
    page = client.get(f"/admin/udfordringer/{challenge_id}")
    assert page.status_code == 200
    with app.app_context():
        from app.challenges.services import save_challenge

        with pytest.raises(ConflictError):
            save_challenge(admin=user(admin), data=_input(slug="cykel-test"), challenge_id=challenge_id)


def test_challenge_pages(app: Flask, admin: Person) -> None:
    client = logged_in(app, admin)
    today = local_date(utcnow())
    form = {
        "title_da": "Bus-uge",
        "title_en": "Bus week",
        "slug": "bus-uge",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=6)).isoformat(),
        "reward_kind": "multiplier",
        "reward_value": "1,5",
        "target_metric": "",
        "target_value": "",
    }
    assert client.post("/admin/udfordringer/ny", data=form).status_code == 422  # no actions
    assert client.post("/admin/udfordringer/ny", data={**form, "action_ids": ["3"]}).status_code == 303
    with app.app_context():
        created = db.session.scalar(select(Challenge).where(Challenge.slug == "bus-uge"))
        assert created.reward_value == Decimal("1.5")
    dashboard = client.get("/admin")
    assert 'data-challenge="bus-uge"' in dashboard.text


def test_vision_target(app: Flask, admin: Person) -> None:
    client = logged_in(app, admin)
    year = local_date(utcnow()).year
    assert client.get("/admin/faelles-maal").status_code == 200
    assert client.post("/admin/faelles-maal", data={"year": year, "target_co2e_kg": "0"}).status_code == 422
    assert (
        client.post("/admin/faelles-maal", data={"year": year, "target_co2e_kg": "250000"}).status_code == 303
    )
    with app.app_context():
        assert target_for(year).target_co2e_kg == 250000
        [entry] = _audit("vision")
        assert (entry.before, entry.after) == (None, {"target_co2e_kg": 250000})


def test_flags_are_listed_and_resolved(app: Flask, admin: Person, citizen: Person) -> None:
    flag_id = make_flag(app, citizen)
    client = logged_in(app, admin)
    queue = client.get("/admin/moderation")
    assert f'id="flag-{flag_id}"' in queue.text
    assert "40 registreringer inden for 15 min." in queue.text
    assert client.post(f"/admin/moderation/flag/{flag_id}/loes", data={"resolution": ""}).status_code == 303
    with app.app_context():
        assert db.session.get(Flag, flag_id).status == FlagStatus.OPEN
    client.post(f"/admin/moderation/flag/{flag_id}/loes", data={"resolution": "Så fint ud"})
    with app.app_context():
        assert db.session.get(Flag, flag_id).status == FlagStatus.RESOLVED
        [entry] = _audit("flag")
        assert entry.after["resolution"] == "Så fint ud"
    assert f'id="flag-{flag_id}"' not in client.get("/admin/moderation").text
    assert client.post("/admin/moderation/flag/999999/loes", data={"resolution": "x"}).status_code == 404
