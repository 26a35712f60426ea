"""Score rows as the current transaction left them, so it never reads back what it just wrote.

A log's upserts return the rows' new values (RETURNING); the tally, milestone, outlier and level
checks that follow in the same transaction read them from here instead of sending a SELECT for
each. The values belong to one transaction: a memo of another (committed, rolled back) is never
used, and every score write that does not record its result forgets the memo.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.db import db

_INFO_KEY = "klimadyst.written_scores"

Key = tuple[str, int, str, str]  # (table, owner id, period, period key)
Row = dict[str, int] | None  # the row's values, or None: the transaction deleted it


def _memo(create: bool) -> dict[Key, Row] | None:
    session = db.session()
    transaction = session.get_transaction()
    if transaction is None:
        return None
    held = session.info.get(_INFO_KEY)
    if held is not None and held[0] is transaction:
        memo: dict[Key, Row] = held[1]
        return memo
    if not create:
        return None
    memo = {}
    session.info[_INFO_KEY] = (transaction, memo)
    return memo


def remember(
    table: str, owner_id: int, keys: dict[str, str], rows: Sequence[Any], columns: tuple[str, ...]
) -> None:
    """Record RETURNING rows (each with `period` and `columns`) of an upsert into `table`."""
    memo = _memo(create=True)
    if memo is None:
        return
    for row in rows:
        memo[(table, owner_id, row.period, keys[row.period])] = {
            name: int(getattr(row, name)) for name in columns
        }


def remember_deleted(table: str, owner_id: int, period_keys: list[tuple[str, str]]) -> None:
    memo = _memo(create=True)
    if memo is None:
        return
    for period, key in period_keys:
        memo[(table, owner_id, period, key)] = None


def forget() -> None:
    """A score write that records nothing: the memo no longer tells the truth."""
    db.session().info.pop(_INFO_KEY, None)


def recalled(table: str, owner_id: int, period: str, key: str) -> tuple[bool, Row]:
    """(known, values): known is False when the transaction wrote nothing there (read the row)."""
    memo = _memo(create=False)
    if memo is None or (table, owner_id, period, key) not in memo:
        return False, None
    return True, memo[(table, owner_id, period, key)]
