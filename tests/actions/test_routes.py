"""The home screen and log endpoints: htmx partials vs full pages, no-JS fallbacks, access."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask, g, template_rendered
from flask.testing import FlaskClient
from sqlalchemy import event, func, select

from app.actions.models import LogEntry, LogStatus
from app.clock import today_in
from app.db import db
from tests.conftest import Person, login

# Their "today" is the app's Copenhagen day: keep it away from midnight and DST nights.
pytestmark = pytest.mark.usefixtures("frozen_day")

HTMX = {"HX-Request": "true"}


@contextmanager
def rendered(app: Flask):  # type: ignore[no-untyped-def]
    names: list[str] = []

    def record(sender: Any, template: Any, context: Any, **extra: Any) -> None:
        names.append(template.name)

    template_rendered.connect(record, app)
    try:
        yield names
    finally:
        template_rendered.disconnect(record, app)


def _log_form(key: str = "browser-key-0001", quantity: str = "5", day: str | None = None) -> dict[str, str]:
    from app.clock import local_date, utcnow

    return {
        "quantity": quantity,
        "occurred_on": day or local_date(utcnow()).isoformat(),
        "idempotency_key": key,
    }


def _count_logs(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(LogEntry)) or 0)


def test_home_is_a_full_page_with_actions_grouped_by_category(
    app: Flask, citizen_client: FlaskClient
) -> None:
    with rendered(app) as names:
        response = citizen_client.get("/hjem")
    assert response.status_code == 200
    assert names == ["actions/_catalogue.html", "actions/home.html"]  # the shared catalogue, then the page
    html = response.text
    assert "Cyklede i stedet for at tage bilen" in html
    assert html.index("Transport") < html.index("Mad")
    assert "Aarhus Universitet" in html  # each action shows the source of its CO2 figure
    assert response.headers["Vary"].count("HX-Request") == 1


def test_log_without_javascript_redirects_with_a_flash(app: Flask, citizen_client: FlaskClient) -> None:
    response = citizen_client.post("/log/cykel-frem-for-bil", data=_log_form())
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/hjem#today")
    page = citizen_client.get("/hjem").text
    assert "+10 point" in page
    assert _count_logs(app) == 1


def test_htmx_log_returns_the_partial_with_out_of_band_stats(app: Flask, citizen_client: FlaskClient) -> None:
    with rendered(app) as names:
        response = citizen_client.post("/log/cykel-frem-for-bil", data=_log_form(), headers=HTMX)
    assert response.status_code == 200
    assert names[0] == "actions/_log_response.html"
    assert "actions/home.html" not in names
    assert 'id="my-stats"' in response.text
    assert 'hx-swap-oob="true"' in response.text
    assert 'data-stat="today">10' in response.text


def test_double_tap_with_the_same_key_counts_once(app: Flask, citizen_client: FlaskClient) -> None:
    citizen_client.post("/log/cykel-frem-for-bil", data=_log_form(key="same-key-1234"), headers=HTMX)
    second = citizen_client.post("/log/cykel-frem-for-bil", data=_log_form(key="same-key-1234"), headers=HTMX)
    assert second.status_code == 200
    assert "tæller kun én gang" in second.text
    assert _count_logs(app) == 1


def test_log_over_the_cap_is_a_422_with_the_reason(app: Flask, citizen_client: FlaskClient) -> None:
    response = citizen_client.post("/log/cykel-frem-for-bil", data=_log_form(quantity="61"), headers=HTMX)
    assert response.status_code == 422
    assert "60 km" in response.text
    assert _count_logs(app) == 0


@pytest.mark.parametrize("quantity", ["abc", "-1", "0", "1e400", "9" * 13])
def test_bad_quantities_are_422_never_500(app: Flask, citizen_client: FlaskClient, quantity: str) -> None:
    response = citizen_client.post("/log/cykel-frem-for-bil", data=_log_form(quantity=quantity))
    assert response.status_code == 422
    assert _count_logs(app) == 0


def test_bad_dates_are_422(app: Flask, citizen_client: FlaskClient) -> None:
    assert citizen_client.post("/log/cykel-frem-for-bil", data=_log_form(day="2020-01-01")).status_code == 422
    assert citizen_client.post("/log/cykel-frem-for-bil", data=_log_form(day="not-a-date")).status_code == 422
    assert _count_logs(app) == 0


def test_unknown_action_is_404(citizen_client: FlaskClient) -> None:
    assert citizen_client.post("/log/teleporterede", data=_log_form()).status_code == 404


def test_anonymous_is_sent_to_login(client: FlaskClient, reference_data: None) -> None:
    response = client.get("/hjem")
    assert response.status_code == 302
    assert "/log-ind" in response.headers["Location"]


def test_anonymous_htmx_gets_401_with_hx_redirect(client: FlaskClient, reference_data: None) -> None:
    response = client.post("/log/cykel-frem-for-bil", data=_log_form(), headers=HTMX)
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].endswith("/log-ind")


@pytest.mark.parametrize("role", ["business", "admin", "staff"])
def test_only_citizens_log(client: FlaskClient, make_user: Any, role: str) -> None:
    login(client, make_user(role=role))
    assert client.get("/hjem").status_code == 403
    assert client.post("/log/cykel-frem-for-bil", data=_log_form()).status_code == 403


def test_get_never_logs(app: Flask, citizen_client: FlaskClient) -> None:
    assert citizen_client.get("/log/cykel-frem-for-bil").status_code == 405
    assert _count_logs(app) == 0


def test_undo_via_htmx_swaps_today_and_stats(app: Flask, citizen_client: FlaskClient) -> None:
    citizen_client.post("/log/cykel-frem-for-bil", data=_log_form())
    with app.app_context():
        log_id = db.session.scalar(select(LogEntry.id))
    with rendered(app) as names:
        response = citizen_client.post(f"/log/{log_id}/fortryd", headers=HTMX)
    assert response.status_code == 200
    assert names[0] == "actions/_undo_response.html"
    assert 'data-stat="today">0' in response.text
    with app.app_context():
        assert db.session.get(LogEntry, log_id).status == LogStatus.UNDONE


def test_a_citizen_cannot_undo_another_citizens_log(app: Flask, client: FlaskClient, make_user: Any) -> None:
    owner, other = make_user(), make_user()
    login(client, owner)
    client.post("/log/cykel-frem-for-bil", data=_log_form())
    client.post("/log-ud")
    with app.app_context():
        log_id = db.session.scalar(select(LogEntry.id))
    login(client, other)
    assert client.post(f"/log/{log_id}/fortryd").status_code == 404
    with app.app_context():
        assert db.session.get(LogEntry, log_id).status == LogStatus.COUNTED


def test_catalogue_shows_sources_and_points_only_actions(client: FlaskClient, reference_data: None) -> None:
    html = client.get("/handlinger").text
    assert "Aarhus Universitet" in html
    assert "Kun point" in html  # an action without a CO2 figure makes no CO2 claim


def test_csrf_is_enforced_on_log(app: Flask, client: FlaskClient, citizen: Person) -> None:
    login(client, citizen)
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/log/cykel-frem-for-bil", data=_log_form())
    assert response.status_code == 400
    assert _count_logs(app) == 0


def _counted_quantities(app: Flask) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(LogEntry.quantity_centi)
                .where(LogEntry.status == LogStatus.COUNTED)
                .order_by(LogEntry.id)
            )
        )


def test_undoing_on_the_web_frees_the_days_cap(app: Flask, citizen_client: FlaskClient) -> None:
    bike = "/log/cykel-frem-for-bil"
    assert (
        citizen_client.post(bike, data=_log_form(key="web-cap-0001", quantity="60"), headers=HTMX).status_code
        == 200
    )
    assert (
        citizen_client.post(bike, data=_log_form(key="web-cap-0002", quantity="1"), headers=HTMX).status_code
        == 422
    )
    with app.app_context():
        log_id = db.session.scalar(select(LogEntry.id))
    assert citizen_client.post(f"/log/{log_id}/fortryd", headers=HTMX).status_code == 200
    again = citizen_client.post(bike, data=_log_form(key="web-cap-0003", quantity="60"), headers=HTMX)
    assert again.status_code == 200, again.text
    assert _counted_quantities(app) == [6000]


def test_a_voided_log_frees_the_days_cap_on_the_web(app: Flask, make_user: Any) -> None:
    citizen, admin = make_user(), make_user(role="admin")
    client = app.test_client()
    login(client, citizen)
    client.post("/log/cykel-frem-for-bil", data=_log_form(key="web-void-0001", quantity="60"))
    with app.app_context():
        log_id = db.session.scalar(select(LogEntry.id))
    admin_client = app.test_client()
    login(admin_client, admin)
    assert admin_client.post(
        f"/admin/registreringer/{log_id}/annuller", data={"reason": "Dobbeltregistrering"}
    ).status_code in (200, 303)
    again = client.post(
        "/log/cykel-frem-for-bil", data=_log_form(key="web-void-0002", quantity="60"), headers=HTMX
    )
    assert again.status_code == 200, again.text
    assert _counted_quantities(app) == [6000]


def test_two_citizens_sending_the_same_form_key_each_get_their_own_log(app: Flask, make_user: Any) -> None:
    first, second = make_user(), make_user()
    responses = []
    for person, quantity in ((first, "5"), (second, "5")):
        client = app.test_client()
        login(client, person)
        responses.append(
            client.post(
                "/log/cykel-frem-for-bil",
                headers=HTMX,
                data=_log_form(key="shared-form-key-1", quantity=quantity),
            )
        )
    assert [r.status_code for r in responses] == [200, 200]
    assert "tæller kun én gang" not in responses[1].text  # not the other citizen's replay
    with app.app_context():
        owners = list(db.session.scalars(select(LogEntry.user_id).order_by(LogEntry.id)))
    assert owners == [first.id, second.id]


def test_the_web_form_offers_and_keeps_the_copenhagen_day_after_midnight(app: Flask, make_user: Any) -> None:
    import time_machine

    # 23:30 UTC on 14 January is 00:30 on 15 January in Copenhagen (winter time, UTC+1)
    with time_machine.travel(datetime(2026, 1, 14, 23, 30, tzinfo=UTC), tick=True):
        client = app.test_client()
        login(client, make_user())
        home = client.get("/hjem").text
        assert 'value="2026-01-15"' in home  # "today" in the day picker
        assert 'value="2026-01-12"' not in home  # three Copenhagen days back: not offered
        assert (
            client.post(
                "/log/cykel-frem-for-bil",
                headers=HTMX,
                data=_log_form(key="web-night-0001", quantity="60", day="2026-01-15"),
            ).status_code
            == 200
        )
        assert (
            client.post(
                "/log/cykel-frem-for-bil",
                headers=HTMX,
                data=_log_form(key="web-night-0002", quantity="1", day="2026-01-15"),
            ).status_code
            == 422
        )  # the cap
        assert (
            client.post(
                "/log/cykel-frem-for-bil",
                headers=HTMX,
                data=_log_form(key="web-night-0003", quantity="60", day="2026-01-14"),
            ).status_code
            == 200
        )
        assert (
            client.post(
                "/log/cykel-frem-for-bil",
                headers=HTMX,
                data=_log_form(key="web-night-0004", day="2026-01-12"),
            ).status_code
            == 422
        )  # too old in Copenhagen
    with app.app_context():
        days = list(db.session.scalars(select(LogEntry.occurred_on).order_by(LogEntry.id)))
    assert [d.isoformat() for d in days] == ["2026-01-15", "2026-01-14"]


def test_the_catalogue_is_rendered_once_and_every_form_gets_its_own_key_and_token(
    app: Flask, citizen_client: FlaskClient, make_user: Any
) -> None:
    """The home's catalogue is shared (app/actions/pages.py), its secrets are not."""
    import re

    first = citizen_client.get("/hjem").text
    # the test's app context outlives requests (a server's does not): forget the first visitor
    g.pop("_login_user", None)
    g.pop("csrf_token", None)
    other = app.test_client()
    login(other, make_user(neighbourhood="borup"))
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        with rendered(app) as names:
            second = other.get("/hjem").text
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert names == ["actions/home.html"]  # the catalogue came from the cache
    catalogue_reads = [s for s in statements if re.search(r"FROM actions\s+WHERE actions.is_active", s)]
    assert catalogue_reads == []  # and so did not read the catalogue's rows

    def secrets(html: str) -> tuple[set[str], list[str]]:
        tokens = set(re.findall(r'name="csrf_token" value="([^"]+)"', html))
        keys = re.findall(r'name="idempotency_key" type="hidden" value="([^"]+)"', html)
        return tokens, keys

    tokens_1, keys_1 = secrets(first)
    tokens_2, keys_2 = secrets(second)
    assert len(tokens_1) == 1 and len(tokens_2) == 1 and tokens_1 != tokens_2  # noqa: PT018
    assert "klimadyst" not in "".join(keys_1 + keys_2)  # no marker left behind
    assert len(keys_1) > 10
    assert len(set(keys_1 + keys_2)) == len(keys_1) + len(keys_2)  # every form its own key
    # the swapped-in token and key work: the shared form logs for this citizen
    key = keys_2[0]
    slug = re.search(r'action="/log/([a-z0-9-]+)"', second)
    assert slug is not None
    response = other.post(
        f"/log/{slug.group(1)}",
        data={"quantity": "1", "occurred_on": today_in().isoformat(), "idempotency_key": key},
    )
    assert response.status_code == 303


