"""The citizen's own rows: account, logs, scores, badges, feed, flags, tokens and challenges."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import or_, select

from app.accounts.models import User
from app.actions.models import AlwaysDoMark, LogEntry, UsualDayItem
from app.challenges.models import Challenge, ChallengeCredit, ChallengeParticipant
from app.db import db
from app.gamification.models import CapHit, FeedEvent, Flag, UserBadge
from app.intermunicipal.models import InterChallenge, InterChallengeParticipant
from app.leaderboards.models import DailyActivity, UserScore
from app.privacy.footprint.base import Row, Subject, area_names, as_row


def account(s: Subject) -> Row:
    user = db.session.get_one(User, s.user_id)
    return as_row(
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
        language=user.language,
    )


def logs(s: Subject) -> list[Row]:
    areas = area_names()
    logs = db.session.scalars(select(LogEntry).where(LogEntry.user_id == s.user_id).order_by(LogEntry.id))
    return [
        as_row(
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


def usual_day(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(UsualDayItem).where(UsualDayItem.user_id == s.user_id).order_by(UsualDayItem.position)
    )
    return [
        as_row(
            position=r.position + 1,
            action=r.action.slug,
            action_name=r.action.name_da,
            quantity=r.quantity,
            unit=r.action.unit_da,
        )
        for r in rows
    ]


def always_do(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(AlwaysDoMark).where(AlwaysDoMark.user_id == s.user_id).order_by(AlwaysDoMark.created_at)
    )
    return [as_row(action=r.action.slug, action_name=r.action.name_da, marked_at=r.created_at) for r in rows]


def daily_activity(s: Subject) -> list[Row]:
    areas = area_names()
    rows = db.session.scalars(
        select(DailyActivity)
        .where(DailyActivity.participant_ref == s.public_id)
        .order_by(DailyActivity.day, DailyActivity.category)
    )
    return [
        as_row(
            day=r.day,
            neighbourhood=areas.get(r.neighbourhood_id),
            category=r.category,
            points=r.points,
            co2e_kg=Decimal(r.co2e_g) / 1000,
            logs=r.logs,
        )
        for r in rows
    ]


def scores(s: Subject) -> list[Row]:
    areas = area_names()
    rows = db.session.scalars(
        select(UserScore)
        .where(UserScore.user_id == s.user_id)
        .order_by(UserScore.period, UserScore.period_key)
    )
    return [
        as_row(
            period=r.period,
            period_key=r.period_key,
            neighbourhood=areas.get(r.neighbourhood_id),
            points=r.points,
            co2e_kg=Decimal(r.co2e_g) / 1000,
            logs=r.logs,
        )
        for r in rows
    ]


def badges(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(UserBadge).where(UserBadge.user_id == s.user_id).order_by(UserBadge.awarded_at)
    )
    return [as_row(badge=r.badge_code, awarded_at=r.awarded_at) for r in rows]


def feed_events(s: Subject) -> list[Row]:
    areas = area_names()
    rows = db.session.scalars(select(FeedEvent).where(FeedEvent.user_id == s.user_id).order_by(FeedEvent.id))
    return [
        as_row(
            kind=r.kind,
            neighbourhood=areas.get(r.neighbourhood_id or 0),
            log_id=r.log_id,
            badge=r.badge_code,
            value=r.value,
            created_at=r.created_at,
        )
        for r in rows
    ]


def cap_hits(s: Subject) -> list[Row]:
    rows = db.session.scalars(select(CapHit).where(CapHit.user_id == s.user_id).order_by(CapHit.day))
    return [as_row(day=r.day, refused_logs=r.hits) for r in rows]


def flags(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(Flag).where(or_(Flag.user_id == s.user_id, Flag.resolved_by_id == s.user_id)).order_by(Flag.id)
    )
    out = []
    for r in rows:
        if r.user_id == s.user_id:  # about them: everything, including the moderator's note
            out.append(
                as_row(
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
                as_row(
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


def api_tokens(s: Subject) -> list[Row]:
    from app.accounts.models import ApiToken

    rows = db.session.scalars(select(ApiToken).where(ApiToken.user_id == s.user_id).order_by(ApiToken.id))
    return [
        as_row(
            name=r.name,
            prefix=r.prefix,
            created_at=r.created_at,
            expires_at=r.expires_at,
            last_used_at=r.last_used_at,
            revoked_at=r.revoked_at,
        )
        for r in rows
    ]


def challenge_participations(s: Subject) -> list[Row]:
    rows = db.session.execute(
        select(ChallengeParticipant, Challenge.slug, Challenge.title_da)
        .join(Challenge, Challenge.id == ChallengeParticipant.challenge_id)
        .where(ChallengeParticipant.user_id == s.user_id)
        .order_by(ChallengeParticipant.id)
    ).all()
    return [
        as_row(
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


def challenge_credits(s: Subject) -> list[Row]:
    rows = db.session.execute(
        select(ChallengeCredit.log_id, ChallengeCredit.bonus_points, Challenge.slug)
        .join(ChallengeParticipant, ChallengeParticipant.id == ChallengeCredit.participant_id)
        .join(Challenge, Challenge.id == ChallengeCredit.challenge_id)
        .where(ChallengeParticipant.user_id == s.user_id)
        .order_by(ChallengeCredit.id)
    ).all()
    return [as_row(challenge=slug, log_id=log_id, bonus_points=bonus) for log_id, bonus, slug in rows]


def inter_challenge_participations(s: Subject) -> list[Row]:
    """The challenges between municipalities the person's logs counted in (by their reference)."""
    rows = db.session.execute(
        select(InterChallenge.slug, InterChallenge.title_da, InterChallengeParticipant.logs)
        .join(InterChallenge, InterChallenge.id == InterChallengeParticipant.challenge_id)
        .where(InterChallengeParticipant.participant_ref == s.public_id)
        .order_by(InterChallenge.starts_on)
    )
    return [as_row(challenge=slug, title=title, logs=logs) for slug, title, logs in rows]
