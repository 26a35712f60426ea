"""Playwright on Debian's Chromium against the app served on a loopback port."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from tests.conftest import IN_CI
from tests.support.live_server import serve

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = shutil.which("chromium")
    if executable is None:
        if IN_CI:
            pytest.fail("Chromium is not installed: .ci/run installs it with apt-get")
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def live_url(app: Flask, reference_data: None) -> Iterator[str]:
    app.config["WTF_CSRF_ENABLED"] = True  # the browser goes through CSRF like a person would
    with serve(app) as url:
        yield url


@pytest.fixture
def page(browser: Any, live_url: str) -> Iterator[Any]:
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="da-DK",
        base_url=live_url,
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()
