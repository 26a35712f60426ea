"""The yearly status report for the council: per plan theme, from the plan overview."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from app.plan.contributions import KINDS, ThemeItem
from app.plan.overview import PlanOverview, ThemeView, plan_overview
from app.spreadsheets import Cell


@dataclass(frozen=True)
class ThemeRow:
    """One theme's line in the report (numbers only; the page lists the items too)."""

    view: ThemeView
    counts: dict[str, int]
    sparring_requests: int
    sparring_completed: int


def _sparring(items: list[ThemeItem]) -> tuple[int, int]:
    return sum(i.count or 0 for i in items), sum(i.done or 0 for i in items)


def report_rows(overview: PlanOverview) -> list[ThemeRow]:
    rows = []
    for view in overview.themes:
        requests, completed = _sparring(view.items.get("sparring", []))
        counts = {kind: len(view.items.get(kind, [])) for kind in view.items}
        rows.append(ThemeRow(view, counts, requests, completed))
    return rows


def status_report(year: int) -> tuple[PlanOverview, list[ThemeRow]]:
    """The plan overview of `year` and its rows; the plan is None when none is entered."""
    overview = plan_overview(year)
    return overview, report_rows(overview)


def method_notes() -> list[str]:
    """What every figure of the report is and where it comes from, for the page, PDF and CSV."""
    return [
        _(
            "Citizens' CO2e is an estimate: each logged action times its sourced CO2e factor, summed"
            " from the per-day score rows (not the municipality's climate accounts)."
        ),
        _(
            "An action counts under the theme its catalogue category is linked to by the municipality;"
            " actions of categories without a theme are shown apart."
        ),
        _(
            "Participants: people who logged at least one action under the theme in the year,"
            " each counted once."
        ),
        _(
            "Sparring: the offers of the theme's plan areas; requests made in the year, and how many of"
            " them are completed."
        ),
        _("Solutions, pledges and partnerships are counted as their features link them to the theme."),
    ]


def csv_rows(overview: PlanOverview, rows: list[ThemeRow]) -> tuple[list[str], list[list[Cell]]]:
    """The report as a table: one line per theme, then the unassigned actions, then the notes."""
    kinds = [k for k in KINDS if k != "sparring"]
    header = [
        _("Theme"),
        _("Participants"),
        _("Logs"),
        _("kg CO2e (estimate)"),
        _("Measures"),
        *(_kind_header(k) for k in kinds),
        _("Sparring offers"),
        _("Sparring requests"),
        _("Sparring completed"),
    ]
    body: list[list[Cell]] = []
    for row in rows:
        view = row.view
        body.append(
            [
                view.theme.name_da,
                view.citizens.participants,
                view.citizens.logs,
                round(view.citizens.co2e_g / 1000, 1),
                len(view.theme.measures),
                *(row.counts.get(k, 0) for k in kinds),
                row.counts.get("sparring", 0),
                row.sparring_requests,
                row.sparring_completed,
            ]
        )
    unassigned = overview.unassigned
    body.append(
        [
            _("Actions without a theme"),
            unassigned.participants,
            unassigned.logs,
            round(unassigned.co2e_g / 1000, 1),
        ]
    )
    body.append([_("All citizens"), overview.participants, None, round(overview.citizens_co2e_g / 1000, 1)])
    body.extend([[_("Method"), note] for note in method_notes()])
    return header, body


def _kind_header(kind: str) -> str:
    names: dict[str, str] = {
        "solutions": _("Solutions"),
        "pledges": _("Pledges"),
        "partnerships": _("Partnerships"),
    }
    return names.get(kind, kind)
