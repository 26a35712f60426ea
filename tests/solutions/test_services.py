"""The adoption rules: never one's own solution, once per company, one transaction, consent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import User
from app.business.models import Company, Solution
from app.business.services import add_solution
from app.db import db
from app.errors import ConflictError, PermissionDenied, ValidationError
from app.outbox.models import OutboxMessage
from app.solutions.models import Adoption, ContactState
from app.solutions.queries import adoption_counts, adoptions_in_year, contact_request_of, solution_by_id
from app.solutions.rules import fit_topic, may_see_contact
from app.solutions.services import adopt_solution, answer_contact, set_featured
from app.sparring.models import SparringRequest
from tests.solutions.conftest import World, adopt


def test_fit_topic_cuts_with_an_ellipsis() -> None:
    assert fit_topic("kort") == "kort"
    cut = fit_topic("x" * 200)
    assert len(cut) == 160
    assert cut.endswith("…")
    assert may_see_contact("accepted")
    assert not may_see_contact("pending")
    assert not may_see_contact("declined")


def test_adoption_is_a_sparring_request_with_the_topic_and_a_mail_to_the_owner(
    app: Flask, world: World
) -> None:
    adoption_id = adopt(app, world)
    with app.app_context():
        adoption = db.session.get(Adoption, adoption_id)
        assert adoption is not None
        request = db.session.get(SparringRequest, adoption.sparring_request_id)
        assert request is not None
        assert request.company_id == world.b.id
        assert request.topic == "Vi vil gøre som Alfa Bageri: Solceller på taget"
        assert adoption.contact_state == ContactState.PENDING
        kinds = set(db.session.scalars(select(OutboxMessage.kind)))
        assert {"sparring_new", "sparring_receipt", "solution_contact"} <= kinds
        to_owner = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "solution_contact")
        ).one()
        assert to_owner.to_address == world.a.owner.email
        assert "kontakt-beta@example.dk" not in to_owner.body  # no address before consent
        assert adoption_counts([world.solution_id]) == {world.solution_id: 1}
        assert adoptions_in_year(adoption.created_at.year) == 1


def test_no_contact_asked_means_no_mail_to_the_owner(app: Flask, world: World) -> None:
    adoption_id = adopt(app, world, wants_contact=False)
    with app.app_context():
        adoption = db.session.get(Adoption, adoption_id)
        assert adoption is not None
        assert adoption.contact_state == ContactState.NOT_REQUESTED
        assert not db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == "solution_contact")
        )


def test_own_solution_is_refused(app: Flask, world: World) -> None:
    with app.app_context():
        solution = solution_by_id(world.solution_id)
        assert solution is not None
        with pytest.raises(ValidationError) as refused:
            adopt_solution(
                solution=solution,
                adopter=db.session.get(User, world.a.owner.id),
                message="Os selv",
                contact_method="email",
                wants_contact=False,
            )
        assert refused.value.code == "own_solution"
        assert not db.session.scalar(select(func.count()).select_from(SparringRequest))


def test_second_adoption_is_a_conflict_and_writes_nothing(app: Flask, world: World) -> None:
    adopt(app, world)
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(SparringRequest))
        solution = solution_by_id(world.solution_id)
        assert solution is not None
        with pytest.raises(ConflictError) as refused:
            adopt_solution(
                solution=solution,
                adopter=db.session.get(User, world.b.owner.id),
                message="Igen",
                contact_method="email",
                wants_contact=True,
            )
        assert refused.value.code == "already_adopted"
        assert db.session.scalar(select(func.count()).select_from(SparringRequest)) == before
        assert db.session.scalar(select(func.count()).select_from(Adoption)) == 1


def test_a_refused_sparring_request_leaves_no_adoption(app: Flask, world: World) -> None:
    with app.app_context():
        solution = solution_by_id(world.solution_id)
        assert solution is not None
        with pytest.raises(ValidationError):
            adopt_solution(
                solution=solution,
                adopter=db.session.get(User, world.b.owner.id),
                message="",
                contact_method="email",
                wants_contact=True,
            )
        assert not db.session.scalar(select(func.count()).select_from(Adoption))


def test_only_the_solution_company_answers_and_only_once(app: Flask, world: World) -> None:
    adoption_id = adopt(app, world)
    with app.app_context():
        adoption = db.session.get(Adoption, adoption_id)
        assert adoption is not None
        with pytest.raises(PermissionDenied):
            answer_contact(adoption=adoption, actor=db.session.get(User, world.b.owner.id), accept=True)
        assert contact_request_of(world.b.id, adoption_id) is None
        answered = answer_contact(
            adoption=adoption, actor=db.session.get(User, world.a.owner.id), accept=True
        )
        assert answered.contact_state == ContactState.ACCEPTED
        assert answered.decided_by_id == world.a.owner.id
        assert answered.decided_at is not None
        with pytest.raises(ConflictError):
            answer_contact(adoption=adoption, actor=db.session.get(User, world.a.owner.id), accept=False)
        assert db.session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.kind == "solution_contact_answer")
        )


def test_feature_only_by_admin_and_audited(app: Flask, world: World, make_user: object) -> None:
    from app.audit.models import AuditEntry

    admin = make_user(role="admin")  # type: ignore[operator]
    staff = make_user(role="staff")  # type: ignore[operator]
    with app.app_context():
        solution = solution_by_id(world.solution_id)
        assert solution is not None
        with pytest.raises(PermissionDenied):
            set_featured(admin=db.session.get(User, staff.id), solution=solution, featured=True)
        with pytest.raises(PermissionDenied):
            set_featured(admin=db.session.get(User, world.a.owner.id), solution=solution, featured=True)
        set_featured(admin=db.session.get(User, admin.id), solution=solution, featured=True)
        assert db.session.get(Solution, world.solution_id).featured  # type: ignore[union-attr]
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.object_type == "solution")).one()
        assert entry.verb == "feature"


def test_estimate_needs_a_source_and_a_theme_of_the_plan(app: Flask, world: World) -> None:
    with app.app_context():
        company = db.session.get(Company, world.a.id)
        owner = db.session.get(User, world.a.owner.id)
        values = {
            "company": company,
            "actor": owner,
            "title": "LED",
            "description": "Lys",
            "category": "energy",
        }
        with pytest.raises(ValidationError) as no_source:
            add_solution(**values, co2e_kg_per_year=Decimal("10"))
        assert no_source.value.field == "co2e_source"
        with pytest.raises(ValidationError) as bad_theme:
            add_solution(**values, theme_id=world.theme_id + 999)
        assert bad_theme.value.field == "theme_id"
        with pytest.raises(ValidationError) as negative:
            add_solution(**values, co2e_kg_per_year=Decimal("-1"), co2e_source="Gæt")
        assert negative.value.field == "co2e_kg_per_year"
        with pytest.raises(ValidationError):
            add_solution(**values, state="done")


def test_another_municipality_sees_no_solution_or_adoption(app: Flask, world: World) -> None:
    from app.tenancy.context import in_municipality
    from app.tenancy.services import create_municipality

    adoption_id = adopt(app, world)
    with app.app_context():
        solroed = create_municipality(slug="solroed", name="Solrød Kommune", inhabitants=23700)
        solroed_id = solroed.id
        db.session.remove()
    with app.app_context(), in_municipality(solroed_id):
        assert solution_by_id(world.solution_id) is None
        assert adoption_counts() == {}
        assert contact_request_of(world.a.id, adoption_id) is None
