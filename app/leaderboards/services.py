"""Score rows: the one module that writes them (a log, a challenge bonus, a move; the rebuild
is app/leaderboards/rebuild.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, delete, exists, func, or_, select, tuple_, update

from app.accounts.models import User
from app.clock import Period, period_days, period_keys
from app.db import db, upsert_increment, upsert_increments
from app.leaderboards import written
from app.leaderboards.models import DailyActionTotal, DailyActivity, NeighbourhoodScore, UserScore

# What a score upsert returns and the transaction's later checks read (app/leaderboards/written.py).
USER_COLUMNS = ("logs", "points", "co2e_g")
AREA_COLUMNS = ("logs", "points", "co2e_g", "participants")


def apply_score_delta(
    *,
    user_id: int,
    neighbourhood_id: int,
    occurred_on: date,
    points: int,
    co2e_g: int,
    direction: int,
    participant_ref: str,
    action_id: int,
    category: str,
    municipality_id: int,
    bonus: int = 0,
) -> None:
    """Add (direction=+1) or take back (-1) one log in every period it belongs to.

    `bonus`: challenge bonus points a new log earned (direction +1 only), added to the citizen's
    and the area's score rows in the same statements as the log's own points; like
    `apply_bonus_delta` it is no log and no participant and stays out of the per-day aggregates.

    Runs inside the caller's transaction. `neighbourhood_id` is the area the log was made in.
    A participant counts in an area's period while they have at least one counted log in that
    area in that period: decided per (participant, area, period) from the per-day aggregates,
    not from the user's own score row, so a citizen who moved mid-period counts once in each
    area they logged in. The user's score rows carry the user's *current* area (a move updates
    them), whichever area the log belongs to. Rows that fall back to zero logs are removed, so
    a rebuild from the ledger gives the same rows.
    """
    if direction not in (1, -1):
        raise ValueError("direction must be +1 or -1")
    if bonus and direction != 1:
        raise ValueError("a bonus is taken back with apply_bonus_delta, while the log's rows exist")
    activity_logs = _apply_daily_delta(
        participant_ref=participant_ref,
        neighbourhood_id=neighbourhood_id,
        category=category,
        action_id=action_id,
        municipality_id=municipality_id,
        day=occurred_on,
        points=direction * points,
        co2e_g=direction * co2e_g,
        logs=direction,
    )
    presence = _presence_changes(
        participant_ref=participant_ref,
        neighbourhood_id=neighbourhood_id,
        category=category,
        day=occurred_on,
        direction=direction,
        activity_logs=activity_logs,
    )
    keys = {period.value: key for period, key in period_keys(occurred_on).items()}
    area_of = {"area_of_user": user_id, "area_fallback": neighbourhood_id}
    change = {"points": direction * points + bonus, "co2e_g": direction * co2e_g, "logs": direction}
    # One statement per table for all periods (week, month, all time), as the rebuild writes them.
    user_logs = upsert_increments(
        UserScore.__table__,  # type: ignore[arg-type]
        [
            {"user_id": user_id, "period": period, "period_key": key, **change, **area_of}
            for period, key in keys.items()
        ],
        keys=("user_id", "period", "period_key"),
        increments=tuple(change),
        set_names=("neighbourhood_id",),
        returning=("period", *USER_COLUMNS),
        computed=(("neighbourhood_id", CURRENT_AREA),),
    ).all()
    area_logs = upsert_increments(
        NeighbourhoodScore.__table__,  # type: ignore[arg-type]
        [
            {
                "neighbourhood_id": neighbourhood_id,
                "period": period,
                "period_key": key,
                **change,
                "participants": presence[Period(period)],
            }
            for period, key in keys.items()
        ],
        keys=("neighbourhood_id", "period", "period_key"),
        increments=(*change, "participants"),
        returning=("period", *AREA_COLUMNS),
    ).all()
    written.remember("user_scores", user_id, keys, user_logs, USER_COLUMNS)
    written.remember("neighbourhood_scores", neighbourhood_id, keys, area_logs, AREA_COLUMNS)
    emptied_user = [(row.period, keys[row.period]) for row in user_logs if row.logs == 0]
    emptied_area = [(row.period, keys[row.period]) for row in area_logs if row.logs == 0]
    written.remember_deleted("user_scores", user_id, emptied_user)
    written.remember_deleted("neighbourhood_scores", neighbourhood_id, emptied_area)
    if emptied_user:
        db.session.execute(
            delete(UserScore).where(
                UserScore.user_id == user_id, tuple_(UserScore.period, UserScore.period_key).in_(emptied_user)
            )
        )
    if emptied_area:
        db.session.execute(
            delete(NeighbourhoodScore).where(
                NeighbourhoodScore.neighbourhood_id == neighbourhood_id,
                tuple_(NeighbourhoodScore.period, NeighbourhoodScore.period_key).in_(emptied_area),
            )
        )


# The user's current area, read in the score upsert itself (a move between the request's start
# and its write is seen); the log's area is only a fallback for an account without one (nothing
# makes a citizen lose their area today). Its parameters travel in each row: area_of_user,
# area_fallback. Built once, so the upserts that use it are built and compiled once.
CURRENT_AREA = func.coalesce(
    select(User.neighbourhood_id).where(User.id == bindparam("area_of_user")).scalar_subquery(),
    bindparam("area_fallback"),
)


def apply_bonus_delta(
    *, user_id: int | None, neighbourhood_id: int, occurred_on: date, points: int, direction: int
) -> None:
    """Add (+1) or take back (-1) a log's challenge bonus points in every period it belongs to.

    The same area rule as `apply_score_delta`: the area's rows are those of the area the log
    was made in, the user's rows carry the user's current area. A bonus adds no log and no
    participant, so it must run while the log's own rows exist (after the log was added,
    before it is taken back). Runs inside the caller's transaction.
    """
    if direction not in (1, -1):
        raise ValueError("direction must be +1 or -1")
    if not points:
        return
    keys = period_keys(occurred_on)
    by_period = {p.value: k for p, k in keys.items()}
    change = {"points": direction * points}
    if user_id is not None:
        area_of = {"area_of_user": user_id, "area_fallback": neighbourhood_id}
        user_rows = upsert_increments(
            UserScore.__table__,  # type: ignore[arg-type]
            [
                {"user_id": user_id, "period": p.value, "period_key": k, **change, **area_of}
                for p, k in keys.items()
            ],
            keys=("user_id", "period", "period_key"),
            increments=("points",),
            set_names=("neighbourhood_id",),
            returning=("period", *USER_COLUMNS),
            computed=(("neighbourhood_id", CURRENT_AREA),),
        ).all()
        written.remember("user_scores", user_id, by_period, user_rows, USER_COLUMNS)
    area_rows = upsert_increments(
        NeighbourhoodScore.__table__,  # type: ignore[arg-type]
        [
            {"neighbourhood_id": neighbourhood_id, "period": p.value, "period_key": k, **change}
            for p, k in keys.items()
        ],
        keys=("neighbourhood_id", "period", "period_key"),
        increments=("points",),
        returning=("period", *AREA_COLUMNS),
    ).all()
    written.remember("neighbourhood_scores", neighbourhood_id, by_period, area_rows, AREA_COLUMNS)


def _presence_changes(
    *,
    participant_ref: str,
    neighbourhood_id: int,
    category: str,
    day: date,
    direction: int,
    activity_logs: int,
) -> dict[Period, int]:
    """Per period: +1 when this log made the participant join the area's count, -1 when taking
    it back made them leave, else 0. Runs after the per-day delta.

    Only a log that created its (participant, area, category, day) row, or a take-back that
    removed it, can change anything; then the participant joins/leaves unless another of their
    rows in this area falls in the period. That is one indexed query (the primary key of
    daily_activity starts with participant_ref, neighbourhood_id) and never reads the ledger.
    """
    if not ((direction == 1 and activity_logs == 1) or (direction == -1 and activity_logs == 0)):
        return dict.fromkeys(Period, 0)
    other_rows = (
        DailyActivity.participant_ref == participant_ref,
        DailyActivity.neighbourhood_id == neighbourhood_id,
        or_(DailyActivity.day != day, DailyActivity.category != category),
    )
    periods = list(Period)
    checks = []
    for period in periods:
        days = period_days(period, day)
        in_period = () if days is None else (DailyActivity.day.between(*days),)
        checks.append(exists().where(*other_rows, *in_period))
    still_there = db.session.execute(select(*checks)).one()
    return {period: 0 if other else direction for period, other in zip(periods, still_there, strict=True)}


def _apply_daily_delta(
    *,
    participant_ref: str,
    neighbourhood_id: int,
    category: str,
    action_id: int,
    municipality_id: int,
    day: date,
    points: int,
    co2e_g: int,
    logs: int,
) -> int:
    """Upsert the two per-day aggregates; a row back at zero logs is removed (as a rebuild).

    Returns the participant's logs in the (area, category, day) row after the change.
    """
    increments = {"points": points, "co2e_g": co2e_g, "logs": logs}
    activity_keys = {
        "participant_ref": participant_ref,
        "neighbourhood_id": neighbourhood_id,
        "category": category,
        "day": day,
    }
    activity_logs: int = upsert_increment(
        DailyActivity.__table__,  # type: ignore[arg-type]
        keys=activity_keys,
        increments=increments,
        returning=("logs",),
    ).scalar_one()
    if activity_logs == 0:
        db.session.execute(
            delete(DailyActivity).where(
                *(getattr(DailyActivity, name) == value for name, value in activity_keys.items())
            )
        )
    # Per municipality: the action is national, its day row is the log's municipality's.
    action_logs = upsert_increment(
        DailyActionTotal.__table__,  # type: ignore[arg-type]
        keys={"municipality_id": municipality_id, "action_id": action_id, "day": day},
        increments=increments,
        returning=("logs",),
    ).scalar_one()
    if action_logs == 0:
        db.session.execute(
            delete(DailyActionTotal).where(
                DailyActionTotal.municipality_id == municipality_id,
                DailyActionTotal.action_id == action_id,
                DailyActionTotal.day == day,
            )
        )
    return activity_logs


def move_user_scores(*, user_id: int, neighbourhood_id: int) -> int:
    """Point the user's existing score rows at their new area; returns how many rows moved.

    Runs inside the caller's transaction (the move). Area totals and per-day aggregates are
    not touched: logs stay in the area they were made in.
    """
    result = db.session.execute(
        update(UserScore)
        .where(UserScore.user_id == user_id)
        .values(neighbourhood_id=neighbourhood_id)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


__all__ = ["Period", "apply_bonus_delta", "apply_score_delta", "move_user_scores"]
