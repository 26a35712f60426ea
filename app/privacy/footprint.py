"""What the database holds about one person, table by table, as readable export rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, or_, select

from app.accounts.models import User
from app.actions.models import LogEntry
from app.audit.models import AuditEntry
from app.business.models import Company, CompanyInvitation, CompanyMember, TeamMembership, WorkplaceTeam
from app.challenges.models import Challenge, ChallengeCredit, ChallengeParticipant
from app.db import db
from app.gamification.models import CapHit, FeedEvent, Flag, UserBadge
from app.leaderboards.models import DailyActivity, UserScore
from app.livescreen.models import LiveScreenLink
from app.neighbourhoods.models import Neighbourhood
from app.outbox.models import OutboxMessage
from app.settings import SettingChange
from app.sparring.models import SparringComment, SparringRequest, SparringStateChange
from app.vision.models import VisionTarget

Row = dict[str, Any]


@dataclass(frozen=True)
class Subject:
    """The person an export or erasure is about, read once before anything changes."""

    user_id: int
    email: str
    alias: str
    public_id: str
    role: str

    @classmethod
    def of(cls, user: User) -> Subject:
        return cls(user.id, user.email, user.alias, user.public_id, user.role)


def plain(value: Any) -> Any:
    """Dates as ISO text (JSON and CSV read the same); decimals stay numbers for the CSV."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(**values: Any) -> Row:
    return {name: plain(value) for name, value in values.items()}


def _area_names() -> dict[int, str]:
    return {row.id: row.name for row in db.session.execute(select(Neighbourhood.id, Neighbourhood.name))}


def _account(s: Subject) -> Row:
    user = db.session.get_one(User, s.user_id)
    return _row(
        email=user.email,
        alias=user.alias,
        role=user.role,
        neighbourhood=user.neighbourhood.name if user.neighbourhood else None,
        show_in_rankings=user.show_in_rankings,
        participant_reference=user.public_id,
        is_suspended=user.is_suspended,
        created_at=user.created_at,
        last_login_at=user.last_login_at,
        email_verified_at=user.email_verified_at,
        neighbourhood_changed_at=user.neighbourhood_changed_at,
    )


def _logs(s: Subject) -> list[Row]:
    areas = _area_names()
    logs = db.session.scalars(select(LogEntry).where(LogEntry.user_id == s.user_id).order_by(LogEntry.id))
    return [
        _row(
            id=log.id,
            action=log.action.slug,
            action_name=log.action.name_da,
            quantity=log.quantity,
            unit=log.action.unit_da,
            points=log.points,
            co2e_kg=None if log.co2e_g is None else Decimal(log.co2e_g) / 1000,
            neighbourhood=areas.get(log.neighbourhood_id),
            occurred_on=log.occurred_on,
            created_at=log.created_at,
            status=log.status,
            status_changed_at=log.status_changed_at,
            status_reason=log.status_reason,
            idempotency_key=log.idempotency_key,
        )
        for log in logs
    ]


def _daily_activity(s: Subject) -> list[Row]:
    areas = _area_names()
    rows = db.session.scalars(
        select(DailyActivity)
        .where(DailyActivity.participant_ref == s.public_id)
        .order_by(DailyActivity.day, DailyActivity.category)
    )
    return [
        _row(
            day=r.day,
            neighbourhood=areas.get(r.neighbourhood_id),
            category=r.category,
            points=r.points,
            co2e_kg=Decimal(r.co2e_g) / 1000,
            logs=r.logs,
        )
        for r in rows
    ]


def _scores(s: Subject) -> list[Row]:
    areas = _area_names()
    rows = db.session.scalars(
        select(UserScore)
        .where(UserScore.user_id == s.user_id)
        .order_by(UserScore.period, UserScore.period_key)
    )
    return [
        _row(
            period=r.period,
            period_key=r.period_key,
            neighbourhood=areas.get(r.neighbourhood_id),
            points=r.points,
            co2e_kg=Decimal(r.co2e_g) / 1000,
            logs=r.logs,
        )
        for r in rows
    ]


