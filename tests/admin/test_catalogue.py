"""Managing actions and neighbourhoods: validation, retire vs delete, future-only points, audit."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import select

from app.actions.catalogue import ActionData, create_action, delete_action, set_action_active, update_action
from app.actions.models import Action, LogEntry
from app.audit.models import AuditEntry
from app.db import db
from app.errors import ConflictError, PermissionDenied, ValidationError
from app.leaderboards.models import UserScore
from app.neighbourhoods.models import Neighbourhood
from app.neighbourhoods.services import NeighbourhoodData, create_neighbourhood, update_neighbourhood
from tests.admin.conftest import action, log, logged_in, user
from tests.conftest import Person

DATA = ActionData(
    name_da="Tørrede tøj på snor",
    name_en="Line-dried laundry",
    category="home",
    unit_da="vask",
    unit_en="load",
    co2e_kg_per_unit=Decimal("0.6"),
    source_da="Energistyrelsen, tørretumbler 1,5 kWh pr. vask",
    source_en="Energistyrelsen, tumble dryer 1.5 kWh per load",
    points_per_unit=4,
    max_units_per_day=Decimal(2),
    default_quantity=Decimal(1),
)


def _data_of(found: Action, **changes: object) -> ActionData:
    values = {name: getattr(found, name) for name in ActionData.__dataclass_fields__}
    return ActionData(**{**values, **changes})  # type: ignore[arg-type]


def _audit(object_type: str) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.object_type == object_type).order_by(AuditEntry.id)
        )
    )


def test_create_action_gets_a_slug_and_an_audit_entry(ctx: Flask, admin: Person) -> None:
    created = create_action(admin=user(admin), data=DATA)
    assert created.slug == "toerrede-toej-paa-snor"
    assert created.is_active
    [entry] = _audit("action")
    assert entry.verb == "create"
    assert entry.after["points_per_unit"] == 4
    assert entry.after["co2e_kg_per_unit"] == "0.6"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"category": "space"}, "category"),
        ({"points_per_unit": -1}, "points_per_unit"),
        ({"max_units_per_day": Decimal(0)}, "max_units_per_day"),
        ({"default_quantity": Decimal(3)}, "default_quantity"),
        ({"source_da": " "}, "source_da"),
        ({"source_en": " "}, "source_en"),
        ({"co2e_kg_per_unit": Decimal("-1")}, "co2e_kg_per_unit"),
    ],
)
def test_action_rules(ctx: Flask, admin: Person, changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        create_action(admin=user(admin), data=replace(DATA, **changes))  # type: ignore[arg-type]
    assert raised.value.field == field
    assert not _audit("action")


def test_no_co2_figure_needs_no_source(ctx: Flask, admin: Person) -> None:
    created = create_action(
        admin=user(admin), data=replace(DATA, co2e_kg_per_unit=None, source_da="", source_en="")
    )
    assert created.co2e_kg_per_unit is None


def _local(admin: Person) -> Action:
    """The municipality's own action (a national one is read-only here: tests/tenancy/
    test_catalogue_overrides.py); DATA: 4 points per load, at most 2 a day."""
    return create_action(admin=user(admin), data=DATA)


def test_changing_points_affects_only_future_logs(ctx: Flask, admin: Person, citizen: Person) -> None:
    laundry = _local(admin)
    first = log(citizen, "1", slug=laundry.slug)  # 1 load at 4 points
    update_action(admin=user(admin), action_id=laundry.id, data=_data_of(laundry, points_per_unit=6))
    second = log(citizen, "1", slug=laundry.slug)
    assert [db.session.get(LogEntry, i).points for i in (first, second)] == [4, 6]
    score = db.session.scalar(
        select(UserScore).where(UserScore.user_id == citizen.id, UserScore.period == "all")
    )
    assert score.points == 10
    [entry] = [e for e in _audit("action") if e.verb == "update"]
    assert (entry.before, entry.after) == ({"points_per_unit": 4}, {"points_per_unit": 6})


def test_an_action_with_logs_is_retired_never_deleted(ctx: Flask, admin: Person, citizen: Person) -> None:
    laundry = _local(admin)
    log(citizen, "1", slug=laundry.slug)
    with pytest.raises(ConflictError):
        delete_action(admin=user(admin), action_id=laundry.id)
    assert db.session.get(Action, laundry.id) is not None
    set_action_active(admin=user(admin), action_id=laundry.id, active=False)
    assert not db.session.get(Action, laundry.id).is_active
    with pytest.raises(ValidationError):
        log(citizen, "1", slug=laundry.slug)
    assert [e.verb for e in _audit("action")] == ["create", "retire"]


def test_an_action_without_logs_can_be_deleted(ctx: Flask, admin: Person) -> None:
    created = create_action(admin=user(admin), data=DATA)
    delete_action(admin=user(admin), action_id=created.id)
    assert db.session.get(Action, created.id) is None
    assert [e.verb for e in _audit("action")] == ["create", "delete"]


def test_category_is_fixed_once_logged(ctx: Flask, admin: Person, citizen: Person) -> None:
    laundry = _local(admin)
    log(citizen, "1", slug=laundry.slug)
    with pytest.raises(ValidationError) as raised:
        update_action(admin=user(admin), action_id=laundry.id, data=_data_of(laundry, category="food"))
    assert raised.value.field == "category"


def test_national_actions_are_read_only_for_the_municipality(ctx: Flask, admin: Person) -> None:
    bike = action()
    with pytest.raises(PermissionDenied):
        update_action(admin=user(admin), action_id=bike.id, data=_data_of(bike, points_per_unit=3))
    with pytest.raises(PermissionDenied):
        set_action_active(admin=user(admin), action_id=bike.id, active=False)
    with pytest.raises(PermissionDenied):
        delete_action(admin=user(admin), action_id=bike.id)
    db.session.rollback()
    assert action().points_per_unit == 2
    assert action().is_active
    assert not _audit("action")


def test_staff_cannot_write(ctx: Flask, staff: Person) -> None:
    with pytest.raises(PermissionDenied):
        create_action(admin=user(staff), data=DATA)


def test_neighbourhoods(ctx: Flask, admin: Person) -> None:
    area = create_neighbourhood(
        admin=user(admin), data=NeighbourhoodData(name="Rødvig Test", population=1200)
    )
    assert area.slug == "roedvig-test"
    with pytest.raises(ConflictError):
        create_neighbourhood(admin=user(admin), data=NeighbourhoodData(name="borup", population=10))
    with pytest.raises(ValidationError):
        update_neighbourhood(
            admin=user(admin), neighbourhood_id=area.id, data=NeighbourhoodData(name="Rødvig", population=0)
        )
    update_neighbourhood(
        admin=user(admin), neighbourhood_id=area.id, data=NeighbourhoodData(name="Rødvig", population=1500)
    )
    assert db.session.get(Neighbourhood, area.id).slug == "roedvig-test"
    assert [(e.verb, e.after) for e in _audit("neighbourhood")][-1] == (
        "update",
        {"name": "Rødvig", "population": 1500},
    )


def test_action_pages(app: Flask, admin: Person) -> None:
    client = logged_in(app, admin)
    bad = client.post("/admin/handlinger/ny", data={"name_da": "", "category": "home"})
    assert bad.status_code == 422
    form = {
        "name_da": DATA.name_da,
        "name_en": DATA.name_en,
        "category": "home",
        "unit_da": "vask",
        "unit_en": "load",
        "points_per_unit": "4",
        "max_units_per_day": "2",
        "default_quantity": "1",
        "co2e_kg_per_unit": "0,6",
        "source_da": "",
        "source_en": DATA.source_en,
    }
    no_source = client.post("/admin/handlinger/ny", data=form)
    assert no_source.status_code == 422
    assert 'aria-invalid="true"' in no_source.text
    form["source_da"] = DATA.source_da
    assert client.post("/admin/handlinger/ny", data=form).status_code == 303
    with app.app_context():
        created = db.session.scalar(select(Action).where(Action.slug == "toerrede-toej-paa-snor"))
        assert created is not None
        assert created.co2e_kg_per_unit == Decimal("0.6")  # the Danish decimal comma is read
        action_id = created.id
    assert client.get(f"/admin/handlinger/{action_id}").status_code == 200
    assert client.post(f"/admin/handlinger/{action_id}/slet").status_code == 303
    assert client.get(f"/admin/handlinger/{action_id}").status_code == 404
    assert client.get("/admin/handlinger/999999").status_code == 404


@pytest.mark.parametrize("bad", ["NaN", "sNaN", "Infinity", "1e999", "abc", "1.2.3"])
def test_odd_numbers_are_422_not_500(app: Flask, admin: Person, bad: str) -> None:
    client = logged_in(app, admin)
    form = {
        "name_da": "X",
        "name_en": "X",
        "category": "home",
        "unit_da": "u",
        "unit_en": "u",
        "points_per_unit": "1",
        "max_units_per_day": bad,
        "default_quantity": "1",
    }
    assert client.post("/admin/handlinger/ny", data=form).status_code == 422
    assert (
        client.post(
            "/admin/handlinger/ny", data={**form, "max_units_per_day": "2", "co2e_kg_per_unit": bad}
        ).status_code
        == 422
    )
