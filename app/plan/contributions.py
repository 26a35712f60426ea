"""What feeds each plan theme: a registry that higher features add their per-theme items to.

The plan sits below business, sparring and partnerships (import-linter layers), so it never
imports them. Each of them registers a contributor in `app/features.py`; the vision page and the
yearly report call `collect`, which asks every contributor for its items by theme.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from app.plan.models import PlanTheme

# The kinds of item a theme shows, in page order. A contributor may add other kinds too.
KINDS = ("solutions", "pledges", "partnerships", "sparring")


@dataclass(frozen=True)
class ThemeItem:
    """One thing under a theme: a company's solution, a partnership, a sparring offer, ...

    `co2e_kg` is an estimate whenever `estimate` is True (the pages say so) and None when the
    item makes no CO2e claim; `source` names where a figure comes from. `count` and `done` are
    the item's own tallies where it has them (a sparring offer: requests this year, completed);
    `featured` items were picked out by the municipality and come first in their kind."""

    title: str
    detail: str = ""
    url: str | None = None
    co2e_kg: float | None = None
    estimate: bool = True
    source: str = ""
    count: int | None = None
    done: int | None = None
    featured: bool = False


@dataclass(frozen=True)
class ThemeQuery:
    """What a contributor is asked: the municipality's themes and the calendar year."""

    themes: Sequence[PlanTheme]
    year: int
    area_themes: Mapping[str, int] = field(default_factory=dict)


Contributor = Callable[[ThemeQuery], Mapping[int, Sequence[ThemeItem]]]

_contributors: dict[str, Contributor] = {}


def register_contributor(kind: str, contributor: Contributor) -> None:
    """Add (or replace) the contributor of one kind; it returns theme id → its items."""
    _contributors[kind] = contributor


def registered_kinds() -> list[str]:
    """The kinds shown, the known ones first in KINDS order, then any others by name."""
    known = [k for k in KINDS if k in _contributors]
    return known + sorted(k for k in _contributors if k not in KINDS)


def collect(query: ThemeQuery) -> dict[int, dict[str, list[ThemeItem]]]:
    """theme id → kind → items, for every theme and every kind registered (empty lists kept, so
    a template can show a placeholder for a kind with nothing yet). Items of a theme id not in
    `query.themes` are dropped: no contributor can show another municipality's rows here."""
    kinds = list(KINDS) + [k for k in registered_kinds() if k not in KINDS]
    result: dict[int, dict[str, list[ThemeItem]]] = {}
    for theme in query.themes:
        result[theme.id] = {kind: [] for kind in kinds}
    for kind in registered_kinds():
        for theme_id, items in _contributors[kind](query).items():
            if theme_id in result:
                result[theme_id][kind].extend(items)
    return result
