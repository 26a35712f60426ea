"""Pure logging rules, without Flask or a database."""

from datetime import date
from decimal import Decimal

import pytest

from app.actions.rules import (
    IDEMPOTENCY_KEY,
    RuleBroken,
    check_daily_cap,
    check_occurred_on,
    co2e_grams_for,
    from_centi,
    parse_quantity,
    points_for,
    to_centi,
)

TODAY = date(2026, 3, 29)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("5", 500), ("2,5", 250), (" 0.25 ", 25), (2.55, 255), (7, 700), (Decimal("0.01"), 1), ("1e2", 10000)],
)
def test_parse_quantity_gives_hundredths(raw: object, expected: int) -> None:
    assert parse_quantity(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("0", "quantity_not_positive"),
        ("-3", "quantity_not_positive"),
        ("abc", "quantity_not_a_number"),
        ("NaN", "quantity_not_a_number"),
        ("Infinity", "quantity_not_a_number"),
        ("1.234", "quantity_too_precise"),
        ("1e400", "quantity_too_large"),
        ("100000.01", "quantity_too_large"),
        (2.555, "quantity_too_precise"),
        (0.004, "quantity_too_precise"),
        ("0,004", "quantity_too_precise"),
        (1e9, "quantity_too_large"),
        (0, "quantity_not_positive"),
        (-1, "quantity_not_positive"),
        (True, "quantity_not_a_number"),
        (None, "quantity_not_a_number"),
        ("", "quantity_not_a_number"),
        ("1" * 21, "quantity_not_a_number"),
        ([1], "quantity_not_a_number"),
        (float("nan"), "quantity_not_a_number"),
    ],
)
def test_parse_quantity_rejects(raw: object, code: str) -> None:
    with pytest.raises(RuleBroken) as caught:
        parse_quantity(raw)
    assert caught.value.code == code


def test_cap_allows_exactly_the_remaining_amount() -> None:
    check_daily_cap(quantity_centi=2000, already_centi=4000, cap_centi=6000)


def test_cap_compares_hundredths_exactly() -> None:
    # ten logs of 0.1 are exactly 1.00: a float sum (0.9999999999999999) would let 0.01 more in
    already = sum(to_centi(Decimal("0.1")) for _ in range(10))
    check_daily_cap(quantity_centi=0, already_centi=already, cap_centi=100)
    with pytest.raises(RuleBroken):
        check_daily_cap(quantity_centi=1, already_centi=already, cap_centi=100)


def test_cap_refuses_past_the_cap_and_reports_what_is_left() -> None:
    with pytest.raises(RuleBroken) as caught:
        check_daily_cap(quantity_centi=2050, already_centi=4000, cap_centi=6000)
    assert caught.value.code == "over_daily_cap"
    assert caught.value.details["remaining"] == Decimal(20)


def test_hundredths_round_trip_exactly() -> None:
    assert from_centi(269516) == Decimal("2695.16")
    assert to_centi(Decimal("2695.16")) == 269516
    with pytest.raises(ValueError, match="two decimals"):
        to_centi(Decimal("1.005"))


@pytest.mark.parametrize(
    ("key", "ok"),
    [
        ("abcdefgh", True),
        ("a" * 64, True),
        ("a:b.c-d_e", True),
        ("short", False),
        ("a" * 65, False),
        ("has space", False),
    ],
)
def test_one_idempotency_key_format(key: str, ok: bool) -> None:
    assert bool(IDEMPOTENCY_KEY.match(key)) is ok


@pytest.mark.parametrize("back", [0, 1, 2])
def test_backdating_window_allows_today_and_two_days(back: int) -> None:
    check_occurred_on(occurred_on=date(2026, 3, 29 - back), today=TODAY, backdate_days=2)


@pytest.mark.parametrize(
    ("day", "code"), [(date(2026, 3, 26), "too_old"), (date(2026, 3, 30), "in_the_future")]
)
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
