"""Test helpers for the account lifecycle: mails in the outbox and the links in them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import select

from app.db import db
from app.outbox.models import OutboxMessage

LINK = re.compile(r"https?://\S+")


def mails(app: Flask, kind: str | None = None) -> list[OutboxMessage]:
    """Every queued mail (of `kind`), oldest first, detached from the session."""
    with app.app_context():
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        rows = list(db.session.scalars(query))
        db.session.expunge_all()
        db.session.remove()
    return rows


def link_path(body: str, contains: str) -> str:
    """The path of the first link in a mail body whose URL contains `contains`."""
    for url in LINK.findall(body):
        if contains in url:
            parts = urlsplit(url)
            return parts.path + (f"?{parts.query}" if parts.query else "")
    raise AssertionError(f"no link with {contains!r} in {body!r}")
