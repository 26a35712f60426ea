"""One mechanism: ORM reads filtered by the current municipality, writes stamped, crossing refused."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import bindparam, func, select, update

from app.db import db
from app.neighbourhoods.models import Neighbourhood
from app.tenancy.context import current_municipality_id, in_municipality, platform_scope
from app.tenancy.scoping import CrossTenantWrite
from tests.tenancy.conftest import Town


def _area_names() -> set[str]:
    return set(db.session.scalars(select(Neighbourhood.name).where(Neighbourhood.slug == "centrum")))


def test_reads_see_the_current_municipality_only(app: Flask, towns: tuple[Town, Town]) -> None:
    koege, solroed = towns
    with app.app_context():
        assert _area_names() == {"Køge Midtby"}  # DEFAULT_MUNICIPALITY outside a request
        with in_municipality(solroed.municipality_id):
            assert _area_names() == {"Solrød Strand"}
            assert db.session.get(Neighbourhood, koege.area_id) is None
            assert db.session.scalar(select(func.count()).select_from(Neighbourhood)) == 1
        with platform_scope():
            assert _area_names() == {"Køge Midtby", "Solrød Strand"}
        db.session.remove()


_CENTRUM = select(Neighbourhood.name).where(
    Neighbourhood.slug == bindparam("slug")
)  # made once, as hot reads are


def test_a_statement_made_once_is_filtered_anew_in_each_municipality(
    app: Flask, towns: tuple[Town, Town]
) -> None:
    """The criteria of a statement made once are kept per municipality (app/tenancy/scoping.py):
    the same object, run in turn as each municipality and again, sees each one's own rows."""
    koege, solroed = towns
    with app.app_context():
        for _round in range(2):
            for town, name in ((koege, "Køge Midtby"), (solroed, "Solrød Strand")):
                with in_municipality(town.municipality_id):
                    assert list(db.session.scalars(_CENTRUM, {"slug": "centrum"})) == [name]
        with platform_scope():
            assert set(db.session.scalars(_CENTRUM, {"slug": "centrum"})) == {"Køge Midtby", "Solrød Strand"}
        db.session.remove()


def test_a_join_is_filtered_too(app: Flask, towns: tuple[Town, Town]) -> None:
    from app.accounts.models import User

    with app.app_context(), in_municipality(towns[1].municipality_id):
        joined = db.session.scalars(
            select(Neighbourhood.name).join(User, User.neighbourhood_id == Neighbourhood.id)
        )
        assert set(joined) == {"Solrød Strand"}
        db.session.remove()


def test_an_orm_update_touches_only_the_current_municipality(app: Flask, towns: tuple[Town, Town]) -> None:
    koege, solroed = towns
    with app.app_context():
        with in_municipality(solroed.municipality_id):
            db.session.execute(update(Neighbourhood).values(population=1))
            db.session.commit()
        with platform_scope():
            assert db.session.get(Neighbourhood, koege.area_id).population == 5000
            assert db.session.get(Neighbourhood, solroed.area_id).population == 1
        db.session.remove()


def test_a_new_row_is_stamped_with_the_current_municipality(app: Flask, towns: tuple[Town, Town]) -> None:
    solroed = towns[1]
    with app.app_context():
        with in_municipality(solroed.municipality_id):
            area = Neighbourhood(slug="havdrup", name="Havdrup", population=2000)
            db.session.add(area)
            db.session.commit()
            assert area.municipality_id == solroed.municipality_id
        db.session.remove()


def test_a_write_into_another_municipality_is_refused(app: Flask, towns: tuple[Town, Town]) -> None:
    koege, solroed = towns
    with app.app_context():
        with platform_scope():
            koege_area = db.session.get(Neighbourhood, koege.area_id)
        with in_municipality(solroed.municipality_id):
            koege_area.population = 1
            with pytest.raises(CrossTenantWrite):
                db.session.flush()
            db.session.rollback()
            db.session.add(
                Neighbourhood(slug="x", name="X", population=1, municipality_id=koege.municipality_id)
            )
            with pytest.raises(CrossTenantWrite):
                db.session.flush()
            db.session.rollback()
            mine = db.session.get(Neighbourhood, solroed.area_id)
            mine.municipality_id = koege.municipality_id  # moving a row out is crossing too
            with pytest.raises(CrossTenantWrite):
                db.session.flush()
            db.session.rollback()
        with platform_scope():
            db.session.delete(db.session.get(Neighbourhood, koege.area_id))
        with in_municipality(solroed.municipality_id), pytest.raises(CrossTenantWrite):
            db.session.flush()
        db.session.rollback()
        with platform_scope():
            assert db.session.get(Neighbourhood, koege.area_id).population == 5000
        db.session.remove()


