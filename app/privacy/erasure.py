"""Erase one person table by table, as app/privacy/rules.py states; runs inside the caller's
transaction."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Table, Text, cast, delete, func, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute

from app.accounts.models import User
from app.actions.models import AlwaysDoMark, LogEntry, UsualDayItem
from app.audit.models import AuditEntry
from app.business.models import Company, CompanyInvitation, CompanyMember, MemberRole, TeamMembership
from app.cases.models import Case
from app.challenges.models import Challenge, ChallengeParticipant
from app.db import db
from app.gamification.models import CapHit, FeedEvent, Flag, UserBadge
from app.intermunicipal.models import InterChallengeParticipant
from app.leaderboards.models import DailyActivity, UserScore
from app.livescreen.models import LiveScreenLink
from app.outbox.models import OutboxMessage
from app.partnerships.models import KpiCheckIn
from app.privacy.footprint import Subject
from app.privacy.rules import FORMER_MEMBER, FORMER_STAFF
from app.push.models import PushSubscription
from app.reminders.models import ReminderPreference
from app.settings import SettingChange
from app.solutions.models import Adoption
from app.sparring.models import SparringComment, SparringRequest, SparringStateChange
from app.vision.models import VisionTarget

MIN_TERM_LENGTH = 3  # shorter "names" would blank out ordinary words


@dataclass
class Erasing:
    """One erasure in progress: whom, their new participant reference, and the words (e-mail,
    alias, public id, contact name) to replace wherever text about them stays."""

    subject: Subject
    new_ref: str = field(default_factory=lambda: str(uuid.uuid4()))  # os.urandom: unguessable
    terms: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.add_term(self.subject.email, self.subject.alias, self.subject.public_id)

    def add_term(self, *words: str) -> None:
        for word in words:
            word = word.strip()
            if len(word) >= MIN_TERM_LENGTH and word not in self.terms:
                self.terms.append(word)

    def pattern(self) -> re.Pattern[str]:
        longest_first = sorted(self.terms, key=len, reverse=True)
        return re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(t) for t in longest_first) + r")(?!\w)", re.IGNORECASE
        )

    def scrub(self, text: str | None) -> str | None:
        return None if text is None else self.pattern().sub(FORMER_MEMBER, text)

    def mentions(self, *columns: ColumnElement[Any] | InstrumentedAttribute[Any]) -> ColumnElement[bool]:
        """SQL pre-filter: a column contains one of the terms (exact, ASCII case-folded, or as
        JSON writes it with non-ASCII letters escaped)."""
        variants = {v for term in self.terms for v in (term, json.dumps(term)[1:-1])}
        tests = [
            test
            for column in columns
            for term in variants
            for test in (
                column.contains(term, autoescape=True),
                func.lower(column).contains(term.lower(), autoescape=True),
            )
        ]
        return or_(*tests)


def scrub_json(value: Any, erasing: Erasing) -> Any:
    if isinstance(value, str):
        return erasing.scrub(value)
    if isinstance(value, dict):
        return {k: scrub_json(v, erasing) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_json(v, erasing) for v in value]
    return value


def _scrub_rows(erasing: Erasing, model: type[Any], columns: Iterable[str]) -> None:
    """Replace the person's words in the named text columns of every row that mentions them."""
    attrs = [getattr(model, name) for name in columns]
    for row in db.session.scalars(select(model).where(erasing.mentions(*attrs))):
        for name in columns:
            setattr(row, name, erasing.scrub(getattr(row, name)))
    db.session.flush()


def _unlink(column: InstrumentedAttribute[Any], user_id: int) -> None:
    """SET NULL on one foreign key to the person."""
    model = column.class_
    db.session.execute(
        update(model)
        .where(column == user_id)
        .values({column.key: None})
        .execution_options(synchronize_session=False)
    )


def _delete_where(model: type[Any], *where: ColumnElement[bool]) -> None:
    db.session.execute(delete(model).where(*where).execution_options(synchronize_session=False))


# --- one step per table ------------------------------------------------------------------------


