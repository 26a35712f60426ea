"""The person an export is about, and the helpers every exporter shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, select

from app.accounts.models import User
from app.db import db
from app.neighbourhoods.models import Neighbourhood

Row = dict[str, Any]


@dataclass(frozen=True)
class Subject:
    """The person an export or erasure is about, read once before anything changes."""

    user_id: int
    email: str
    alias: str
    public_id: str
    role: str

    @classmethod
    def of(cls, user: User) -> Subject:
        return cls(user.id, user.email, user.alias, user.public_id, user.role)


def plain(value: Any) -> Any:
    """Dates as ISO text (JSON and CSV read the same); decimals stay numbers for the CSV."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def as_row(**values: Any) -> Row:
    return {name: plain(value) for name, value in values.items()}


def area_names() -> dict[int, str]:
    return {row.id: row.name for row in db.session.execute(select(Neighbourhood.id, Neighbourhood.name))}


def owned_rows_exporter(table_name: str) -> Callable[[Subject], list[Row]]:
    """A table keyed to the person by `user_id`: every column but ids and secrets (hashes)."""

    def export(s: Subject) -> list[Row]:
        table: Table | None = db.metadata.tables.get(table_name)
        if table is None:
            return []
        shown = [
            c
            for c in table.columns
            if c.name not in {"id", "user_id"} and "hash" not in c.name and "token" not in c.name
        ]
        rows = db.session.execute(select(*shown).where(table.c.user_id == s.user_id)).mappings()
        return [{name: plain(value) for name, value in row.items()} for row in rows]

    return export
