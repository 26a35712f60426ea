"""The installable app on a phone: the service worker, and logs made without a connection."""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from app.actions.models import Action, LogEntry
from app.db import db
from tests.browser.conftest import CHROMIUM_ARGS, PHONE
from tests.browser.test_accessibility import _violations

BIKE = "#action-cykel-frem-for-bil"
PLANT = "#action-plantebaseret-dag"

# The queue as offline.js keeps it, read and written the way the page does.
OPEN_QUEUE = """const open = indexedDB.open("klimadyst", 1);
  open.onupgradeneeded = () => open.result.createObjectStore(
    "log-queue", {keyPath: "id", autoIncrement: true});
  open.onerror = () => reject(open.error);"""
QUEUE_SIZE = f"""() => new Promise((resolve, reject) => {{
  {OPEN_QUEUE}
  open.onsuccess = () => {{
    const db = open.result;
    const count = db.transaction("log-queue").objectStore("log-queue").count();
    count.onsuccess = () => {{ db.close(); resolve(count.result); }};
  }};
}})"""
PUT_IN_QUEUE = f"""entry => new Promise((resolve, reject) => {{
  {OPEN_QUEUE}
  open.onsuccess = () => {{
    const db = open.result;
    const tx = db.transaction("log-queue", "readwrite");
    entry.owner = document.getElementById("offline-queue-messages").dataset.owner;
    tx.objectStore("log-queue").add(entry);
    tx.oncomplete = () => {{ db.close(); resolve(); }};
  }};
}})"""
CACHE_NAMES = "() => caches.keys()"
CONTROLLED = "() => navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)"


def _login(page: Any, person: Any) -> None:
    page.goto("/log-ind")
    page.get_by_label("E-mail").fill(person.email)
    page.get_by_label("Adgangskode").fill(person.password)
    page.locator("main").get_by_role("button", name="Log ind").click()
    page.wait_for_url(re.compile(r"/hjem$"))


def _wait_for_worker(page: Any) -> None:
    """Registered, installed (the shell is cached) and in control of the page.

    A page whose navigation started before the worker was active can stay uncontrolled even
    after clients.claim() (Chromium skips a document that was still loading): the next load of
    it is controlled, as for a person opening the app again."""
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def _log(page: Any, item: str, *, quantity: str | None = None, day: str | None = None) -> None:
    action = page.locator(item)
    if action.locator("details[open]").count() == 0:
        action.locator("summary").click()
    if quantity is not None:
        action.locator("input[name=quantity]").fill(quantity)
    if day is not None:
        action.locator("select[name=occurred_on]").select_option(label=day)
    action.get_by_role("button", name="Bekræft").click()


def _ledger(app: Flask, person: Any) -> list[tuple[str, str, date]]:
    with app.app_context():
        rows = db.session.execute(
            select(Action.slug, LogEntry.idempotency_key, LogEntry.occurred_on)
            .join(Action, Action.id == LogEntry.action_id)
            .where(LogEntry.user_id == person.id)
            .order_by(LogEntry.id)
        ).all()
        db.session.remove()
    return [(slug, key, day) for slug, key, day in rows]


def _today_on_page(page: Any) -> date:
    first_day = page.locator(f"{BIKE} select[name=occurred_on] option").first
    return date.fromisoformat(first_day.get_attribute("value"))


def test_the_app_is_installable_and_the_worker_controls_the_page(browser: Any, live_url: str) -> None:
    # Chromium never offers to install from an off-the-record profile, so this one is on disk.
    with tempfile.TemporaryDirectory() as profile:
        context = browser.browser_type.launch_persistent_context(
            profile,
            executable_path=shutil.which("chromium"),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            base_url=live_url,
            locale="da-DK",
        )
        try:
            page = context.new_page()
            page.goto("/")
            _wait_for_worker(page)
            assert page.evaluate(CONTROLLED)
            names = page.evaluate(CACHE_NAMES)
            assert len(names) == 1
            assert names[0].startswith("klimadyst-shell-")
            cdp = context.new_cdp_session(page)
            page.reload()
            page.wait_for_load_state("networkidle")
            errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
            assert errors == []
            manifest = cdp.send("Page.getAppManifest")
            assert manifest["errors"] == []
        finally:
            context.close()


