"""Admin-editable settings: database overrides win, history is kept, every change is audited."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import select

from app.admin.services.settings import change_setting
from app.audit.models import AuditEntry
from app.db import db
from app.errors import PermissionDenied, ValidationError
from app.settings import SettingChange, setting
from tests.admin.conftest import NOW, TODAY, log, logged_in, user
from tests.conftest import Person


def test_override_wins_and_reset_returns_to_default(ctx: Flask, admin: Person) -> None:
    assert setting("BACKDATE_DAYS") == 2
    change_setting(admin=user(admin), name="BACKDATE_DAYS", value=5)
    assert setting("BACKDATE_DAYS") == 5
    change_setting(admin=user(admin), name="BACKDATE_DAYS", value=None)
    assert setting("BACKDATE_DAYS") == 2
    history = [c.value for c in db.session.scalars(select(SettingChange).order_by(SettingChange.id))]
    assert history == [5, None]
    entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [(e.before, e.after) for e in entries] == [
        ({"value": 2}, {"value": 5, "default": False}),
        ({"value": 5}, {"value": 2, "default": True}),
    ]


def test_range_and_role_are_checked(ctx: Flask, admin: Person, staff: Person) -> None:
    with pytest.raises(ValidationError):
        change_setting(admin=user(admin), name="BACKDATE_DAYS", value=99)
    with pytest.raises(PermissionDenied):
        change_setting(admin=user(staff), name="BACKDATE_DAYS", value=3)
    assert db.session.scalar(select(SettingChange)) is None


def test_the_log_service_reads_the_override(ctx: Flask, admin: Person, citizen: Person) -> None:
    four_days_ago = TODAY - timedelta(days=4)
    with pytest.raises(ValidationError):
        log(citizen, day=four_days_ago)
    change_setting(admin=user(admin), name="BACKDATE_DAYS", value=5)
    assert log(citizen, day=four_days_ago, now=NOW)
    assert Decimal(1) > 0


def test_overrides_are_read_once_per_app_context(ctx: Flask, admin: Person) -> None:
    from tests.admin.test_dashboard import statements

    change_setting(admin=user(admin), name="BACKDATE_DAYS", value=4)
    with ctx.app_context(), statements(ctx) as seen:
        values = [setting("BACKDATE_DAYS"), setting("THROTTLE_MAX_LOGS"), setting("BACKDATE_DAYS")]
    assert values == [4, 30, 4]
    assert len([s for s in seen if "setting_changes" in s]) == 1


def test_the_settings_page_changes_a_value(app: Flask, admin: Person) -> None:
    client = logged_in(app, admin)
    response = client.post("/admin/indstillinger/BACKDATE_DAYS", data={"BACKDATE_DAYS-value": "4"})
    assert response.status_code == 303
    page = client.get("/admin/indstillinger")
    assert "4" in page.text
    with app.app_context():
        assert setting("BACKDATE_DAYS") == 4


def test_bad_values_are_422(app: Flask, admin: Person) -> None:
    client = logged_in(app, admin)
    assert (
        client.post("/admin/indstillinger/BACKDATE_DAYS", data={"BACKDATE_DAYS-value": "many"}).status_code
        == 422
    )
    assert (
        client.post("/admin/indstillinger/BACKDATE_DAYS", data={"BACKDATE_DAYS-value": "-1"}).status_code
        == 422
    )
    assert client.post("/admin/indstillinger/SECRET_KEY", data={}).status_code == 404


def test_cached_overrides_are_shared_between_requests_and_dropped_on_change(
    ctx: Flask, admin: Person
) -> None:
    """SETTINGS_CACHE_SECONDS on (as in production): the overrides are read once for many
    requests, and an admin's change is seen by the very next request, not seconds later."""
    from tests.admin.test_dashboard import statements

    ctx.config["SETTINGS_CACHE_SECONDS"] = 60
    change_setting(admin=user(admin), name="BACKDATE_DAYS", value=4)
    with statements(ctx) as seen:
        for _ in range(3):  # three requests
            with ctx.app_context():
                assert setting("BACKDATE_DAYS") == 4
    assert len([s for s in seen if "setting_changes" in s]) == 1
    change_setting(admin=user(admin), name="BACKDATE_DAYS", value=6)
    with ctx.app_context():
        assert setting("BACKDATE_DAYS") == 6
    # a row written behind the cache's back (another process without a shared cache) waits
    # for the cache to expire; that is the documented lag, and forgetting ends it
    db.session.add(SettingChange(name="BACKDATE_DAYS", value=2))
    db.session.commit()
    with ctx.app_context():
        assert setting("BACKDATE_DAYS") == 6
    from app.settings import forget_overrides

    with ctx.app_context():
        forget_overrides()
        assert setting("BACKDATE_DAYS") == 2
