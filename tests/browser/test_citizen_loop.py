"""A new citizen on a phone: register, log two actions, see points and the leaderboard move."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect


def test_register_log_two_actions_and_see_points_and_leaderboard(page: Any) -> None:
    page.goto("/registrer")
    page.get_by_label("E-mail").fill("ny.borger@example.dk")
    page.get_by_label("Adgangskode", exact=True).fill("Cykel-til-arbejde-hver-dag")
    page.get_by_label("Gentag adgangskode").fill("Cykel-til-arbejde-hver-dag")
    page.get_by_label("Offentligt alias").fill("Cykel-Karen")
    page.get_by_label("Område").select_option(label="Borup")
    page.get_by_role("button", name="Opret konto").click()
    expect(page).to_have_url(re.compile(r"/hjem"))
    expect(page.locator("[data-stat=today]")).to_contain_text("0")

    # First action: tap it, confirm the proposed 5 km (2 points per km).
    page.get_by_text("Cyklede i stedet for at tage bilen").click()
    page.locator("#action-cykel-frem-for-bil").get_by_role("button", name="Bekræft").click()
    expect(page.locator("#action-cykel-frem-for-bil .log-message")).to_contain_text("+10")
    expect(page.locator("[data-stat=today]")).to_contain_text("10")

    # Second action: a plant-based day, 15 points.
    page.get_by_text("En plantebaseret dag").click()
    page.locator("#action-plantebaseret-dag").get_by_role("button", name="Bekræft").click()
    expect(page.locator("[data-stat=today]")).to_contain_text("25")
    expect(page.locator("[data-stat=week]")).to_contain_text("25")
    expect(page.locator("#today li")).to_have_count(2)
    assert page.url.endswith("/hjem")  # no page reload: htmx swapped the parts

    page.get_by_role("navigation", name="Genveje").get_by_role("link", name="Resultater").click()
    row = page.locator("tr[data-area=borup]")
    expect(row.locator("[data-col=points]")).to_have_text("25")