def test_offline_logs_wait_then_count_once_each(page: Any, app: Flask, make_user: Any) -> None:
    person = make_user()
    _login(page, person)
    _wait_for_worker(page)
    today = _today_on_page(page)

    page.context.set_offline(True)
    _log(page, BIKE, quantity="4")
    _log(page, PLANT, day="I går")
    pending = page.locator("#today .status-pending")
    expect(pending).to_have_count(2)
    expect(pending.nth(0)).to_contain_text("Cyklede i stedet for at tage bilen")
    expect(pending.nth(0)).to_contain_text("4 km")
    expect(pending.nth(0).locator(".badge")).to_have_text("Venter på net")
    expect(pending.nth(1)).to_contain_text("En plantebaseret dag")
    expect(pending.nth(1).locator(".badge")).to_have_text("Venter på net")
    expect(page.locator(f"{BIKE} .log-message")).to_contain_text("Ingen forbindelse")
    assert _ledger(app, person) == []  # nothing reached the server
    assert page.evaluate(QUEUE_SIZE) == 2
    assert _violations(page) == []  # the kept logs in the list: WCAG 2.1 AA as well

    # A boosted link with no network: a real navigation, answered with the offline page.
    page.get_by_role("navigation", name="Genveje").get_by_role("link", name="Resultater").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingen forbindelse")
    expect(page).to_have_url(re.compile(r"/resultater$"))
    page.reload()  # no network: the service worker's offline page, not the browser's error
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingen forbindelse")
    expect(page.locator("main")).to_contain_text("Venter på net")
    header = page.evaluate("() => getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert header == "rgb(27, 94, 32)"  # app.css from the worker's cache: the app shell works offline
    page.wait_for_function("() => window.htmx !== undefined")  # and so do the scripts

    page.context.set_offline(False)  # the offline page tries the page it stood in for again
    expect(page.locator("[data-offline-page]")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/resultater$"))
    # That page loads signed in again, so it sends the queue, in order, and says so.
    expect(page.locator("#toasts")).to_contain_text("Dine registreringer fra tiden uden net er sendt.")
    assert page.evaluate(QUEUE_SIZE) == 0
    page.goto("/hjem")
    counted = page.locator("#today .today-list:not(.offline-list) > li")
    expect(counted).to_have_count(2)
    expect(page.locator("#today .status-pending")).to_have_count(0)
    # 4 km at 2 points; the plant-based day counts for yesterday, not today.
    expect(page.locator("[data-stat=today]")).to_contain_text("8")
    ledger = _ledger(app, person)
    assert [(slug, day) for slug, _key, day in ledger] == [
        ("cykel-frem-for-bil", today),
        ("plantebaseret-dag", today - timedelta(days=1)),
    ]
    assert len({key for _slug, key, _day in ledger}) == 2
    assert page.evaluate(QUEUE_SIZE) == 0

    page.reload()  # nothing is sent twice
    expect(counted).to_have_count(2)
    assert len(_ledger(app, person)) == 2


def test_refused_logs_show_why_and_are_not_sent_again(page: Any, app: Flask, make_user: Any) -> None:
    person = make_user()
    _login(page, person)
    today = _today_on_page(page)
    page.context.set_offline(True)
    _log(page, PLANT)  # one plant-based day counts per day ...
    _log(page, PLANT)  # ... so this one goes past the daily cap
    # A log kept from a day that has since fallen out of the backdating window (today and two
    # days back): judged by the day it happened, not the day it is sent.
    page.evaluate(
        PUT_IN_QUEUE,
        {
            "url": "/log/cykel-frem-for-bil",
            "fields": {
                "idempotency_key": "kept-for-days-0001",
                "quantity": "5",
                "occurred_on": (today - timedelta(days=3)).isoformat(),
            },
            "action": "Cyklede i stedet for at tage bilen",
            "amount": "5 km",
            "queued_at": "2026-01-01T08:00:00Z",
        },
    )
    page.context.set_offline(False)  # the "online" event sends the queue, in order

    refused = page.locator("#today .status-refused")
    expect(refused).to_have_count(2)
    expect(refused.nth(0)).to_contain_text("En plantebaseret dag")
    expect(refused.nth(0).locator(".badge")).to_have_text("Ikke registreret")
    expect(refused.nth(0).locator("[role=alert]")).to_contain_text("Dagligt loft for denne handling")
    expect(refused.nth(1)).to_contain_text("Cyklede i stedet for at tage bilen")
    too_old = "Du kan registrere i dag og op til 2 dage tilbage."
    expect(refused.nth(1).locator("[role=alert]")).to_have_text(too_old)
    expect(page.locator("#today .status-pending")).to_have_count(0)
    expect(page.locator("#today .today-list:not(.offline-list) > li")).to_have_count(1)
    assert _violations(page) == []
    assert [(slug, day) for slug, _key, day in _ledger(app, person)] == [("plantebaseret-dag", today)]
    assert page.evaluate(QUEUE_SIZE) == 0

    page.reload()  # refused means removed: never retried
    expect(page.locator("#today .status-refused")).to_have_count(0)
    page.wait_for_load_state("networkidle")
    assert len(_ledger(app, person)) == 1


def _without_clear_site_data(route: Any) -> None:
    """The logout answer as a browser that ignores Clear-Site-Data sees it."""
    response = route.fetch(max_redirects=0)
    headers = {k: v for k, v in response.headers.items() if k.lower() != "clear-site-data"}
    route.fulfill(response=response, headers=headers)


@pytest.mark.parametrize("clear_site_data", [True, False], ids=["header", "script-fallback"])
def test_logging_out_warns_about_waiting_logs_then_clears_queue_and_caches(
    page: Any, app: Flask, make_user: Any, clear_site_data: bool
) -> None:
    person = make_user()
    _login(page, person)
    _wait_for_worker(page)
    if not clear_site_data:
        page.route("**/log-ud", _without_clear_site_data)
    page.route("**/log/*", lambda route: route.abort())  # the server cannot be reached
    _log(page, BIKE)  # the browser thinks it is online: the failed request is kept
    expect(page.locator("#today .status-pending")).to_have_count(1)
    assert page.evaluate(QUEUE_SIZE) == 1

    dialogs: list[str] = []

    def answer(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss() if len(dialogs) == 1 else dialog.accept()

    page.on("dialog", answer)
    log_out = page.locator(".desktop-nav, .phone-menu").get_by_role("button", name="Log ud").first
    page.locator(".phone-menu summary").click()
    log_out.click()
    assert len(dialogs) == 1
    assert "venter stadig på net" in dialogs[0]
    expect(page).to_have_url(re.compile(r"/hjem$"))  # dismissed: still signed in, log still kept
    assert page.evaluate(QUEUE_SIZE) == 1

    log_out.click()
    expect(page.locator(".flash-info")).to_have_text("Du er logget ud.")
    page.wait_for_function("() => caches.keys().then(names => names.length <= 1)")
    assert page.evaluate(QUEUE_SIZE) == 0
    assert _ledger(app, person) == []
    names = page.evaluate(CACHE_NAMES)
    assert all(name.startswith("klimadyst-shell-") for name in names)  # only the public shell again


def _phone(browser: Any, live_url: str, **options: Any) -> Any:
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="da-DK", base_url=live_url, **options
    )
    context.set_default_timeout(10_000)
    return context


def test_without_javascript_a_log_form_posts_as_always(
    browser: Any, live_url: str, app: Flask, make_user: Any
) -> None:
    person = make_user()
    context = _phone(browser, live_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/log-ind")
        page.get_by_label("E-mail").fill(person.email)
        page.get_by_label("Adgangskode").fill(person.password)
        page.locator("main").get_by_role("button", name="Log ind").click()
        page.wait_for_url(re.compile(r"/hjem$"))
        page.locator(BIKE).locator("summary").click()
        page.locator(BIKE).get_by_role("button", name="Bekræft").click()
        page.wait_for_url(re.compile(r"/hjem#today$"))
        expect(page.locator(".flash-success").first).to_contain_text("+10")
        assert [slug for slug, _key, _day in _ledger(app, person)] == ["cykel-frem-for-bil"]
    finally:
        context.close()


def test_without_a_service_worker_offline_logs_still_wait_and_count(
    browser: Any, live_url: str, app: Flask, make_user: Any
) -> None:
    person = make_user()
    context = _phone(browser, live_url, service_workers="block")
    try:
        page = context.new_page()
        _login(page, person)
        assert page.evaluate("() => navigator.serviceWorker.getRegistrations()") == []
        context.set_offline(True)
        _log(page, BIKE)
        expect(page.locator("#today .status-pending")).to_have_count(1)
        context.set_offline(False)
        expect(page.locator("#today .status-pending")).to_have_count(0)
        expect(page.locator("#today .today-list:not(.offline-list) > li")).to_have_count(1)
        assert [slug for slug, _key, _day in _ledger(app, person)] == ["cykel-frem-for-bil"]
    finally:
        context.close()
