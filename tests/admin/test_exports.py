"""Exports: plain CSV and Danish Excel, escaping against formula injection, aliases only."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask

from app.clock import local_date, utcnow
from app.db import db
from app.neighbourhoods.services import NeighbourhoodData, create_neighbourhood
from app.spreadsheets import CsvDialect, escape_text, format_cell, write_csv
from tests.admin.conftest import log, logged_in, user
from tests.conftest import Person

# Their "today" is the app's Copenhagen day: keep it away from midnight and DST nights.
pytestmark = pytest.mark.usefixtures("frozen_day")


@pytest.mark.parametrize(
    "dangerous", ["=1+2", "+45 1234", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://evil")']
)
def test_formula_triggers_are_escaped(dangerous: str) -> None:
    assert escape_text(dangerous) == "'" + dangerous


def test_safe_text_and_numbers_are_untouched() -> None:
    assert escape_text("Køge Nord") == "Køge Nord"
    assert format_cell(-5, CsvDialect.EXCEL_DA) == "-5"  # numbers are numbers, not formulas
    assert format_cell(1.5, CsvDialect.EXCEL_DA) == "1,5"
    assert format_cell(1.5, CsvDialect.PLAIN) == "1.5"
    assert format_cell(Decimal("2.50"), CsvDialect.EXCEL_DA) == "2,5"
    assert format_cell(None, CsvDialect.PLAIN) == ""


def test_danish_excel_dialect() -> None:
    body = write_csv(["Område", "Point"], [["=cmd", 1.25]], CsvDialect.EXCEL_DA)
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads æøå right
    text = body.decode("utf-8-sig")
    assert text == "Område;Point\r\n'=cmd;1,25\r\n"
    plain = write_csv(["a", "b"], [["x,y", 1.25]], CsvDialect.PLAIN)
    assert plain.decode() == 'a,b\r\n"x,y",1.25\r\n'


def _rows(body: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))


def test_export_escapes_admin_entered_names(app: Flask, make_user: Any, admin: Person, staff: Person) -> None:
    with app.app_context():
        create_neighbourhood(
            admin=user(admin),
            data=NeighbourhoodData(name='=HYPERLINK("http://evil.example")', population=100),
        )
        db.session.remove()
    client = logged_in(app, staff)
    response = client.get("/admin/eksport/fil?hvad=omraader&periode=altid&format=excel-da")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    names = [row[1] for row in _rows(response.data, ";")[1:]]
    assert '\'=HYPERLINK("http://evil.example")' in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)


def test_exports_hold_aliases_but_no_e_mails(app: Flask, make_user: Any, staff: Person) -> None:
    shown = make_user(neighbourhood="borup", alias="Synlig Sofie")
    hidden = make_user(neighbourhood="borup", alias="Skjult Svend", show_in_rankings=False)
    with app.app_context():
        for person in (shown, hidden):
            log(person, "5", now=utcnow(), day=local_date(utcnow()))
        db.session.remove()
    client = logged_in(app, staff)
    for what in ("omraader", "statistik", "handlinger", "borgere"):
        for fmt in ("csv", "excel-da"):
            response = client.get(f"/admin/eksport/fil?hvad={what}&periode=altid&format={fmt}")
            assert response.status_code == 200, (what, fmt)
            text = response.data.decode("utf-8-sig")
            assert "@" not in text  # no e-mail address anywhere
            assert "Skjult Svend" not in text
    citizens = client.get("/admin/eksport/fil?hvad=borgere&periode=altid&format=csv")
    rows = _rows(citizens.data, ",")
    assert rows[1] == ["Borup", "1", "Synlig Sofie", "10", "0.705"]  # 5 km × 0.141 kg


def test_statistics_for_a_custom_range_and_category(app: Flask, make_user: Any, staff: Person) -> None:
    person = make_user(neighbourhood="ejby")
    with app.app_context():
        log(person, "5", now=utcnow(), day=local_date(utcnow()))
        log(person, "1", slug="plantebaseret-dag", now=utcnow(), day=local_date(utcnow()))
        db.session.remove()
    today = local_date(utcnow()).isoformat()
    client = logged_in(app, staff)
    response = client.get(
        f"/admin/eksport/fil?hvad=statistik&periode=interval&fra={today}"
        f"&til={today}&kategori=food&format=excel-da"
    )
    rows = _rows(response.data, ";")
    assert len(rows) == 2
    assert rows[1][0] == today
    assert rows[1][3:] == ["1", "1", "15", "1,4"]  # one plant-based day: 1.4 kg CO2e
    assert client.get("/admin/eksport/fil?hvad=statistik&periode=interval&format=csv").status_code == 422
    assert client.get("/admin/eksport/fil?hvad=x&format=csv").status_code == 422


def test_the_area_export_has_the_fair_score_beside_the_old_columns(
    app: Flask, make_user: Any, staff: Person
) -> None:
    person = make_user(neighbourhood="borup")
    with app.app_context():
        log(person, "5", now=utcnow(), day=local_date(utcnow()))
        db.session.remove()
    client = logged_in(app, staff)
    response = client.get("/admin/eksport/fil?hvad=omraader&periode=altid&format=csv")
    header, *rows = _rows(response.data, ",")
    assert header[:4] == ["Placering", "Område", "Score", "Point pr. deltager"]
    by_area = {row[1]: row for row in rows}
    assert by_area["Borup"][0] == "1"
    assert float(by_area["Borup"][2]) > 0  # the only area with points
    assert all(row[2] and float(row[2]) < 0 for name, row in by_area.items() if name != "Borup")
