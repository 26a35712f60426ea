"""Every web form (every POST route in the url map) against hostile input: no 5xx, and a refused
write changes nothing. Also the date and page query parameters of the admin filters."""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, union_all
from werkzeug.routing import Rule
from wtforms.fields.core import UnboundField

from app import create_app
from app.clock import today_in
from app.db import db
from tests.conftest import _wipe

RAW = "raw:"  # a value sent as these exact (percent-encoded) bytes, not encoded by the client
BIG = "x" * 900_000  # just under a 1 MB body
HOSTILE = [
    RAW + "%ED%A0%80",  # a surrogate encoded as UTF-8: invalid UTF-8
    RAW + "%FF%FE%C3",  # bytes that are no UTF-8 at all
    "\\ud800",  # the JSON-style escape as text
    "\x00",
    "a\x00b",
    BIG,
    "abc",
    "99999999999999999999999",
    "-1",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "9999-12-31",
    "0001-01-01",
]
ROLES = ("anonymous", "citizen", "business", "staff", "admin", "platform")
LAST = {"/log-ud", "/platform/log-ud"}  # logs the role out: run after every other route


@dataclass
class World:
    app: Flask
    clients: dict[str, FlaskClient]
    ids: dict[str, Any]


def _logins() -> dict[str, tuple[str, str]]:
    from app.seed.admin import STAFF_EMAIL, STAFF_PASSWORD
    from app.seed.business import BUSINESS_EMAIL, BUSINESS_PASSWORD
    from app.seed.demo import ADMIN_EMAIL, ADMIN_PASSWORD, CITIZEN_EMAIL, CITIZEN_PASSWORD

    return {
        "citizen": (CITIZEN_EMAIL, CITIZEN_PASSWORD),
        "business": (BUSINESS_EMAIL, BUSINESS_PASSWORD),
        "staff": (STAFF_EMAIL, STAFF_PASSWORD),
        "admin": (ADMIN_EMAIL, ADMIN_PASSWORD),
    }


def _login(client: FlaskClient, email: str, password: str) -> None:
    response = client.post("/log-ind", data={"email": email, "password": password})
    assert response.status_code == 303, response.text[:500]


