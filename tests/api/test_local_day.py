"""Logging around Copenhagen midnight: the day, the cap, the backdating window and undo all use
the Copenhagen day, not the UTC (or server) day, also on the nights the clocks change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.api.conftest import ApiClient, assert_problem
from tests.api.test_actions import post_log
from tests.conftest import Person

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

NIGHTS = [
    # 23:30 UTC in winter is 00:30 CET the next day
    pytest.param(datetime(2026, 1, 14, 23, 30, tzinfo=UTC), date(2026, 1, 15), id="winter-midnight"),
    # 22:30 UTC is 00:30 CEST on 25 October, the night the clocks go back (a 25-hour day)
    pytest.param(datetime(2026, 10, 24, 22, 30, tzinfo=UTC), date(2026, 10, 25), id="dst-back"),
    # 23:30 UTC is 00:30 CET on 29 March, the night the clocks go forward (a 23-hour day)
    pytest.param(datetime(2026, 3, 28, 23, 30, tzinfo=UTC), date(2026, 3, 29), id="dst-forward"),
]


def _at_local(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=COPENHAGEN).astimezone(UTC)


@pytest.mark.parametrize(("moment", "local_today"), NIGHTS)
def test_log_cap_and_backdating_use_the_copenhagen_day(
    api_for: Callable[[Person], ApiClient],
    make_user: Callable[..., Person],
    moment: datetime,
    local_today: date,
) -> None:
    utc_day = moment.date()
    assert utc_day == local_today - timedelta(days=1)  # the premise: the two days differ
    with time_machine.travel(moment, tick=True):
        api = api_for(make_user())
        first = post_log(api, "night-0001", quantity=3)  # no day given: today, the whole cap
        assert first.status_code == 201, first.text
        assert first.get_json()["log"]["occurred_on"] == local_today.isoformat()
        assert_problem(
            post_log(api, "night-0002", occurred_on=local_today.isoformat()), 422, "over_daily_cap"
        )
        # the UTC day is yesterday in Copenhagen: its own day, with its own cap
        assert post_log(api, "night-0003", quantity=3, occurred_on=utc_day.isoformat()).status_code == 201
        oldest = local_today - timedelta(days=2)
        assert post_log(api, "night-0004", occurred_on=oldest.isoformat()).status_code == 201
        too_old = (oldest - timedelta(days=1)).isoformat()  # only two days back by the UTC day
        assert_problem(post_log(api, "night-0005", occurred_on=too_old), 422, "too_old")
        future = (local_today + timedelta(days=1)).isoformat()
        assert_problem(post_log(api, "night-0006", occurred_on=future), 422, "in_the_future")
    first_id = first.get_json()["log"]["id"]
    with time_machine.travel(_at_local(local_today + timedelta(days=1), 0, 5), tick=True):
        assert_problem(api.post(f"/api/v1/logs/{first_id}/undo"), 422)  # the next Copenhagen day
    with time_machine.travel(_at_local(local_today, 23, 55), tick=True):
        undone = api.post(f"/api/v1/logs/{first_id}/undo")  # the same Copenhagen day, late evening
        assert undone.status_code == 200, undone.text
