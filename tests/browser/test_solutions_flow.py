"""'Vi vil også' on a phone and on a laptop: B adopts A's solution asking for contact, A accepts,
and only then does B's request page show A's contact e-mail."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.conftest import Person
from tests.solutions.conftest import A_CONTACT, World, world

LAPTOP = {"width": 1366, "height": 900}

__all__ = ["world"]


def _log_in(page: Any, person: Person) -> None:
    page.context.clear_cookies()
    page.goto("/log-ind")
    page.get_by_label("E-mail").fill(person.email)
    page.get_by_label("Adgangskode").fill(person.password)
    page.get_by_role("button", name="Log ind").click()
    expect(page).not_to_have_url(re.compile(r"/log-ind"))


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_adopt_then_accept_shares_the_contact(
    app: Flask, page: Any, world: World, viewport: dict[str, int]
) -> None:
    page.set_viewport_size(viewport)
    _log_in(page, world.b.owner)
    page.goto(f"/virksomheder/{world.a.slug}")
    expect(page.locator("[data-estimate]")).to_contain_text("Estimat: 4,2 t CO2e/år")
    page.get_by_role("link", name=re.compile("Vi vil også")).click()
    expect(page.get_by_label("Emne")).to_have_value("Vi vil gøre som Alfa Bageri: Solceller på taget")
    _no_sideways_scroll(page)
    page.get_by_label("Hvad vil I gerne have sparring på?").fill("Hvordan kom I i gang?")
    page.get_by_label("Sæt os i kontakt med Alfa Bageri").check()
    page.get_by_role("button", name="Send til kommunen").click()
    expect(page).to_have_url(re.compile(r"/sparring/anmodninger/\d+"))
    request_url = page.url
    expect(page.locator("[data-adoption]")).to_have_attribute("data-contact-state", "pending")
    expect(page.locator("body")).not_to_contain_text(A_CONTACT)

    _log_in(page, world.a.owner)
    page.goto("/min-virksomhed")
    request = page.locator("[data-contact-request]")
    expect(request).to_contain_text("Beta Smed")
    _no_sideways_scroll(page)
    request.get_by_role("button", name=re.compile("Acceptér")).click()
    expect(page.locator("[data-contact-request]")).to_have_attribute("data-contact-state", "accepted")
    expect(page.locator("[data-contact-details]")).to_contain_text("kontakt-beta@example.dk")

    _log_in(page, world.b.owner)
    page.goto(request_url)
    expect(page.locator("[data-contact-details]")).to_contain_text(A_CONTACT)
    page.goto(f"/virksomheder/{world.a.slug}")
    expect(page.locator("[data-adoptions]")).to_contain_text("1 virksomhed vil også")
