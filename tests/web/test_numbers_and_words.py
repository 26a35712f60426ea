"""Numbers, plurals, dates and catalogue texts in the reader's language."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import select

from app.actions.models import Action
from app.clock import today_in
from app.db import db
from app.i18n import AmbiguousNumber, day, decimal, input_decimal, parse_decimal
from tests.admin.conftest import logged_in
from tests.api.conftest import ApiClient, issue
from tests.conftest import Person
from tests.web.test_language_sweep import foreign_words


@pytest.fixture
def admin(make_user: Any) -> Person:
    return make_user(role="admin")


# --- The one formatter ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "da", "en"),
    [
        (Decimal("1E+1"), "10", "10"),
        (Decimal("57.50"), "57,5", "57.5"),
        (Decimal("0.141"), "0,141", "0.141"),
        (Decimal("1234.5"), "1.234,5", "1,234.5"),
        (4, "4", "4"),
    ],
)
def test_decimal_is_locale_formatted_without_exponent(app: Flask, value: Decimal, da: str, en: str) -> None:
    with app.test_request_context():
        with force_locale("da"):
            assert decimal(value, 3) == da
        with force_locale("en"):
            assert decimal(value, 3) == en


def test_input_values_have_no_grouping_so_they_read_back(app: Flask) -> None:
    with app.test_request_context(), force_locale("da"):
        assert input_decimal(Decimal("1234.5")) == "1234,5"
        assert parse_decimal(input_decimal(Decimal("1234.5"))) == Decimal("1234.5")


def test_dates_in_english_have_no_danish_day_point(app: Flask) -> None:
    with app.test_request_context():
        with force_locale("en"):
            assert day(date(2026, 11, 27), "d. MMMM y") == "27 November 2026"
        with force_locale("da"):
            assert day(date(2026, 11, 27), "d. MMMM y") == "27. november 2026"


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("30,5", Decimal("30.5")),
        ("2,5", Decimal("2.5")),
        ("0,141", Decimal("0.141")),
        ("0.141", Decimal("0.141")),
        ("1234,5", Decimal("1234.5")),
        (" 60 ", Decimal(60)),
    ],
)
def test_parse_decimal_reads_comma_and_point(raw: str, value: Decimal) -> None:
    assert parse_decimal(raw) == value


@pytest.mark.parametrize("raw", ["1.234,5", "1,234.5", "1.234", "1,234", "1.234.567"])
def test_parse_decimal_refuses_thousand_separators(raw: str) -> None:
    with pytest.raises(AmbiguousNumber):
        parse_decimal(raw)


@pytest.mark.parametrize("raw", ["abc", "1e3", "NaN", "Infinity", ",", "--1", "1,2,3"])
def test_parse_decimal_refuses_non_numbers(raw: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - any ValueError: the field words the message
        parse_decimal(raw)


# --- Admin decimal fields ------------------------------------------------------------------------


def _action_form(**changes: str) -> dict[str, str]:
    return {
        "name_da": "Tog toget til arbejde",
        "name_en": "Took the train to work",
        "category": "transport",
        "unit_da": "km",
        "unit_en": "km",
        "points_per_unit": "1",
        "max_units_per_day": "30,5",
        "default_quantity": "2,5",
        "co2e_kg_per_unit": "0,141",
        "source_da": "Aarhus Universitet, Grøn guide: bil 141 g/km",
        "source_en": "Aarhus Universitet, Grøn guide: car 141 g/km",
        **changes,
    }


def test_admin_decimals_with_a_danish_comma_are_saved_as_typed(app: Flask, admin: Person) -> None:
    client = logged_in(app, admin)
    page = client.get("/admin/handlinger/ny").text
    for name in ("max_units_per_day", "default_quantity", "co2e_kg_per_unit"):
        # A type=number input loses a Danish comma in some browsers ('30,5' arrived as 305).
        [tag] = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
        assert 'type="text"' in tag
        assert 'inputmode="decimal"' in tag
    assert client.post("/admin/handlinger/ny", data=_action_form()).status_code == 303
    with app.app_context():
        created = db.session.scalar(select(Action).where(Action.slug == "tog-toget-til-arbejde"))
        assert (created.max_units_per_day, created.default_quantity, created.co2e_kg_per_unit) == (
            Decimal("30.5"),
            Decimal("2.5"),
            Decimal("0.141"),
        )
        action_id = created.id
        db.session.remove()
    edit = client.get(f"/admin/handlinger/{action_id}").text
    assert 'value="30,5"' in edit
    assert 'value="0,141"' in edit
    client.post("/sprog", data={"lang": "en"})
    assert 'value="30.5"' in client.get(f"/admin/handlinger/{action_id}").text


def test_admin_decimal_with_a_point_is_read_too(app: Flask, admin: Person) -> None:
    client = logged_in(app, admin)
    form = _action_form(co2e_kg_per_unit="0.141", max_units_per_day="30.5")
    assert client.post("/admin/handlinger/ny", data=form).status_code == 303
    with app.app_context():
        created = db.session.scalar(select(Action).where(Action.slug == "tog-toget-til-arbejde"))
        assert (created.co2e_kg_per_unit, created.max_units_per_day) == (Decimal("0.141"), Decimal("30.5"))
        db.session.remove()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1.234,5", "Skriv tallet uden tusindtalsseparator, fx 1234,5."),
        ("1,234", "Skriv tallet uden tusindtalsseparator, fx 1234,5."),
        ("abc", "Skriv et tal, fx 2,5."),
        ("2,5555", "Brug højst 2 decimaler."),
    ],
)
def test_admin_decimal_refuses_ambiguous_and_bad_input(
    app: Flask, admin: Person, raw: str, message: str
) -> None:
    client = logged_in(app, admin)
    response = client.post("/admin/handlinger/ny", data=_action_form(max_units_per_day=raw))
    assert response.status_code == 422
    assert message in response.text
    assert f'value="{raw}"' in response.text  # what was typed stays in the field
    with app.app_context():
        assert db.session.scalar(select(Action).where(Action.slug == "tog-toget-til-arbejde")) is None
        db.session.remove()


def test_admin_edits_both_languages_of_an_areas_texts(app: Flask, admin: Person) -> None:
    from app.neighbourhoods.models import Neighbourhood

    client = logged_in(app, admin)
    with app.app_context():
        area_id = db.session.scalar(select(Neighbourhood.id).where(Neighbourhood.slug == "ejby"))
        db.session.remove()
    response = client.post(
        f"/admin/omraader/{area_id}",
        data={
            "name": "Ejby",
            "population": "3738",
            "population_year": "2023",
            "includes_da": "Ejby og omegn",
            "includes_en": "Ejby and surroundings",
            "source_da": "Ejby sogn 3.738 (2023)",
            "source_en": "Ejby parish 3,738 (2023)",
        },
    )
    assert response.status_code == 303
    anonymous = app.test_client()
    assert "Ejby og omegn" in anonymous.get("/resultater/ejby").text
    anonymous.post("/sprog", data={"lang": "en"})
    english = anonymous.get("/resultater/ejby").text
    assert "Ejby and surroundings" in english
    assert "Ejby parish 3,738 (2023)" in english


# --- The citizen's pages -------------------------------------------------------------------------


def test_log_form_proposes_a_plain_number(citizen_client: FlaskClient) -> None:
    html = citizen_client.get("/hjem").text
    assert 'id="q-kollektiv-frem-for-bil"' in html
    assert "E+" not in html
    assert 'value="10"' in html  # Tog bus eller tog: 10 km, not 1E+1


def test_points_per_unit_has_a_plural_in_english(citizen_client: FlaskClient) -> None:
    citizen_client.post("/sprog", data={"lang": "en"})
    html = citizen_client.get("/hjem").text
    assert "1 point/km" in html
    assert "2 points/km" in html
    assert "1 points" not in html


def test_catalogue_sources_follow_the_language(client: FlaskClient, reference_data: None) -> None:
    danish = client.get("/handlinger").text
    assert "[afledt] benzin- eller dieselbil, blandet kørsel 141 g CO2/km" in danish
    assert "fuel car" not in danish
    client.post("/sprog", data={"lang": "en"})
    assert "[derived] fuel car, mixed driving 141 g CO2/km" in client.get("/handlinger").text


def test_impact_comparisons_are_danish(citizen_client: FlaskClient, citizen: Person) -> None:
    citizen_client.post(
        "/log/plantebaseret-dag",
        data={"quantity": "1", "occurred_on": today_in().isoformat(), "idempotency_key": "plant-0001"},
    )
    html = citizen_client.get("/min-indsats").text
    assert "gennemsnitlig dansk kost 4,4 kg CO2e pr. person pr. dag" in html
    assert "average Danish diet" not in html


# --- Messages with numbers: web and API ---------------------------------------------------------


def test_cap_message_uses_the_decimal_comma_in_the_web(citizen_client: FlaskClient) -> None:
    today = today_in().isoformat()
    first = citizen_client.post(
        "/log/vegetar-maaltid",
        data={"quantity": "2,5", "occurred_on": today, "idempotency_key": "meal-00001"},
    )
    assert first.status_code in {200, 303}
    refused = citizen_client.post(
        "/log/vegetar-maaltid", data={"quantity": "1", "occurred_on": today, "idempotency_key": "meal-00002"}
    )
    assert refused.status_code == 422
    assert "Tilbage i dag: 0,5." in refused.text
    assert "i dag: 0.5" not in refused.text


def _api(app: Flask, person: Person) -> ApiClient:
    return ApiClient(app.test_client(use_cookies=False), issue(app, person))


def _over_cap(api: ApiClient, **headers: str) -> Any:
    api.post(
        "/api/v1/logs",
        json={"action": "vegetar-maaltid", "quantity": 2.5},
        headers={"Idempotency-Key": "api-meal-01"},
    )
    return api.post(
        "/api/v1/logs",
        json={"action": "vegetar-maaltid", "quantity": 1},
        headers={"Idempotency-Key": "api-meal-02", **headers},
    )


def test_api_problem_detail_is_danish_by_default(app: Flask, citizen: Person) -> None:
    response = _over_cap(_api(app, citizen))
    assert response.status_code == 422
    detail = response.get_json()["detail"]
    assert detail == ("Dagligt loft for denne handling: 3 (enhed: måltid). Tilbage i dag: 0,5.")
    assert response.headers["Content-Language"] == "da"
    assert not foreign_words(detail, "da")


def test_api_problem_detail_in_english_formats_numbers_in_english(app: Flask, citizen: Person) -> None:
    response = _over_cap(_api(app, citizen), **{"Accept-Language": "en"})
    detail = response.get_json()["detail"]
    assert detail == "Daily cap for this action: 3 (unit: meal). Left today: 0.5."
    assert not foreign_words(detail, "en")


# --- Moderation flags ----------------------------------------------------------------------------


def test_flags_are_worded_in_the_readers_language(app: Flask, admin: Person, citizen: Person) -> None:
    from app.clock import local_date, utcnow
    from app.gamification.models import FlagKind
    from app.moderation.flags import raise_flag

    with app.app_context():
        raise_flag(
            user_id=citizen.id,
            kind=FlagKind.BURST,
            day=local_date(utcnow()),
            params={"logs": 1030, "minutes": 15, "limit": 35, "cooldown": 30},
        )
        raise_flag(
            user_id=citizen.id, kind=FlagKind.CAP_HITS, day=local_date(utcnow()), params={"refusals": 1}
        )
        db.session.remove()
    client = logged_in(app, admin)
    danish = client.get("/admin/moderation").text
    assert "1.030 registreringer inden for 15 min. (grænse 35)" in danish
    assert "1 registrering afvist i dag" in danish
    client.post("/sprog", data={"lang": "en"})
    english = client.get("/admin/moderation").text
    assert "1,030 logs within 15 min. (limit 35)" in english
    assert "1 log refused today" in english


def test_template_plurals_write_the_count_in_the_locale(app: Flask) -> None:
    from flask import render_template_string

    template = '{{ ngettext("%(num)s log", "%(num)s logs", n) }}'
    with app.test_request_context():
        with force_locale("da"):
            assert render_template_string(template, n=1030) == "1.030 registreringer"
        with force_locale("en"):
            assert render_template_string(template, n=1030) == "1,030 logs"
            assert render_template_string(template, n=1) == "1 log"
