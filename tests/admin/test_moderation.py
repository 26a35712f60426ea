"""Moderation: voiding recomputes scores through the ledger rules; suspension; the citizen sees it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.accounts.models import User
from app.actions.models import LogEntry, LogStatus
from app.actions.services import log_action
from app.audit.models import AuditEntry
from app.clock import Period, local_date, utcnow
from app.db import db
from app.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from app.features import rebuild_derived_rows
from app.leaderboards.models import UserScore
from app.leaderboards.queries import neighbourhood_standings, top_citizens
from app.moderation.services import set_suspended, void_log
from tests.admin.conftest import NOW, TODAY, action, log, logged_in, user
from tests.conftest import Person, login
from tests.leaderboards.test_scores import _snapshot


def test_void_takes_the_log_out_of_every_score(ctx: Flask, admin: Person, make_user: Any) -> None:
    people = [make_user(neighbourhood="borup") for _ in range(3)]
    keep = log(people[0], "5")
    cheat = log(people[1], "60")  # 120 points
    log(people[2], "5")
    before = {s.neighbourhood.slug: s.points for s in neighbourhood_standings(Period.WEEK, TODAY)}
    assert before["borup"] == 140
    entry = void_log(admin=user(admin), log_id=cheat, reason="Kørte bil, ikke cykel", now=NOW)
    assert entry.status == LogStatus.VOIDED
    after = {
        s.neighbourhood.slug: (s.points, s.participants) for s in neighbourhood_standings(Period.WEEK, TODAY)
    }
    assert after["borup"] == (20, 2)  # points and the participant both leave
    assert [c.user_id for c in top_citizens(people[0].neighbourhood_id, Period.WEEK, TODAY)] == [
        people[0].id,
        people[2].id,
    ]
    incremental = _snapshot()
    rebuild_derived_rows()
    assert _snapshot() == incremental  # the void went through the same rules as a rebuild
    [audit] = db.session.scalars(select(AuditEntry).where(AuditEntry.object_type == "log"))
    assert (audit.object_id, audit.before["points"], audit.after["reason"]) == (
        str(cheat),
        120,
        "Kørte bil, ikke cykel",
    )
    with pytest.raises(ConflictError):
        void_log(admin=user(admin), log_id=cheat, reason="igen", now=NOW)
    assert db.session.get(LogEntry, keep).status == LogStatus.COUNTED


def test_void_rules(ctx: Flask, admin: Person, staff: Person, citizen: Person) -> None:
    entry_id = log(citizen)
    with pytest.raises(ValidationError):
        void_log(admin=user(admin), log_id=entry_id, reason=" x ")
    with pytest.raises(PermissionDenied):
        void_log(admin=user(staff), log_id=entry_id, reason="Snyd med kilometer")
    with pytest.raises(NotFound):
        void_log(admin=user(admin), log_id=999999, reason="Snyd med kilometer")
    assert db.session.get(LogEntry, entry_id).status == LogStatus.COUNTED


def test_suspension_stops_logging_and_hides_from_rankings(ctx: Flask, admin: Person, citizen: Person) -> None:
    log(citizen)
    area = citizen.neighbourhood_id
    assert [c.user_id for c in top_citizens(area, Period.ALL, TODAY)] == [citizen.id]
    set_suspended(admin=user(admin), user_id=citizen.id, suspended=True, reason="Gentaget snyd")
    assert top_citizens(area, Period.ALL, TODAY) == []
    with pytest.raises(PermissionDenied):
        log(citizen)
    # documented choice: points already earned keep counting for the area
    assert {s.neighbourhood.id: s.points for s in neighbourhood_standings(Period.ALL, TODAY)}[area] == 10
    set_suspended(admin=user(admin), user_id=citizen.id, suspended=False, reason="Afklaret")
    assert log(citizen)
    verbs = [
        e.verb
        for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.object_type == "user").order_by(AuditEntry.id)
        )
    ]
    assert verbs == ["suspend", "unsuspend"]
    with pytest.raises(PermissionDenied):
        set_suspended(admin=user(admin), user_id=admin.id, suspended=True, reason="Kan ikke")


def test_admin_voids_from_the_account_page_and_the_citizen_sees_why(
    app: Flask, admin: Person, citizen: Person
) -> None:
    with app.app_context():
        # registered three days ago, so it is no longer on the home screen's list for today
        then = utcnow() - timedelta(days=3)
        result = log_action(
            user=db.session.get(User, citizen.id),
            action=action(),
            quantity=Decimal("5"),
            occurred_on=local_date(then),
            idempotency_key="voided-0001",
            now=then,
        )
        entry_id = result.entry.id
        db.session.remove()
    client = logged_in(app, admin)
    page = client.get(f"/admin/brugere/{citizen.id}")
    assert f'id="log-{entry_id}"' in page.text
    bad = client.post(
        f"/admin/registreringer/{entry_id}/annuller", data={"reason": ""}, headers={"HX-Request": "true"}
    )
    assert bad.status_code == 422
    done = client.post(
        f"/admin/registreringer/{entry_id}/annuller",
        data={"reason": "Dobbeltregistrering"},
        headers={"HX-Request": "true"},
    )
    assert done.status_code == 200
    assert "Dobbeltregistrering" in done.text
    plain = client.post(f"/admin/registreringer/{entry_id}/annuller", data={"reason": "Igen"})
    assert plain.status_code in (303, 422)

    citizen_client = app.test_client()
    login(citizen_client, citizen)
    history = citizen_client.get("/mine-registreringer")
    assert history.status_code == 200
    assert "Dobbeltregistrering" in history.text


def test_suspend_from_the_account_page(app: Flask, admin: Person, citizen: Person) -> None:
    client = logged_in(app, admin)
    assert (
        client.post(f"/admin/brugere/{citizen.id}/suspension", data={"suspend-reason": ""}).status_code == 422
    )
    assert (
        client.post(f"/admin/brugere/{citizen.id}/suspension", data={"suspend-reason": "Snyd"}).status_code
        == 303
    )
    with app.app_context():
        assert db.session.get(User, citizen.id).is_suspended
    assert "Snyd" in client.get(f"/admin/brugere/{citizen.id}").text
    assert (
        client.post(
            f"/admin/brugere/{citizen.id}/suspension",
            data={"suspend-reason": "Afklaret", "suspend-action": "unsuspend"},
        ).status_code
        == 303
    )
    with app.app_context():
        assert not db.session.get(User, citizen.id).is_suspended
    assert client.get(f"/admin/brugere/{admin.id}").status_code == 404
    assert "Deltager" in client.get("/admin/brugere?q=deltager").text


def test_void_takes_back_the_challenge_bonus_and_progress(app: Flask, admin: Person, citizen: Person) -> None:
    from app.challenges.queries import challenge_totals
    from app.challenges.services import join_challenge
    from tests.admin.samples import make_challenge

    challenge_id = make_challenge(app, admin)  # cycling, 5 bonus points per covered log
    with app.app_context():
        join_challenge(user=user(citizen), challenge_id=challenge_id, now=utcnow() - timedelta(minutes=5))
        entry_id = log(citizen, "5", now=utcnow(), day=local_date(utcnow()))
        assert challenge_totals(challenge_id).logs == 1
        assert (
            db.session.scalar(
                select(UserScore.points).where(UserScore.user_id == citizen.id, UserScore.period == "all")
            )
            == 15
        )  # 10 + bonus 5
        void_log(admin=user(admin), log_id=entry_id, reason="Ikke cyklet")
        assert challenge_totals(challenge_id).logs == 0
        assert (
            db.session.scalar(
                select(UserScore.points).where(UserScore.user_id == citizen.id, UserScore.period == "all")
            )
            is None
        )
        incremental = _snapshot()
        rebuild_derived_rows()
        assert _snapshot() == incremental