def _companies(e: Erasing) -> None:
    """Contact data goes when the person was the contact or the last member; an owner who
    leaves hands the company to the longest-serving member."""
    uid = e.subject.user_id
    seat = db.session.scalar(select(CompanyMember).where(CompanyMember.user_id == uid))
    if seat is not None:
        others = list(
            db.session.scalars(
                select(CompanyMember)
                .where(CompanyMember.company_id == seat.company_id, CompanyMember.user_id != uid)
                .order_by(CompanyMember.joined_at, CompanyMember.user_id)
            )
        )
        if not others:
            _clear_contact(db.session.get(Company, seat.company_id), e)
        elif seat.is_owner and not any(m.is_owner for m in others):
            others[0].role = MemberRole.OWNER
    for company in db.session.scalars(select(Company).where(Company.contact_email == e.subject.email)):
        e.add_term(company.contact_name)
        _clear_contact(company, e)
    _unlink(Company.verified_by_id, uid)
    db.session.flush()


def _clear_contact(company: Company | None, e: Erasing) -> None:
    if company is None:
        return
    if company.contact_email == e.subject.email:
        e.add_term(company.contact_name)
    company.contact_name = ""
    company.contact_email = ""
    company.contact_phone = ""


def _invitations(e: Erasing) -> None:
    uid = e.subject.user_id
    _delete_where(
        CompanyInvitation,
        or_(
            CompanyInvitation.email == e.subject.email,
            CompanyInvitation.invited_by_id == uid,
            CompanyInvitation.accepted_by_id == uid,
        ),
    )


def _outbox(e: Erasing) -> None:
    _delete_where(OutboxMessage, OutboxMessage.to_address == e.subject.email)
    _scrub_rows(e, OutboxMessage, ("subject", "body"))


def _sparring_requests(e: Erasing) -> None:
    _unlink(SparringRequest.requested_by_id, e.subject.user_id)
    _unlink(SparringRequest.assigned_to_id, e.subject.user_id)
    _scrub_rows(e, SparringRequest, ("topic", "message", "contact_time"))


def _sparring_state_changes(e: Erasing) -> None:
    _unlink(SparringStateChange.actor_id, e.subject.user_id)
    _scrub_rows(e, SparringStateChange, ("note",))


def _sparring_comments(e: Erasing) -> None:
    db.session.execute(
        update(SparringComment)
        .where(SparringComment.author_id == e.subject.user_id)
        .values(author_id=None, author_name=FORMER_MEMBER)
        .execution_options(synchronize_session=False)
    )
    _scrub_rows(e, SparringComment, ("author_name", "body"))


def _audit(e: Erasing) -> None:
    """The entry keeps the action; the actor's e-mail, the person's label and their words in
    the before/after snapshots are replaced."""
    uid = e.subject.user_id
    about = (AuditEntry.object_type == "user") & (AuditEntry.object_id == str(uid))
    for entry in db.session.scalars(
        select(AuditEntry).where(
            or_(
                AuditEntry.actor_id == uid,
                about,
                e.mentions(
                    AuditEntry.object_label, cast(AuditEntry.before, Text), cast(AuditEntry.after, Text)
                ),
            )
        )
    ):
        if entry.actor_id == uid:
            entry.actor_id = None
            entry.actor_label = FORMER_STAFF
        entry.object_label = e.scrub(entry.object_label) or ""
        if entry.object_type == "user" and entry.object_id == str(uid):
            entry.object_label = FORMER_MEMBER
        entry.before = scrub_json(entry.before, e)
        entry.after = scrub_json(entry.after, e)
    db.session.flush()


def _ledger(e: Erasing) -> None:
    """One UPDATE re-keys the ledger: totals and participant counts stay, nothing published
    before (the public id from GET /me, earlier exports) leads to the rows any more."""
    db.session.execute(
        update(LogEntry)
        .where(or_(LogEntry.user_id == e.subject.user_id, LogEntry.participant_ref == e.subject.public_id))
        .values(user_id=None, participant_ref=e.new_ref)
        .execution_options(synchronize_session=False)
    )


