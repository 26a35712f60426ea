"""Credit a counted log to the inter-municipal challenges its municipality takes part in, take it
back on undo or void, and rebuild every total from the ledger (`flask scores rebuild`).

A log counts when its action is one of the challenge's, its day is inside the challenge's window
and its municipality opted in. Runs inside the log's transaction (the citizen's row is locked),
with atomic increments, so concurrent logs of other citizens never lose a count."""

from __future__ import annotations

from sqlalchemy import bindparam, delete, select, update

from app.actions.models import LogEntry, LogStatus
from app.db import db
from app.intermunicipal.models import (
    InterChallenge,
    InterChallengeAction,
    InterChallengeCredit,
    InterChallengeEntry,
    InterChallengeParticipant,
)
from app.tenancy.context import PLATFORM_OPTION

_ENTRIES_COVERING = (  # made once with bound parameters: it runs on every log (bench/floor.py)
    select(InterChallengeEntry.id, InterChallengeEntry.challenge_id)
    .join(InterChallenge, InterChallenge.id == InterChallengeEntry.challenge_id)
    .join(InterChallengeAction, InterChallengeAction.challenge_id == InterChallenge.id)
    .where(
        InterChallengeAction.action_id == bindparam("action_id"),
        InterChallengeEntry.municipality_id == bindparam("municipality_id"),
        InterChallenge.starts_on <= bindparam("day"),
        InterChallenge.ends_on >= bindparam("day"),
    )
    .execution_options(**{PLATFORM_OPTION: True})
)


def credit_log(entry: LogEntry) -> int:
    """Count the log in each challenge it belongs to; returns how many (no bonus points: the
    board is the municipalities', the citizens' own scores are untouched)."""
    entries = db.session.execute(
        _ENTRIES_COVERING,
        {"action_id": entry.action_id, "municipality_id": entry.municipality_id, "day": entry.occurred_on},
    ).all()
    for entry_id, challenge_id in entries:
        participant_id = db.session.scalar(
            select(InterChallengeParticipant.id).where(
                InterChallengeParticipant.challenge_id == challenge_id,
                InterChallengeParticipant.participant_ref == entry.participant_ref,
            )
        )
        if participant_id is None:
            participant = InterChallengeParticipant(
                challenge_id=challenge_id, entry_id=entry_id, participant_ref=entry.participant_ref, logs=0
            )
            db.session.add(participant)
            db.session.flush()
            participant_id = participant.id
        db.session.add(
            InterChallengeCredit(challenge_id=challenge_id, participant_id=participant_id, log_id=entry.id)
        )
        _move(entry_id, participant_id, entry, direction=1)
    return len(entries)


def take_back_log(entry: LogEntry) -> None:
    """Remove an undone or voided log from every challenge it counted in."""
    credits = db.session.execute(
        select(InterChallengeCredit.id, InterChallengeParticipant.entry_id, InterChallengeParticipant.id)
        .join(InterChallengeParticipant, InterChallengeParticipant.id == InterChallengeCredit.participant_id)
        .where(InterChallengeCredit.log_id == entry.id)
    ).all()
    for credit_id, entry_id, participant_id in credits:
        _move(entry_id, participant_id, entry, direction=-1)
        db.session.execute(delete(InterChallengeCredit).where(InterChallengeCredit.id == credit_id))


def _move(entry_id: int, participant_id: int, entry: LogEntry, *, direction: int) -> None:
    participant = InterChallengeParticipant
    logs_now = db.session.execute(
        update(participant)
        .where(participant.id == participant_id)
        .values(logs=participant.logs + direction)
        .returning(participant.logs)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    # The citizen's first counted log makes them a participant; taking back their last, not.
    joined = 1 if direction > 0 and logs_now == 1 else -1 if direction < 0 and logs_now == 0 else 0
    table = InterChallengeEntry
    db.session.execute(
        update(table)
        .where(table.id == entry_id)
        .values(
            points=table.points + direction * entry.points,
            co2e_g=table.co2e_g + direction * (entry.co2e_g or 0),
            logs=table.logs + direction,
            participants=table.participants + joined,
        )
        .execution_options(synchronize_session=False)
    )


def rebuild_inter_challenges() -> int:
    """Every credit, participant and entry total again from the counted ledger (joins the
    caller's transaction, in platform scope). Returns the number of credits written."""
    db.session.execute(delete(InterChallengeCredit))
    db.session.execute(delete(InterChallengeParticipant))
    db.session.execute(update(InterChallengeEntry).values(points=0, co2e_g=0, logs=0, participants=0))
    rows = db.session.execute(
        select(InterChallengeEntry.id, InterChallengeEntry.challenge_id, LogEntry)
        .join(InterChallenge, InterChallenge.id == InterChallengeEntry.challenge_id)
        .join(InterChallengeAction, InterChallengeAction.challenge_id == InterChallenge.id)
        .join(
            LogEntry,
            (LogEntry.action_id == InterChallengeAction.action_id)
            & (LogEntry.municipality_id == InterChallengeEntry.municipality_id)
            & (LogEntry.occurred_on >= InterChallenge.starts_on)
            & (LogEntry.occurred_on <= InterChallenge.ends_on),
        )
        .where(LogEntry.status == LogStatus.COUNTED)
        .order_by(LogEntry.id)
        .execution_options(**{PLATFORM_OPTION: True})
    ).all()
    participants: dict[tuple[int, str], InterChallengeParticipant] = {}
    totals: dict[int, list[int]] = {}
    for entry_id, challenge_id, log in rows:
        key = (challenge_id, log.participant_ref)
        participant = participants.get(key)
        if participant is None:
            participant = InterChallengeParticipant(
                challenge_id=challenge_id, entry_id=entry_id, participant_ref=log.participant_ref, logs=0
            )
            db.session.add(participant)
            participants[key] = participant
        participant.logs += 1
        total = totals.setdefault(entry_id, [0, 0, 0, 0])
        total[0] += log.points
        total[1] += log.co2e_g or 0
        total[2] += 1
        total[3] += 1 if participant.logs == 1 else 0
    db.session.flush()
    for _entry_id, challenge_id, log in rows:
        db.session.add(
            InterChallengeCredit(
                challenge_id=challenge_id,
                participant_id=participants[(challenge_id, log.participant_ref)].id,
                log_id=log.id,
            )
        )
    for entry_id, (points, co2e_g, logs, joined) in totals.items():
        db.session.execute(
            update(InterChallengeEntry)
            .where(InterChallengeEntry.id == entry_id)
            .values(points=points, co2e_g=co2e_g, logs=logs, participants=joined)
        )
    db.session.flush()
    return len(rows)
