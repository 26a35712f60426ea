"""Change an admin-editable setting, keeping every earlier value."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.accounts.permissions import require_admin
from app.audit.services import record_audit
from app.clock import utcnow
from app.db import db, write_transaction
from app.errors import NotFound, ValidationError
from app.i18n import lazy_decimal
from app.settings import EDITABLE_SETTINGS, SettingChange, default_setting, forget_overrides, setting


def change_setting(
    *, admin: User, name: str, value: int | None, now: datetime | None = None
) -> SettingChange | None:
    """Override an editable setting (None: back to the configured default).

    The value must lie in the setting's range. A new history row is appended (nothing is
    overwritten) and audited; an unchanged value writes nothing and returns None.
    """
    require_admin(admin)
    spec = EDITABLE_SETTINGS.get(name)
    if spec is None:
        raise NotFound(_l("There is no such setting."))
    if value is not None and not spec.minimum <= value <= spec.maximum:
        raise ValidationError(
            _l(
                "Choose a whole number from %(min)s to %(max)s.",
                min=lazy_decimal(spec.minimum),
                max=lazy_decimal(spec.maximum),
            ),
            field=name,
        )
    before = setting(name)
    after = default_setting(name) if value is None else value
    if before == after and value is not None:
        return None
    with write_transaction():
        change = SettingChange(name=name, value=value, changed_at=now or utcnow(), changed_by_id=admin.id)
        db.session.add(change)
        record_audit(
            actor=admin,
            verb="change",
            object_type="setting",
            object_id=name,
            object_label=name,
            before={"value": before},
            after={"value": after, "default": value is None},
            now=now,
        )
    forget_overrides()
    return change
