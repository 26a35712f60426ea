"""Privacy use cases: a person deletes their account; an admin handles an access or erasure
request for someone who lost access."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, union, update

from app.accounts.models import Role, User
from app.accounts.passwords import verify_password
from app.actions.models import LogEntry
from app.audit.services import record_audit
from app.clock import utcnow
from app.db import db, write_transaction
from app.errors import NotFound, PermissionDenied, ValidationError
from app.leaderboards.models import DailyActivity
from app.privacy.erasure import Erasing, erase_subject
from app.privacy.footprint import Subject
from app.privacy.queries import export_user_data

REASON_MAX = 500


def erase_user(*, user: User) -> None:
    """Erase `user` table by table (app/privacy/rules.py): deleted where nothing depends on it,
    anonymised where totals or a company's history must hold. One commit."""
    subject = Subject.of(user)
    with write_transaction():
        erase_subject(subject)


def delete_own_account(*, user: User, password: str) -> None:
    """The person deletes their own account, confirmed with their password. Administrators are
    removed by another administrator (so an installation always keeps one)."""
    if not verify_password(user.password_hash, password):
        raise ValidationError(_l("The password is not correct."), field="password")
    if user.role == Role.ADMIN:
        raise PermissionDenied(_l("Administrator accounts are removed by another administrator."))
    erase_user(user=user)


def _subject_for_admin(admin: User, user_id: int) -> User:
    if not admin.is_admin:
        raise PermissionDenied(_l("Only administrators handle data requests."))
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_l("There is no such account."))
    return user


def export_for_request(*, admin: User, user_id: int, now: datetime | None = None) -> dict[str, Any]:
    """An admin downloads a person's export for an access request (art. 15). Audit-logged by
    the account's id and alias; the alias is replaced if the person is later erased."""
    with write_transaction():
        user = _subject_for_admin(admin, user_id)
        export = export_user_data(user)
        record_audit(
            actor=admin,
            verb="privacy_export",
            object_type="user",
            object_id=user.id,
            object_label=user.alias,
            now=now or utcnow(),
        )
    return export


def erase_for_request(
    *, admin: User, user_id: int, confirmation: str, reason: str, now: datetime | None = None
) -> None:
    """An admin erases a person on request (art. 17). The admin types the account's e-mail to
    confirm and gives a reason. The audit entry keeps the action, the role and the reason, but
    not the person: their e-mail and alias are replaced in the reason too."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_l("Give the reason for the erasure."), field="reason")
    if len(reason) > REASON_MAX:
        raise ValidationError(_l("Use at most %(n)s characters.", n=REASON_MAX), field="reason")
    with write_transaction():
        user = _subject_for_admin(admin, user_id)
        if user.id == admin.id:
            raise PermissionDenied(_l("You cannot erase your own account here."))
        if confirmation.strip().lower() != user.email:
            raise ValidationError(
                _l("Type the account's e-mail address exactly to confirm."), field="confirmation"
            )
        role = user.role
        erasing: Erasing = erase_subject(Subject.of(user))
        record_audit(
            actor=admin,
            verb="privacy_erase",
            object_type="user",
            object_id=user_id,
            object_label="",
            after={"role": role, "reason": erasing.scrub(reason)},
            now=now or utcnow(),
        )


def rekey_orphaned_ledger() -> int:
    """Once, for accounts deleted before erasure re-keyed the ledger: every participant
    reference that belongs to no account any more gets a fresh random value, in the ledger and
    the daily totals alike, so a public id published while the account lived (GET /me, exports)
    leads nowhere. Counts stay correct: one old reference becomes one new one. Returns how many
    references were replaced. One commit."""
    live = select(User.public_id)
    orphans = union(
        select(LogEntry.participant_ref).where(LogEntry.participant_ref.not_in(live)),
        select(DailyActivity.participant_ref).where(DailyActivity.participant_ref.not_in(live)),
    )
    with write_transaction():
        refs = list(db.session.scalars(select(orphans.subquery().c[0])))
        for old in refs:
            new = str(uuid.uuid4())
            for model in (LogEntry, DailyActivity):
                db.session.execute(
                    update(model)
                    .where(model.participant_ref == old)
                    .values(participant_ref=new)
                    .execution_options(synchronize_session=False)
                )
    return len(refs)
