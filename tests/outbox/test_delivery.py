"""The outbox delivers over SMTP and survives failures: nothing is lost, retries back off."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.clock import utcnow
from app.db import db
from app.outbox.models import OutboxMessage
from app.outbox.services import deliver_due, queue_mail
from app.outbox.transport import ConsoleTransport, SmtpTransport, transport_from_config
from tests.support.smtp_stub import closed_port, smtp_stub


def _smtp(app: Flask, port: int) -> None:
    app.config.update(
        MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False, SMTP_TIMEOUT=5
    )


def _queue(subject: str = "Din anmodning: Kontaktet") -> None:
    queue_mail(to="kontakt@example.dk", subject=subject, body="Hej fra Køge 🌿", kind="test")


def test_mails_are_delivered_over_smtp(ctx: Flask) -> None:
    with smtp_stub() as server:
        _smtp(ctx, server.port)
        _queue()
        report = deliver_due()
        assert (report.sent, report.failed, report.pending_left) == (1, 0, 0)
        parsed = message_from_bytes(server.messages[0])
        assert str(make_header(decode_header(parsed["Subject"]))) == "Din anmodning: Kontaktet"
        assert parsed["To"] == "kontakt@example.dk"
        assert "Hej fra Køge" in parsed.get_payload(decode=True).decode()
    message = db.session.scalar(select(OutboxMessage))
    assert message is not None
    assert (message.status, message.attempts, message.sent_at is not None) == ("sent", 1, True)
    assert deliver_due(transport=ConsoleTransport()).sent == 0  # sent mails are not resent


def test_the_outbox_survives_an_smtp_failure_and_retries_with_backoff(ctx: Flask) -> None:
    _smtp(ctx, closed_port())
    _queue()
    start = utcnow()
    report = deliver_due(now=start)
    assert (report.sent, report.failed, report.pending_left) == (0, 1, 1)
    message = db.session.scalar(select(OutboxMessage))
    assert message is not None
    assert (message.status, message.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in (message.last_error or "")
    base = ctx.config["OUTBOX_RETRY_BASE_SECONDS"]
    assert message.next_attempt_at == start + timedelta(seconds=base)

    # Not due yet: nothing is tried.
    assert deliver_due(now=start + timedelta(seconds=base - 1)).failed == 0
    # Second failure: the wait doubles.
    second = start + timedelta(seconds=base)
    assert deliver_due(now=second).failed == 1
    db.session.expire_all()
    message = db.session.scalar(select(OutboxMessage))
    assert message is not None
    assert message.attempts == 2
    assert message.next_attempt_at == second + timedelta(seconds=2 * base)

    # The server is back: the same mail goes out, once.
    with smtp_stub() as server:
        _smtp(ctx, server.port)
        report = deliver_due(now=second + timedelta(seconds=2 * base))
        assert (report.sent, report.pending_left) == (1, 0)
        assert len(server.messages) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_a_refused_message_is_kept(ctx: Flask) -> None:
    with smtp_stub() as server:
        server.refuse_data = True
        _smtp(ctx, server.port)
        _queue()
        report = deliver_due()
        assert (report.sent, report.failed) == (0, 1)
        message = db.session.scalar(select(OutboxMessage))
        assert message is not None
        assert message.status == "pending"
        assert "554" in (message.last_error or "")


def test_one_failing_mail_does_not_stop_the_others(ctx: Flask) -> None:
    class Flaky:
        def __init__(self) -> None:
            self.sent: list[str] = []

        def send(self, mail: object) -> None:
            if "fejl" in mail.subject:  # type: ignore[attr-defined]
                raise OSError("boom")
            self.sent.append(mail.subject)  # type: ignore[attr-defined]

    _queue("en")
    _queue("fejl")
    _queue("tre")
    flaky = Flaky()
    report = deliver_due(transport=flaky)
    assert (report.sent, report.failed, report.pending_left) == (2, 1, 1)
    assert flaky.sent == ["en", "tre"]


def test_the_mail_and_the_request_survive_a_failed_delivery(app: Flask, make_user: object) -> None:
    from tests.support.business import VALID_CVRS, make_company, make_request

    company = make_company(app, make_user, name="Alfa", cvr=VALID_CVRS[0])
    request_id = make_request(app, company)
    _smtp(app, closed_port())
    with app.app_context():
        report = deliver_due()
        assert report.failed == 2
        assert report.pending_left == 2
        from app.sparring.models import SparringRequest

        assert db.session.get(SparringRequest, request_id) is not None


def test_cli_send_uses_the_console_backend_in_development(app: Flask) -> None:
    with app.app_context():
        _queue("Til konsollen")
    app.config["MAIL_BACKEND"] = "console"
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "Til konsollen" in result.output
    assert "1 sent, 0 failed" in result.output
    status = app.test_cli_runner().invoke(args=["outbox", "status"])
    assert "sent: 1" in status.output


def test_cli_status_lists_queued_mails_with_their_error(app: Flask) -> None:
    _smtp(app, closed_port())
    with app.app_context():
        _queue("Kø")
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert "0 sent, 1 failed (kept for a retry), 1 still queued" in result.output
    status = app.test_cli_runner().invoke(args=["outbox", "status"])
    assert "pending: 1" in status.output
    assert "ConnectionRefusedError" in status.output


def test_transport_comes_from_configuration() -> None:
    smtp = transport_from_config(
        {
            "MAIL_BACKEND": "SMTP",
            "SMTP_HOST": "mail.example.dk",
            "SMTP_PORT": "465",
            "SMTP_SSL": "true",
            "SMTP_STARTTLS": "false",
            "SMTP_USERNAME": "u",
            "SMTP_PASSWORD": "p",
        }
    )
    assert smtp == SmtpTransport(
        host="mail.example.dk",
        port=465,
        username="u",
        password="p",
        starttls=False,
        use_ssl=True,
        timeout=20.0,
    )
    assert isinstance(transport_from_config({}), ConsoleTransport)
    with pytest.raises(ValueError, match="MAIL_BACKEND"):
        transport_from_config({"MAIL_BACKEND": "carrier-pigeon"})
