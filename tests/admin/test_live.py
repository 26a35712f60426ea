"""The live screen: public only through its secret link; rotating kills the old link."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.db import db
from tests.admin.conftest import logged_in
from tests.conftest import Person


def _token(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/admin/storskaerm")
    match = re.search(r"/storskaerm/([A-Za-z0-9_-]{40,})", page.text)
    assert match, page.text
    return match.group(1)


def test_rotating_the_link_stops_the_old_one(app: Flask, admin: Person) -> None:
    client = logged_in(app, admin)
    assert not re.search(r"/storskaerm/[A-Za-z0-9_-]{40,}", client.get("/admin/storskaerm").text)
    assert client.post("/admin/storskaerm/ny-adresse").status_code == 303
    first = _token(client)
    anonymous = app.test_client()
    screen = anonymous.get(f"/storskaerm/{first}")
    assert screen.status_code == 200
    assert 'hx-trigger="every 30s"' in screen.text
    assert 'data-area="borup"' in screen.text
    assert screen.headers["Cache-Control"] == "no-store"
    partial = anonymous.get(f"/storskaerm/{first}", headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<div id="live-board"')

    assert client.post("/admin/storskaerm/ny-adresse").status_code == 303
    second = _token(client)
    assert second != first
    assert anonymous.get(f"/storskaerm/{first}").status_code == 404
    assert anonymous.get(f"/storskaerm/{second}").status_code == 200
    with app.app_context():
        verbs = [
            e.verb
            for e in db.session.scalars(select(AuditEntry).where(AuditEntry.object_type == "live_screen"))
        ]
        assert verbs == ["create", "rotate"]
        assert all(first not in str(e.after) for e in db.session.scalars(select(AuditEntry)))


def test_guessed_tokens_find_nothing(app: Flask) -> None:
    client = app.test_client()
    for token in ("x", "a" * 43, "a" * 500):
        assert client.get(f"/storskaerm/{token}").status_code == 404
