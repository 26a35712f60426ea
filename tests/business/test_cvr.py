"""The CVR rule: eight digits, modulus 11 with weights 2,7,6,5,4,3,2,1."""

from __future__ import annotations

import pytest

from app.business.cvr import CvrProblem, check_digit_for, cvr_problem, is_valid_cvr, normalise_cvr


@pytest.mark.parametrize("cvr", ["29900574", "32721265", "10150817", "DK 2990 0574", " 29900574 "])
def test_valid_numbers_pass(cvr: str) -> None:
    assert is_valid_cvr(cvr)


@pytest.mark.parametrize("cvr", ["29900575", "29900570", "32721266", "12345678"])
def test_wrong_check_digit_is_refused(cvr: str) -> None:
    assert cvr_problem(cvr) is CvrProblem.CHECKSUM


@pytest.mark.parametrize("cvr", ["2990057a", "29-900574", "２９９００５７４", "", "DK"])
def test_non_digits_are_refused(cvr: str) -> None:
    assert cvr_problem(cvr) is CvrProblem.DIGITS


@pytest.mark.parametrize("cvr", ["2990057", "299005740", "1"])
def test_wrong_length_is_refused(cvr: str) -> None:
    assert cvr_problem(cvr) is CvrProblem.LENGTH


def test_leading_zero_is_refused_even_with_a_matching_sum() -> None:
    # 0 + the sum of 1,0,1,... chosen so the weighted sum is 11: still not a CVR number.
    assert cvr_problem("01000004") is CvrProblem.CHECKSUM


def test_normalise_drops_spaces_and_prefix() -> None:
    assert normalise_cvr("dk 29 90 05 74") == "29900574"


def test_check_digit_for_completes_a_valid_number() -> None:
    digit = check_digit_for("2990057")
    assert digit == 4
    assert is_valid_cvr(f"2990057{digit}")
