"""Sparring rules: who may request, the state machine with timestamps, assignment, comments,
offers that retire without losing requests, the inbox, and a mail for every change."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import User
from app.business.models import Company
from app.clock import utcnow
from app.db import db
from app.errors import PermissionDenied, ValidationError
from app.outbox.models import OutboxMessage
from app.sparring import offers, services
from app.sparring.models import SparringComment, SparringOffer, SparringRequest
from app.sparring.queries import requests_for_inbox, state_counts
from tests.support.business import CompanyRef, make_offer, make_request


def _user(person: Any) -> User:
    user = db.session.get(User, person.id)
    assert user is not None
    return user


def _mails() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _request(request_id: int) -> SparringRequest:
    found = db.session.get(SparringRequest, request_id)
    assert found is not None
    return found


def test_a_request_queues_mails_for_the_inbox_and_the_requester(app: Flask, company_a: CompanyRef) -> None:
    offer = make_offer(app)
    request_id = make_request(app, company_a, [offer])
    with app.app_context():
        request = _request(request_id)
        assert request.state == "new"
        assert [o.id for o in request.offers] == [offer]
        assert [(m.kind, m.to_address) for m in _mails()] == [
            ("sparring_new", app.config["SPARRING_INBOX_EMAIL"]),
            ("sparring_receipt", company_a.owner.email),
        ]
        assert "Alfa Bageri" in _mails()[0].subject


def test_general_sparring_needs_no_offer(app: Flask, company_a: CompanyRef) -> None:
    request_id = make_request(app, company_a, [])
    with app.app_context():
        assert _request(request_id).offers == []


def test_member_of_a_cannot_request_for_b(app: Flask, company_a: CompanyRef, company_b: CompanyRef) -> None:
    with app.app_context(), pytest.raises(PermissionDenied):
        services.request_sparring(
            company=db.session.get(Company, company_b.id),
            requester=_user(company_a.owner),
            offer_ids=[],
            topic="x",
            message="y",
            contact_method="email",
        )


def test_a_refused_request_stores_neither_request_nor_mail(app: Flask, company_a: CompanyRef) -> None:
    retired = make_offer(app, title="Gammelt", active=False)
    with app.app_context():
        with pytest.raises(ValidationError):
            services.request_sparring(
                company=db.session.get(Company, company_a.id),
                requester=_user(company_a.owner),
                offer_ids=[retired],
                topic="x",
                message="y",
                contact_method="email",
            )
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(SparringRequest)) == 0
        assert _mails() == []


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("topic", {"topic": "  "}),
        ("message", {"message": ""}),
        ("contact_method", {"contact_method": "pigeon"}),
    ],
)
def test_request_shape_is_checked(
    app: Flask, company_a: CompanyRef, field: str, values: dict[str, str]
) -> None:
    arguments = {"topic": "Energi", "message": "Hjælp", "contact_method": "email", **values}
    with app.app_context(), pytest.raises(ValidationError) as caught:
        services.request_sparring(
            company=db.session.get(Company, company_a.id),
            requester=_user(company_a.owner),
            offer_ids=[],
            **arguments,
        )
    assert caught.value.field == field


def test_state_machine_with_a_timestamp_per_state_and_a_mail_per_change(
    app: Flask, make_user: Any, company_a: CompanyRef
) -> None:
    staff = make_user(role="staff")
    request_id = make_request(app, company_a)
    start = utcnow()
    with app.app_context():
        before = len(_mails())
        for step, state in enumerate(("contacted", "in_progress", "completed"), start=1):
            services.change_request_state(
                request=_request(request_id),
                actor=_user(staff),
                new_state=state,
                note=f"Trin {step}",
                now=start + timedelta(days=step),
            )
        request = _request(request_id)
        assert request.state == "completed"
        assert (request.contacted_at, request.in_progress_at, request.completed_at) == (
            start + timedelta(days=1),
            start + timedelta(days=2),
            start + timedelta(days=3),
        )
        assert request.declined_at is None
        state_mails = [m for m in _mails()[before:] if m.kind == "sparring_state"]
        # the requester and the company's contact address, for each of the three changes
        assert len(state_mails) == 6
        assert "Trin 3" in state_mails[-1].body
        from app.sparring.queries import history_for

        assert [(h.from_state, h.to_state) for h in history_for(request_id)] == [
            (None, "new"),
            ("new", "contacted"),
            ("contacted", "in_progress"),
            ("in_progress", "completed"),
        ]


@pytest.mark.parametrize(
    "path",
    [
        ["in_progress"],
        ["completed"],
        ["contacted", "new"],
        ["declined", "contacted"],
        ["contacted", "contacted"],
        ["nonsense"],
    ],
)
def test_illegal_transitions_are_refused(
    app: Flask, make_user: Any, company_a: CompanyRef, path: list[str]
) -> None:
    admin = make_user(role="admin")
    request_id = make_request(app, company_a)
    with app.app_context():
        *allowed, refused = path
        for state in allowed:
            services.change_request_state(request=_request(request_id), actor=_user(admin), new_state=state)
        mails = len(_mails())
        with pytest.raises(ValidationError):
            services.change_request_state(request=_request(request_id), actor=_user(admin), new_state=refused)
        db.session.rollback()
        assert len(_mails()) == mails


@pytest.mark.parametrize("state", ["new", "contacted", "in_progress"])
def test_declined_from_any_open_state(app: Flask, make_user: Any, company_a: CompanyRef, state: str) -> None:
    staff = make_user(role="staff")
    request_id = make_request(app, company_a)
    with app.app_context():
        order = ["contacted", "in_progress"]
        for step in order[: order.index(state) + 1] if state != "new" else []:
            services.change_request_state(request=_request(request_id), actor=_user(staff), new_state=step)
        services.change_request_state(
            request=_request(request_id),
            actor=_user(staff),
            new_state="declined",
            note="Uden for vores område",
        )
        request = _request(request_id)
        assert request.state == "declined"
        assert request.declined_at is not None


@pytest.mark.parametrize("role", ["citizen", "business"])
def test_only_the_municipality_changes_state(
    app: Flask, make_user: Any, company_a: CompanyRef, role: str
) -> None:
    request_id = make_request(app, company_a)
    person = make_user(role=role)
    with app.app_context(), pytest.raises(PermissionDenied):
        services.change_request_state(
            request=_request(request_id), actor=_user(person), new_state="contacted"
        )
    with app.app_context(), pytest.raises(PermissionDenied):
        services.change_request_state(
            request=_request(request_id), actor=_user(company_a.owner), new_state="contacted"
        )


def test_assign_only_to_admins(app: Flask, make_user: Any, company_a: CompanyRef) -> None:
    staff, admin, citizen = make_user(role="staff"), make_user(role="admin"), make_user()
    request_id = make_request(app, company_a)
    with app.app_context():
        services.assign_request(request=_request(request_id), actor=_user(admin), assignee=_user(admin))
        assert _request(request_id).assigned_to_id == admin.id
        # read-only staff get a 403 on the request page: they cannot be given one
        with pytest.raises(ValidationError) as refused:
            services.assign_request(request=_request(request_id), actor=_user(admin), assignee=_user(staff))
        assert refused.value.field == "assignee_id"
        assert _request(request_id).assigned_to_id == admin.id
        with pytest.raises(ValidationError):
            services.assign_request(request=_request(request_id), actor=_user(admin), assignee=_user(citizen))
        with pytest.raises(PermissionDenied):
            services.assign_request(request=_request(request_id), actor=_user(citizen), assignee=None)
        services.assign_request(request=_request(request_id), actor=_user(staff), assignee=None)
        assert _request(request_id).assigned_to_id is None


def test_comments_from_both_sides_and_nobody_else(
    app: Flask, make_user: Any, company_a: CompanyRef, company_b: CompanyRef
) -> None:
    staff, citizen = make_user(role="staff"), make_user()
    request_id = make_request(app, company_a)
    with app.app_context():
        services.add_comment(request=_request(request_id), author=_user(company_a.owner), body="Hvornår?")
        services.add_comment(request=_request(request_id), author=_user(staff), body="På tirsdag.")
        for outsider in (company_b.owner, citizen):
            with pytest.raises(PermissionDenied):
                services.add_comment(request=_request(request_id), author=_user(outsider), body="Hej")
        with pytest.raises(ValidationError):
            services.add_comment(request=_request(request_id), author=_user(staff), body=" ")
        comments = list(db.session.scalars(select(SparringComment).order_by(SparringComment.id)))
        assert [c.side for c in comments] == ["company", "municipality"]
        comment_mails = [m.to_address for m in _mails() if m.kind == "sparring_comment"]
        assert comment_mails[0] == app.config["SPARRING_INBOX_EMAIL"]
        assert company_a.owner.email in comment_mails[1:]


def test_retired_offers_keep_their_requests(app: Flask, make_user: Any, company_a: CompanyRef) -> None:
    admin = make_user(role="admin")
    with app.app_context():
        offer = offers.create_offer(
            actor=_user(admin),
            provider="Gate 21",
            title="Bæredygtig Bundlinje",
            description="Forløb",
            cost="free",
            scope="regional",
            url="gate21.dk",
        )
        offer_id = offer.id
        assert offer.url == "https://gate21.dk"
        assert offer.slug == "baeredygtig-bundlinje"
    request_id = make_request(app, company_a, [offer_id])
    with app.app_context():
        offers.retire_offer(offer=db.session.get(SparringOffer, offer_id), actor=_user(admin))
        assert [o.id for o in _request(request_id).offers] == [offer_id]
        assert [r.request.id for r in requests_for_inbox(offer_id=offer_id)] == [request_id]
        with pytest.raises(ValidationError):
            services.request_sparring(
                company=db.session.get(Company, company_a.id),
                requester=_user(company_a.owner),
                offer_ids=[offer_id],
                topic="x",
                message="y",
                contact_method="email",
            )
        offers.reinstate_offer(offer=db.session.get(SparringOffer, offer_id), actor=_user(admin))
        assert db.session.get(SparringOffer, offer_id).is_active  # type: ignore[union-attr]


def test_offer_management_is_for_the_municipality(app: Flask, make_user: Any) -> None:
    business = make_user(role="business")
    admin = make_user(role="admin")
    with app.app_context():
        with pytest.raises(PermissionDenied):
            offers.create_offer(
                actor=_user(business),
                provider="x",
                title="y",
                description="z",
                cost="free",
                scope="local",
                url="https://x.dk",
            )
        with pytest.raises(ValidationError) as caught:
            offers.create_offer(
                actor=_user(admin),
                provider="x",
                title="y",
                description="z",
                cost="free",
                scope="local",
                url="javascript:alert(1)",
            )
        assert caught.value.field == "url"
        offer = offers.create_offer(
            actor=_user(admin),
            provider="x",
            title="y",
            description="z",
            cost="free",
            scope="local",
            url="https://x.dk",
        )
        offers.update_offer(
            offer=offer,
            actor=_user(admin),
            provider="X",
            title="Y",
            description="Z",
            cost="paid",
            scope="national",
            url="https://y.dk",
        )
        assert (offer.title, offer.cost, offer.url) == ("Y", "paid", "https://y.dk")


def test_inbox_filters_and_days_waited(app: Flask, make_user: Any, company_a: CompanyRef) -> None:
    staff = make_user(role="staff")
    offer = make_offer(app)
    old = make_request(app, company_a, [offer], topic="Gammel")
    fresh = make_request(app, company_a, [], topic="Ny")
    with app.app_context():
        from app.db import write_transaction

        with write_transaction():
            _request(old).created_at = utcnow() - timedelta(days=10, hours=1)
        services.change_request_state(request=_request(fresh), actor=_user(staff), new_state="contacted")
        rows = requests_for_inbox()
        assert [(r.request.topic, r.days_waited) for r in rows] == [("Gammel", 10), ("Ny", 0)]
        assert [r.request.id for r in requests_for_inbox(state="contacted")] == [fresh]
        assert [r.request.id for r in requests_for_inbox(offer_id=offer)] == [old]
        assert [r.request.id for r in requests_for_inbox(min_age_days=7)] == [old]
        assert requests_for_inbox(min_age_days=11) == []
        assert state_counts()["new"] == 1
        assert state_counts()["contacted"] == 1
