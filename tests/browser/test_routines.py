"""A citizen on a phone saves a usual day, marks a regular action and logs the day in one tap."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect


def test_save_a_usual_day_and_log_it_in_one_tap(page: Any, make_user: Any) -> None:
    citizen = make_user(neighbourhood="borup")
    page.goto("/log-ind")
    page.get_by_label("E-mail").fill(citizen.email)
    page.get_by_label("Adgangskode").fill(citizen.password)
    page.get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(re.compile(r"/hjem"))

    # Set it up: two actions, the usual amounts.
    page.get_by_role("link", name="Lav min typiske dag").click()
    expect(page).to_have_url(re.compile(r"/typisk-dag"))
    page.get_by_label("Handling", exact=True).select_option(label="Cyklede i stedet for at tage bilen")
    page.get_by_role("button", name="Tilføj", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Din typiske dag er gemt")
    page.get_by_label("Handling", exact=True).select_option(label="En plantebaseret dag")
    page.get_by_role("button", name="Tilføj", exact=True).click()
    expect(page.get_by_label("En plantebaseret dag (dag)")).to_have_value("1")
    expect(page.get_by_label("Cyklede i stedet for at tage bilen (km)")).to_have_value("5")

    # "Gør det allerede": mark the plant-based day; it is pressed after the reload.
    toggle = page.locator("#always button[data-action=plantebaseret-dag]")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(page.locator("#always button[data-action=plantebaseret-dag]")).to_have_attribute(
        "aria-pressed", "true"
    )

    page.get_by_role("link", name="Tilbage til registrering").click()
    expect(page).to_have_url(re.compile(r"/hjem"))
    expect(page.locator("#always-do")).to_contain_text("En plantebaseret dag")
    no_horizontal_scroll = "document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(no_horizontal_scroll)

    # One tap logs both; a second tap on the same page counts nothing again.
    button = page.get_by_role("button", name="Log min typiske dag")
    button.click()
    result = page.locator("#usual-day .usual-result")
    expect(result).to_contain_text("2 af 2 handlinger registreret")
    expect(page.locator("[data-stat=today]")).to_contain_text("25")
    expect(page.locator("#today li")).to_have_count(2)
    page.get_by_role("button", name="Log min typiske dag").click()
    expect(result).to_contain_text("tæller kun én gang")
    expect(page.locator("#today li")).to_have_count(2)
    expect(page.locator("[data-stat=today]")).to_contain_text("25")
    assert page.url.endswith("/hjem#usual-day")  # htmx swapped the parts, no reload
