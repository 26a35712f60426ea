"""Every main page of every role loads under the Content Security Policy without a violation."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from tests.support.business import VALID_CVRS, make_company

PAGES = {
    "anonymous": [
        "/",
        "/om",
        "/tilgaengelighed",
        "/log-ind",
        "/registrer",
        "/resultater",
        "/handlinger",
        "/udfordringer",
        "/faelles-maal",
        "/virksomheder",
        "/sparring",
        "/arbejdspladser",
        "/maerker",
        "/api/v1/docs",
    ],
    "citizen": [
        "/hjem",
        "/min-indsats",
        "/mine-registreringer",
        "/mit-omraade",
        "/konto",
        "/resultater",
        "/udfordringer",
        "/faelles-maal",
    ],
    "business": [
        "/min-virksomhed",
        "/min-virksomhed/rediger",
        "/min-virksomhed/medlemmer",
        "/min-virksomhed/hold",
        "/sparring/anmod",
    ],
    "admin": [
        "/admin",
        "/admin/handlinger",
        "/admin/omraader",
        "/admin/udfordringer",
        "/admin/faelles-maal",
        "/admin/storskaerm",
        "/admin/moderation",
        "/admin/brugere",
        "/admin/indstillinger",
        "/admin/sparring",
        "/admin/virksomheder",
        "/admin/revisionslog",
        "/admin/eksport",
    ],
}


def _log_in(page: Any, person: Any) -> None:
    page.goto("/log-ind")
    page.get_by_label("E-mail").fill(person.email)
    page.get_by_label("Adgangskode").fill(person.password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("role", list(PAGES))
def test_pages_raise_no_csp_violation(page: Any, app: Flask, make_user: Any, role: str) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: violations.append(f"{page.url}: {error}"))
    if role == "business":
        _log_in(page, make_company(app, make_user, name="Alfa Bageri", cvr=VALID_CVRS[0]).owner)
    elif role != "anonymous":
        _log_in(page, make_user(role=role))
    for path in PAGES[role]:
        response = page.goto(path)
        assert response is not None, path
        assert response.status < 400, path
        page.wait_for_load_state("networkidle")
    if role == "citizen":  # an htmx swap: htmx adds no inline style of its own
        page.goto("/hjem")
        page.get_by_text("Cyklede i stedet for at tage bilen").click()
        page.locator("#action-cykel-frem-for-bil").get_by_role("button", name="Bekræft").click()
        expect(page.locator("#action-cykel-frem-for-bil .log-message")).to_contain_text("+10")
    assert violations == []