def _badges(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(UserBadge).where(UserBadge.user_id == s.user_id).order_by(UserBadge.awarded_at)
    )
    return [_row(badge=r.badge_code, awarded_at=r.awarded_at) for r in rows]


def _feed_events(s: Subject) -> list[Row]:
    areas = _area_names()
    rows = db.session.scalars(select(FeedEvent).where(FeedEvent.user_id == s.user_id).order_by(FeedEvent.id))
    return [
        _row(
            kind=r.kind,
            neighbourhood=areas.get(r.neighbourhood_id or 0),
            log_id=r.log_id,
            badge=r.badge_code,
            value=r.value,
            created_at=r.created_at,
        )
        for r in rows
    ]


def _cap_hits(s: Subject) -> list[Row]:
    rows = db.session.scalars(select(CapHit).where(CapHit.user_id == s.user_id).order_by(CapHit.day))
    return [_row(day=r.day, refused_logs=r.hits) for r in rows]


def _flags(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(Flag).where(or_(Flag.user_id == s.user_id, Flag.resolved_by_id == s.user_id)).order_by(Flag.id)
    )
    out = []
    for r in rows:
        if r.user_id == s.user_id:  # about them: everything, including the moderator's note
            out.append(
                _row(
                    about_you=True,
                    kind=r.kind,
                    day=r.day,
                    details=r.details,
                    status=r.status,
                    created_at=r.created_at,
                    resolved_at=r.resolved_at,
                    resolution=r.resolution,
                )
            )
        else:  # resolved by them as staff: not the other citizen's details
            out.append(
                _row(
                    about_you=False,
                    kind=r.kind,
                    day=r.day,
                    details=None,
                    status=r.status,
                    created_at=r.created_at,
                    resolved_at=r.resolved_at,
                    resolution=r.resolution,
                )
            )
    return out


def _team_memberships(s: Subject) -> list[Row]:
    rows = db.session.execute(
        select(TeamMembership.joined_at, WorkplaceTeam.name, Company.name)
        .join(WorkplaceTeam, WorkplaceTeam.id == TeamMembership.team_id)
        .join(Company, Company.id == WorkplaceTeam.company_id)
        .where(TeamMembership.user_id == s.user_id)
    ).all()
    return [_row(team=team, company=company, joined_at=joined) for joined, team, company in rows]


def _api_tokens(s: Subject) -> list[Row]:
    from app.accounts.models import ApiToken

    rows = db.session.scalars(select(ApiToken).where(ApiToken.user_id == s.user_id).order_by(ApiToken.id))
    return [
        _row(
            name=r.name,
            prefix=r.prefix,
            created_at=r.created_at,
            expires_at=r.expires_at,
            last_used_at=r.last_used_at,
            revoked_at=r.revoked_at,
        )
        for r in rows
    ]


def _challenge_participations(s: Subject) -> list[Row]:
    rows = db.session.execute(
        select(ChallengeParticipant, Challenge.slug, Challenge.title_da)
        .join(Challenge, Challenge.id == ChallengeParticipant.challenge_id)
        .where(ChallengeParticipant.user_id == s.user_id)
        .order_by(ChallengeParticipant.id)
    ).all()
    return [
        _row(
            challenge=slug,
            title=title,
            joined_at=p.joined_at,
            points=p.points,
            bonus_points=p.bonus_points,
            quantity=p.quantity,
            co2e_kg=Decimal(p.co2e_g) / 1000,
            logs=p.logs,
        )
        for p, slug, title in rows
    ]


def _challenge_credits(s: Subject) -> list[Row]:
    rows = db.session.execute(
        select(ChallengeCredit.log_id, ChallengeCredit.bonus_points, Challenge.slug)
        .join(ChallengeParticipant, ChallengeParticipant.id == ChallengeCredit.participant_id)
        .join(Challenge, Challenge.id == ChallengeCredit.challenge_id)
        .where(ChallengeParticipant.user_id == s.user_id)
        .order_by(ChallengeCredit.id)
    ).all()
    return [_row(challenge=slug, log_id=log_id, bonus_points=bonus) for log_id, bonus, slug in rows]


