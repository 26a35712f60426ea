"""The pure rules: status transitions, when a follow-up is overdue, check-in days and values,
and the chart's geometry."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.partnerships.charts import kpi_chart
from app.partnerships.rules import (
    allowed_next,
    can_move,
    check_in_day_ok,
    dates_in_order,
    is_overdue,
    next_check_in,
    value_ok,
)

TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("status", "new", "ok"),
    [
        ("idea", "agreed", True),
        ("idea", "running", False),
        ("idea", "stopped", True),
        ("agreed", "running", True),
        ("agreed", "completed", False),
        ("running", "completed", True),
        ("running", "stopped", True),
        ("running", "idea", False),
        ("completed", "stopped", False),
        ("stopped", "idea", False),
        ("running", "nonsense", False),
        ("nonsense", "agreed", False),
    ],
)
def test_status_moves_one_step_or_stops(status: str, new: str, ok: bool) -> None:
    assert can_move(status, new) is ok


def test_closed_partnerships_move_nowhere() -> None:
    assert allowed_next("completed") == ()
    assert allowed_next("stopped") == ()


def test_overdue_counts_from_the_last_check_in_or_the_start() -> None:
    last = TODAY - timedelta(days=91)
    assert is_overdue(status="running", last_check_in=last, start_date=None, every_days=90, today=TODAY)
    on_time = TODAY - timedelta(days=90)  # due today: not yet overdue
    assert not is_overdue(
        status="running", last_check_in=on_time, start_date=None, every_days=90, today=TODAY
    )
    start = TODAY - timedelta(days=100)
    assert is_overdue(status="agreed", last_check_in=None, start_date=start, every_days=90, today=TODAY)
    # a recent check-in wins over an old start
    assert not is_overdue(
        status="running",
        last_check_in=TODAY - timedelta(days=5),
        start_date=start,
        every_days=90,
        today=TODAY,
    )


@pytest.mark.parametrize("status", ["idea", "completed", "stopped"])
def test_only_agreed_and_running_are_followed_up(status: str) -> None:
    old = TODAY - timedelta(days=400)
    assert not is_overdue(status=status, last_check_in=old, start_date=old, every_days=90, today=TODAY)


def test_nothing_to_count_from_is_never_overdue() -> None:
    assert next_check_in(last_check_in=None, start_date=None, every_days=90) is None
    assert not is_overdue(status="running", last_check_in=None, start_date=None, every_days=1, today=TODAY)


def test_check_in_days_values_and_dates() -> None:
    assert check_in_day_ok(TODAY, TODAY)
    assert not check_in_day_ok(TODAY + timedelta(days=1), TODAY)
    assert value_ok(Decimal("-12.5"))
    assert not value_ok(Decimal("1e14"))
    assert not value_ok(Decimal("NaN"))
    assert not value_ok(Decimal("Infinity"))
    assert dates_in_order(TODAY, TODAY)
    assert dates_in_order(None, TODAY)
    assert not dates_in_order(TODAY, TODAY - timedelta(days=1))


def test_chart_places_check_ins_inside_the_box() -> None:
    assert kpi_chart([]) is None
    chart = kpi_chart([(TODAY - timedelta(days=20), Decimal(10)), (TODAY, Decimal(15))], target=Decimal(40))
    assert chart is not None
    xs = [x for x, _ in chart.dots]
    ys = [y for _, y in chart.dots]
    assert xs[0] < xs[1]
    assert ys[0] > ys[1]  # a higher value is higher up
    assert all(0 <= x <= chart.width for x in xs)
    assert all(0 <= y <= chart.height for y in ys)
    assert chart.target_y is not None
    assert chart.target_y < min(ys)
    single = kpi_chart([(TODAY, Decimal(3))])
    assert single is not None
    assert len(single.dots) == 1
