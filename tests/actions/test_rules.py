"""Pure logging rules, without Flask or a database."""

from datetime import date
from decimal import Decimal

import pytest

from app.actions.rules import (
    RuleBroken,
    check_daily_cap,
    check_occurred_on,
    co2e_grams_for,
    parse_quantity,
    points_for,
)

TODAY = date(2026, 3, 29)


@pytest.mark.parametrize(("raw", "expected"), [("5", "5"), ("2,5", "2.5"), (" 0.25 ", "0.25")])
def test_parse_quantity_accepts_decimal_comma(raw: str, expected: str) -> None:
    assert parse_quantity(raw) == Decimal(expected)


@pytest.mark.parametrize(
    ("raw", "code"),
    [("0", "quantity_not_positive"), ("-3", "quantity_not_positive"), ("abc", "quantity_not_a_number"),
     ("NaN", "quantity_not_a_number"), ("Infinity", "quantity_not_a_number"),
     ("1.234", "quantity_too_precise"), ("1e400", "quantity_too_large"),
     ("100000.01", "quantity_too_large")],
)
def test_parse_quantity_rejects(raw: str, code: str) -> None:
    with pytest.raises(RuleBroken) as caught:
        parse_quantity(raw)
    assert caught.value.code == code


def test_cap_allows_exactly_the_remaining_amount() -> None:
    check_daily_cap(quantity=Decimal(20), already_today=Decimal(40), cap=Decimal(60))


def test_cap_refuses_past_the_cap_and_reports_what_is_left() -> None:
    with pytest.raises(RuleBroken) as caught:
        check_daily_cap(quantity=Decimal("20.5"), already_today=Decimal(40), cap=Decimal(60))
    assert caught.value.code == "over_daily_cap"
    assert caught.value.details["remaining"] == Decimal(20)


@pytest.mark.parametrize("back", [0, 1, 2])
def test_backdating_window_allows_today_and_two_days(back: int) -> None:
    check_occurred_on(occurred_on=date(2026, 3, 29 - back), today=TODAY, backdate_days=2)


@pytest.mark.parametrize(("day", "code"), [(date(2026, 3, 26), "too_old"),
                                           (date(2026, 3, 30), "in_the_future")])
def test_backdating_window_refuses_outside(day: date, code: str) -> None:
    with pytest.raises(RuleBroken) as caught:
        check_occurred_on(occurred_on=day, today=TODAY, backdate_days=2)
    assert caught.value.code == code


def test_points_round_half_up() -> None:
    assert points_for(Decimal("2.25"), 2) == 5
    assert points_for(Decimal("0.2"), 2) == 0
    assert points_for(Decimal("12.5"), 3) == 38


def test_co2e_in_grams_or_none_without_a_figure() -> None:
    assert co2e_grams_for(Decimal(10), Decimal("0.141")) == 1410
    assert co2e_grams_for(Decimal(3), None) is None
