"""CSV exports of the leaderboards and aggregated statistics, for any period."""

from __future__ import annotations

from datetime import date

from flask import Response, make_response, render_template, request
from flask_babel import gettext as _

from app.accounts.access import staff_required
from app.actions.labels import category_names
from app.admin.forms import ExportForm
from app.admin.queries.dashboard import BoardFilter, board_standings, top_actions
from app.admin.queries.exports import citizen_rows, daily_statistics
from app.admin.routes import bp
from app.admin.routes.common import category_choices
from app.admin.routes.dashboard import PERIODS
from app.clock import Period
from app.settings import local_today
from app.spreadsheets import Cell, CsvDialect, write_csv


def _form() -> ExportForm:
    form = ExportForm(request.args)
    form.kategori.choices = category_choices(blank=_("All categories"))
    return form


@bp.get("/eksport")
@staff_required
def exports() -> Response:
    return make_response(render_template("admin/exports.html", form=_form()))


def _range_label(board: BoardFilter, day: date) -> str:
    start, end = board.date_range(day)
    if start is None and end is None:
        return "altid"
    return f"{start.isoformat() if start else ''}_{end.isoformat() if end else ''}"


def _area_rows(board: BoardFilter, day: date) -> tuple[list[str], list[list[Cell]]]:
    standings = board_standings(board, day)
    header = [
        _("Rank"),
        _("Area"),
        _("Score"),
        _("Points per participant"),
        _("Points"),
        _("CO2e (kg)"),
        _("Participants"),
        _("Population"),
        _("Participation (%)"),
    ]
    rows: list[list[Cell]] = [
        [
            s.rank,
            s.neighbourhood.name,
            None if s.fair_score is None else round(s.fair_score, 3),
            round(s.points_per_participant, 2),
            s.points,
            round(s.co2e_g / 1000, 3),
            s.participants,
            s.neighbourhood.population,
            round(100 * s.participation_rate, 2),
        ]
        for s in standings
    ]
    return header, rows


def _action_rows(board: BoardFilter, day: date) -> tuple[list[str], list[list[Cell]]]:
    names = category_names()
    header = [_("Action"), _("Category"), _("Logs"), _("Points"), _("CO2e (kg)")]
    rows: list[list[Cell]] = [
        [
            t.action.name_da,
            names.get(t.action.category, t.action.category),
            t.logs,
            t.points,
            round(t.co2e_g / 1000, 3),
        ]
        for t in top_actions(board, day, limit=1000)
    ]
    return header, rows


def _statistics_rows(board: BoardFilter, day: date) -> tuple[list[str], list[list[Cell]]]:
    names = category_names()
    header = [_("Day"), _("Area"), _("Category"), _("Participants"), _("Logs"), _("Points"), _("CO2e (kg)")]
    start, end = board.date_range(day)
    rows: list[list[Cell]] = [
        [
            r.day.isoformat(),
            r.neighbourhood,
            names.get(r.category, r.category),
            r.participants,
            r.logs,
            r.points,
            round(r.co2e_g / 1000, 3),
        ]
        for r in daily_statistics(start=start, end=end, category=board.category)
    ]
    return header, rows


def _citizen_rows(board: BoardFilter, day: date) -> tuple[list[str], list[list[Cell]]]:
    header = [_("Area"), _("Rank"), _("Alias"), _("Points"), _("CO2e (kg)")]
    period = Period(board.period) if board.period in ("week", "month", "all") else Period.WEEK
    rows: list[list[Cell]] = [
        [r.neighbourhood, r.rank, r.alias, r.points, round(r.co2e_g / 1000, 3)]
        for r in citizen_rows(period, day)
    ]
    return header, rows


BUILDERS = {
    "omraader": _area_rows,
    "handlinger": _action_rows,
    "statistik": _statistics_rows,
    "borgere": _citizen_rows,
}


@bp.get("/eksport/fil")
@staff_required
def export_file() -> Response:
    """The file itself. Aliases are the only personal data in any export."""
    form = _form()
    if not form.validate():
        return make_response(render_template("admin/exports.html", form=form), 422)
    day = local_today()
    board = BoardFilter(
        period=PERIODS[form.periode.data or "uge"],
        date_from=form.fra.data,
        date_to=form.til.data,
        category=form.kategori.data or None,
    )
    what = form.hvad.data or "omraader"
    header, rows = BUILDERS[what](board, day)
    dialect = CsvDialect(form.format.data or CsvDialect.EXCEL_DA)
    body = write_csv(header, rows, dialect)
    name = f"klimadyst-{what}-{_range_label(board, day)}"
    if board.category:
        name += f"-{board.category}"
    response = make_response(body)
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response
