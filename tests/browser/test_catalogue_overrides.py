"""An administrator adapts a national action on a laptop; a citizen logs it on a phone and earns
the municipality's points under its local name; then the admin resets it to the national values."""

from __future__ import annotations

from typing import Any

from flask import Flask
from playwright.sync_api import expect

from app.actions.models import Action
from app.db import db

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def _log_in(page: Any, person: Any) -> None:
    page.goto("/log-ind")
    page.get_by_label("E-mail").fill(person.email)
    page.get_by_label("Adgangskode").fill(person.password)
    page.locator("main form button[type=submit]").click()


def test_a_local_override_from_admin_list_to_a_citizens_log(
    browser: Any, live_url: str, app: Flask, make_user: Any
) -> None:
    admin = make_user(role="admin", alias="Kommunen Tilpas")
    citizen = make_user(neighbourhood="borup", alias="Lokal Lise")
    with app.app_context():
        bike_id = db.session.scalar(db.select(Action.id).where(Action.slug == "cykel-frem-for-bil"))
        db.session.remove()

    laptop = browser.new_context(base_url=live_url, viewport=LAPTOP, locale="da-DK")
    laptop.set_default_timeout(10_000)
    page = laptop.new_page()
    _log_in(page, admin)
    page.goto("/admin/handlinger")
    row = page.locator("tr[data-action=cykel-frem-for-bil]")
    expect(row).to_contain_text("Nationalt")
    row.get_by_role("link", name="Tilpas lokalt: Cyklede i stedet for at tage bilen").click()
    expect(page.locator("h1")).to_contain_text("Tilpas lokalt")
    expect(page.locator("#points_per_unit-hint")).to_have_text("Nationalt: 2")
    page.get_by_label("Navn (dansk)").fill("Cyklede til stationen")
    page.locator("#points_per_unit").fill("5")
    page.get_by_role("button", name="Gem lokale værdier").click()
    expect(page.locator(".flash")).to_contain_text("Gemt")
    row = page.locator("tr[data-action=cykel-frem-for-bil]")
    expect(row).to_contain_text("Cyklede til stationen")
    expect(row).to_contain_text("Tilpasset lokalt")
    expect(row.locator("td.num").first).to_have_text("5")

    phone = browser.new_context(
        base_url=live_url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale="da-DK",
    )
    phone.set_default_timeout(10_000)
    mobile = phone.new_page()
    _log_in(mobile, citizen)
    mobile.goto("/hjem")
    mobile.get_by_text("Cyklede til stationen").click()
    mobile.locator("#action-cykel-frem-for-bil").get_by_role("button", name="Bekræft").click()
    expect(mobile.locator("#action-cykel-frem-for-bil .log-message")).to_contain_text("+25")  # 5 km × 5
    expect(mobile.locator("#today")).to_contain_text("Cyklede til stationen")
    width = mobile.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # no sideways scrolling on the phone

    page.goto(f"/admin/handlinger/{bike_id}/lokal")
    page.get_by_role("button", name="Nulstil til de nationale værdier").click()
    expect(page.locator(".flash")).to_contain_text("bruger de nationale værdier igen")
    expect(page.locator("tr[data-action=cykel-frem-for-bil]")).to_contain_text(
        "Cyklede i stedet for at tage bilen"
    )
    mobile.goto("/handlinger")
    expect(mobile.locator("main")).to_contain_text("Cyklede i stedet for at tage bilen")
    laptop.close()
    phone.close()
