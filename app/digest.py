"""SHA-256 digests of secrets, so tokens, links and rate-limit keys are never stored as typed."""

from __future__ import annotations

import hashlib


def secret_digest(secret: str, *, length: int = 64) -> str:
    """The hex SHA-256 of `secret`, cut to `length` characters.

    The secrets hashed here (API tokens, mailed links, invitation tokens) carry 256 random
    bits, so a fast hash is enough; a slow password hash would only cost time per request.
    Stored digests are the full 64 characters: changing this function breaks every stored one.
    Rate-limit keys use 32, which is plenty to keep counters apart.
    """
    return hashlib.sha256(secret.encode()).hexdigest()[:length]