def test_a_catalogue_change_shows_on_the_next_home_page(
    app: Flask, citizen_client: FlaskClient, make_user: Any
) -> None:
    from app.accounts.models import User
    from app.actions.models import Action
    from app.actions.overrides import set_retired_here

    assert "Cyklede i stedet for at tage bilen" in citizen_client.get("/hjem").text
    admin = make_user(role="admin")
    with app.app_context():
        bike = db.session.scalar(select(Action.id).where(Action.slug == "cykel-frem-for-bil"))
        # A national action: the municipality retires it here (app/actions/overrides.py).
        set_retired_here(admin=db.session.get(User, admin.id), action_id=bike, retired=True)
        db.session.remove()
    assert "Cyklede i stedet for at tage bilen" not in citizen_client.get("/hjem").text
    citizen_client.post("/sprog", data={"lang": "en"})
    english = citizen_client.get("/hjem").text
    assert '<html lang="en">' in english
    assert "Cycled instead of driving" not in english


def test_the_categories_a_badge_asks_for_follow_a_catalogue_change_at_once(
    app: Flask, make_user: Any
) -> None:
    from app.accounts.models import User
    from app.actions.models import Action
    from app.actions.overrides import set_retired_here
    from app.actions.queries import active_categories

    admin = make_user(role="admin")
    with app.app_context():
        before = active_categories()
        category = sorted(before)[0]
        ids = list(db.session.scalars(select(Action.id).where(Action.category == category, Action.is_active)))
        assert active_categories() == before  # kept
        for action_id in ids:
            set_retired_here(admin=db.session.get(User, admin.id), action_id=action_id, retired=True)
        assert active_categories() == before - {category}
        db.session.remove()