def _company_memberships(s: Subject) -> list[Row]:
    rows = db.session.scalars(select(CompanyMember).where(CompanyMember.user_id == s.user_id))
    return [_row(company=m.company.name, cvr=m.company.cvr, role=m.role, joined_at=m.joined_at) for m in rows]


def _companies(s: Subject) -> list[Row]:
    member_of = select(CompanyMember.company_id).where(CompanyMember.user_id == s.user_id)
    rows = db.session.scalars(
        select(Company)
        .where(
            or_(
                Company.id.in_(member_of),
                Company.contact_email == s.email,
                Company.verified_by_id == s.user_id,
            )
        )
        .order_by(Company.id)
    )
    return [
        _row(
            name=c.name,
            cvr=c.cvr,
            address=c.address,
            website=c.website,
            contact_name=c.contact_name,
            contact_email=c.contact_email,
            contact_phone=c.contact_phone,
            about=c.about,
            created_at=c.created_at,
            you_are_contact=c.contact_email == s.email,
            verified_by_you=c.verified_by_id == s.user_id,
        )
        for c in rows
    ]


def _company_invitations(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(CompanyInvitation)
        .where(
            or_(
                CompanyInvitation.email == s.email,
                CompanyInvitation.invited_by_id == s.user_id,
                CompanyInvitation.accepted_by_id == s.user_id,
            )
        )
        .order_by(CompanyInvitation.id)
    )
    # The invitee's address only when it is the person's own: not other people's data.
    return [
        _row(
            company=i.company.name,
            direction="received" if i.email == s.email else "sent",
            email=i.email if i.email == s.email else None,
            created_at=i.created_at,
            expires_at=i.expires_at,
            accepted_at=i.accepted_at,
        )
        for i in rows
    ]


def _sparring_requests(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(SparringRequest)
        .where(or_(SparringRequest.requested_by_id == s.user_id, SparringRequest.assigned_to_id == s.user_id))
        .order_by(SparringRequest.id)
    )
    # Requests only assigned to them (as staff) are the company's: not its message.
    return [
        _row(
            id=r.id,
            company=r.company.name,
            requested_by_you=r.requested_by_id == s.user_id,
            assigned_to_you=r.assigned_to_id == s.user_id,
            topic=r.topic,
            message=r.message if r.requested_by_id == s.user_id else None,
            offers=", ".join(o.title for o in r.offers),
            contact_method=r.contact_method,
            contact_time=r.contact_time,
            state=r.state,
            created_at=r.created_at,
            state_changed_at=r.state_changed_at,
        )
        for r in rows
    ]


def _sparring_state_changes(s: Subject) -> list[Row]:
    mine = select(SparringRequest.id).where(SparringRequest.requested_by_id == s.user_id)
    rows = db.session.scalars(
        select(SparringStateChange)
        .where(or_(SparringStateChange.actor_id == s.user_id, SparringStateChange.request_id.in_(mine)))
        .order_by(SparringStateChange.id)
    )
    return [
        _row(
            request_id=r.request_id,
            from_state=r.from_state,
            to_state=r.to_state,
            by_you=r.actor_id == s.user_id,
            note=r.note,
            created_at=r.created_at,
        )
        for r in rows
    ]


def _sparring_comments(s: Subject) -> list[Row]:
    """Their own comments, and the replies on their requests (art. 15: the thread about their
    request), without the other writers' names."""
    mine = select(SparringRequest.id).where(SparringRequest.requested_by_id == s.user_id)
    rows = db.session.scalars(
        select(SparringComment)
        .where(or_(SparringComment.author_id == s.user_id, SparringComment.request_id.in_(mine)))
        .order_by(SparringComment.id)
    )
    return [
        _row(
            request_id=c.request_id,
            by_you=c.author_id == s.user_id,
            side=c.side,
            author=c.author_name if c.author_id == s.user_id else None,
            body=c.body,
            created_at=c.created_at,
        )
        for c in rows
    ]


