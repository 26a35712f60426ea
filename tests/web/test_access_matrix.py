"""Role x URL matrix for every GET page of the citizen, business and public blueprints.

The expected status class per endpoint and role is an explicit table written here, so a page
that loses its guard, or a guard that starts refusing the right people, fails; and a new GET
endpoint fails until someone adds its row. Parameterised URLs use real objects of company A
(and a real challenge, badge, area and secret links), so "member of company B" reads another
company's object and must get 404, as ids reveal nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from app.accounts.models import User
from app.business import services as business
from app.business.models import Company
from app.db import db
from tests.admin.samples import make_challenge
from tests.cases.conftest import published_challenge_case
from tests.conftest import Person, login
from tests.intermunicipal.conftest import make_inter_challenge
from tests.partnerships.conftest import published_partnership
from tests.support.business import VALID_CVRS, CompanyRef, make_company, make_offer, make_request

# Their "today" is the app's Copenhagen day: keep it away from midnight and DST nights.
pytestmark = pytest.mark.usefixtures("frozen_day")

# Blueprints whose pages are not part of this matrix: the admin matrix (tests/admin/test_access.py)
# covers admin and audit; the API has its own doors (tests/api/test_doors.py); static is files.
NOT_HERE = ("admin", "audit", "static", "api-docs", "api_", "platform_admin")

ROLES = ("anonymous", "citizen", "other_citizen", "member", "other_member", "staff", "admin")

OK, LOGIN, AWAY, FORBIDDEN, MISSING = "200", "login", "redirect", "403", "404"


def row(
    anonymous: str, citizen: str, other_citizen: str, member: str, other_member: str, staff: str, admin: str
) -> dict[str, str]:
    return dict(
        zip(ROLES, (anonymous, citizen, other_citizen, member, other_member, staff, admin), strict=True)
    )


PUBLIC = row(OK, OK, OK, OK, OK, OK, OK)
CITIZENS = row(LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
SIGNED_IN = row(LOGIN, OK, OK, OK, OK, OK, OK)
MEMBERS = row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN, FORBIDDEN)
COMPANY_A_ONLY = row(LOGIN, FORBIDDEN, FORBIDDEN, OK, MISSING, FORBIDDEN, FORBIDDEN)
ANONYMOUS_ONLY = row(OK, AWAY, AWAY, AWAY, AWAY, AWAY, AWAY)
BAD_LINK = row(*["400"] * 7)  # a made-up mailed link is refused for everyone, signed in or not

EXPECTED: dict[str, dict[str, str]] = {
    "accounts.account": SIGNED_IN,
    "privacy.export": SIGNED_IN,
    "privacy.export_csv": SIGNED_IN,
    "accounts.forgot_password": PUBLIC,
    "accounts.login": ANONYMOUS_ONLY,
    "accounts.register": ANONYMOUS_ONLY,
    "accounts.reset_password_form": BAD_LINK,
    "accounts.verify_email_form": BAD_LINK,
    "actions.catalogue": PUBLIC,
    "actions.history": CITIZENS,
    "actions.home": CITIZENS,
    "business.company_page": PUBLIC,
    "business.dashboard": MEMBERS,
    "business.directory": PUBLIC,
    "business.edit_company": MEMBERS,
    "business.edit_solution": COMPANY_A_ONLY,
    "business.invitation": PUBLIC,  # shows the invitation; accepting it (POST) is checked
    "business.members": MEMBERS,
    "business.new_company": row(LOGIN, FORBIDDEN, FORBIDDEN, AWAY, AWAY, FORBIDDEN, FORBIDDEN),
    "business.new_pledge": MEMBERS,
    "business.new_solution": MEMBERS,
    "business.register": ANONYMOUS_ONLY,
    "business.team": MEMBERS,
    "business.teams": PUBLIC,
    "challenges.detail": PUBLIC,
    "challenges.index": PUBLIC,
    "challenges.live": PUBLIC,
    "gamification.badge": PUBLIC,
    "gamification.badges": PUBLIC,
    "gamification.feed": CITIZENS,
    "gamification.impact": CITIZENS,
    "leaderboards.neighbourhood": PUBLIC,
    "leaderboards.neighbourhoods": PUBLIC,
    "livescreen.live_screen": PUBLIC,  # with the current secret link
    "privacy.policy": PUBLIC,
    "reminders.preferences": CITIZENS,
    "reminders.unsubscribe_link": BAD_LINK,
    "routines.edit": CITIZENS,
    "sparring.new_request": MEMBERS,
    "sparring.offers": PUBLIC,
    "sparring.request_detail": COMPANY_A_ONLY,
    # Company A's own solution: A is told it is its own (409), B may adopt it.
    "solutions.adopt": row(LOGIN, FORBIDDEN, FORBIDDEN, "409", OK, FORBIDDEN, FORBIDDEN),
    "vision.shared_vision": PUBLIC,
    "platform.home": PUBLIC,
    "cases.index": PUBLIC,
    "cases.detail": PUBLIC,  # a published case (of any municipality)
    "intermunicipal.index": PUBLIC,
    "intermunicipal.board": PUBLIC,  # national: the same board for everyone
    "partnerships.index": PUBLIC,
    "partnerships.detail": PUBLIC,  # a published partnership
    "web.about": PUBLIC,
    "web.accessibility": PUBLIC,
    "web.favicon": PUBLIC,
    "web.health": PUBLIC,
    "web.index": row(OK, AWAY, AWAY, OK, OK, OK, OK),  # citizens go straight to their home
    "web.manifest": PUBLIC,
    "web.offline": PUBLIC,  # the same page for everyone (what the service worker keeps)
    "web.readiness": PUBLIC,
    "web.service_worker": PUBLIC,
}


@dataclass(frozen=True)
class World:
    people: dict[str, Person | None]
    values: dict[str, Any]


def _solution_of(app: Flask, company: CompanyRef) -> int:
    with app.app_context():
        solution = business.add_solution(
            company=db.session.get(Company, company.id),
            actor=db.session.get(User, company.owner.id),
            title="Solceller",
            description="På taget",
            category="energy",
        )
        solution_id = solution.id
        db.session.remove()
    return solution_id


def _invitation_token(app: Flask, company: CompanyRef, email: str) -> str:
    tokens: list[str] = []
    with app.app_context():
        business.invite_member(
            company=db.session.get(Company, company.id),
            actor=db.session.get(User, company.owner.id),
            email=email,
            accept_link=lambda t: tokens.append(t) or t,
        )
        db.session.remove()
    return tokens[0]


def _live_screen_token(app: Flask, admin: Person) -> str:
    client = app.test_client()
    login(client, admin)
    assert client.post("/admin/storskaerm/ny-adresse").status_code == 303
    match = re.search(r"/storskaerm/([A-Za-z0-9_-]{40,})", client.get("/admin/storskaerm").text)
    assert match
    return match.group(1)


@pytest.fixture
def world(app: Flask, make_user: Any) -> World:
    return build_world(app, make_user)


def build_world(app: Flask, make_user: Any) -> World:
    """Two companies, a citizen in each of two areas, staff, an admin and the secret links."""
    company_a = make_company(app, make_user, name="Alfa Bageri", cvr=VALID_CVRS[0])
    company_b = make_company(app, make_user, name="Beta Smed", cvr=VALID_CVRS[1])
    admin = make_user(role="admin")
    people: dict[str, Person | None] = {
        "anonymous": None,
        "citizen": make_user(),
        "other_citizen": make_user(neighbourhood="borup"),
        "member": company_a.owner,
        "other_member": company_b.owner,
        "staff": make_user(role="staff"),
        "admin": admin,
    }
    offer = make_offer(app)
    values = {
        "slug": "borup",
        "code": "first-log",
        "solution_id": _solution_of(app, company_a),
        "request_id": make_request(app, company_a, [offer]),
        "token": "ikke-et-gyldigt-link-0000000000000000000000000",
    }
    endpoint_values = {
        "business.company_page": {"slug": company_a.slug},
        "solutions.adopt": {"slug": company_a.slug},
        "challenges.detail": {"slug": "cykel-test"},
        "challenges.live": {"slug": "cykel-test"},
        "business.invitation": {"token": _invitation_token(app, company_a, "ny@example.dk")},
        "livescreen.live_screen": {"token": _live_screen_token(app, admin)},
        "cases.detail": {"case_id": published_challenge_case(app, admin)},
        "intermunicipal.board": {"national_slug": make_inter_challenge(app)},
        "partnerships.detail": {"partnership_slug": published_partnership(app, admin)[1]},
    }
    make_challenge(app, admin, slug="cykel-test")
    return World(people, {"default": values, **endpoint_values})


def page_rules(app: Flask) -> list[Rule]:
    """Every GET rule outside the admin, API and static blueprints."""
    return sorted(
        (
            r
            for r in app.url_map.iter_rules()
            if "GET" in (r.methods or set()) and not r.endpoint.startswith(NOT_HERE)
        ),
        key=lambda r: r.endpoint,
    )


def status_class(response: Any) -> str:
    if response.status_code in (301, 302, 303):
        return LOGIN if "/log-ind" in response.headers["Location"] else AWAY
    return str(response.status_code)


def _url(app: Flask, rule: Rule, world: World) -> str:
    values = {**world.values["default"], **world.values.get(rule.endpoint, {})}
    with app.test_request_context():
        return url_for(rule.endpoint, **{arg: values[arg] for arg in rule.arguments})


def observed(app: Flask, world: World, role: str) -> dict[str, str]:
    """endpoint -> status class for one role."""
    client = app.test_client()
    person = world.people[role]
    if person is not None:
        login(client, person)
    return {rule.endpoint: status_class(client.get(_url(app, rule, world))) for rule in page_rules(app)}


def test_the_table_lists_every_get_page(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in page_rules(app)}
    assert endpoints - EXPECTED.keys() == set(), "add the new GET endpoints to EXPECTED"
    assert EXPECTED.keys() - endpoints == set(), "remove endpoints that no longer exist"


@pytest.mark.parametrize("role", ROLES)
def test_role_url_matrix(app: Flask, world: World, role: str) -> None:
    expected = {endpoint: statuses[role] for endpoint, statuses in EXPECTED.items()}
    got = observed(app, world, role)
    wrong = {
        endpoint: f"expected {expected.get(endpoint)}, got {status}"
        for endpoint, status in got.items()
        if expected.get(endpoint) != status
    }
    assert not wrong, f"{role}: {wrong}"


def _client_of(app: Flask, person: Person | None) -> FlaskClient:
    client = app.test_client()
    if person is not None:
        login(client, person)
    return client


def test_a_citizen_sees_only_own_logs_and_cannot_undo_anothers(app: Flask, world: World) -> None:
    from app.clock import today_in

    owner = _client_of(app, world.people["citizen"])
    owner.post(
        "/log/cykel-frem-for-bil",
        data={
            "quantity": "12,5",
            "occurred_on": today_in().isoformat(),
            "idempotency_key": "matrix-log-0001",
        },
    )
    with app.app_context():
        from app.actions.models import LogEntry, LogStatus

        log_id = db.session.scalar(db.select(LogEntry.id))
    assert log_id is not None
    assert f'id="log-{log_id}"' in owner.get("/mine-registreringer").text
    assert f"/log/{log_id}/fortryd" in owner.get("/hjem").text
    other = _client_of(app, world.people["other_citizen"])
    assert f'id="log-{log_id}"' not in other.get("/mine-registreringer").text
    assert f"/log/{log_id}/fortryd" not in other.get("/hjem").text
    assert other.post(f"/log/{log_id}/fortryd").status_code == 404
    with app.app_context():
        assert db.session.get(LogEntry, log_id).status == LogStatus.COUNTED


def test_company_b_sees_none_of_company_a_in_its_own_pages(app: Flask, world: World) -> None:
    member_a = world.people["member"]
    assert member_a is not None
    other = _client_of(app, world.people["other_member"])
    request_id = world.values["default"]["request_id"]
    for url in ("/min-virksomhed", "/min-virksomhed/medlemmer", "/min-virksomhed/hold"):
        page = other.get(url).text
        assert "Alfa Bageri" not in page, url
        assert member_a.email not in page, url
        assert f'data-request="{request_id}"' not in page, url
