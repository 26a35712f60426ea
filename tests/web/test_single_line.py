"""One-line fields refuse CR/LF and other control characters, on the web, in the API and in mail."""

from __future__ import annotations

from email import message_from_bytes
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.accounts.models import User
from app.business.models import Company
from app.db import db
from app.outbox.models import OutboxMessage
from app.outbox.services import deliver_due, queue_mail
from app.single_line import has_control_characters, to_single_line
from tests.conftest import Person, login
from tests.support.business import VALID_CVRS, company_values, make_company
from tests.support.smtp_stub import smtp_stub

BAD = ["A\r\nB", "A\nB", "A\rB", "A\tB", "A\x00B", "A\x85B", "A\u2028B"]
DANISH = "Skriv det på én linje uden linjeskift eller andre specialtegn."


@pytest.mark.parametrize("text", BAD)
def test_control_characters_are_found_and_flattened(text: str) -> None:
    assert has_control_characters(text)
    assert to_single_line(text) == "A B"
    assert not has_control_characters("Grøn Bageri ApS – Køge")


def test_the_web_refuses_a_company_name_with_a_line_break(
    app: Flask, client: FlaskClient, make_user: Any
) -> None:
    login(client, make_user(role="business"))
    with app.app_context():
        form = company_values(name="A\r\nB", cvr=VALID_CVRS[0])
    response = client.post("/virksomhed/ny", data=form)
    assert response.status_code == 422
    assert DANISH in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Company)) == 0
    assert client.post("/virksomhed/ny", data={**form, "name": "A B"}).status_code == 303


def test_the_web_refuses_an_alias_with_a_line_break(client: FlaskClient, citizen: Person, app: Flask) -> None:
    login(client, citizen)
    response = client.post("/konto/profil", data={"alias": "Karen\r\nBcc: x@evil.example"})
    assert response.status_code == 422
    assert DANISH in response.text
    with app.app_context():
        assert db.session.get(User, citizen.id).alias == citizen.alias  # type: ignore[union-attr]


def _token(client: FlaskClient, person: Person) -> dict[str, str]:
    response = client.post("/api/v1/tokens", json={"email": person.email, "password": person.password})
    return {"Authorization": f"Bearer {response.json['token']}"}


def test_the_api_refuses_an_alias_with_a_line_break(client: FlaskClient, citizen: Person, app: Flask) -> None:
    response = client.patch("/api/v1/me", json={"alias": "A\r\nB"}, headers=_token(client, citizen))
    assert (response.status_code, response.mimetype) == (422, "application/problem+json")
    assert response.json["errors"][0]["field"] == "alias"
    assert response.json["errors"][0]["message"] == DANISH
    with app.app_context():
        assert db.session.get(User, citizen.id).alias == citizen.alias  # type: ignore[union-attr]


def test_the_api_refuses_a_device_name_with_a_line_break(client: FlaskClient, citizen: Person) -> None:
    response = client.post(
        "/api/v1/tokens",
        json={"email": citizen.email, "password": citizen.password, "name": "Telefon\nX-Evil: 1"},
    )
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "name"


def test_the_api_refuses_a_sparring_topic_with_a_line_break(
    app: Flask, client: FlaskClient, make_user: Any
) -> None:
    company = make_company(app, make_user, name="Alfa Bageri", cvr=VALID_CVRS[0])
    response = client.post(
        "/api/v1/sparring/requests",
        headers=_token(client, company.owner),
        json={"topic": "Varme\r\nBcc: x@evil.example", "message": "Hej"},
    )
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "topic"


def test_a_mail_queued_with_a_line_break_in_its_subject_is_still_delivered(ctx: Flask) -> None:
    queue_mail(
        to=" ny@example.dk\r\n", subject="Velkommen\r\nBcc: x@evil.example", body="Hej\nfra Køge", kind="test"
    )
    with smtp_stub() as server:
        ctx.config.update(
            MAIL_BACKEND="smtp",
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=server.port,
            SMTP_STARTTLS=False,
            SMTP_TIMEOUT=5,
        )
        report = deliver_due()
        assert (report.sent, report.failed) == (1, 0)
        parsed = message_from_bytes(server.messages[0])
    assert parsed["Subject"] == "Velkommen Bcc: x@evil.example"
    assert parsed["To"] == "ny@example.dk"
    assert parsed["Bcc"] is None
    message = db.session.scalar(select(OutboxMessage))
    assert message is not None
    assert message.status == "sent"
