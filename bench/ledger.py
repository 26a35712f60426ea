"""The no-point-lost check: ledger totals against score-row totals, before and after the writes."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import create_engine, text


@dataclass(frozen=True)
class Totals:
    counted_logs: int
    ledger_points: int  # points of counted logs + challenge bonus of counted logs (rebuild_scores)
    area_points: dict[str, int]  # neighbourhood score rows summed over every key, per period
    citizen_points: dict[str, int]  # citizen score rows summed the same way
    area_logs: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def consistent(self) -> bool:
        """Every log is in exactly one week, one month and all time: each period's rows sum to
        the ledger. (Citizen rows leave out anonymised logs; the bench has none.)"""
        return all(
            points == self.ledger_points
            for points in (*self.area_points.values(), *self.citizen_points.values())
        ) and all(logs == self.counted_logs for logs in self.area_logs.values())


def totals(url: str) -> Totals:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            counted_logs, log_points = conn.execute(
                text("SELECT count(*), coalesce(sum(points), 0) FROM action_logs WHERE status = 'counted'")
            ).one()
            bonus = conn.execute(
                text(
                    "SELECT coalesce(sum(c.bonus_points), 0) FROM challenge_credits c "
                    "JOIN action_logs l ON l.id = c.log_id WHERE l.status = 'counted'"
                )
            ).scalar_one()
            areas = {
                str(p): (int(pts), int(n))
                for p, pts, n in conn.execute(
                    text(
                        "SELECT period, coalesce(sum(points), 0), coalesce(sum(logs), 0) "
                        "FROM neighbourhood_scores GROUP BY period"
                    )
                )
            }
            citizens = {
                str(p): int(pts)
                for p, pts in conn.execute(
                    text("SELECT period, coalesce(sum(points), 0) FROM user_scores GROUP BY period")
                )
            }
    finally:
        engine.dispose()
    periods = ("week", "month", "all")
    return Totals(
        counted_logs=int(counted_logs),
        ledger_points=int(log_points) + int(bonus),
        area_points={p: areas.get(p, (0, 0))[0] for p in periods},
        citizen_points={p: citizens.get(p, 0) for p in periods},
        area_logs={p: areas.get(p, (0, 0))[1] for p in periods},
    )


@dataclass(frozen=True)
class WriteCheck:
    before: Totals
    after: Totals
    accepted: int
    points_per_log: int
    reported_points: int  # what the 201 responses said the logs earned

    @property
    def expected_gain(self) -> int:
        return self.accepted * self.points_per_log

    @property
    def ok(self) -> bool:
        gain = self.after.ledger_points - self.before.ledger_points
        return (
            self.before.consistent()
            and self.after.consistent()
            and self.after.counted_logs - self.before.counted_logs == self.accepted
            and gain == self.expected_gain == self.reported_points
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "accepted": self.accepted,
            "points_per_log": self.points_per_log,
            "expected_gain": self.expected_gain,
            "reported_points": self.reported_points,
            "ledger_gain": self.after.ledger_points - self.before.ledger_points,
            "logs_gain": self.after.counted_logs - self.before.counted_logs,
            "before": self.before.as_dict(),
            "after": self.after.as_dict(),
        }
