"""Pure CVR rule: eight digits whose weighted sum (2,7,6,5,4,3,2,1) is divisible by 11."""

from __future__ import annotations

from enum import StrEnum

WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


class CvrProblem(StrEnum):
    LENGTH = "length"
    DIGITS = "digits"
    CHECKSUM = "checksum"


def normalise_cvr(raw: str) -> str:
    """Drop spaces and an optional 'DK' prefix, as people copy CVR numbers from invoices."""
    text = "".join(raw.split())
    if text[:2].upper() == "DK":
        text = text[2:]
    return text


def cvr_problem(raw: str) -> CvrProblem | None:
    """What is wrong with a CVR number, or None when it is well-formed.

    The official modulus-11 check: multiply the digits by 2,7,6,5,4,3,2,1; the sum must be
    divisible by 11. A number cannot start with 0.
    """
    text = normalise_cvr(raw)
    if not text.isascii() or not text.isdigit():
        return CvrProblem.DIGITS
    if len(text) != len(WEIGHTS):
        return CvrProblem.LENGTH
    if text[0] == "0":
        return CvrProblem.CHECKSUM
    total = sum(int(digit) * weight for digit, weight in zip(text, WEIGHTS, strict=True))
    return None if total % 11 == 0 else CvrProblem.CHECKSUM


def is_valid_cvr(raw: str) -> bool:
    return cvr_problem(raw) is None


def check_digit_for(first_seven: str) -> int | None:
    """The eighth digit that makes a valid CVR, or None when no digit can (sum ≡ 1 mod 11)."""
    total = sum(int(d) * w for d, w in zip(first_seven, WEIGHTS[:7], strict=True))
    digit = (-total) % 11
    return digit if digit < 10 else None