def _emails(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == s.email).order_by(OutboxMessage.id)
    )
    return [
        _row(
            kind=m.kind,
            to=m.to_address,
            subject=m.subject,
            body=m.body,
            status=m.status,
            created_at=m.created_at,
            sent_at=m.sent_at,
        )
        for m in rows
    ]


def _audit_entries(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(AuditEntry)
        .where(
            or_(
                AuditEntry.actor_id == s.user_id,
                (AuditEntry.object_type == "user") & (AuditEntry.object_id == str(s.user_id)),
            )
        )
        .order_by(AuditEntry.id)
    )
    # An entry the person made as staff about another account names that account: not theirs.
    return [
        _row(
            by_you=e.actor_id == s.user_id,
            verb=e.verb,
            object_type=e.object_type,
            object_id=e.object_id,
            object_label=None
            if e.object_type == "user" and e.object_id != str(s.user_id)
            else e.object_label,
            created_at=e.created_at,
        )
        for e in rows
    ]


def _setting_changes(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(SettingChange).where(SettingChange.changed_by_id == s.user_id).order_by(SettingChange.id)
    )
    return [_row(setting=r.name, value=r.value, changed_at=r.changed_at) for r in rows]


def _live_screen_links(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(LiveScreenLink).where(LiveScreenLink.created_by_id == s.user_id).order_by(LiveScreenLink.id)
    )
    return [_row(created_at=r.created_at, retired_at=r.retired_at) for r in rows]


def _vision_targets(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(VisionTarget).where(VisionTarget.set_by_id == s.user_id).order_by(VisionTarget.year)
    )
    return [_row(year=r.year, target_co2e_kg=r.target_co2e_kg, set_at=r.set_at) for r in rows]


def _challenges_created(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(Challenge).where(Challenge.created_by_id == s.user_id).order_by(Challenge.id)
    )
    return [_row(challenge=r.slug, title=r.title_da, created_at=r.created_at) for r in rows]


def owned_rows_exporter(table_name: str) -> Callable[[Subject], list[Row]]:
    """A table keyed to the person by `user_id`: every column but ids and secrets (hashes)."""

    def export(s: Subject) -> list[Row]:
        table: Table | None = db.metadata.tables.get(table_name)
        if table is None:
            return []
        shown = [
            c
            for c in table.columns
            if c.name not in {"id", "user_id"} and "hash" not in c.name and "token" not in c.name
        ]
        rows = db.session.execute(select(*shown).where(table.c.user_id == s.user_id)).mappings()
        return [{name: plain(value) for name, value in row.items()} for row in rows]

    return export


EXPORTERS: dict[str, Callable[[Subject], Any]] = {
    "users": _account,
    "action_logs": _logs,
    "daily_activity": _daily_activity,
    "user_scores": _scores,
    "user_badges": _badges,
    "feed_events": _feed_events,
    "cap_hits": _cap_hits,
    "flags": _flags,
    "team_memberships": _team_memberships,
    "api_tokens": _api_tokens,
    "challenge_participants": _challenge_participations,
    "challenge_credits": _challenge_credits,
    "company_members": _company_memberships,
    "companies": _companies,
    "company_invitations": _company_invitations,
    "sparring_requests": _sparring_requests,
    "sparring_state_changes": _sparring_state_changes,
    "sparring_comments": _sparring_comments,
    "outbox_messages": _emails,
    "audit_log": _audit_entries,
    "setting_changes": _setting_changes,
    "live_screen_links": _live_screen_links,
    "vision_targets": _vision_targets,
    "challenges": _challenges_created,
    "password_reset_tokens": owned_rows_exporter("password_reset_tokens"),
    "email_verification_tokens": owned_rows_exporter("email_verification_tokens"),
}
