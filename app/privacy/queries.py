"""Reads for privacy: a person's full export (JSON and a CSV bundle), and who to look up."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, select

from app.accounts.models import User
from app.business.models import Company, CompanyMember
from app.clock import utcnow
from app.db import db
from app.privacy.footprint import EXPORTERS, Subject
from app.privacy.rules import RULES
from app.spreadsheets import Cell, CsvDialect, write_csv

EXPORT_FORMAT = "klimadyst-export/2"


def export_user_data(user: User) -> dict[str, Any]:
    """Everything stored about the person (GDPR art. 15 and 20), one section per table.

    Sections are named for people ("logs", "emails"); `tables` says which table each comes
    from. Secrets (password and token hashes) are never included, nor other people's personal
    data beyond the replies on the person's own sparring requests.
    """
    subject = Subject.of(user)
    export: dict[str, Any] = {"format": EXPORT_FORMAT, "exported_at": utcnow().isoformat()}
    for rule in RULES:
        export[rule.section] = EXPORTERS[rule.table](subject)
    export["tables"] = {rule.section: rule.table for rule in RULES}
    return export


def export_json(export: dict[str, Any]) -> str:
    return json.dumps(export, ensure_ascii=False, indent=2, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _section_rows(value: Any) -> list[dict[str, Any]]:
    return [value] if isinstance(value, dict) else list(value)


def export_csv_bundle(export: dict[str, Any]) -> bytes:
    """A zip with one CSV per section: UTF-8 with BOM, ';' and decimal comma for Danish Excel,
    text that a spreadsheet would run as a formula escaped."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for section in export["tables"]:
            rows = _section_rows(export[section])
            header: list[str] = []
            for row in rows:
                header += [key for key in row if key not in header]
            cells: list[list[Cell]] = [[row.get(key) for key in header] for row in rows]
            bundle.writestr(f"{section}.csv", write_csv(header, cells, CsvDialect.EXCEL_DA))
    return buffer.getvalue()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def companies_without_members() -> set[int]:
    """Companies whose last member has left: their page stays, without personal contact data."""
    has_member = exists().where(CompanyMember.company_id == Company.id)
    return set(db.session.scalars(select(Company.id).where(~has_member)))
