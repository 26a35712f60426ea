"""An admin handles access and erasure requests for someone who lost access; each is audited."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import User
from app.audit.models import AuditEntry
from app.db import db
from tests.conftest import Person, login
from tests.privacy.conftest import Footprint, scan_for


@pytest.fixture
def admin_client(client: FlaskClient, footprint: Footprint) -> FlaskClient:
    login(client, footprint.admin)
    return client


def _audit() -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.verb.startswith("privacy_")).order_by(AuditEntry.id)
        )
    )


def test_find_by_email(admin_client: FlaskClient, footprint: Footprint) -> None:
    page = admin_client.get("/admin/privatliv", query_string={"email": footprint.owner.email.upper()})
    assert page.status_code == 200
    assert f'data-user="{footprint.owner.id}"' in page.text
    missing = admin_client.get("/admin/privatliv", query_string={"email": "ingen@example.dk"})
    assert "data-user" not in missing.text
    assert admin_client.get("/admin/privatliv", query_string={"email": ""}).status_code == 422


def test_export_download_is_audited(app: Flask, admin_client: FlaskClient, footprint: Footprint) -> None:
    response = admin_client.post(f"/admin/privatliv/{footprint.citizen.id}/eksport", data={"format": "json"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert json.loads(response.data)["account"]["email"] == footprint.citizen.email
    zipped = admin_client.post(f"/admin/privatliv/{footprint.citizen.id}/eksport", data={"format": "zip"})
    assert zipped.mimetype == "application/zip"
    assert (
        admin_client.post(
            f"/admin/privatliv/{footprint.citizen.id}/eksport", data={"format": "exe"}
        ).status_code
        == 400
    )
    assert admin_client.post("/admin/privatliv/9999/eksport", data={"format": "json"}).status_code == 404
    with app.app_context():
        entries = _audit()
        assert [e.verb for e in entries] == ["privacy_export", "privacy_export"]
        assert all(footprint.citizen.email not in (e.object_label or "") for e in entries)


def test_erasure_needs_the_typed_email_and_a_reason(
    app: Flask, admin_client: FlaskClient, footprint: Footprint
) -> None:
    url = f"/admin/privatliv/{footprint.owner.id}/slet"
    wrong = admin_client.post(url, data={"confirmation": "forkert@example.dk", "reason": "Mail"})
    assert wrong.status_code == 422
    assert (
        admin_client.post(url, data={"confirmation": footprint.owner.email, "reason": ""}).status_code == 422
    )
    with app.app_context():
        assert db.session.get(User, footprint.owner.id) is not None
        assert _audit() == []


def test_erasure_is_audited_without_the_person(
    app: Flask, admin_client: FlaskClient, footprint: Footprint
) -> None:
    owner = footprint.owner
    admin_client.post(f"/admin/privatliv/{owner.id}/eksport", data={"format": "json"})
    response = admin_client.post(
        f"/admin/privatliv/{owner.id}/slet",
        data={"confirmation": owner.email, "reason": f"Mail fra {owner.email} den 1. december"},
    )
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(User, owner.id) is None
        export_entry, erase_entry = _audit()
        assert erase_entry.verb == "privacy_erase"
        assert erase_entry.after is not None
        assert erase_entry.after["role"] == "business"
        assert "december" in erase_entry.after["reason"]
        assert export_entry.object_label == "Tidligere medlem"
        assert scan_for(owner.email, owner.alias, footprint.owner_public_id) == []


def test_an_admin_cannot_erase_themselves_here(
    app: Flask, admin_client: FlaskClient, footprint: Footprint
) -> None:
    admin: Person = footprint.admin
    response = admin_client.post(
        f"/admin/privatliv/{admin.id}/slet", data={"confirmation": admin.email, "reason": "test"}
    )
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(User, admin.id) is not None


def test_only_admins_reach_the_page(client: FlaskClient, footprint: Footprint, make_user: Any) -> None:
    login(client, make_user(role="staff"))
    assert client.get("/admin/privatliv").status_code == 403
    assert (
        client.post(
            f"/admin/privatliv/{footprint.citizen.id}/slet",
            data={"confirmation": footprint.citizen.email, "reason": "x"},
        ).status_code
        == 403
    )


def test_companies_page_badges_a_company_without_members(
    app: Flask, admin_client: FlaskClient, footprint: Footprint
) -> None:
    assert "Ingen medlemmer" not in admin_client.get("/admin/virksomheder").text
    admin_client.post(
        f"/admin/privatliv/{footprint.owner.id}/slet",
        data={"confirmation": footprint.owner.email, "reason": "Anmodning pr. brev"},
    )
    assert "Ingen medlemmer" in admin_client.get("/admin/virksomheder").text


def test_request_forms_need_the_csrf_token(make_app: Any, footprint: Footprint) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/log-ind")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)[1]  # type: ignore[index]
    assert (
        client.post(
            "/log-ind",
            data={"email": footprint.admin.email, "password": footprint.admin.password, "csrf_token": token},
        ).status_code
        == 303
    )
    citizen = footprint.citizen
    assert client.post(f"/admin/privatliv/{citizen.id}/eksport", data={"format": "json"}).status_code == 400
    refused = client.post(
        f"/admin/privatliv/{citizen.id}/slet", data={"confirmation": citizen.email, "reason": "Brev"}
    )
    assert refused.status_code in (400, 422)
    with app.app_context():
        assert db.session.get(User, citizen.id) is not None
        assert _audit() == []
