"""Tenant isolation, swept: every URL rule of the app, with A's (Køge's) ids, slugs and secrets,
requested at B's (Solrød's) host by every role of B (and anonymously), GET and every write
method with a valid CSRF token of B's session (API: B's token). Nothing answers with A's data,
nothing of A changes, and an object of A is never found (401/403/404/405, 400 for a link, or a
redirect to the login). The rule list comes from app.url_map, so a new route is swept too, and a
new URL parameter fails until PARAMETERS says which object of A it names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.routing import Rule

from app import create_app
from app.db import db
from tests.conftest import FROZEN_NOW, _wipe
from tests.tenancy.isolation_world import KOEGE_HOST, ROLES, SOLROED_HOST, World, build_world

# URL parameter -> the object of A it names: one value, or endpoint -> value where one name means
# several kinds of object. SHARED parameters name nothing of a municipality (a badge code, a
# setting's name, a static file), so their pages may answer 200, still without A's data.
PARAMETERS: dict[str, str | dict[str, str]] = {
    "action_id": "action_id",
    "adoption_id": "adoption_id",
    # A's unpublished case: a published one is meant to be read (and copied) everywhere
    "case_id": "case_id",
    "challenge_id": "challenge_id",
    "company_id": "company_id",
    "flag_id": "flag_id",
    "log_id": "log_id",
    "neighbourhood_id": "neighbourhood_id",
    "offer_id": "offer_id",
    "pledge_id": "pledge_id",
    "request_id": "request_id",
    "solution_id": "solution_id",
    "subscription_id": "subscription_id",
    "token_id": "token_id",
    "user_id": "user_id",
    "theme_id": "theme_id",
    "measure_id": "measure_id",
    "municipality_slug": "municipality_slug",
    # A's unpublished partnership, its KPI and partner (a published one is public only at A)
    "partnership_id": "partnership_id",
    "partnership_slug": "partnership_slug",
    "kpi_id": "kpi_id",
    "partner_id": "partner_id",
    "slug": {
        "actions.log": "action_slug",
        "routines.mark": "action_slug",
        "routines.unmark": "action_slug",
        "api_routines.get_always": "action_slug",
        "api_routines.put_always": "action_slug",
        "api_routines.delete_always": "action_slug",
        "leaderboards.neighbourhood": "area_slug",
        "api_community.citizen_board": "area_slug",
        "business.company_page": "company_slug",
        "solutions.adopt": "company_slug",
        "api_business.get_company": "company_slug",
        "challenges.detail": "challenge_slug",
        "challenges.live": "challenge_slug",
        "challenges.join": "challenge_slug",
        "api_community.get_challenge": "challenge_slug",
        "api_community.join": "challenge_slug",
    },
    "token": {
        "accounts.reset_password_form": "reset_token",
        "accounts.verify_email_form": "verify_token",
        "reminders.unsubscribe_link": "unsubscribe_token",
        "business.invitation": "invitation_token",
        "livescreen.live_screen": "live_token",
    },
}
SHARED = {
    "code": "first-log",
    "name": "MIN_PARTICIPANTS",
    "filename": "css/app.css",
    "year": 2026,  # the report of a year: B's own report, never A's numbers
    "national_slug": "faelles-cykeluger",  # an inter-municipal challenge: national by design
}
WRITES = ("POST", "PUT", "PATCH", "DELETE")
# Run last in a role's sweep: they end B's own session or token (with an empty form they
# should refuse, but if one did not, the rest of the sweep would run signed out).
SESSION_ENDERS = frozenset(
    {"accounts.logout", "privacy.delete", "api_account.delete_me", "api_tokens.delete_current_token"}
)
# Bodies for writes whose form or schema is checked before the object is looked up: without
# them the sweep would stop at 422 and never ask for A's object.
BODIES: dict[str, dict[str, str]] = {
    "admin.flag_resolve": {"resolution": "Set og lukket"},
    "api_business.create_comment": {"body": "Hej fra Solrød"},
    "api_business.create_adoption": {"message": "Vi vil også fra Solrød"},
}
# Web writes that answer someone else's object like a missing one of your own: a flashed
# "not found" and a redirect to your own page (A's rows are still checked unchanged).
FLASHED_REFUSALS = {"accounts.revoke_app_token": "/konto#apps-title"}
REFUSED = {400, 401, 403, 404, 405}
# The caches production runs with (the test config turns them off), in seconds.
CACHES = ("LEADERBOARD_CACHE_SECONDS", "SETTINGS_CACHE_SECONDS", "PUBLIC_RESPONSE_CACHE_SECONDS")
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture(scope="module")
def matrix(database_url: str) -> Iterator[tuple[Flask, World]]:
    """One app and one data set for the whole module (the sweep is read-only for A, which is
    what it checks); the database is wiped afterwards as the per-test `app` fixture does."""
    with time_machine.travel(FROZEN_NOW, tick=True):
        app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": True})
        try:
            yield app, build_world(app)
        finally:
            with app.app_context():
                db.session.remove()
                _wipe()
                db.engine.dispose()


def _object_of_a(rule: Rule, world: World) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for arg in sorted(rule.arguments):
        if arg in SHARED:
            values[arg] = SHARED[arg]
            continue
        known = PARAMETERS.get(arg)
        assert known is not None, f"{rule.rule}: say in PARAMETERS which object of A <{arg}> names"
        key = known if isinstance(known, str) else known.get(rule.endpoint)
        assert key is not None, f"{rule.rule} ({rule.endpoint}): say which object of A <{arg}> names"
        values[arg] = world.ids[key]
    return values


def names_a(rule: Rule) -> bool:
    """True when the URL names an object of A (so it must not be found at B)."""
    return any(arg not in SHARED for arg in rule.arguments)


def swept_rules(app: Flask) -> list[Rule]:
    """Every rule: A's objects first, then B's own pages, the session enders last."""

    def order(rule: Rule) -> tuple[int, str]:
        return (2 if rule.endpoint in SESSION_ENDERS else 0 if names_a(rule) else 1, rule.rule)

    return sorted(app.url_map.iter_rules(), key=order)


def a_rows(world: World) -> dict[str, list[tuple[Any, ...]]]:
    """Every row that belongs to A: its municipality_id is A's, or a foreign key points at a row
    of A (so tokens, members, comments, score rows are A's through their parent)."""
    owned: dict[str, set[Any]] = {}
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for table in db.metadata.sorted_tables:
        mine: list[tuple[Any, ...]] = []
        keys: set[Any] = set()
        fks = [(fk.parent.name, fk.column.table.name) for fk in table.foreign_keys]
        for row in db.session.execute(select(table)).mappings():
            belongs = (table.name == "municipalities" and row["id"] == world.a.municipality_id) or row.get(
                "municipality_id"
            ) == world.a.municipality_id
            belongs = belongs or any(row[col] in owned.get(target, ()) for col, target in fks)
            if belongs:
                mine.append(tuple(str(v) for v in row.values()))
                if "id" in row:
                    keys.add(row["id"])
        owned[table.name] = keys
        rows[table.name] = sorted(mine)
    return rows


def body_of(response: Any) -> str:
    if response.mimetype and response.mimetype.endswith("json"):
        try:
            return json.dumps(response.get_json(force=True), ensure_ascii=False)
        except ValueError:
            pass
    return response.get_data().decode("utf-8", errors="replace")


def outcome(response: Any) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        return "login" if "/log-ind" in location else f"redirect {location}"
    return str(response.status_code)


def _signed_in(app: Flask, world: World, role: str) -> tuple[FlaskClient, str, dict[str, str]]:
    """A client of B's `role` at B's host, the CSRF token of its session, its API headers."""
    client = app.test_client()
    person = world.b.people.get(role)
    if person is not None:
        response = client.post(
            "/log-ind",
            base_url=SOLROED_HOST,
            data={
                "email": person.email,
                "password": person.password,
                "csrf_token": _csrf(client, "/log-ind"),
            },
        )
        assert response.status_code == 303, response.text
    csrf = _csrf(client, "/konto" if person is not None else "/log-ind")
    headers = {"Authorization": f"Bearer {world.b.tokens[role]}"} if role in world.b.tokens else {}
    return client, csrf, headers


def _csrf(client: FlaskClient, path: str) -> str:
    match = CSRF_FIELD.search(client.get(path, base_url=SOLROED_HOST).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def _requests(rule: Rule) -> list[str]:
    methods = rule.methods or set()
    return [m for m in ("GET", *WRITES) if m in methods]


def sweep(app: Flask, world: World, role: str) -> list[str]:
    """Request every rule as B's `role` at B's host; the list of everything that went wrong."""
    client, csrf, headers = _signed_in(app, world, role)
    wrong: list[str] = []
    for rule in swept_rules(app):
        with app.test_request_context(base_url=SOLROED_HOST):
            from flask import url_for

            url = url_for(rule.endpoint, **_object_of_a(rule, world))
        api = rule.rule.startswith("/api/")
        for method in _requests(rule):
            kwargs: dict[str, Any] = {"base_url": SOLROED_HOST, "method": method}
            body = BODIES.get(rule.endpoint, {})
            if api:
                kwargs |= {"headers": headers, "json": body} if method != "GET" else {"headers": headers}
            elif method != "GET":
                kwargs |= {"data": {"csrf_token": csrf, **body}, "headers": {"X-CSRFToken": csrf}}
            response = client.open(url, **kwargs)
            got = outcome(response)
            where = f"{role} {method} {url} ({rule.endpoint}) -> {got}"
            if response.status_code >= 500:
                wrong.append(f"{where}: server error")
            refused = got == "login" or response.status_code in REFUSED
            refused = refused or got == f"redirect {FLASHED_REFUSALS.get(rule.endpoint)}"
            if names_a(rule) and not refused:
                wrong.append(f"{where}: an object of A was not refused")
            text = body_of(response)
            leaked = [m for m in world.markers if m in text]
            if leaked:
                wrong.append(f"{where}: shows A's {leaked}")
    return wrong


def test_every_url_parameter_names_an_object_of_a(matrix: tuple[Flask, World]) -> None:
    app, world = matrix
    for rule in app.url_map.iter_rules():
        _object_of_a(rule, world)


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
def test_no_url_of_a_answers_bs_role_with_as_data_or_changes_a(
    matrix: tuple[Flask, World], role: str
) -> None:
    app, world = matrix
    with app.app_context():
        before = a_rows(world)
        db.session.remove()
    wrong = sweep(app, world, role)
    with app.app_context():
        after = a_rows(world)
        db.session.remove()
    changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
    assert not changed, f"{role} changed A's rows: {changed}"
    assert not wrong, "\n".join(wrong)


def test_as_data_is_really_there_at_a(matrix: tuple[Flask, World]) -> None:
    """The markers are on A's own pages, so their absence at B means something."""
    app, world = matrix
    client = app.test_client()
    assert "Alfabageriet Isolationstest ApS" in client.get("/virksomheder", base_url=KOEGE_HOST).text
    assert "Udfordringsmarkor Koege" in client.get("/udfordringer", base_url=KOEGE_HOST).text
    assert "Omraademarkor Koege" in client.get("/resultater", base_url=KOEGE_HOST).text
    assert "Handlingsmarkor kun i Koege" in client.get("/handlinger", base_url=KOEGE_HOST).text
    admin = world.a.people["admin"]
    signed_in = {"email": admin.email, "password": admin.password, "csrf_token": _csrf_at(client, KOEGE_HOST)}
    assert client.post("/log-ind", base_url=KOEGE_HOST, data=signed_in).status_code == 303
    assert "Postkassemarkor" in client.get("/admin", base_url=KOEGE_HOST).text
    assert "Kladdemarkor" in client.get(f"/admin/cases/{world.ids['case_id']}", base_url=KOEGE_HOST).text


@pytest.mark.parametrize("role", ROLES)
def test_as_session_and_token_are_no_login_at_b(matrix: tuple[Flask, World], role: str) -> None:
    app, world = matrix
    person = world.a.people[role]
    client = app.test_client()
    with app.test_client() as plain:
        csrf = _csrf_at(plain, KOEGE_HOST)
        response = plain.post(
            "/log-ind",
            base_url=KOEGE_HOST,
            data={"email": person.email, "password": person.password, "csrf_token": csrf},
        )
        assert response.status_code == 303
        assert plain.get("/konto", base_url=KOEGE_HOST).status_code == 200
        cookie = plain.get_cookie("session", domain="localhost")
        assert cookie is not None
    client.set_cookie("session", cookie.value, domain="solroed.localhost")
    for path in ("/konto", "/admin", "/min-virksomhed", "/hjem"):
        response = client.get(path, base_url=SOLROED_HOST)
        assert outcome(response) == "login", (path, outcome(response))
    api = app.test_client(use_cookies=False)
    token = {"Authorization": f"Bearer {world.a.tokens[role]}"}
    assert api.get("/api/v1/me", base_url=SOLROED_HOST, headers=token).status_code == 401
    assert api.get("/api/v1/me", base_url=KOEGE_HOST, headers=token).status_code == 200


def _csrf_at(client: FlaskClient, host: str) -> str:
    match = CSRF_FIELD.search(client.get("/log-ind", base_url=host).text)
    assert match
    return match.group(1)


def _get_urls(app: Flask, world: World, host: str) -> list[str]:
    urls = []
    for rule in swept_rules(app):
        if "GET" not in (rule.methods or set()) or rule.endpoint in SESSION_ENDERS:
            continue
        with app.test_request_context(base_url=host):
            from flask import url_for

            urls.append(url_for(rule.endpoint, **_object_of_a(rule, world)))
    return urls


def _cookieless_reads(app: Flask, world: World) -> list[str]:
    """Every GET at B without a cookie, as a new visitor (what the whole-response cache serves)."""
    client = app.test_client(use_cookies=False)
    wrong = []
    for url in _get_urls(app, world, SOLROED_HOST):
        leaked = [m for m in world.markers if m in body_of(client.get(url, base_url=SOLROED_HOST))]
        if leaked:
            wrong.append(f"new visitor GET {url}: shows A's {leaked}")
    return wrong


def _warm_as_caches(app: Flask, world: World) -> None:
    """Every GET page and API read of A, anonymously and as A's admin: A's boards, settings,
    catalogue and whole public answers are in the caches now."""
    anonymous, admin = app.test_client(use_cookies=False), app.test_client()
    person = world.a.people["admin"]
    signed_in = {
        "email": person.email,
        "password": person.password,
        "csrf_token": _csrf_at(admin, KOEGE_HOST),
    }
    assert admin.post("/log-ind", base_url=KOEGE_HOST, data=signed_in).status_code == 303
    for url in _get_urls(app, world, KOEGE_HOST):
        for client in (anonymous, admin):
            assert client.get(url, base_url=KOEGE_HOST).status_code < 500, url


@pytest.mark.parametrize("role", ["anonymous", "admin"])
def test_with_the_caches_on_b_gets_none_of_as_cached_answers(matrix: tuple[Flask, World], role: str) -> None:
    """Boards, settings, the catalogue fragment and public pages are cached per municipality:
    filled by A first, B's requests still get none of A's data."""
    from app.cache import cache

    app, world = matrix
    saved = {name: app.config[name] for name in CACHES}
    app.config.update(dict.fromkeys(CACHES, 300))
    try:
        _warm_as_caches(app, world)
        wrong = sweep(app, world, role) + _cookieless_reads(app, world)
    finally:
        app.config.update(saved)
        with app.app_context():
            cache.clear()
    assert not wrong, "\n".join(wrong)