def _daily_activity(e: Erasing) -> None:
    db.session.execute(
        update(DailyActivity)
        .where(DailyActivity.participant_ref == e.subject.public_id)
        .values(participant_ref=e.new_ref)
        .execution_options(synchronize_session=False)
    )


def _inter_challenges(e: Erasing) -> None:
    db.session.execute(
        update(InterChallengeParticipant)
        .where(InterChallengeParticipant.participant_ref == e.subject.public_id)
        .values(participant_ref=e.new_ref)
        .execution_options(synchronize_session=False)
    )


def _flags(e: Erasing) -> None:
    _delete_where(Flag, Flag.user_id == e.subject.user_id)
    _unlink(Flag.resolved_by_id, e.subject.user_id)
    _scrub_rows(e, Flag, ("details", "resolution"))


def _owned(model: type[Any]) -> Callable[[Erasing], None]:
    def erase(e: Erasing) -> None:
        _delete_where(model, model.user_id == e.subject.user_id)

    return erase


def _unlinked(column: InstrumentedAttribute[Any]) -> Callable[[Erasing], None]:
    def erase(e: Erasing) -> None:
        _unlink(column, e.subject.user_id)

    return erase


def _owned_table(table_name: str) -> Callable[[Erasing], None]:
    """A table another feature owns, keyed by user_id: delete the rows when the table exists."""

    def erase(e: Erasing) -> None:
        table: Table | None = db.metadata.tables.get(table_name)
        if table is not None:
            db.session.execute(table.delete().where(table.c.user_id == e.subject.user_id))

    return erase


def _kept(_: Erasing) -> None:
    """Challenge credits hang on the (anonymised) participant row and the log: nothing to do."""


def _account(e: Erasing) -> None:
    db.session.execute(
        delete(User).where(User.id == e.subject.user_id).execution_options(synchronize_session=False)
    )


# In this order: companies first (they add the contact name to the words to replace), the
# account last.
ERASERS: dict[str, Callable[[Erasing], None]] = {
    "companies": _companies,
    "company_members": _owned(CompanyMember),
    "company_invitations": _invitations,
    "outbox_messages": _outbox,
    "sparring_requests": _sparring_requests,
    "sparring_state_changes": _sparring_state_changes,
    "sparring_comments": _sparring_comments,
    "solution_adoptions": _unlinked(Adoption.decided_by_id),
    "audit_log": _audit,
    "action_logs": _ledger,
    "usual_day_items": _owned(UsualDayItem),
    "always_do_marks": _owned(AlwaysDoMark),
    "daily_activity": _daily_activity,
    "inter_challenge_participants": _inter_challenges,
    "user_scores": _owned(UserScore),
    "user_badges": _owned(UserBadge),
    "feed_events": _owned(FeedEvent),
    "cap_hits": _owned(CapHit),
    "flags": _flags,
    "team_memberships": _owned(TeamMembership),
    "api_tokens": _owned_table("api_tokens"),
    "challenge_participants": _unlinked(ChallengeParticipant.user_id),
    "challenge_credits": _kept,
    "setting_changes": _unlinked(SettingChange.changed_by_id),
    "live_screen_links": _unlinked(LiveScreenLink.created_by_id),
    "vision_targets": _unlinked(VisionTarget.set_by_id),
    "challenges": _unlinked(Challenge.created_by_id),
    "cases": _unlinked(Case.author_id),
    "kpi_check_ins": _unlinked(KpiCheckIn.recorded_by_id),
    "password_reset_tokens": _owned_table("password_reset_tokens"),
    "email_verification_tokens": _owned_table("email_verification_tokens"),
    "reminder_preferences": _owned(ReminderPreference),
    "push_subscriptions": _owned(PushSubscription),
    "users": _account,
}


def erase_subject(subject: Subject) -> Erasing:
    """Run every table's step. The caller holds the write transaction (one commit)."""
    erasing = Erasing(subject)
    for step in ERASERS.values():
        step(erasing)
    return erasing
