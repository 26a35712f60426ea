"""Access matrix: every admin URL for anonymous users, citizens, businesses, staff and admins.

The expected roles come from an explicit table written here, not from the decorator's own
attribute: a view that loses or widens its decorator then fails the matrix, and a new admin
endpoint fails until it is added to the table (so someone decides who may reach it).
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from app.clock import local_date, utcnow
from tests.admin.conftest import log, logged_in
from tests.conftest import Person

# Their "today" is the app's Copenhagen day: keep it away from midnight and DST nights.
pytestmark = pytest.mark.usefixtures("frozen_day")

ADMIN_BLUEPRINTS = ("admin", "audit")

READERS = ("staff", "admin")  # the municipality's staff read the dashboard and exports
ADMIN_ONLY = ("admin",)

# Endpoint -> the roles (of anonymous, citizen, business, staff, admin) that may reach it. Today
# no admin page is open to anonymous visitors, citizens or business members; staff only read (GET).
EXPECTED_ROLES: dict[str, tuple[str, ...]] = {
    "admin.dashboard": READERS,
    "admin.exports": READERS,
    "admin.export_file": READERS,
    "admin.action_delete": ADMIN_ONLY,
    "admin.action_edit": ADMIN_ONLY,
    "admin.action_new": ADMIN_ONLY,
    "admin.action_reactivate": ADMIN_ONLY,
    "admin.action_retire": ADMIN_ONLY,
    "admin.action_override": ADMIN_ONLY,
    "admin.action_override_reset": ADMIN_ONLY,
    "admin.action_retire_here": ADMIN_ONLY,
    "admin.action_reactivate_here": ADMIN_ONLY,
    "admin.actions": ADMIN_ONLY,
    "admin.benchmark": READERS,
    "admin.case_copy": ADMIN_ONLY,
    "admin.case_detail": READERS,
    "admin.case_edit": ADMIN_ONLY,
    "admin.case_new": ADMIN_ONLY,
    "admin.case_publish": ADMIN_ONLY,
    "admin.case_unpublish": ADMIN_ONLY,
    "admin.cases": READERS,
    "admin.inter_challenges": READERS,
    "admin.partnerships": READERS,
    "admin.partnerships_elsewhere": READERS,
    "admin.partnership_detail": READERS,
    "admin.partnership_new": ADMIN_ONLY,
    "admin.partnership_edit": ADMIN_ONLY,
    "admin.partnership_partner_add": ADMIN_ONLY,
    "admin.partnership_partner_remove": ADMIN_ONLY,
    "admin.partnership_kpi_add": ADMIN_ONLY,
    "admin.partnership_check_in": ADMIN_ONLY,
    "admin.partnership_status": ADMIN_ONLY,
    "admin.partnership_publish": ADMIN_ONLY,
    "admin.partnership_unpublish": ADMIN_ONLY,
    "admin.inter_challenge_join": ADMIN_ONLY,
    "admin.inter_challenge_leave": ADMIN_ONLY,
    "admin.challenge_edit": ADMIN_ONLY,
    "admin.challenge_new": ADMIN_ONLY,
    "admin.challenges": ADMIN_ONLY,
    "admin.companies": ADMIN_ONLY,
    "admin.company_verified": ADMIN_ONLY,
    "admin.solutions": ADMIN_ONLY,
    "admin.solution_featured": ADMIN_ONLY,
    "admin.flag_resolve": ADMIN_ONLY,
    "admin.live_admin": ADMIN_ONLY,
    "admin.live_rotate": ADMIN_ONLY,
    "admin.log_void": ADMIN_ONLY,
    "admin.moderation": ADMIN_ONLY,
    "admin.neighbourhood_edit": ADMIN_ONLY,
    "admin.neighbourhood_new": ADMIN_ONLY,
    "admin.neighbourhoods": ADMIN_ONLY,
    "admin.own_case_list": ADMIN_ONLY,
    "admin.privacy_erase": ADMIN_ONLY,
    "admin.privacy_export": ADMIN_ONLY,
    "admin.privacy_requests": ADMIN_ONLY,
    "admin.setting_change": ADMIN_ONLY,
    "admin.settings": ADMIN_ONLY,
    "admin.sparring_assign": ADMIN_ONLY,
    "admin.sparring_inbox": ADMIN_ONLY,
    "admin.sparring_offer_active": ADMIN_ONLY,
    "admin.sparring_offer_edit": ADMIN_ONLY,
    "admin.sparring_offer_new": ADMIN_ONLY,
    "admin.sparring_offers": ADMIN_ONLY,
    "admin.sparring_reply": ADMIN_ONLY,
    "admin.sparring_request": ADMIN_ONLY,
    "admin.sparring_state": ADMIN_ONLY,
    "admin.user": ADMIN_ONLY,
    "admin.user_suspension": ADMIN_ONLY,
    "admin.users": ADMIN_ONLY,
    "admin.vision": ADMIN_ONLY,
    "admin.plan": ADMIN_ONLY,
    "admin.plan_theme": ADMIN_ONLY,
    "admin.plan_theme_new": ADMIN_ONLY,
    "admin.plan_measure": ADMIN_ONLY,
    "admin.plan_measure_new": ADMIN_ONLY,
    "admin.plan_report": READERS,  # the council's status report: staff read it too
    "admin.plan_report_pdf": READERS,
    "admin.plan_report_csv": READERS,
    "audit.index": ADMIN_ONLY,
}


# Endpoint -> argument -> the sample value's key, where one argument names another kind of object:
# the override routes adapt a national action (the sample's `action_id` is a local one).
ENDPOINT_VALUES: dict[str, dict[str, str]] = {
    endpoint: {"action_id": "national_action_id"}
    for endpoint in (
        "admin.action_override",
        "admin.action_override_reset",
        "admin.action_retire_here",
        "admin.action_reactivate_here",
    )
}


def admin_rules(app: Flask) -> list[Rule]:
    return sorted(
        (r for r in app.url_map.iter_rules() if r.endpoint.split(".")[0] in ADMIN_BLUEPRINTS),
        key=lambda r: r.rule,
    )


def _sample_values(app: Flask, make_user: Any) -> dict[str, Any]:
    """A real object for every URL argument the admin blueprints use."""
    owner = make_user(alias="Eksempel Borger")
    with app.app_context():
        from app.db import db

        log_id = log(owner, now=utcnow(), day=local_date(utcnow()))
        db.session.remove()
    values: dict[str, Any] = {
        "action_id": 1,
        "national_action_id": 1,  # the seeded national catalogue's first action
        "neighbourhood_id": 1,
        "user_id": owner.id,
        "log_id": log_id,
        "name": "BACKDATE_DAYS",
    }
    values.update(_other_sample_values(app, make_user, owner))
    return values


def _other_sample_values(app: Flask, make_user: Any, owner: Person) -> dict[str, Any]:
    """Objects of the game and business packages, created through their own services."""
    from tests.admin.samples import sample_values

    return sample_values(app, make_user, owner)


def _urls(app: Flask, values: dict[str, Any]) -> list[tuple[str, str, tuple[str, ...]]]:
    """(method, url, roles allowed by the table) for every admin rule and method."""
    cases = []
    with app.test_request_context():
        from flask import url_for

        for rule in admin_rules(app):
            roles = EXPECTED_ROLES[rule.endpoint]
            missing = [arg for arg in rule.arguments if arg not in values]
            assert not missing, f"add a sample value for {missing} ({rule.rule})"
            keys = ENDPOINT_VALUES.get(rule.endpoint, {})
            url = url_for(rule.endpoint, **{arg: values[keys.get(arg, arg)] for arg in rule.arguments})
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                cases.append((method, url, roles))
    # Reads first, so that a write (retire, delete) cannot hide a later read.
    return sorted(cases, key=lambda c: c[0] != "GET")


def _request(client: FlaskClient, method: str, url: str, **kwargs: Any) -> Any:
    return client.open(url, method=method, **kwargs)


def _refused(client: FlaskClient, role: str, method: str, url: str, response: Any) -> bool:
    """Anonymous visitors are sent to log in (htmx: 401 with HX-Redirect); signed-in roles get 403."""
    if role != "anonymous":
        return bool(response.status_code == 403)
    htmx = _request(client, method, url, headers={"HX-Request": "true"})
    return (
        response.status_code == 302
        and "/log-ind" in response.headers["Location"]
        and htmx.status_code == 401
        and "HX-Redirect" in htmx.headers
    )


def test_the_table_lists_every_admin_endpoint(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in admin_rules(app)}
    assert endpoints - EXPECTED_ROLES.keys() == set(), "add the new admin endpoints to EXPECTED_ROLES"
    assert EXPECTED_ROLES.keys() - endpoints == set(), "remove endpoints that no longer exist"


def test_every_admin_view_declares_its_roles(app: Flask) -> None:
    rules = admin_rules(app)
    assert len(rules) > 15
    for rule in rules:
        assert getattr(app.view_functions[rule.endpoint], "required_roles", None), rule.endpoint


@pytest.mark.parametrize("role", ["anonymous", "citizen", "business", "staff", "admin"])
def test_access_matrix(app: Flask, make_user: Any, role: str) -> None:
    values = _sample_values(app, make_user)
    cases = _urls(app, values)
    if role == "anonymous":
        client = app.test_client()
    else:
        person = make_user(role=role, neighbourhood="borup", alias=f"Rolle {role}")
        client = logged_in(app, person)
    wrong = []
    for method, url, roles in cases:
        response = _request(client, method, url)
        status = response.status_code
        if role not in roles:
            ok = _refused(client, role, method, url, response)
        elif role == "staff":  # staff read: every write is refused, also on pages they may see
            ok = status == 200 if method == "GET" else status == 403
        else:
            ok = status == 200 if method == "GET" else status not in (401, 403) and status < 500
        if not ok:
            wrong.append(f"{method} {url}: {status}")
    assert not wrong, f"{role}: " + "; ".join(wrong)


def test_staff_reads_dashboard_and_exports_only(app: Flask, make_user: Any) -> None:
    staff = make_user(role="staff", alias="Kun Laeser")
    client = logged_in(app, staff)
    assert client.get("/admin").status_code == 200
    assert client.get("/admin/eksport").status_code == 200
    assert client.get("/admin/revisionslog").status_code == 403
    assert client.get("/admin/handlinger").status_code == 403
    assert client.post("/admin/storskaerm/ny-adresse").status_code == 403
