"""The audit log: append-only, written in the same transaction as the change, filterable."""

from __future__ import annotations

import inspect
from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

import app.audit.queries as audit_queries
import app.audit.services as audit_services
from app.accounts.models import User
from app.audit.models import AuditEntry
from app.audit.queries import AuditFilter, audit_page
from app.audit.services import record_audit
from app.db import db, write_transaction
from tests.admin.conftest import logged_in
from tests.conftest import Person


def test_the_audit_blueprint_only_reads(app: Flask) -> None:
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("audit.")]
    assert rules
    for rule in rules:
        assert (rule.methods or set()) - {"GET", "HEAD", "OPTIONS"} == set(), rule.rule


def test_no_service_edits_or_deletes_entries() -> None:
    names = [
        name
        for name, obj in inspect.getmembers(audit_services, inspect.isfunction)
        if obj.__module__ == audit_services.__name__
    ]
    assert "record_audit" in names
    for name in names + [n for n, _ in inspect.getmembers(audit_queries, inspect.isfunction)]:
        assert not any(word in name for word in ("update", "delete", "edit", "remove")), name
    source = inspect.getsource(audit_services)
    assert "delete(" not in source
    assert "update(" not in source


def test_entry_rolls_back_with_the_failed_write(ctx: Flask, admin: Person) -> None:
    actor = db.session.get(User, admin.id)

    def failing_write() -> None:
        with write_transaction():
            record_audit(actor=actor, verb="update", object_type="action", object_id=1)
            raise RuntimeError("the write failed")

    with pytest.raises(RuntimeError):
        failing_write()
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0
    with write_transaction():
        record_audit(
            actor=actor,
            verb="update",
            object_type="action",
            object_id=1,
            before={"points": 1},
            after={"points": 2},
        )
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.actor_label, entry.before, entry.after) == (actor.email, {"points": 1}, {"points": 2})


def test_filters_by_actor_type_and_local_day(ctx: Flask, make_user: Any) -> None:
    people = [make_user(role="admin", alias="Admin Et"), make_user(role="admin", alias="Admin To")]
    first, second = (db.session.get(User, p.id) for p in people)
    moments = [
        datetime(2026, 11, 1, 23, 30, tzinfo=UTC),  # 00:30 on 2 Nov in Copenhagen (CET)
        datetime(2026, 11, 5, 10, 0, tzinfo=UTC),
    ]
    with write_transaction():
        record_audit(actor=first, verb="create", object_type="action", object_id=1, now=moments[0])
        record_audit(actor=second, verb="change", object_type="setting", object_id="X", now=moments[1])
    tz = "Europe/Copenhagen"
    assert audit_page(AuditFilter(actor_id=first.id), page=1, tz=tz).total == 1
    assert audit_page(AuditFilter(object_type="setting"), page=1, tz=tz).entries[0].verb == "change"
    on_second = audit_page(AuditFilter(date_from=date(2026, 11, 2), date_to=date(2026, 11, 2)), page=1, tz=tz)
    assert [e.object_type for e in on_second.entries] == ["action"]
    assert audit_page(AuditFilter(), page=1, tz=tz).entries[0].object_type == "setting"


def test_admin_browses_and_filters_the_log(app: Flask, admin: Person) -> None:
    client = logged_in(app, admin)
    client.post("/admin/indstillinger/BACKDATE_DAYS", data={"BACKDATE_DAYS-value": "4"})
    page = client.get("/admin/revisionslog?type=setting")
    assert page.status_code == 200
    assert page.text.count("data-entry=") == 1
    assert "BACKDATE_DAYS" in page.text
    assert client.get("/admin/revisionslog?fra=not-a-day").status_code == 422
    partial = client.get("/admin/revisionslog?type=setting", headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<div id="audit-entries">')


def test_entries_show_danish_letters_escaped_as_html(app: Flask, admin: Person) -> None:
    from app.neighbourhoods.services import NeighbourhoodData, create_neighbourhood

    with app.app_context():
        create_neighbourhood(
            admin=db.session.get(User, admin.id), data=NeighbourhoodData(name="Søby <b>", population=10)
        )
        db.session.remove()
    page = logged_in(app, admin).get("/admin/revisionslog")
    assert "Søby &lt;b&gt;" in page.text
    assert "<b>" not in page.text.split("audit-entries")[1]
