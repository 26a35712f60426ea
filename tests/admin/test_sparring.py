"""The sparring inbox: filters, days waited, state, assignee and replies through the business
services (mails via the outbox), every write audited; offers retired, never deleted."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select, update

from app.audit.models import AuditEntry
from app.clock import utcnow
from app.db import db, write_transaction
from app.outbox.models import OutboxMessage
from app.sparring.models import SparringComment, SparringOffer, SparringRequest
from tests.admin.conftest import logged_in
from tests.conftest import Person
from tests.support.business import VALID_CVRS, make_company, make_offer, make_request


def _audit(object_type: str) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.object_type == object_type).order_by(AuditEntry.id)
        )
    )


def _age(app: Flask, request_id: int, days: int) -> None:
    with app.app_context():
        with write_transaction():
            db.session.execute(
                update(SparringRequest)
                .where(SparringRequest.id == request_id)
                .values(created_at=utcnow() - timedelta(days=days))
            )
        db.session.remove()


def test_inbox_filters_and_days_waited(app: Flask, make_user: Any, admin: Person) -> None:
    company = make_company(app, make_user, name="Filter ApS", cvr=VALID_CVRS[2])
    offer = make_offer(app, title="Energitjek")
    old = make_request(app, company, [offer], topic="Gammel anmodning")
    new = make_request(app, company, [], topic="Ny anmodning")
    _age(app, old, 10)
    client = logged_in(app, admin)
    page = client.get("/admin/sparring")
    assert page.status_code == 200
    assert page.text.index("Gammel anmodning") < page.text.index("Ny anmodning")  # oldest first
    row = page.text.split(f'data-request="{old}"')[1].split("</tr>")[0]
    assert 'data-col="days">10<' in row
    by_offer = client.get(f"/admin/sparring?tilbud={offer}")
    assert "Gammel anmodning" in by_offer.text
    assert "Ny anmodning" not in by_offer.text
    by_age = client.get("/admin/sparring?alder=7")
    assert f'data-request="{new}"' not in by_age.text
    assert client.get("/admin/sparring?tilstand=contacted").text.count("data-request=") == 0
    assert client.get("/admin/sparring?tilstand=bogus").status_code == 422


def test_state_assign_and_reply(app: Flask, make_user: Any, admin: Person, staff: Person) -> None:
    company = make_company(app, make_user, name="Svar ApS", cvr=VALID_CVRS[3])
    request_id = make_request(app, company)
    client = logged_in(app, admin)
    with app.app_context():
        mails_before = db.session.scalar(select(db.func.count()).select_from(OutboxMessage))
    assert client.get(f"/admin/sparring/{request_id}").status_code == 200
    assert (
        client.post(f"/admin/sparring/{request_id}/tilstand", data={"new_state": "completed"}).status_code
        == 422
    )  # one step at a time
    assert (
        client.post(
            f"/admin/sparring/{request_id}/tilstand",
            data={"new_state": "contacted", "note": "Vi ringer i morgen"},
        ).status_code
        == 303
    )
    assert (
        client.post(
            f"/admin/sparring/{request_id}/ansvarlig", data={"assignee_id": str(admin.id)}
        ).status_code
        == 303
    )
    assert client.post(f"/admin/sparring/{request_id}/svar", data={"body": ""}).status_code == 422
    assert (
        client.post(
            f"/admin/sparring/{request_id}/svar", data={"body": "Hej, vi har kigget på det."}
        ).status_code
        == 303
    )
    with app.app_context():
        request = db.session.get(SparringRequest, request_id)
        assert (request.state, request.assigned_to_id) == ("contacted", admin.id)
        assert db.session.scalar(select(SparringComment.body)) == "Hej, vi har kigget på det."
        assert db.session.scalar(select(db.func.count()).select_from(OutboxMessage)) > mails_before
        assert [e.verb for e in _audit("sparring_request")] == ["state", "assign", "comment"]
    page = client.get(f"/admin/sparring/{request_id}")
    assert "Vi ringer i morgen" in page.text
    assert client.get("/admin/sparring/999999").status_code == 404


def test_offers_are_edited_and_retired(app: Flask, make_user: Any, admin: Person) -> None:
    client = logged_in(app, admin)
    form = {
        "title": "CO2-beregner",
        "provider": "Erhvervshus Sjælland",
        "description": "Hjælp til første regnskab",
        "cost": "free",
        "scope": "regional",
        "url": "javascript:alert(1)",
        "source": "",
    }
    assert client.post("/admin/sparring/tilbud/ny", data=form).status_code == 422
    form["url"] = "https://example.dk/co2"
    assert client.post("/admin/sparring/tilbud/ny", data=form).status_code == 303
    with app.app_context():
        offer_id = db.session.scalar(select(SparringOffer.id).where(SparringOffer.title == "CO2-beregner"))
    company = make_company(app, make_user, name="Tilbud ApS", cvr=VALID_CVRS[4])
    request_id = make_request(app, company, [offer_id])
    assert client.post(f"/admin/sparring/tilbud/{offer_id}", data={**form, "cost": "paid"}).status_code == 303
    assert client.post(f"/admin/sparring/tilbud/{offer_id}/aktiv", data={"active": "0"}).status_code == 303
    with app.app_context():
        offer = db.session.get(SparringOffer, offer_id)
        assert (offer.is_active, offer.cost) == (False, "paid")
        assert [o.id for o in db.session.get(SparringRequest, request_id).offers] == [offer_id]
        assert [e.verb for e in _audit("sparring_offer")] == ["create", "update", "retire"]
    assert "CO2-beregner" in client.get("/admin/sparring/tilbud").text


def test_companies_are_verified_and_audited(app: Flask, make_user: Any, admin: Person) -> None:
    from app.business.models import Company

    company = make_company(app, make_user, name="Tjek ApS", cvr=VALID_CVRS[6])
    client = logged_in(app, admin)
    assert 'data-company="tjek-aps"' in client.get("/admin/virksomheder?godkendt=nej").text
    assert (
        client.post(f"/admin/virksomheder/{company.id}/godkendt", data={"verified": "1"}).status_code == 303
    )
    assert 'data-company="tjek-aps"' in client.get("/admin/virksomheder?godkendt=ja").text
    assert client.get("/admin/virksomheder?godkendt=maaske").status_code == 404
    assert client.post("/admin/virksomheder/999999/godkendt", data={"verified": "1"}).status_code == 404
    with app.app_context():
        assert db.session.get(Company, company.id).is_verified
        assert [e.verb for e in _audit("company")] == ["verify"]


def test_only_admins_are_offered_and_accepted_as_assignees(
    app: Flask, make_user: Any, admin: Person, staff: Person
) -> None:
    company = make_company(app, make_user, name="Ansvar ApS", cvr=VALID_CVRS[4])
    request_id = make_request(app, company)
    client = logged_in(app, admin)
    page = client.get(f"/admin/sparring/{request_id}").text
    choices = page[page.index('name="assignee_id"') :]
    choices = choices[: choices.index("</select>")]
    assert f'value="{admin.id}"' in choices
    assert f'value="{staff.id}"' not in choices  # staff cannot open a request (403)
    refused = client.post(f"/admin/sparring/{request_id}/ansvarlig", data={"assignee_id": str(staff.id)})
    assert refused.status_code == 422
    with app.app_context():
        assert db.session.get(SparringRequest, request_id).assigned_to_id is None
    staff_client = logged_in(app, staff)
    assert staff_client.get(f"/admin/sparring/{request_id}").status_code == 403
