"""Erasure table by table: what goes, what stays anonymously, and the company left behind."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.accounts.models import User
from app.actions.models import AlwaysDoMark, LogEntry, UsualDayItem
from app.business.models import Company, CompanyInvitation, CompanyMember
from app.db import db
from app.errors import PermissionDenied, ValidationError
from app.leaderboards.models import DailyActivity, NeighbourhoodScore
from app.outbox.models import OutboxMessage
from app.privacy.queries import companies_without_members
from app.privacy.rules import FORMER_MEMBER
from app.privacy.services import delete_own_account, erase_user
from app.sparring.models import SparringComment, SparringRequest
from tests.conftest import PASSWORD, login
from tests.privacy.conftest import Footprint


def _erase(app: Flask, user_id: int) -> None:
    with app.app_context():
        erase_user(user=db.session.get_one(User, user_id))
        db.session.remove()


def _area_totals() -> list[tuple[int, int, int]]:
    return [
        tuple(row)
        for row in db.session.execute(
            select(
                NeighbourhoodScore.neighbourhood_id,
                NeighbourhoodScore.points,
                NeighbourhoodScore.participants,
            ).order_by(
                NeighbourhoodScore.neighbourhood_id, NeighbourhoodScore.period, NeighbourhoodScore.period_key
            )
        )
    ]


def test_ledger_is_rekeyed_in_every_table_and_totals_hold(app: Flask, footprint: Footprint) -> None:
    with app.app_context():
        totals = _area_totals()
        logs = db.session.scalar(select(func.count()).select_from(LogEntry))
        activity = db.session.scalar(select(func.count(func.distinct(DailyActivity.participant_ref))))
    _erase(app, footprint.citizen.id)
    with app.app_context():
        assert _area_totals() == totals
        assert db.session.scalar(select(func.count()).select_from(LogEntry)) == logs
        refs = set(db.session.scalars(select(LogEntry.participant_ref)))
        assert footprint.citizen_public_id not in refs
        assert len(refs) == 1  # one fresh reference: still counted as one participant
        assert set(db.session.scalars(select(DailyActivity.participant_ref))) == refs
        assert db.session.scalar(select(func.count(func.distinct(DailyActivity.participant_ref)))) == activity
        assert db.session.scalar(select(func.count()).where(LogEntry.user_id.is_not(None))) == 0


def test_business_user_erasure_clears_contact_and_renames_comments(app: Flask, footprint: Footprint) -> None:
    _erase(app, footprint.owner.id)
    with app.app_context():
        company = db.session.get_one(Company, footprint.company_id)
        assert (company.contact_name, company.contact_email, company.contact_phone) == ("", "", "")
        assert company.id in companies_without_members()
        request = db.session.get_one(SparringRequest, footprint.request_id)
        assert request.requested_by_id is None
        assert FORMER_MEMBER in request.message
        names = set(db.session.scalars(select(SparringComment.author_name)))
        assert names == {FORMER_MEMBER, "Kommunen Admin"}
        assert db.session.scalar(select(func.count()).select_from(CompanyInvitation)) == 0
        assert (
            db.session.scalar(
                select(OutboxMessage.id).where(OutboxMessage.to_address == footprint.owner.email)
            )
            is None
        )
        # mails to others stay (the inbox must still get them) but without the person's name
        inbox = list(
            db.session.scalars(select(OutboxMessage.body).where(OutboxMessage.kind == "sparring_comment"))
        )
        assert inbox
        assert all("Karen" not in body for body in inbox)


def test_last_member_leaving_keeps_the_public_page(
    app: Flask, client: FlaskClient, footprint: Footprint
) -> None:
    _erase(app, footprint.owner.id)
    with app.app_context():
        slug = db.session.get_one(Company, footprint.company_id).slug
    page = client.get(f"/virksomheder/{slug}")
    assert page.status_code == 200
    assert "Solcelle ApS" in page.text


def test_an_owner_leaving_hands_the_company_to_the_longest_serving_member(
    app: Flask, make_user: Any, footprint: Footprint
) -> None:
    colleague = make_user(role="business")
    with app.app_context():
        from app.db import write_transaction

        with write_transaction():
            db.session.add(
                CompanyMember(company_id=footprint.company_id, user_id=colleague.id, role="member")
            )
        db.session.remove()
    _erase(app, footprint.owner.id)
    with app.app_context():
        seat = db.session.scalar(
            select(CompanyMember).where(CompanyMember.company_id == footprint.company_id)
        )
        assert seat is not None
        assert (seat.user_id, seat.role) == (colleague.id, "owner")
        assert footprint.company_id not in companies_without_members()
        assert db.session.get_one(Company, footprint.company_id).contact_email == ""


def test_contact_of_another_company_is_cleared_too(app: Flask, make_user: Any, citizen: Any) -> None:
    from tests.support.business import VALID_CVRS, company_values

    owner = make_user(role="business")
    with app.app_context():
        from app.business.services import register_company

        company = register_company(
            owner=db.session.get_one(User, owner.id),
            **company_values(cvr=VALID_CVRS[2], contact_name="Borger Kontakt", contact_email=citizen.email),
        )
        company_id = company.id
        db.session.remove()
    _erase(app, citizen.id)
    with app.app_context():
        company = db.session.get_one(Company, company_id)
        assert (company.contact_name, company.contact_email) == ("", "")
        assert company_id not in companies_without_members()  # its owner is still there


def test_wrong_password_changes_nothing(app: Flask, footprint: Footprint) -> None:
    with app.app_context():
        with pytest.raises(ValidationError):
            delete_own_account(user=db.session.get_one(User, footprint.owner.id), password="nej")
        assert db.session.get(User, footprint.owner.id) is not None
        assert db.session.get_one(Company, footprint.company_id).contact_email == footprint.owner.email


def test_a_failed_erasure_rolls_back(
    app: Flask, footprint: Footprint, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.privacy.erasure as erasure

    def boom(_: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setitem(erasure.ERASERS, "users", boom)
    with pytest.raises(RuntimeError):
        _erase(app, footprint.owner.id)
    with app.app_context():
        assert db.session.get(User, footprint.owner.id) is not None
        assert db.session.get_one(Company, footprint.company_id).contact_email == footprint.owner.email
        assert db.session.scalar(select(func.count()).select_from(CompanyInvitation)) == 1


def test_admins_cannot_delete_themselves(app: Flask, make_user: Any) -> None:
    admin = make_user(role="admin")
    with app.app_context(), pytest.raises(PermissionDenied):
        delete_own_account(user=db.session.get_one(User, admin.id), password=PASSWORD)


def test_deleted_citizen_is_logged_out(client: FlaskClient, citizen: Any) -> None:
    login(client, citizen)
    assert client.post("/konto/slet", data={"password": PASSWORD, "confirm": "y"}).status_code == 303
    assert client.get("/konto").status_code == 302


def test_staff_erasure_keeps_the_audit_action_but_not_the_person(app: Flask, make_user: Any) -> None:
    from app.audit.models import AuditEntry
    from app.audit.services import record_audit
    from app.db import write_transaction
    from app.privacy.rules import FORMER_STAFF

    staff = make_user(role="staff", alias="Medarbejder Mia")
    citizen = make_user(alias="Borger Bent")
    with app.app_context():
        with write_transaction():
            record_audit(
                actor=db.session.get_one(User, staff.id),
                verb="suspend",
                object_type="user",
                object_id=citizen.id,
                object_label="Borger Bent",
                before={"note": "Borger Bent skrev til Medarbejder Mia"},
            )
        db.session.remove()
    _erase(app, staff.id)
    _erase(app, citizen.id)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry))
        assert entry is not None
        assert (entry.verb, entry.actor_id, entry.actor_label) == ("suspend", None, FORMER_STAFF)
        assert entry.object_label == FORMER_MEMBER
        assert entry.before == {"note": f"{FORMER_MEMBER} skrev til {FORMER_MEMBER}"}


def test_rekey_orphans_unlinks_accounts_deleted_the_old_way(app: Flask, make_user: Any) -> None:
    from sqlalchemy import delete, update

    from app.db import write_transaction
    from tests.admin.conftest import log

    gone, kept = make_user(), make_user()
    with app.app_context():
        log(gone)
        log(gone)
        log(kept)
        old_ref = db.session.get_one(User, gone.id).public_id
        kept_ref = db.session.get_one(User, kept.id).public_id
        with write_transaction():  # what deletion did before app.privacy: the ref stayed
            db.session.execute(update(LogEntry).where(LogEntry.user_id == gone.id).values(user_id=None))
            db.session.execute(delete(User).where(User.id == gone.id))
        totals = _area_totals()
        db.session.remove()
    result = app.test_cli_runner().invoke(args=["privacy", "rekey-orphans"])
    assert result.exit_code == 0, result.output
    assert "Re-keyed 1 " in result.output
    with app.app_context():
        refs = set(db.session.scalars(select(LogEntry.participant_ref)))
        assert old_ref not in refs
        assert kept_ref in refs
        assert len(refs) == 2
        assert set(db.session.scalars(select(DailyActivity.participant_ref))) == refs
        assert _area_totals() == totals


def test_the_usual_day_and_always_do_marks_are_deleted(app: Flask, footprint: Footprint) -> None:
    with app.app_context():
        mine = (UsualDayItem.user_id == footprint.citizen.id, AlwaysDoMark.user_id == footprint.citizen.id)
        assert db.session.scalar(select(func.count()).where(mine[0])) == 1
        assert db.session.scalar(select(func.count()).where(mine[1])) == 1
    _erase(app, footprint.citizen.id)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UsualDayItem)) == 0
        assert db.session.scalar(select(func.count()).select_from(AlwaysDoMark)) == 0
