"""The export (art. 15/20): one service, two doors (web and API), JSON and a CSV bundle."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from app.db import db, write_transaction
from app.privacy.rules import RULES
from tests.conftest import login
from tests.privacy.conftest import OWNER_ALIAS, OWNER_CONTACT_NAME, Footprint


def _web_export(client: FlaskClient, person: Any) -> dict[str, Any]:
    login(client, person)
    response = client.get("/konto/eksport")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    data: dict[str, Any] = json.loads(response.data)
    return data


def test_web_and_api_give_the_same_export(client: FlaskClient, footprint: Footprint) -> None:
    web = _web_export(client, footprint.owner)
    response = client.get("/api/v1/me/export", headers={"Authorization": f"Bearer {footprint.owner_token}"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    api = response.get_json()
    for data in (web, api):
        data.pop("exported_at")
        data["api_tokens"] = [
            {k: v for k, v in t.items() if k != "last_used_at"} for t in data["api_tokens"]
        ]  # the API call itself uses the token
    assert web == api
    assert set(web["tables"].values()) == {rule.table for rule in RULES}


def test_the_export_holds_the_business_footprint_with_readable_names(
    client: FlaskClient, footprint: Footprint
) -> None:
    data = _web_export(client, footprint.owner)
    assert data["account"]["email"] == footprint.owner.email
    assert data["account"]["participant_reference"] == footprint.owner_public_id
    assert data["companies"][0]["contact_name"] == OWNER_CONTACT_NAME
    assert data["company_memberships"][0]["role"] == "owner"
    assert data["sparring_requests"][0]["topic"] == "Solceller"
    assert {e["kind"] for e in data["emails"]} >= {"sparring_receipt", "sparring_comment"}
    assert data["api_tokens"][0]["name"] == "Karens bærbare"
    assert "password_hash" not in json.dumps(data)
    assert "token_hash" not in json.dumps(data)


def test_replies_are_included_without_other_peoples_data(client: FlaskClient, footprint: Footprint) -> None:
    data = _web_export(client, footprint.owner)
    replies = [c for c in data["sparring_comments"] if not c["by_you"]]
    assert replies
    assert replies[0]["body"] == f"Tak {OWNER_ALIAS}, vi ringer i morgen."
    assert replies[0]["author"] is None  # the municipality worker's name is theirs
    sent = [i for i in data["company_invitations"] if i["direction"] == "sent"]
    assert sent
    assert sent[0]["email"] is None
    assert footprint.colleague_email not in json.dumps(data)
    assert footprint.admin.email not in json.dumps(data)


def test_citizen_export_has_the_game_sections(client: FlaskClient, footprint: Footprint) -> None:
    data = _web_export(client, footprint.citizen)
    assert [log["points"] for log in data["logs"]]
    for section in (
        "daily_activity",
        "scores",
        "badges",
        "feed_events",
        "cap_hits",
        "flags",
        "team_memberships",
        "challenge_participations",
        "challenge_credits",
    ):
        assert data[section], section
    assert data["team_memberships"][0]["company"] == "Solcelle ApS"
    # The usual day holds today's bike logs summed (10 + 5 km); the bike is marked as always done.
    assert data["usual_day"] == [
        {
            "position": 1,
            "action": "cykel-frem-for-bil",
            "action_name": "Cyklede i stedet for at tage bilen",
            "quantity": "15",
            "unit": "km",
        }
    ]
    assert [mark["action"] for mark in data["always_do"]] == ["cykel-frem-for-bil"]


def test_csv_bundle_is_for_danish_excel_and_escapes_formulas(
    app: Flask, client: FlaskClient, footprint: Footprint
) -> None:
    from app.accounts.models import User

    with app.app_context(), write_transaction():
        db.session.get_one(User, footprint.citizen.id).alias = "=HYPERLINK(1)"
    login(client, footprint.citizen)
    response = client.get("/konto/eksport.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    bundle = zipfile.ZipFile(io.BytesIO(response.data))
    assert set(bundle.namelist()) == {f"{rule.section}.csv" for rule in RULES}
    raw = bundle.read("account.csv")
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    account = dict(zip(rows[0], rows[1], strict=True))
    assert account["alias"] == "'=HYPERLINK(1)"
    logs = list(csv.reader(io.StringIO(bundle.read("logs.csv").decode("utf-8-sig")), delimiter=";"))
    assert logs[0][:2] == ["id", "action"]
    assert len(logs) == 3


def test_export_needs_login(client: FlaskClient) -> None:
    for url in ("/konto/eksport", "/konto/eksport.zip"):
        assert client.get(url).status_code == 302
    assert client.get("/api/v1/me/export").status_code == 401


def test_a_staff_export_does_not_name_the_accounts_they_handled(app: Flask, make_user: Any) -> None:
    from app.accounts.models import User
    from app.audit.services import record_audit
    from app.privacy.queries import export_user_data

    staff = make_user(role="staff")
    citizen = make_user(alias="Borger Bent")
    with app.app_context():
        with write_transaction():
            record_audit(
                actor=db.session.get_one(User, staff.id),
                verb="suspend",
                object_type="user",
                object_id=citizen.id,
                object_label="Borger Bent",
            )
        entries = export_user_data(db.session.get_one(User, staff.id))["audit_entries"]
        assert [(e["verb"], e["object_label"]) for e in entries] == [("suspend", None)]
        mine = export_user_data(db.session.get_one(User, citizen.id))["audit_entries"]
        assert [(e["by_you"], e["object_label"]) for e in mine] == [(False, "Borger Bent")]
