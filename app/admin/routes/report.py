"""The yearly status report for the municipal council: printable page, PDF and CSV (staff)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Response, abort, current_app, make_response, render_template
from flask_babel import gettext as _

from app.accounts.access import staff_required
from app.admin.queries.report import csv_rows, method_notes, status_report
from app.admin.routes import bp
from app.spreadsheets import CsvDialect, write_csv
from app.tenancy.context import current_municipality

FIRST_YEAR, LAST_YEAR = 2020, 2100


def _context(year: int) -> dict[str, Any]:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404)
    overview, rows = status_report(year)
    if overview.plan is None:
        abort(404)
    municipality = current_municipality()
    return {
        "year": year,
        "overview": overview,
        "rows": rows,
        "notes": method_notes(),
        "municipality_label": municipality.name if municipality else "",
    }


@bp.get("/rapport/<int:year>")
@staff_required
def plan_report(year: int) -> Response:
    """The page to print (its print CSS hides the navigation), with links to the PDF and CSV."""
    return make_response(render_template("admin/report.html", **_context(year)))


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint fetches nothing: the CSS comes from the file, links stay links."""
    raise ValueError(f"not fetched: {url}")


@bp.get("/rapport/<int:year>.pdf")
@staff_required
def plan_report_pdf(year: int) -> Response:
    """The same report as a PDF (WeasyPrint), from the print template and static/css/report.css."""
    import weasyprint  # a heavy import, only for this view

    html = render_template("admin/report_pdf.html", **_context(year))
    css = Path(current_app.static_folder or "static") / "css" / "report.css"
    pdf = weasyprint.HTML(string=html, url_fetcher=_no_fetch).write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(css), url_fetcher=_no_fetch)]
    )
    response = make_response(pdf)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="klimaplan-status-{year}.pdf"'
    return response


@bp.get("/rapport/<int:year>.csv")
@staff_required
def plan_report_csv(year: int) -> Response:
    """One line per theme for Danish Excel: UTF-8 with BOM, semicolons, decimal commas."""
    context = _context(year)
    header, rows = csv_rows(context["overview"], context["rows"])
    response = make_response(write_csv(header, rows, CsvDialect.EXCEL_DA))
    response.content_type = "text/csv; charset=utf-8"
    name = _("climate-plan-status")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-{year}.csv"'
    return response