def test_a_tenant_row_needs_a_municipality(app: Flask, towns: tuple[Town, Town]) -> None:
    with app.app_context(), platform_scope():
        assert current_municipality_id() is None
        db.session.add(Neighbourhood(slug="y", name="Y", population=1))
        with pytest.raises(CrossTenantWrite):
            db.session.flush()
        db.session.rollback()
        db.session.remove()


def test_national_rows_are_seen_everywhere_and_local_ones_at_home(
    app: Flask, towns: tuple[Town, Town]
) -> None:
    from app.actions.models import Action

    koege, solroed = towns
    with app.app_context():
        with platform_scope():
            national = db.session.scalar(select(func.count()).select_from(Action))
            assert national
            assert db.session.scalar(select(func.count()).where(Action.municipality_id.is_not(None))) == 0
        with in_municipality(solroed.municipality_id):
            local = Action(
                slug="solroed-strandrens",
                name_da="Strandrensning",
                name_en="Beach clean-up",
                category="nature",
                unit_da="gang",
                unit_en="time",
                points_per_unit=5,
                max_units_per_day=1,
                default_quantity=1,
            )
            db.session.add(local)
            db.session.commit()
            assert local.municipality_id == solroed.municipality_id
            assert db.session.scalar(select(func.count()).select_from(Action)) == national + 1
        with in_municipality(koege.municipality_id):
            assert db.session.scalar(select(func.count()).select_from(Action)) == national
            assert db.session.scalar(select(Action).where(Action.slug == "solroed-strandrens")) is None
        db.session.remove()


def test_settings_are_per_municipality(app: Flask, towns: tuple[Town, Town]) -> None:
    from app.settings import SettingChange, setting

    koege, solroed = towns
    with app.app_context():
        with in_municipality(solroed.municipality_id):
            db.session.add(SettingChange(name="BACKDATE_DAYS", value=7))
            db.session.commit()
            assert setting("BACKDATE_DAYS") == 7
        with in_municipality(koege.municipality_id):
            assert setting("BACKDATE_DAYS") == app.config["BACKDATE_DAYS"]
        db.session.remove()


def test_cached_values_are_kept_per_municipality(app: Flask, towns: tuple[Town, Town]) -> None:
    from app.cache import remembered_for

    with app.app_context():
        for town in towns:
            with in_municipality(town.municipality_id):
                assert remembered_for("test:name", 60, lambda t=town: t.slug) == town.slug
        for town in towns:
            with in_municipality(town.municipality_id):
                assert remembered_for("test:name", 60, lambda: "recomputed") == town.slug


def test_totals_over_score_rows_stay_in_the_municipality(app: Flask, towns: tuple[Town, Town]) -> None:
    """Score rows have no municipality column: sums over them join the (scoped) areas."""
    from sqlalchemy import insert

    from app.leaderboards.models import NeighbourhoodScore
    from app.vision.queries import year_totals

    koege, solroed = towns
    with app.app_context():
        db.session.execute(
            insert(NeighbourhoodScore),
            [
                {
                    "neighbourhood_id": koege.area_id,
                    "period": "month",
                    "period_key": "2026-06",
                    "points": 10,
                    "co2e_g": 1000,
                    "logs": 1,
                    "participants": 1,
                },
                {
                    "neighbourhood_id": solroed.area_id,
                    "period": "month",
                    "period_key": "2026-06",
                    "points": 7,
                    "co2e_g": 700,
                    "logs": 2,
                    "participants": 1,
                },
            ],
        )
        db.session.commit()
        with in_municipality(koege.municipality_id):
            assert year_totals(2026) == (1000, 10, 1)
        with in_municipality(solroed.municipality_id):
            assert year_totals(2026) == (700, 7, 2)
        db.session.remove()
