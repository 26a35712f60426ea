"""The usual day and regular actions on the web: one tap, per-entry keys, htmx and no-JS."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.accounts.models import User
from app.actions.models import Action, AlwaysDoMark, LogEntry, UsualDayItem
from app.actions.routines import mark_always, save_usual_day
from app.clock import local_date, utcnow
from app.db import db, write_transaction
from tests.actions.test_routes import rendered
from tests.conftest import Person, login

pytestmark = pytest.mark.usefixtures("frozen_day")

HTMX = {"HX-Request": "true"}
BIKE, PLANT = "cykel-frem-for-bil", "plantebaseret-dag"


def _save(app: Flask, person: Person, items: list[tuple[str, str]]) -> None:
    with app.app_context():
        save_usual_day(user=db.session.get_one(User, person.id), items=items)
        db.session.remove()


def _mark(app: Flask, person: Person, slug: str) -> None:
    with app.app_context():
        action = db.session.scalar(select(Action).where(Action.slug == slug))
        assert action is not None
        mark_always(user=db.session.get_one(User, person.id), action=action)
        db.session.remove()


def _count(app: Flask, model: Any = LogEntry) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def _page_keys(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="(key-[a-z0-9-]+)" value="([0-9a-f]+)"', html))


def _log_form(html: str, day: str | None = None) -> dict[str, str]:
    return {**_page_keys(html), "occurred_on": day or local_date(utcnow()).isoformat()}


def test_home_shows_the_usual_day_and_regular_actions_above_the_catalogue(
    app: Flask, citizen: Person, citizen_client: FlaskClient
) -> None:
    _save(app, citizen, [(BIKE, "5"), (PLANT, "1")])
    _mark(app, citizen, PLANT)
    html = citizen_client.get("/hjem").text
    assert html.index('id="usual-day"') < html.index('id="always-do"') < html.index('id="catalogue"')
    assert "Log min typiske dag" in html
    assert set(_page_keys(html)) == {f"key-{BIKE}", f"key-{PLANT}"}
    always = html[html.index('id="always-do"') : html.index('id="catalogue"')]
    assert "En plantebaseret dag" in always
    assert "Cyklede" not in always


def test_the_catalogue_partial_is_the_same_for_everyone(
    app: Flask, citizen: Person, citizen_client: FlaskClient
) -> None:
    _save(app, citizen, [(BIKE, "5")])
    _mark(app, citizen, PLANT)
    html = citizen_client.get("/hjem").text
    catalogue = html[html.index('id="catalogue"') :]
    assert "typiske" not in catalogue
    assert "/faste/" not in catalogue
    assert 'name="key-' not in catalogue
    # Neither catalogue template names a per-user part (the list will be cached for everyone).
    for name in ("actions/_catalogue.html", "actions/_action_item.html"):
        source = app.jinja_env.loader.get_source(app.jinja_env, name)[0]  # type: ignore[union-attr]
        assert "usual" not in source
        assert "always" not in source


def test_one_tap_logs_every_entry_and_a_double_tap_logs_once(
    app: Flask, citizen: Person, citizen_client: FlaskClient
) -> None:
    _save(app, citizen, [(BIKE, "5"), (PLANT, "1")])
    form = _log_form(citizen_client.get("/hjem").text)
    with rendered(app) as names:
        first = citizen_client.post("/typisk-dag/log", data=form, headers=HTMX)
    assert first.status_code == 200
    assert names[0] == "actions/_usual_day_response.html"
    assert "2 af 2 handlinger registreret" in first.text
    assert 'data-stat="today">25' in first.text  # out-of-band stats
    second = citizen_client.post("/typisk-dag/log", data=form, headers=HTMX)
    assert second.text.count("tæller kun én gang") == 2
    assert _count(app) == 2
    # The answer keeps the keys the page had: tapping again is still the same log.
    assert (
        _page_keys(second.text)
        == _page_keys(first.text)
        == {k: v for k, v in form.items() if k.startswith("key-")}
    )


def test_the_same_page_logs_another_day_afresh(
    app: Flask, citizen: Person, citizen_client: FlaskClient
) -> None:
    _save(app, citizen, [(BIKE, "5")])
    html = citizen_client.get("/hjem").text
    days = re.findall(r'<option value="(\d{4}-\d\d-\d\d)"', html[html.index('id="usual-day"') :])
    citizen_client.post("/typisk-dag/log", data=_log_form(html, days[0]), headers=HTMX)
    citizen_client.post("/typisk-dag/log", data=_log_form(html, days[1]), headers=HTMX)
    with app.app_context():
        assert sorted(d.isoformat() for d in db.session.scalars(select(LogEntry.occurred_on))) == sorted(
            days[:2]
        )


def test_partial_refusal_shows_each_reason(app: Flask, citizen: Person, citizen_client: FlaskClient) -> None:
    citizen_client.post(
        f"/log/{BIKE}",
        data={
            "quantity": "58",
            "occurred_on": local_date(utcnow()).isoformat(),
            "idempotency_key": "bike-58-km",
        },
    )
    _save(app, citizen, [(BIKE, "5"), (PLANT, "1")])
    response = citizen_client.post(
        "/typisk-dag/log", data=_log_form(citizen_client.get("/hjem").text), headers=HTMX
    )
    assert response.status_code == 200
    assert "1 af 2 handlinger registreret" in response.text
    assert 'data-entry="cykel-frem-for-bil" data-status="refused"' in response.text
    assert "Loft for denne handling" in response.text or "60" in response.text
    assert 'data-entry="plantebaseret-dag" data-status="logged"' in response.text
    assert _count(app) == 2


def test_the_throttle_refuses_with_its_reason(
    app: Flask, citizen: Person, citizen_client: FlaskClient
) -> None:
    app.config["THROTTLE_MAX_LOGS"] = 1
    _save(app, citizen, [(BIKE, "5"), (PLANT, "1")])
    response = citizen_client.post(
        "/typisk-dag/log", data=_log_form(citizen_client.get("/hjem").text), headers=HTMX
    )
    assert 'data-entry="plantebaseret-dag" data-status="refused"' in response.text
    assert "sat på pause" in response.text
    assert _count(app) == 1


def test_without_javascript_it_redirects_with_a_flash_per_entry(
    app: Flask, citizen: Person, citizen_client: FlaskClient
) -> None:
    _save(app, citizen, [(BIKE, "5"), (PLANT, "1")])
    form = _log_form(citizen_client.get("/hjem").text)
    response = citizen_client.post("/typisk-dag/log", data=form)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/hjem#usual-day")
    page = citizen_client.get("/hjem").text
    assert "2 af 2 handlinger registreret" in page
    assert "Cyklede i stedet for at tage bilen: Registreret: +10 point." in page
    assert citizen_client.post("/typisk-dag/log", data=form).status_code == 303  # a resubmit
    assert _count(app) == 2


def test_an_empty_usual_day_or_a_bad_day_is_refused(
    app: Flask, citizen: Person, citizen_client: FlaskClient
) -> None:
    empty = citizen_client.post("/typisk-dag/log", data={"occurred_on": "2026-06-10"}, headers=HTMX)
    assert empty.status_code == 422
    assert "Din typiske dag er tom" in empty.text
    _save(app, citizen, [(BIKE, "5")])
    form = _log_form(citizen_client.get("/hjem").text)
    for day in ("2020-01-01", "ikke-en-dag"):
        assert (
            citizen_client.post(
                "/typisk-dag/log", data={**form, "occurred_on": day}, headers=HTMX
            ).status_code
            == 422
        )
    assert _count(app) == 0


def test_a_retired_action_is_shown_and_skipped(
    app: Flask, citizen: Person, citizen_client: FlaskClient
) -> None:
    _save(app, citizen, [(BIKE, "5"), (PLANT, "1")])
    with app.app_context(), write_transaction():
        action = db.session.scalar(select(Action).where(Action.slug == PLANT))
        assert action is not None
        action.is_active = False
    html = citizen_client.get("/hjem").text
    assert "Udgået: springes over" in html
    response = citizen_client.post("/typisk-dag/log", data=_log_form(html), headers=HTMX)
    assert 'data-entry="plantebaseret-dag" data-status="skipped"' in response.text
    assert _count(app) == 1
    assert "Udgået: fjernes når du gemmer" in citizen_client.get("/typisk-dag").text


def _edit(client: FlaskClient, rows: list[tuple[str, str]], op: str, **extra: str) -> Any:
    data = {"op": op, **extra}
    for index, (slug, quantity) in enumerate(rows):
        data[f"action-{index}"] = slug
        data[f"quantity-{index}"] = quantity
    return client.post("/typisk-dag", data=data)


def _saved(app: Flask, person: Person) -> list[tuple[str, int]]:
    with app.app_context():
        rows = db.session.execute(
            select(Action.slug, UsualDayItem.quantity_centi)
            .join(Action, Action.id == UsualDayItem.action_id)
            .where(UsualDayItem.user_id == person.id)
            .order_by(UsualDayItem.position)
        )
        return [(slug, centi) for slug, centi in rows]


def test_the_editor_adds_reorders_removes_and_sets_amounts(
    app: Flask, citizen: Person, citizen_client: FlaskClient
) -> None:
    assert citizen_client.get("/typisk-dag").status_code == 200
    response = _edit(citizen_client, [], "add", add_action=BIKE, add_quantity="")
    assert response.status_code == 303
    assert _saved(app, citizen) == [(BIKE, 500)]  # the action's usual amount
    _edit(citizen_client, [(BIKE, "7,5")], "add", add_action=PLANT, add_quantity="1")
    assert _saved(app, citizen) == [(BIKE, 750), (PLANT, 100)]
    _edit(citizen_client, [(BIKE, "7,5"), (PLANT, "1")], "up-1")
    assert _saved(app, citizen) == [(PLANT, 100), (BIKE, 750)]
    _edit(citizen_client, [(PLANT, "1"), (BIKE, "7,5")], "remove-0")
    assert _saved(app, citizen) == [(BIKE, 750)]
    page = citizen_client.get("/typisk-dag").text
    assert "Din typiske dag er gemt" in page
    assert 'value="7,5"' in page


@pytest.mark.parametrize(
    ("rows", "op", "extra", "message"),
    [
        ([(BIKE, "61")], "save", {}, "Højst 60 km om dagen"),
        ([(BIKE, "abc")], "save", {}, "Skriv mængden som et tal"),
        ([("teleporterede", "1")], "save", {}, "Den handling findes ikke"),
        ([(BIKE, "5")], "add", {"add_action": BIKE}, "kun være med én gang"),
        ([(BIKE, "5")], "add", {"add_action": ""}, "Vælg en handling"),
        ([(BIKE, "5")], "up-7", {}, "Ukendt knap"),
    ],
)
def test_the_editor_refuses_bad_input_with_a_422_and_saves_nothing(
    app: Flask,
    citizen: Person,
    citizen_client: FlaskClient,
    rows: list[tuple[str, str]],
    op: str,
    extra: dict[str, str],
    message: str,
) -> None:
    response = _edit(citizen_client, rows, op, **extra)
    assert response.status_code == 422
    assert message in response.text
    assert _saved(app, citizen) == []


def test_the_editor_refuses_too_many_actions(
    app: Flask, citizen: Person, citizen_client: FlaskClient
) -> None:
    with app.app_context():
        slugs = list(db.session.scalars(select(Action.slug).order_by(Action.id)))
    response = _edit(citizen_client, [(slug, "1") for slug in slugs[:13]], "save")
    assert response.status_code == 422
    assert "højst 12 handlinger" in response.text
    assert _saved(app, citizen) == []


def test_save_todays_logs_as_the_usual_day(app: Flask, citizen: Person, citizen_client: FlaskClient) -> None:
    response = citizen_client.post("/typisk-dag/fra-i-dag")
    assert response.status_code == 303
    assert "ikke registreret noget i dag" in citizen_client.get("/typisk-dag").text
    citizen_client.post(
        f"/log/{BIKE}",
        data={
            "quantity": "3",
            "occurred_on": local_date(utcnow()).isoformat(),
            "idempotency_key": "bike-today-1",
        },
    )
    citizen_client.post("/typisk-dag/fra-i-dag")
    assert _saved(app, citizen) == [(BIKE, 300)]


def test_marking_and_unmarking_regular_actions(
    app: Flask, citizen: Person, citizen_client: FlaskClient
) -> None:
    response = citizen_client.post(f"/faste/{PLANT}", data={"back": "edit"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/typisk-dag#always")
    assert citizen_client.post(f"/faste/{PLANT}", data={"back": "edit"}).status_code == 303  # twice: one mark
    assert _count(app, AlwaysDoMark) == 1
    edit = citizen_client.get("/typisk-dag").text
    assert f'aria-pressed="true"\n                      data-action="{PLANT}"' in edit
    assert edit.index("Dine faste handlinger") < edit.index("Transport")  # suggested first when adding
    with rendered(app) as names:
        response = citizen_client.post(f"/faste/{PLANT}/fjern", data={"back": "home"}, headers=HTMX)
    assert names == ["actions/_always_do.html"]
    assert 'id="always-do"' in response.text
    assert "hidden" in response.text
    assert _count(app, AlwaysDoMark) == 0
    assert citizen_client.post("/faste/teleporterede").status_code == 404


def test_a_regular_action_logs_from_the_list_and_updates_it(
    app: Flask, citizen: Person, citizen_client: FlaskClient
) -> None:
    _mark(app, citizen, PLANT)
    response = citizen_client.post(
        f"/log/{PLANT}",
        data={
            "quantity": "1",
            "occurred_on": local_date(utcnow()).isoformat(),
            "idempotency_key": "plant-from-list",
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    always = response.text[response.text.index('id="always-do"') :]
    assert 'hx-swap-oob="true"' in always[:200]
    assert "Registreret: +15 point." in always


def test_a_retired_action_cannot_be_marked(app: Flask, citizen: Person, citizen_client: FlaskClient) -> None:
    with app.app_context(), write_transaction():
        action = db.session.scalar(select(Action).where(Action.slug == PLANT))
        assert action is not None
        action.is_active = False
    citizen_client.post(f"/faste/{PLANT}", data={"back": "edit"})
    assert _count(app, AlwaysDoMark) == 0
    assert "kan ikke længere registreres" in citizen_client.get("/typisk-dag").text


@pytest.mark.parametrize("role", ["business", "admin", "staff"])
def test_only_citizens_have_routines(app: Flask, client: FlaskClient, make_user: Any, role: str) -> None:
    login(client, make_user(role=role))
    assert client.get("/typisk-dag").status_code == 403
    assert client.post("/typisk-dag", data={"op": "save"}).status_code == 403
    assert client.post("/typisk-dag/log", data={}).status_code == 403
    assert client.post("/typisk-dag/fra-i-dag").status_code == 403
    assert client.post(f"/faste/{PLANT}").status_code == 403
    assert client.post(f"/faste/{PLANT}/fjern").status_code == 403
    assert _count(app, AlwaysDoMark) == 0


def test_a_citizen_sees_and_changes_only_their_own(app: Flask, make_user: Any, client: FlaskClient) -> None:
    owner, other = make_user(), make_user()
    _save(app, owner, [(BIKE, "5")])
    _mark(app, owner, PLANT)
    login(client, other)
    home = client.get("/hjem").text
    assert "Lav min typiske dag" in home
    assert 'name="key-' not in home
    assert "En plantebaseret dag" not in home[home.index('id="always-do"') : home.index('id="catalogue"')]
    client.post("/typisk-dag/log", data={"occurred_on": "2026-06-10", f"key-{BIKE}": "a" * 32})
    client.post(f"/faste/{PLANT}/fjern")
    _edit(client, [(PLANT, "1")], "save")
    assert _count(app) == 0
    assert _saved(app, owner) == [(BIKE, 500)]
    assert _count(app, AlwaysDoMark) == 1


def test_anonymous_is_sent_to_login(client: FlaskClient, reference_data: None) -> None:
    assert "/log-ind" in client.get("/typisk-dag").headers["Location"]
    assert client.post("/typisk-dag/log", data={}, headers=HTMX).status_code == 401


def test_writes_need_the_csrf_token(app: Flask, citizen: Person, client: FlaskClient) -> None:
    login(client, citizen)
    _save(app, citizen, [(BIKE, "5")])
    app.config["WTF_CSRF_ENABLED"] = True
    html = client.get("/hjem").text
    assert client.post("/typisk-dag/log", data=_log_form(html)).status_code == 400
    assert client.post(f"/faste/{PLANT}", data={"back": "home"}).status_code == 400
    assert client.post("/typisk-dag", data={"op": "add", "add_action": BIKE}).status_code == 400
    assert _count(app) == 0
    assert _count(app, AlwaysDoMark) == 0
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token
    ok = client.post("/typisk-dag/log", data={**_log_form(html), "csrf_token": token.group(1)})
    assert ok.status_code == 303
    assert _count(app) == 1
