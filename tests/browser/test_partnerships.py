"""A visitor reads a partnership's page with its KPI chart, and an admin adds a check-in, on a
phone (390 x 844) and a laptop: the chart renders inside the page, nothing overflows."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from app.clock import local_date, utcnow
from tests.partnerships.conftest import published_partnership

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
CHART_INSIDE = """(sel) => {
  const box = document.querySelector(sel).getBoundingClientRect();
  return box.width > 100 && box.left >= 0 && box.right <= window.innerWidth;
}"""


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_public_page_and_an_admin_check_in(
    page: Any, app: Flask, make_user: Any, viewport: dict[str, int]
) -> None:
    admin = make_user(role="admin", alias="Kommunen Køge")
    _, slug, kpi_id, _ = published_partnership(app, admin)
    page.set_viewport_size(viewport)

    page.goto("/partnerskaber")
    card = page.locator("[data-partnership]")
    expect(card).to_have_count(1)
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    card.get_by_role("link", name="Fælles cykelparkering").click()
    expect(page.locator("h1")).to_have_text("Fælles cykelparkering")
    assert page.url.endswith(f"/partnerskaber/{slug}")
    chart = page.locator(f'[data-chart="kpi-{kpi_id}"]')
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("role", "img")
    assert page.evaluate(CHART_INSIDE, f'[data-chart="kpi-{kpi_id}"]')
    expect(page.locator("[data-check-in]")).to_have_count(2)
    expect(page.get_by_text("Køge Forsyning")).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)

    page.goto("/log-ind")
    page.get_by_label("E-mail").fill(admin.email)
    page.get_by_label("Adgangskode").fill(admin.password)
    page.locator("main form button[type=submit]").click()
    page.goto("/admin/partnerskaber")
    page.get_by_role("link", name="Fælles cykelparkering").click()
    form = page.locator(f'[data-check-in-form="{kpi_id}"]')
    form.get_by_label("Målt den").fill(local_date(utcnow()).isoformat())
    form.get_by_label("Værdi").fill("11,5")
    form.get_by_label("Note").fill("Optalt ved stativerne")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    form.get_by_role("button", name="Gem måling").click()

    expect(page.locator(".flash").first).to_contain_text("Målingen er gemt")
    expect(page.locator("[data-check-in]")).to_have_count(3)
    expect(page.locator("[data-check-in]").last).to_contain_text("11,50")
    assert page.evaluate(CHART_INSIDE, f'[data-chart="kpi-{kpi_id}"]')
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
