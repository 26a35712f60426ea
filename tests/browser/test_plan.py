"""The climate plan's themes on the public vision page and the council's status report, on a
phone and on a laptop: nothing overflows, the themes and the report's table are there, and the
report's PDF and CSV links answer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from app.db import db
from tests.browser.conftest import PHONE
from tests.conftest import Person

LAPTOP = {"width": 1366, "height": 768}

OVERFLOW = "width => document.documentElement.scrollWidth <= width"


@pytest.fixture
def plan_site(app: Flask, live_url: str) -> str:
    from app.plan.loader import PLAN_DATA, load_plan
    from app.seed.business import seed_sparring_offers

    with app.app_context():
        load_plan(PLAN_DATA / "koege_plan.toml")
        seed_sparring_offers()
        db.session.remove()
    return live_url


@pytest.fixture(params=["phone", "laptop"])
def tab(request: pytest.FixtureRequest, browser: Any, plan_site: str) -> Iterator[tuple[Any, dict[str, int]]]:
    phone = request.param == "phone"
    viewport = PHONE if phone else LAPTOP
    context = browser.new_context(
        viewport=viewport,
        device_scale_factor=2 if phone else 1,
        is_mobile=phone,
        has_touch=phone,
        locale="da-DK",
        base_url=plan_site,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page, viewport
    context.close()


def test_vision_page_shows_the_themes_without_overflow(tab: tuple[Any, dict[str, int]]) -> None:
    page, viewport = tab
    page.goto("/faelles-maal")
    themes = page.locator("article.plan-theme")
    expect(themes).to_have_count(6)
    mobility = page.locator('article[data-theme="mobilitet"]')
    expect(mobility.get_by_role("heading", name="Mobilitet")).to_be_visible()
    mobility.get_by_text(re.compile(r"4 tiltag i planen")).click()  # opens the measures
    expect(mobility.locator('[data-measure="MOB-2"]')).to_be_visible()
    expect(page.locator('[data-col="plan-baseline"]')).to_contain_text("567.000")
    assert page.evaluate(OVERFLOW, viewport["width"]), "the page is wider than the screen"


def _log_in(page: Any, person: Person) -> None:
    page.goto("/log-ind")
    page.get_by_label("E-mail").fill(person.email)
    page.get_by_label("Adgangskode").fill(person.password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()


def test_status_report_for_staff_with_its_files(tab: tuple[Any, dict[str, int]], make_user: Any) -> None:
    page, viewport = tab
    _log_in(page, make_user(role="staff"))
    year = page.evaluate("new Date().getFullYear()")
    page.goto(f"/admin/rapport/{year}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Status for klimaplanen")
    expect(page.locator('table.report-table tr[data-theme="forbrug"]')).to_be_visible()
    assert page.evaluate(OVERFLOW, viewport["width"]), "the report is wider than the screen"
    pdf = page.request.get(page.get_by_role("link", name="Hent PDF").get_attribute("href"))
    assert pdf.status == 200
    assert pdf.body().startswith(b"%PDF")
    csv = page.request.get(page.get_by_role("link", name="Hent CSV (Excel)").get_attribute("href"))
    assert csv.status == 200
    assert csv.body().startswith(b"\xef\xbb\xbf")
    # Printed, the navigation is gone.
    page.emulate_media(media="print")
    expect(page.locator(".admin-nav")).to_be_hidden()
