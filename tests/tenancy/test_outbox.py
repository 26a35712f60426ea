"""The outbox is the installation's: every municipality's mails are sent, but a municipality's
admins see only their own undeliverable mails (the SMTP error names the recipient)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from app.db import db
from tests.tenancy.conftest import Town


def _queue(app: Flask, town: Town, *, failing: bool = False) -> int:
    from app.outbox.models import OutboxMessage
    from app.outbox.services import queue_mail
    from app.tenancy.context import in_municipality

    with app.app_context(), in_municipality(town.municipality_id):
        message = queue_mail(to=f"post@{town.slug}.dk", subject="Hej", body="Hej", kind="test")
        message_id = message.id
        if failing:
            row = db.session.get(OutboxMessage, message_id)
            row.attempts, row.last_error = 9, f"550 <post@{town.slug}.dk> findes ikke"
            db.session.commit()
        db.session.remove()
    return message_id


def test_a_mail_belongs_to_the_municipality_it_was_queued_in(app: Flask, towns: tuple[Town, Town]) -> None:
    from app.outbox.models import OutboxMessage
    from app.tenancy.context import platform_scope

    koege, solroed = towns
    ids = {town.slug: _queue(app, town) for town in towns}
    with app.app_context(), platform_scope():
        owners = dict(db.session.execute(select(OutboxMessage.id, OutboxMessage.municipality_id)).all())
        assert owners == {ids["koege"]: koege.municipality_id, ids["solroed"]: solroed.municipality_id}
        db.session.remove()


def test_the_sender_sends_every_municipalitys_mails(app: Flask, towns: tuple[Town, Town]) -> None:
    from app.outbox.models import MailStatus, OutboxMessage
    from app.tenancy.context import platform_scope

    for town in towns:
        _queue(app, town)
    result = app.test_cli_runner().invoke(args=["outbox", "send"])  # an app context: Køge's scope
    assert result.exit_code == 0, result.output
    assert "2 sent" in result.output
    with app.app_context(), platform_scope():
        assert set(db.session.scalars(select(OutboxMessage.status))) == {MailStatus.SENT}
        db.session.remove()


def test_the_delivery_alert_shows_only_the_municipalitys_own_mails(
    app: Flask, towns: tuple[Town, Town]
) -> None:
    from app.outbox.queries import delivery_alert
    from app.tenancy.context import in_municipality

    koege, solroed = towns
    _queue(app, koege, failing=True)
    with app.app_context():
        with in_municipality(koege.municipality_id):
            alert = delivery_alert(min_attempts=5)
            assert alert is not None
            assert alert.count == 1
            assert "post@koege.dk" in (alert.last_error or "")
        with in_municipality(solroed.municipality_id):
            assert delivery_alert(min_attempts=5) is None
        db.session.remove()