def _real_ids(logins: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """One real row per path parameter, from the demo data (never one of the role accounts)."""
    from app.accounts.models import User
    from app.actions.models import Action, LogEntry
    from app.business.models import Company, Pledge, Solution
    from app.cases.models import Case
    from app.challenges.models import Challenge
    from app.gamification.models import Flag
    from app.intermunicipal.models import InterChallenge
    from app.neighbourhoods.models import Neighbourhood
    from app.partnerships.models import Partnership, PartnershipKpi, PartnershipPartner
    from app.plan.models import PlanMeasure
    from app.settings import EDITABLE_SETTINGS
    from app.solutions.models import Adoption
    from app.sparring.models import SparringOffer, SparringRequest

    def first(column: Any, *where: Any) -> Any:
        return db.session.scalar(select(column).where(*where).order_by(column).limit(1))

    citizen = first(User.id, User.email == logins["citizen"][0])
    admin = db.session.scalar(select(User).where(User.email == logins["admin"][0]))
    national = first(Action.id, Action.municipality_id.is_(None))
    measure = db.session.scalar(select(PlanMeasure).order_by(PlanMeasure.id).limit(1))
    return {
        "theme_id": measure.theme_id if measure else 1,  # Køge's plan: a theme and its measure
        "measure_id": measure.id if measure else 1,
        "user_id": first(User.id, User.email.notin_([e for e, _ in logins.values()])),
        # The municipality's own action for the edit routes (a national one is read-only there:
        # 403), a national one for the override routes.
        "action_id": make_local_action(admin),
        **{f"{endpoint}:action_id": national for endpoint in OVERRIDE_ENDPOINTS},
        "neighbourhood_id": first(Neighbourhood.id),
        "flag_id": first(Flag.id),
        "log_id": first(LogEntry.id, LogEntry.user_id == citizen),
        "request_id": first(SparringRequest.id),
        "offer_id": first(SparringOffer.id),
        "challenge_id": first(Challenge.id),
        "case_id": first(Case.id),
        "national_slug": first(InterChallenge.slug),
        "municipality_slug": "solroed",  # not Køge: closing it would close the other routes' host
        "partnership_id": first(Partnership.id),
        "partnership_slug": first(Partnership.slug),
        "kpi_id": first(PartnershipKpi.id),
        "partner_id": first(PartnershipPartner.id),
        "company_id": first(Company.id),
        "pledge_id": first(Pledge.id),
        "solution_id": first(Solution.id),
        "adoption_id": first(Adoption.id),
        "token_id": 1,
        "subscription_id": 1,
        "name": next(iter(EDITABLE_SETTINGS)),
        "token": "no-such-invitation",
        "actions.log": first(Action.slug),
        "routines.mark": first(Action.slug),
        "routines.unmark": first(Action.slug),
        "challenges.join": first(Challenge.slug),
        "solutions.adopt": db.session.scalar(
            select(Company.slug)
            .join(Solution, Solution.company_id == Company.id)
            .order_by(Solution.id)
            .limit(1)
        ),
    }


@pytest.fixture(scope="module")
def world(database_url: str) -> Iterator[World]:
    """One app with the demo data and one logged-in client per role, for the whole module."""
    # PROPAGATE_EXCEPTIONS off: a crash is a 500 response to collect, not the end of the test
    app = create_app(
        "testing",
        {"SQLALCHEMY_DATABASE_URI": database_url, "THROTTLE_MAX_LOGS": 100000, "PROPAGATE_EXCEPTIONS": False},
    )
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    logins = _logins()
    clients = {"anonymous": app.test_client()}
    for role, (email, password) in logins.items():
        clients[role] = app.test_client()
        _login(clients[role], email, password)
    from app.seed.demo import PLATFORM_ADMIN_EMAIL, PLATFORM_ADMIN_PASSWORD

    clients["platform"] = app.test_client()
    signed_in = clients["platform"].post(
        "/platform/log-ind", data={"email": PLATFORM_ADMIN_EMAIL, "password": PLATFORM_ADMIN_PASSWORD}
    )
    assert signed_in.status_code == 303, signed_in.text[:500]
    with app.app_context():
        ids = _real_ids(logins)
        db.session.remove()
    yield World(app, clients, ids)
    with app.app_context():
        db.session.remove()
        _wipe()
        db.engine.dispose()


OVERRIDE_ENDPOINTS = (
    "admin.action_override",
    "admin.action_override_reset",
    "admin.action_retire_here",
    "admin.action_reactivate_here",
)


def make_local_action(admin: Any) -> int:
    from decimal import Decimal

    from app.actions.catalogue import ActionData, create_action

    action = create_action(
        admin=admin,
        data=ActionData(
            name_da="Fuzz lokal handling",
            name_en="Fuzz local action",
            category="community",
            unit_da="gang",
            unit_en="time",
            co2e_kg_per_unit=None,
            source_da="",
            source_en="",
            points_per_unit=5,
            max_units_per_day=Decimal(1),
            default_quantity=Decimal(1),
        ),
    )
    return action.id


def _url(rule: Rule, ids: dict[str, Any]) -> str:
    values = {
        arg: ids.get(rule.endpoint) if arg == "slug" else ids.get(f"{rule.endpoint}:{arg}", ids[arg])
        for arg in rule.arguments
    }
    missing = [arg for arg, value in values.items() if value is None]
    assert not missing, f"the demo data has no row for {rule.rule} {missing}"
    path = rule.rule
    for arg, value in values.items():
        path = re.sub(rf"<(?:\w+:)?{arg}>", quote(str(value)), path)
    return path


def _form_fields(app: Flask, endpoint: str) -> dict[str, Any]:
    """The fields of every form class the view builds, by (prefixed) name -> field class."""
    view = inspect.unwrap(app.view_functions[endpoint])
    source = inspect.getsource(view)
    fields: dict[str, Any] = {}
    for match in re.finditer(r"\b([A-Z]\w*Form)\(([^)]*)", source):
        form = view.__globals__.get(match.group(1))
        if not inspect.isclass(form):
            continue
        prefix = re.search(r'prefix="(\w+)"', match.group(2))
        for name, unbound in inspect.getmembers(form, lambda m: isinstance(m, UnboundField)):
            fields[f"{prefix.group(1)}-{name}" if prefix else name] = unbound.field_class
    return fields


def _baseline(fields: dict[str, Any]) -> dict[str, str]:
    """A plausible value per field, so that one hostile field at a time reaches the service."""
    plain: dict[str, str] = {}
    for name, kind in fields.items():
        kind_name = kind.__name__
        if "Date" in kind_name:
            plain[name] = today_in().isoformat()
        elif any(word in kind_name for word in ("Integer", "Decimal", "Float")):
            plain[name] = "1"
        elif "Boolean" in kind_name:
            plain[name] = "y"
        elif "Select" in kind_name or "Radio" in kind_name or kind_name == "SubmitField":
            continue
        else:
            plain[name] = "Fuzz 1"
    return plain


@functools.cache
def _quoted(value: str) -> str:
    return value[len(RAW) :] if value.startswith(RAW) else quote(value)


def _encode(data: dict[str, str]) -> bytes:
    return "&".join(f"{quote(k)}={_quoted(v)}" for k, v in data.items()).encode("ascii")


def _post(client: FlaskClient, url: str, data: dict[str, str]) -> Any:
    return client.post(url, data=_encode(data), content_type="application/x-www-form-urlencoded")


def _counts(app: Flask) -> list[int]:
    """Rows per table, in one statement: a refused write must leave every count as it was."""
    counts = union_all(*(select(func.count()).select_from(t) for t in db.metadata.sorted_tables))
    with app.app_context():
        rows = [int(n) for n in db.session.scalars(counts)]
        db.session.remove()
    return rows


def _not_for_this_role(response: Any) -> bool:
    """The access decorators answered, not the view: 401/403, or off to the login page."""
    return response.status_code in (401, 403) or (
        300 <= response.status_code < 400 and "/log-ind" in response.headers.get("Location", "")
    )


def _post_rules(app: Flask) -> list[Rule]:
    rules = [
        r for r in app.url_map.iter_rules() if "POST" in (r.methods or ()) and not r.rule.startswith("/api/")
    ]
    return sorted(rules, key=lambda r: (r.rule in LAST, r.rule))


def test_every_post_route_survives_hostile_input(world: World) -> None:
    failures: list[str] = []
    reached: dict[str, str] = {}
    for rule in _post_rules(world.app):
        url = _url(rule, world.ids)
        fields = _form_fields(world.app, rule.endpoint) or {"x": object}
        plain = _baseline(fields)
        for role in ROLES:
            client = world.clients[role]
            for name in fields:
                for value in HOSTILE:
                    before = _counts(world.app)
                    response = _post(client, url, {**plain, name: value})
                    label = f"{role} POST {url} {name}={value[:40]!r}"
                    if response.status_code >= 500:
                        failures.append(f"{label}: {response.status_code}")
                    elif _not_for_this_role(response):
                        break
                    elif response.status_code >= 400 and _counts(world.app) != before:
                        failures.append(f"{label}: refused ({response.status_code}) but wrote")
                else:
                    continue
                break  # this role may not post here: try the next
            else:
                reached[rule.rule] = role
                break
    assert not failures, "\n".join(failures)
    unreached = [r.rule for r in _post_rules(world.app) if r.rule not in reached]
    assert unreached == [], f"no role reached these routes: {unreached}"
    # each door was fuzzed as the role it is for, not stopped at the access check
    assert reached["/log-ind"] == "anonymous"
    assert reached["/log/<slug>"] == "citizen"
    assert reached["/min-virksomhed/rediger"] == "business"
    assert reached["/admin/handlinger/ny"] == "admin"
    assert reached["/platform/kommuner/ny"] == "platform"


@pytest.mark.parametrize("path", ["/admin/revisionslog", "/admin/eksport", "/admin/sparring", "/admin"])
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "99999-01-01", "²"])
def test_admin_filters_refuse_out_of_range_dates(world: World, path: str, value: str) -> None:
    client = world.clients["admin"]
    for name in ("fra", "til"):
        response = client.get(path, query_string={name: value, "side": "²"})
        assert response.status_code < 500, (path, name, value)
        if path == "/admin/revisionslog" and value in ("9999-12-31", "0001-01-01"):
            assert response.status_code == 422
            assert "Vælg en dag mellem 1900-01-01 og 2999-12-31." in response.text


def test_page_numbers_that_are_digits_but_not_ascii_are_page_one(world: World) -> None:
    assert world.clients["anonymous"].get("/virksomheder?side=²").status_code == 200
    assert world.clients["admin"].get("/admin/revisionslog?side=²").status_code == 200
    user = world.ids["user_id"]
    assert world.clients["admin"].get(f"/admin/brugere/{user}?dag=9999-12-31&side=²").status_code == 200


def test_a_nul_in_a_form_or_the_query_string_is_a_clear_400(world: World) -> None:
    """PostgreSQL cannot take a NUL in any text: refused before a view runs, with a message."""
    before = _counts(world.app)
    for response in (
        world.clients["anonymous"].post("/log-ind", data={"email": "a\x00", "password": "x"}),
        world.clients["citizen"].post("/arbejdspladser/tilmeld", data={"code": "\x00"}),
        world.clients["anonymous"].get("/virksomheder?q=%00"),
    ):
        assert response.status_code == 400
        assert "Teksten indeholder et NUL-tegn" in response.text
    assert _counts(world.app) == before
