"""WCAG 2.1 A/AA checks with axe-core (from npm) on the main pages, as a phone user sees them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.conftest import PASSWORD

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _violations(page: Any) -> list[str]:
    # Evaluated through DevTools, not as an inline <script>: the page's CSP (script-src 'self')
    # refuses inline scripts, and the check must run under the real policy.
    page.evaluate(f"() => {{ {AXE.read_text()}\n }}")
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


@pytest.fixture
def demo(app: Flask) -> None:
    from app.seed.demo import seed_demo

    with app.app_context():
        seed_demo(tz=app.config["KLIMADYST_TIMEZONE"])


def _login(page: Any, email: str, password: str) -> None:
    page.goto("/log-ind")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(password)
    page.locator("main").get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()


PUBLIC = [
    "/",
    "/registrer",
    "/log-ind",
    "/resultater",
    "/resultater/borup",
    "/handlinger",
    "/faelles-maal",
    "/udfordringer",
    "/maerker",
    "/virksomheder",
    "/sparring",
    "/tilgaengelighed",
]
CITIZEN = [
    "/hjem",
    "/min-indsats",
    "/mit-omraade",
    "/udfordringer/cykeluge",
    "/konto",
    "/mine-registreringer",
    "/arbejdspladser",
]


def test_public_pages_have_no_axe_violations(page: Any, demo: None) -> None:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make setup does)")
    found = {}
    for url in PUBLIC:
        page.goto(url)
        if violations := _violations(page):
            found[url] = violations
    assert not found, found


def test_citizen_pages_have_no_axe_violations(page: Any, demo: None) -> None:
    from app.seed.demo import CITIZEN_EMAIL, CITIZEN_PASSWORD

    _login(page, CITIZEN_EMAIL, CITIZEN_PASSWORD)
    found = {}
    for url in CITIZEN:
        page.goto(url)
        if violations := _violations(page):
            found[url] = violations
    page.goto("/hjem")
    page.locator("#action-cykel-frem-for-bil summary").click()  # an open log form, too
    if violations := _violations(page):
        found["/hjem (open form)"] = violations
    page.locator(".phone-menu summary").click()  # and the open phone menu
    if violations := _violations(page):
        found["/hjem (menu)"] = violations
    assert not found, found


def test_admin_and_business_pages_have_no_axe_violations(page: Any, demo: None) -> None:
    from app.seed.business import BUSINESS_EMAIL, BUSINESS_PASSWORD
    from app.seed.demo import ADMIN_EMAIL, ADMIN_PASSWORD

    found = {}
    page.set_viewport_size({"width": 1280, "height": 900})
    _login(page, ADMIN_EMAIL, ADMIN_PASSWORD)
    for url in [
        "/admin",
        "/admin/moderation",
        "/admin/sparring",
        "/admin/handlinger",
        "/admin/revisionslog",
        "/admin/indstillinger",
    ]:
        page.goto(url)
        if violations := _violations(page):
            found[url] = violations
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, BUSINESS_EMAIL, BUSINESS_PASSWORD)
    for url in ["/min-virksomhed", "/sparring/anmod"]:
        page.goto(url)
        if violations := _violations(page):
            found[url] = violations
    assert not found, found
    assert PASSWORD  # the shared test password stays importable for other browser tests
