"""Password hashing (Argon2id) and the strength rule."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id with the library's RFC 9106 low-memory profile

# The most common passwords in leaked lists, plus local favourites.
COMMON_PASSWORDS = frozenset(
    {
        "1234567890",
        "12345678910",
        "123456789a",
        "qwertyuiop",
        "password123",
        "password1234",
        "adgangskode",
        "adgangskode1",
        "kodeord123",
        "sommer2024",
        "sommer2025",
        "sommer2026",
        "vinter2025",
        "vinter2026",
        "klimadyst1",
        "klimadyst123",
        "koege12345",
        "qwerty1234",
        "iloveyou12",
        "1q2w3e4r5t",
        "abc1234567",
        "passw0rd123",
        "letmein123",
        "welcome123",
    }
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _unknown_account_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("timing-equaliser-not-a-password")


def verify_unknown_account(password: str) -> None:
    """Spend on an address no account has what a real check spends, so both answers take as
    long. The hash checked against is made on the first such login of a process, not at import:
    made at import it cost every worker 64 MiB of peak memory and 90 ms at start, twice."""
    verify_password(_unknown_account_hash(_hasher), password)


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def weakness(password: str, *, min_length: int, personal: tuple[str, ...] = ()) -> str | None:
    """Why a password is too weak ('too_short', 'common', 'personal', 'one_char'), or None."""
    if len(password) < min_length:
        return "too_short"
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS:
        return "common"
    if len(set(lowered)) <= 2:
        return "one_char"
    for word in personal:
        if word and len(word) >= 4 and word.lower() in lowered:
            return "personal"
    return None
