"""The dashboard: KPIs, the filtered board (period rows vs per-day aggregate), trend, top actions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import event

from app.admin.charts import line_chart, nice_ceiling
from app.admin.queries.dashboard import BoardFilter, board_standings, kpis, top_actions, weekly_trend
from app.clock import local_date, utcnow, week_start
from app.db import db
from tests.admin.conftest import NOW, TODAY, log, logged_in
from tests.conftest import Person

TZ = "Europe/Copenhagen"


def _by_slug(standings: list[Any]) -> dict[str, tuple[int, int, int | None]]:
    return {s.neighbourhood.slug: (s.points, s.participants, s.rank) for s in standings}


def _area_people(make_user: Any) -> list[Person]:
    return [make_user(neighbourhood="borup") for _ in range(3)] + [make_user(neighbourhood="ejby")]


def test_custom_range_equals_the_period_rows(ctx: Flask, make_user: Any) -> None:
    people = _area_people(make_user)
    for n, person in enumerate(people):
        log(person, "5", now=NOW)
        log(person, "1", slug="plantebaseret-dag", now=NOW, day=TODAY - timedelta(days=1))
        if n == 0:
            log(person, "10", now=NOW, day=TODAY - timedelta(days=2))
    preset = board_standings(BoardFilter(period="week"), TODAY)
    custom = board_standings(
        BoardFilter(period="custom", date_from=week_start(TODAY), date_to=TODAY + timedelta(days=6)), TODAY
    )
    assert _by_slug(preset) == _by_slug(custom)
    assert _by_slug(custom)["borup"] == (3 * (10 + 15) + 20, 3, 1)
    assert _by_slug(custom)["ejby"][2] == 2  # one participant is ranked too: behind Borup, ahead of no points


def test_category_and_range_filters(ctx: Flask, make_user: Any) -> None:
    people = _area_people(make_user)
    log(people[0], "5", now=NOW)  # transport, today
    log(people[1], "1", slug="plantebaseret-dag", now=NOW)  # food
    log(people[2], "5", now=NOW, day=TODAY - timedelta(days=2))  # transport, two days ago
    transport = board_standings(BoardFilter(period="week", category="transport"), TODAY)
    assert _by_slug(transport)["borup"][:2] == (20, 2)
    only_today = board_standings(BoardFilter(period="custom", date_from=TODAY, date_to=TODAY), TODAY)
    assert _by_slug(only_today)["borup"][:2] == (25, 2)
    actions = top_actions(BoardFilter(period="custom", date_from=TODAY, date_to=TODAY), TODAY)
    assert [(a.action.slug, a.logs, a.points) for a in actions] == [
        ("plantebaseret-dag", 1, 15),
        ("cykel-frem-for-bil", 1, 10),
    ]


def test_kpis_and_trend(ctx: Flask, make_user: Any) -> None:
    people = _area_people(make_user)
    log(people[0], "5", now=NOW)
    log(people[1], "5", now=NOW)
    last_week = NOW - timedelta(days=7)
    log(people[0], "10", now=last_week, day=local_date(last_week))
    today = local_date(utcnow())
    figures = kpis(TODAY, TZ)
    assert (figures.week.participants, figures.week.logs, figures.week.points) == (2, 2, 20)
    assert figures.all_time.points == 40
    assert figures.citizens == 4
    # accounts are created "now": they count as sign-ups in the real current week
    assert kpis(today, TZ).signups_week == 4
    trend = weekly_trend(TODAY)
    assert len(trend.weeks) == 12
    assert trend.weeks[-1] == week_start(TODAY)
    borup = {area.slug: points for area, points in trend.series}["borup"]
    assert borup[-2:] == [20, 20]
    assert sum(borup) == 40
    chart = line_chart([(area.name, points) for area, points in trend.series])
    assert len(chart.lines) == len(trend.series)
    assert chart.y_ticks[-1][1] == nice_ceiling(20) == 20


def test_nice_ceiling() -> None:
    assert [nice_ceiling(v) for v in (0, 7, 11, 24, 260, 5001)] == [10, 10, 20, 25, 500, 10000]


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_dashboard_reads_no_ledger(app: Flask, make_user: Any, staff: Person) -> None:
    people = _area_people(make_user)
    with app.app_context():
        for person in people:
            log(person, "5", now=utcnow(), day=local_date(utcnow()))
        db.session.remove()
    client = logged_in(app, staff)
    urls = [
        "/admin",
        "/admin?periode=interval&fra=2026-01-01&til=2026-12-31&kategori=transport",
        "/admin?periode=altid&kategori=food",
    ]
    with statements(app) as seen:
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200
    assert seen
    assert not [s for s in seen if "action_logs" in s]
    page = client.get("/admin")
    assert 'data-area="borup"' in page.text
    assert "<svg" in page.text
    assert "<table" in page.text.split('class="trend"')[1]  # the data table beside the chart


def test_filter_partial_and_invalid_range(app: Flask, staff: Person) -> None:
    client = logged_in(app, staff)
    partial = client.get("/admin?periode=maaned", headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<div id="admin-board"')
    assert client.get("/admin?periode=interval&fra=2026-05-01").status_code == 422
    assert client.get("/admin?periode=interval&fra=2026-05-02&til=2026-05-01").status_code == 422
    assert client.get("/admin?periode=nonsense").status_code == 422
    assert client.get("/admin?kategori=space").status_code == 422


def test_admins_see_what_waits_for_them(app: Flask, make_user: Any, admin: Person, staff: Person) -> None:
    from tests.admin.samples import make_flag

    make_flag(app, make_user(neighbourhood="borup"))
    page = logged_in(app, admin).get("/admin")
    assert 'class="pending"' in page.text
    assert "/admin/moderation" in page.text.split('class="pending"')[1].split("</section>")[0]
    assert 'class="pending"' not in logged_in(app, staff).get("/admin").text
