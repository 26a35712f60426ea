"""Local overrides of the national catalogue: Solrød adapts an action, Køge keeps the national one.

Points, caps, proposed amounts and labels are a municipality's own; CO2e stays national; an
action retired here is neither listed nor loggable here; national rows are read-only for a
municipality's admin, who adapts them on /admin/handlinger/<id>/lokal (audited).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.actions.models import Action, ActionOverride, LogEntry
from app.audit.models import AuditEntry
from app.db import db
from tests.conftest import PASSWORD, Person
from tests.tenancy.conftest import Town

pytestmark = pytest.mark.usefixtures("frozen_day")

BIKE = "cykel-frem-for-bil"  # national: 2 points a km, at most 60 km a day, 0.141 kg CO2e a km
HTMX = {"HX-Request": "true"}


def _person(town: Town, role: str, email: str) -> Person:
    from app.accounts.models import Role
    from app.accounts.services import register_user
    from app.tenancy.context import in_municipality

    with in_municipality(town.municipality_id):
        area = town.area_id if role == "citizen" else None
        user = register_user(
            email=email,
            password=PASSWORD,
            alias=f"{role} {town.slug}",
            neighbourhood_id=area,
            role=Role(role),
        )
        person = Person(user.id, user.email, user.alias, PASSWORD, area)
        db.session.remove()
    return person


def _client(app: Flask, town: Town, person: Person) -> FlaskClient:
    client = app.test_client()
    response = client.post(
        "/log-ind", base_url=town.host, data={"email": person.email, "password": person.password}
    )
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def bike_id(app: Flask, towns: tuple[Town, Town]) -> int:
    with app.app_context():
        found = db.session.scalar(select(Action.id).where(Action.slug == BIKE))
        db.session.remove()
    assert found is not None
    return int(found)


@pytest.fixture
def solroed_admin(app: Flask, towns: tuple[Town, Town]) -> FlaskClient:
    with app.app_context():
        admin = _person(towns[1], "admin", "admin@solroed.example.dk")
    return _client(app, towns[1], admin)


@pytest.fixture
def koege_admin(app: Flask, towns: tuple[Town, Town]) -> FlaskClient:
    with app.app_context():
        admin = _person(towns[0], "admin", "admin@koege.example.dk")
    return _client(app, towns[0], admin)


def _override(client: FlaskClient, town: Town, action_id: int, **values: str) -> Any:
    form = {
        "name_da": "",
        "name_en": "",
        "unit_da": "",
        "unit_en": "",
        "points_per_unit": "",
        "max_units_per_day": "",
        "default_quantity": "",
        **values,
    }
    return client.post(f"/admin/handlinger/{action_id}/lokal", base_url=town.host, data=form)


def _log(client: FlaskClient, town: Town, quantity: str, key: str, slug: str = BIKE) -> Any:
    from app.clock import local_date, utcnow

    return client.post(
        f"/log/{slug}",
        base_url=town.host,
        data={"quantity": quantity, "occurred_on": local_date(utcnow()).isoformat(), "idempotency_key": key},
    )


def _entries(app: Flask) -> list[tuple[int, int, int | None]]:
    """(municipality, points, co2e_g) of every ledger row, platform-wide."""
    from app.tenancy.context import platform_scope

    with app.app_context(), platform_scope():
        rows = db.session.execute(
            select(LogEntry.municipality_id, LogEntry.points, LogEntry.co2e_g).order_by(LogEntry.id)
        ).all()
        db.session.remove()
    return [(int(m), int(p), c) for m, p, c in rows]


def _overrides(app: Flask) -> int:
    from app.tenancy.context import platform_scope

    with app.app_context(), platform_scope():
        count = int(db.session.scalar(select(func.count()).select_from(ActionOverride)) or 0)
        db.session.remove()
    return count


def test_overridden_points_earn_in_that_municipality_only_and_co2e_stays_national(
    app: Flask, towns: tuple[Town, Town], bike_id: int, solroed_admin: FlaskClient
) -> None:
    koege, solroed = towns
    saved = _override(solroed_admin, solroed, bike_id, points_per_unit="5")
    assert saved.status_code == 303
    assert _log(_client(app, solroed, solroed.citizen), solroed, "10", "solroed-key-0001").status_code == 303
    assert _log(_client(app, koege, koege.citizen), koege, "10", "koege-key-00001").status_code == 303
    assert _entries(app) == [
        (solroed.municipality_id, 50, 1410),  # 10 km at Solrød's 5 points; CO2e national
        (koege.municipality_id, 20, 1410),  # Køge keeps the national 2 points
    ]
    with app.app_context():
        assert db.session.scalar(select(Action.points_per_unit).where(Action.id == bike_id)) == 2


def test_an_overridden_cap_is_the_one_the_cap_check_uses(
    app: Flask, towns: tuple[Town, Town], bike_id: int, solroed_admin: FlaskClient
) -> None:
    koege, solroed = towns
    assert _override(solroed_admin, solroed, bike_id, max_units_per_day="8").status_code == 303
    citizen = _client(app, solroed, solroed.citizen)
    assert _log(citizen, solroed, "6", "solroed-key-0001").status_code == 303
    refused = _log(citizen, solroed, "3", "solroed-key-0002")
    assert refused.status_code == 422
    assert "8" in refused.text
    # Køge's national cap (60) lets 9 km through.
    assert _log(_client(app, koege, koege.citizen), koege, "9", "koege-key-00001").status_code == 303
    assert [m for m, _p, _c in _entries(app)] == [solroed.municipality_id, koege.municipality_id]


def test_local_labels_show_in_the_catalogue_home_and_api_in_both_languages(
    app: Flask, towns: tuple[Town, Town], bike_id: int, solroed_admin: FlaskClient
) -> None:
    koege, solroed = towns
    saved = _override(
        solroed_admin,
        solroed,
        bike_id,
        name_da="Cyklede til Solrød Strand",
        name_en="Cycled to Solrød beach",
        unit_da="kilometer",
        unit_en="kilometre",
        points_per_unit="4",
    )
    assert saved.status_code == 303
    visitor = app.test_client()
    danish = visitor.get("/handlinger", base_url=solroed.host).text
    assert "Cyklede til Solrød Strand" in danish
    assert "Cyklede i stedet for at tage bilen" not in danish
    visitor.post("/sprog", base_url=solroed.host, data={"lang": "en"})
    english = visitor.get("/handlinger", base_url=solroed.host).text
    assert "Cycled to Solrød beach" in english
    assert "kilometre" in english
    assert (
        "Cyklede i stedet for at tage bilen" in app.test_client().get("/handlinger", base_url=koege.host).text
    )
    citizen = _client(app, solroed, solroed.citizen)
    assert "Cyklede til Solrød Strand" in citizen.get("/hjem", base_url=solroed.host).text
    _log(citizen, solroed, "2", "solroed-key-0001")
    assert "Cyklede til Solrød Strand" in citizen.get("/mine-registreringer", base_url=solroed.host).text

    api = app.test_client(use_cookies=False)
    items = api.get("/api/v1/actions", base_url=solroed.host, headers={"Accept-Language": "en"}).get_json()
    bike = next(item for item in items["items"] if item["slug"] == BIKE)
    assert (bike["name"], bike["unit"], bike["points_per_unit"]) == ("Cycled to Solrød beach", "kilometre", 4)
    assert bike["co2e_kg_per_unit"] == pytest.approx(0.141)
    items = api.get("/api/v1/actions", base_url=koege.host, headers={"Accept-Language": "en"}).get_json()
    bike = next(item for item in items["items"] if item["slug"] == BIKE)
    assert (bike["name"], bike["points_per_unit"]) == ("Cycled instead of driving", 2)


def test_an_action_retired_here_is_hidden_and_cannot_be_logged_here(
    app: Flask, towns: tuple[Town, Town], bike_id: int, solroed_admin: FlaskClient
) -> None:
    koege, solroed = towns
    retired = solroed_admin.post(f"/admin/handlinger/{bike_id}/lokal/pensioner", base_url=solroed.host)
    assert retired.status_code == 303
    assert BIKE not in app.test_client().get("/handlinger", base_url=solroed.host).text
    api = app.test_client(use_cookies=False)
    assert BIKE not in {
        i["slug"] for i in api.get("/api/v1/actions", base_url=solroed.host).get_json()["items"]
    }
    assert BIKE in {i["slug"] for i in api.get("/api/v1/actions", base_url=koege.host).get_json()["items"]}
    citizen = _client(app, solroed, solroed.citizen)
    assert f'data-action="{BIKE}"' not in citizen.get("/hjem", base_url=solroed.host).text
    assert _log(citizen, solroed, "5", "solroed-key-0001").status_code == 422
    assert _log(citizen, solroed, "5", "solroed-key-0002").status_code == 422
    assert _log(_client(app, koege, koege.citizen), koege, "5", "koege-key-00001").status_code == 303
    assert [m for m, _p, _c in _entries(app)] == [koege.municipality_id]
    back = solroed_admin.post(f"/admin/handlinger/{bike_id}/lokal/genaktiver", base_url=solroed.host)
    assert back.status_code == 303
    assert _log(citizen, solroed, "5", "solroed-key-0003").status_code == 303


def test_a_retired_action_cannot_be_logged_through_the_api(
    app: Flask, towns: tuple[Town, Town], bike_id: int, solroed_admin: FlaskClient
) -> None:
    from tests.api.conftest import ApiClient

    solroed = towns[1]
    solroed_admin.post(f"/admin/handlinger/{bike_id}/lokal/pensioner", base_url=solroed.host)
    client = app.test_client(use_cookies=False)
    token = client.post(
        "/api/v1/tokens",
        base_url=solroed.host,
        json={"email": solroed.citizen.email, "password": solroed.citizen.password, "name": "phone"},
    ).get_json()["token"]
    api = ApiClient(client, token)
    response = api.request(
        "POST",
        "/api/v1/logs",
        base_url=solroed.host,
        json={"action": BIKE, "quantity": 5},
        headers={"Idempotency-Key": "api-key-000001"},
    )
    assert response.status_code == 422
    assert _entries(app) == []


def test_reset_restores_the_national_values(
    app: Flask, towns: tuple[Town, Town], bike_id: int, solroed_admin: FlaskClient
) -> None:
    solroed = towns[1]
    _override(solroed_admin, solroed, bike_id, points_per_unit="7", name_da="Cykeltur i Solrød")
    solroed_admin.post(f"/admin/handlinger/{bike_id}/lokal/pensioner", base_url=solroed.host)
    assert _overrides(app) == 1
    reset = solroed_admin.post(f"/admin/handlinger/{bike_id}/lokal/nulstil", base_url=solroed.host)
    assert reset.status_code == 303
    assert _overrides(app) == 0
    catalogue = app.test_client().get("/handlinger", base_url=solroed.host).text
    assert "Cyklede i stedet for at tage bilen" in catalogue
    assert "Cykeltur i Solrød" not in catalogue
    assert _log(_client(app, solroed, solroed.citizen), solroed, "5", "solroed-key-0001").status_code == 303
    assert _entries(app) == [(solroed.municipality_id, 10, 705)]


def test_override_writes_are_audited_in_that_municipality(
    app: Flask, towns: tuple[Town, Town], bike_id: int, solroed_admin: FlaskClient
) -> None:
    from app.tenancy.context import in_municipality

    koege, solroed = towns
    _override(solroed_admin, solroed, bike_id, points_per_unit="3")
    solroed_admin.post(f"/admin/handlinger/{bike_id}/lokal/pensioner", base_url=solroed.host)
    solroed_admin.post(f"/admin/handlinger/{bike_id}/lokal/nulstil", base_url=solroed.host)
    with app.app_context():
        with in_municipality(solroed.municipality_id):
            entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
            assert [(e.verb, e.object_type, e.object_id) for e in entries] == [
                ("override", "action", str(bike_id)),
                ("retire_locally", "action", str(bike_id)),
                ("reset", "action", str(bike_id)),
            ]
            assert (entries[0].before, entries[0].after) == ({}, {"points_per_unit": 3})
        with in_municipality(koege.municipality_id):
            assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0
        db.session.remove()
    page = solroed_admin.get(f"/admin/handlinger/{bike_id}/lokal", base_url=solroed.host).text
    assert "points_per_unit" in page  # the history on the override screen


def test_a_municipal_admin_cannot_change_a_national_action(
    app: Flask, towns: tuple[Town, Town], bike_id: int, koege_admin: FlaskClient
) -> None:
    koege = towns[0]
    form = {
        "name_da": "Cykel",
        "name_en": "Bike",
        "category": "transport",
        "unit_da": "km",
        "unit_en": "km",
        "points_per_unit": "9",
        "max_units_per_day": "60",
        "default_quantity": "5",
        "co2e_kg_per_unit": "",
        "source_da": "",
        "source_en": "",
    }
    for path, data in (
        (f"/admin/handlinger/{bike_id}", form),
        (f"/admin/handlinger/{bike_id}/pensioner", {}),
        (f"/admin/handlinger/{bike_id}/genaktiver", {}),
        (f"/admin/handlinger/{bike_id}/slet", {}),
    ):
        page = koege_admin.post(path, base_url=koege.host, data=data)
        assert page.status_code == 403, path
        assert "nationale katalog" in page.text
        partial = koege_admin.post(path, base_url=koege.host, data=data, headers=HTMX)
        assert partial.status_code == 403, path
        assert "nationale katalog" in partial.text
        assert "<html" not in partial.text
    with app.app_context():
        bike = db.session.get(Action, bike_id)
        assert (bike.points_per_unit, bike.is_active, bike.name_da) == (
            2,
            True,
            "Cyklede i stedet for at tage bilen",
        )
        db.session.remove()
    # The old edit page sends the admin to the override screen.
    edit = koege_admin.get(f"/admin/handlinger/{bike_id}", base_url=koege.host)
    assert edit.status_code == 303
    assert edit.headers["Location"].endswith(f"/admin/handlinger/{bike_id}/lokal")


def test_the_admin_list_links_national_actions_to_the_override_and_local_ones_to_edit(
    app: Flask, towns: tuple[Town, Town], bike_id: int, koege_admin: FlaskClient
) -> None:
    koege = towns[0]
    created = koege_admin.post(
        "/admin/handlinger/ny",
        base_url=koege.host,
        data={
            "name_da": "Byttede legetøj i Køge",
            "name_en": "Swapped toys in Køge",
            "category": "consumption",
            "unit_da": "gang",
            "unit_en": "time",
            "points_per_unit": "3",
            "max_units_per_day": "2",
            "default_quantity": "1",
            "co2e_kg_per_unit": "",
            "source_da": "",
            "source_en": "",
        },
    )
    assert created.status_code == 303
    page = koege_admin.get("/admin/handlinger", base_url=koege.host).text
    assert f'href="/admin/handlinger/{bike_id}/lokal"' in page
    assert "Tilpas lokalt" in page
    with app.app_context():
        local_id = db.session.scalar(select(Action.id).where(Action.slug == "byttede-legetoej-i-koege"))
        db.session.remove()
    assert f'href="/admin/handlinger/{local_id}"' in page
    assert "Redigér" in page
    assert koege_admin.get(f"/admin/handlinger/{local_id}", base_url=koege.host).status_code == 200
    # A local action has no override screen: it is edited.
    assert koege_admin.get(f"/admin/handlinger/{local_id}/lokal", base_url=koege.host).status_code == 404


def test_the_override_screen_shows_each_national_value(
    towns: tuple[Town, Town], bike_id: int, solroed_admin: FlaskClient
) -> None:
    page = solroed_admin.get(f"/admin/handlinger/{bike_id}/lokal", base_url=towns[1].host)
    assert page.status_code == 200
    text = page.text
    assert 'Nationalt: <span lang="da">Cyklede i stedet for at tage bilen</span>' in text
    assert 'Nationalt: <span lang="en">Cycled instead of driving</span>' in text
    assert "Nationalt: 60" in text  # the cap
    assert "Nationalt: 2" in text  # the points
    assert "0,141" in text  # CO2e, shown as national and not editable
    assert 'name="co2e_kg_per_unit"' not in text


@pytest.mark.parametrize("role", ["staff", "citizen"])
def test_staff_and_citizens_cannot_reach_the_override_screen(
    app: Flask, towns: tuple[Town, Town], bike_id: int, role: str
) -> None:
    solroed = towns[1]
    with app.app_context():
        person = _person(solroed, role, f"{role}@solroed.example.dk")
    client = _client(app, solroed, person)
    assert client.get(f"/admin/handlinger/{bike_id}/lokal", base_url=solroed.host).status_code == 403
    assert _override(client, solroed, bike_id, points_per_unit="9").status_code == 403
    for tail in ("nulstil", "pensioner", "genaktiver"):
        assert (
            client.post(f"/admin/handlinger/{bike_id}/lokal/{tail}", base_url=solroed.host).status_code == 403
        )
    anonymous = app.test_client().get(f"/admin/handlinger/{bike_id}/lokal", base_url=solroed.host)
    assert anonymous.status_code in {302, 303}
    assert _overrides(app) == 0


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"points_per_unit": "-1"}, "points_per_unit"),
        ({"max_units_per_day": "0"}, "max_units_per_day"),
        ({"default_quantity": "0"}, "default_quantity"),
        ({"default_quantity": "70"}, "default_quantity"),  # above the national cap of 60
        ({"max_units_per_day": "3"}, "default_quantity"),  # below the national proposed 5
        ({"points_per_unit": "mange"}, "points_per_unit"),
        ({"max_units_per_day": "1.234,5"}, "max_units_per_day"),
        ({"name_da": "x" * 161}, "name_da"),
        ({"unit_da": "en\nlinje"}, "unit_da"),
    ],
)
def test_invalid_local_values_are_refused_and_nothing_is_saved(
    app: Flask,
    towns: tuple[Town, Town],
    bike_id: int,
    solroed_admin: FlaskClient,
    values: dict[str, str],
    field: str,
) -> None:
    response = _override(solroed_admin, towns[1], bike_id, **values)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text
    assert _overrides(app) == 0


def test_the_service_refuses_a_local_action_and_a_non_admin(app: Flask, towns: tuple[Town, Town]) -> None:
    from app.accounts.models import User
    from app.actions.catalogue import ActionData, create_action
    from app.actions.overrides import OverrideData, save_override
    from app.errors import ConflictError, PermissionDenied
    from app.tenancy.context import in_municipality

    solroed = towns[1]
    with app.app_context():
        admin_person = _person(solroed, "admin", "admin@solroed.example.dk")
        with in_municipality(solroed.municipality_id):
            admin = db.session.get(User, admin_person.id)
            own = create_action(
                admin=admin,
                data=ActionData(
                    name_da="Strandrydning",
                    name_en="Beach clean-up",
                    category="community",
                    unit_da="gang",
                    unit_en="time",
                    co2e_kg_per_unit=None,
                    source_da="",
                    source_en="",
                    points_per_unit=10,
                    max_units_per_day=Decimal(1),
                    default_quantity=Decimal(1),
                ),
            )
            with pytest.raises(ConflictError):
                save_override(admin=admin, action_id=own.id, data=OverrideData(points_per_unit=1))
            citizen = db.session.get(User, solroed.citizen.id)
            bike = db.session.scalar(select(Action).where(Action.slug == BIKE))
            with pytest.raises(PermissionDenied):
                save_override(admin=citizen, action_id=bike.id, data=OverrideData(points_per_unit=1))
        db.session.remove()
    assert _overrides(app) == 0


def test_the_catalogue_reads_the_overrides_with_the_actions_in_one_query(
    app: Flask, towns: tuple[Town, Town], bike_id: int, solroed_admin: FlaskClient
) -> None:
    from sqlalchemy import event

    from app.actions.queries import active_actions
    from app.tenancy.context import in_municipality

    solroed = towns[1]
    _override(solroed_admin, solroed, bike_id, points_per_unit="6")
    with app.app_context(), in_municipality(solroed.municipality_id):
        statements: list[str] = []

        def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if "actions" in statement or "action_overrides" in statement:
                statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            actions = active_actions()
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert len(statements) == 1
        assert next(a for a in actions if a.slug == BIKE).points_per_unit == 6
        db.session.remove()
