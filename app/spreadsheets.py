"""CSV writing for every export (admin files, a citizen's data): plain or Danish Excel, formula-safe."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from enum import StrEnum

# A spreadsheet treats a cell starting with one of these as a formula (tab and carriage return
# too, since some programs strip them first). OWASP: prefix such text with a single quote.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class CsvDialect(StrEnum):
    PLAIN = "csv"  # comma, decimal point, UTF-8
    EXCEL_DA = "excel-da"  # semicolon, decimal comma, UTF-8 with BOM: opens right in Danish Excel


def escape_text(value: str) -> str:
    """Neutralise a text cell a spreadsheet would otherwise evaluate as a formula."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


Cell = str | int | float | Decimal | None


def format_cell(value: Cell, dialect: CsvDialect) -> str:
    """Numbers keep their sign and get the dialect's decimal mark; text is escaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        text = (
            f"{value:.4f}".rstrip("0").rstrip(".")
            if isinstance(value, float)
            else format(value.normalize(), "f")
        )
        return text.replace(".", ",") if dialect is CsvDialect.EXCEL_DA else text
    return escape_text(str(value))


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]], dialect: CsvDialect) -> bytes:
    """The whole file as bytes, in the dialect's separator, decimal mark and encoding."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer,
        delimiter=";" if dialect is CsvDialect.EXCEL_DA else ",",
        lineterminator="\r\n",
        quoting=csv.QUOTE_MINIMAL,
    )
    writer.writerow([escape_text(h) for h in header])
    for row in rows:
        writer.writerow([format_cell(cell, dialect) for cell in row])
    encoding = "utf-8-sig" if dialect is CsvDialect.EXCEL_DA else "utf-8"
    return buffer.getvalue().encode(encoding)
