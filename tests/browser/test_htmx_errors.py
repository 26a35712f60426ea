"""A failed htmx request is never silent: an expired token or session, a stale tab, a bad range."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

BIKE = "#action-cykel-frem-for-bil"


def _login(page: Any, person: Any, *, remember: bool = False) -> None:
    page.goto("/log-ind")
    page.get_by_label("E-mail").fill(person.email)
    page.get_by_label("Adgangskode").fill(person.password)
    if remember:
        page.get_by_label("Husk mig på denne enhed").check()
    page.locator("main").get_by_role("button", name="Log ind").click()
    page.wait_for_url(lambda url: "/log-ind" not in url)


def _open_and_confirm(page: Any) -> None:
    item = page.locator(BIKE)
    if item.locator("details[open]").count() == 0:
        item.locator("summary").click()
    item.get_by_role("button", name="Bekræft").click()


def test_a_stale_token_says_so_and_the_next_press_logs_once(page: Any, make_user: Any) -> None:
    _login(page, make_user())
    page.goto("/hjem")
    page.evaluate("document.querySelectorAll('input[name=csrf_token]').forEach(i => i.value = 'stale')")
    _open_and_confirm(page)
    error = page.locator(f"{BIKE} .htmx-error")
    expect(error).to_have_text("Din session var udløbet – tryk igen.")
    expect(page.locator("#today li")).to_have_count(0)
    expect(page.locator(f"{BIKE} input[name=quantity]")).to_have_value("5")  # input kept
    page.locator(f"{BIKE} input[name=quantity]").fill("3")
    _open_and_confirm(page)  # the fresh token is already in the form
    expect(page.locator(f"{BIKE} .log-message")).to_contain_text("+6")
    expect(error).to_have_count(0)
    expect(page.locator("#today li")).to_have_count(1)
    expect(page.locator("[data-stat=today]")).to_contain_text("6")


def test_a_lost_session_cookie_says_so_and_the_retry_works(page: Any, make_user: Any) -> None:
    _login(page, make_user(), remember=True)
    page.goto("/hjem")
    page.context.clear_cookies(name="session")  # the phone left open overnight
    _open_and_confirm(page)
    expect(page.locator(f"{BIKE} .htmx-error")).to_contain_text("Din session var udløbet")
    _open_and_confirm(page)
    expect(page.locator(f"{BIKE} .log-message")).to_contain_text("+10")
    expect(page.locator("#today li")).to_have_count(1)


def test_undo_from_a_stale_tab_says_so_and_keeps_the_list(page: Any, make_user: Any) -> None:
    _login(page, make_user())
    page.goto("/hjem")
    _open_and_confirm(page)
    expect(page.locator("#today li")).to_have_count(1)
    other = page.context.new_page()
    other.goto("/hjem")
    other.locator("#today").get_by_role("button", name=re.compile("^Fortryd")).click()
    expect(other.locator("#today .badge")).to_have_text("Fortrudt")
    page.locator("#today").get_by_role("button", name=re.compile("^Fortryd")).click()  # stale tab
    expect(page.locator("#today .htmx-error")).to_be_visible()
    expect(page.locator("#today li")).to_have_count(1)  # the list is not replaced by the error


def test_a_custom_range_ending_before_it_starts_is_explained(page: Any, make_user: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    _login(page, make_user(role="admin"))
    expect(page).to_have_url(re.compile(r"/admin$"))  # staff land on their dashboard
    page.get_by_label("Periode").select_option("interval")
    page.locator("#fra").fill("2026-05-10")
    page.locator("#til").fill("2026-05-01")
    page.get_by_role("button", name="Vis").click()
    expect(page.locator("#admin-board [role=alert]")).to_contain_text("Filteret kunne ikke bruges")
