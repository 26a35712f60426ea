"""Challenge credits: credit a counted log to the challenges it counts toward, take the credit
back when the log is undone or voided, and rebuild the participants' totals."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import lazyload

from app import signals
from app.actions.models import LogEntry, LogStatus
from app.actions.rules import from_centi
from app.challenges.models import Challenge, ChallengeAction, ChallengeCredit, ChallengeParticipant
from app.challenges.queries import challenge_totals, metric_total
from app.challenges.rules import bonus_for, counts_toward
from app.db import db, write_transaction
from app.leaderboards.services import apply_bonus_delta


@dataclass(frozen=True)
class Credit:
    challenge: Challenge
    bonus_points: int


# Made once with bound parameters: they run on every log (bench/floor.py).
_JOINED_COVERING = (
    select(Challenge, ChallengeParticipant)
    .options(lazyload(Challenge.actions))  # the join already chose the action: no second query
    .join(ChallengeAction, ChallengeAction.challenge_id == Challenge.id)
    .join(ChallengeParticipant, ChallengeParticipant.challenge_id == Challenge.id)
    .where(
        ChallengeAction.action_id == bindparam("action_id"),
        ChallengeParticipant.user_id == bindparam("user_id"),
        Challenge.starts_on <= bindparam("day"),
        Challenge.ends_on >= bindparam("day"),
    )
    .order_by(Challenge.id)
)
_P = ChallengeParticipant
_MOVE_PARTICIPANT = (
    update(_P)
    .where(_P.id == bindparam("participant_id"))
    .values(
        points=_P.points + bindparam("points"),
        bonus_points=_P.bonus_points + bindparam("bonus"),
        quantity_centi=_P.quantity_centi + bindparam("quantity_centi"),
        co2e_g=_P.co2e_g + bindparam("co2e_g"),
        logs=_P.logs + bindparam("logs"),
    )
    .execution_options(synchronize_session=False)
)


def credit_challenges(*, entry: LogEntry, today: date) -> list[Credit]:
    """Credit a new counted log to every challenge the citizen joined that covers its action and
    whose window it falls in (see rules.counts_toward). Runs inside the log transaction.

    The bonus is extra points in the citizen's and the area's normal score rows as well: the
    returned credits' bonus goes into them with the log's own points, in the same upserts
    (`log_action` sends `log_counted` before it writes the score rows; app/signals.py), and
    `flask scores rebuild` adds the credits of counted logs the same way, so a rebuild still
    equals the incremental rows. Taking a credit back subtracts its bonus here
    (`take_back_credits`).
    """
    rows = db.session.execute(
        _JOINED_COVERING, {"action_id": entry.action_id, "user_id": entry.user_id, "day": entry.occurred_on}
    ).all()
    credits: list[Credit] = []
    for challenge, participant in rows:
        if not counts_toward(
            starts_on=challenge.starts_on,
            ends_on=challenge.ends_on,
            occurred_on=entry.occurred_on,
            today=today,
        ):
            continue
        bonus = bonus_for(kind=challenge.reward_kind, value=challenge.reward_value, points=entry.points)
        target = challenge.target_value
        # Only a challenge with a target needs its running total: once, before this log; the total
        # after it is that plus this log (what reading the participant rows again would give).
        before = challenge_totals(challenge.id) if target is not None else None
        db.session.add(
            ChallengeCredit(
                challenge_id=challenge.id, participant_id=participant.id, log_id=entry.id, bonus_points=bonus
            )
        )
        _move_participant(participant.id, entry, bonus, direction=1)
        if target is not None and before is not None:
            after = replace(
                before,
                logs=before.logs + 1,
                co2e_g=before.co2e_g + (entry.co2e_g or 0),
                quantity=before.quantity + from_centi(entry.quantity_centi),
            )
            if metric_total(challenge, before) < target <= metric_total(challenge, after):
                signals.challenge_target_reached.send(challenge)  # the feed line (gamification)
        credits.append(Credit(challenge=challenge, bonus_points=bonus))
    return credits


def _move_participant(participant_id: int, entry: LogEntry, bonus: int, *, direction: int) -> None:
    """Atomic increments in SQL (no read-modify-write that could lose a concurrent credit)."""
    db.session.execute(
        _MOVE_PARTICIPANT,
        {
            "participant_id": participant_id,
            "points": direction * (entry.points + bonus),
            "bonus": direction * bonus,
            "quantity_centi": direction * entry.quantity_centi,
            "co2e_g": direction * (entry.co2e_g or 0),
            "logs": direction,
        },
    )


def _score_bonus(entry: LogEntry, bonus: int, *, direction: int) -> None:
    """Take back bonus points from the log's score rows, through the one module that writes
    them (same area rule as the log's own points). It removes no log and no participant, so it
    must run while the log's own rows exist (before the log itself is taken back)."""
    apply_bonus_delta(
        user_id=entry.user_id,
        neighbourhood_id=entry.neighbourhood_id,
        occurred_on=entry.occurred_on,
        points=bonus,
        direction=direction,
    )


def take_back_credits(*, entry: LogEntry) -> int:
    """Remove an undone or voided log's challenge credit from the participants' totals and
    return the bonus to subtract from the score rows (inside the caller's transaction).

    The credit rows stay: they count only while their log is counted.
    """
    credits = db.session.scalars(select(ChallengeCredit).where(ChallengeCredit.log_id == entry.id))
    total = 0
    for credit in credits:
        _move_participant(credit.participant_id, entry, credit.bonus_points, direction=-1)
        total += credit.bonus_points
    _score_bonus(entry, total, direction=-1)
    return total


def rebuild_challenge_totals() -> int:
    """Recompute every participant's challenge totals from credits of counted logs (joins the
    caller's transaction: `flask scores rebuild`). Returns the number of participants credited."""
    rows = db.session.execute(
        select(
            ChallengeCredit.participant_id,
            func.count(),
            func.sum(LogEntry.points),
            func.sum(ChallengeCredit.bonus_points),
            func.sum(LogEntry.quantity_centi),
            func.sum(func.coalesce(LogEntry.co2e_g, 0)),
        )
        .join(LogEntry, LogEntry.id == ChallengeCredit.log_id)
        .where(LogEntry.status == LogStatus.COUNTED)
        .group_by(ChallengeCredit.participant_id)
    ).all()
    with write_transaction():
        db.session.execute(
            update(ChallengeParticipant).values(points=0, bonus_points=0, quantity_centi=0, co2e_g=0, logs=0)
        )
        for participant_id, count, points, bonus, quantity, co2e_g in rows:
            db.session.execute(
                update(ChallengeParticipant)
                .where(ChallengeParticipant.id == participant_id)
                .values(
                    logs=count,
                    points=int(points) + int(bonus),
                    bonus_points=int(bonus),
                    quantity_centi=int(quantity),
                    co2e_g=int(co2e_g),
                )
            )
    return len(rows)
