"""On a 390x844 phone the bottom tab bar never hides Bekræft or the result of a log."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.test_htmx_errors import _login

ITEM = "#action-plantebaseret-dag"


def _bottom(page: Any, selector: str) -> float:
    return float(page.locator(selector).bounding_box()["y"] + page.locator(selector).bounding_box()["height"])


def test_confirm_and_the_result_stay_above_the_tab_bar(page: Any, make_user: Any) -> None:
    _login(page, make_user())
    page.goto("/hjem")
    # The action's row sits just above the tab bar, as it would after scrolling with a thumb.
    page.evaluate(
        """sel => {
        const row = document.querySelector(sel + ' summary');
        const bar = document.querySelector('.tab-bar').getBoundingClientRect().top;
        window.scrollBy(0, row.getBoundingClientRect().bottom - bar + 2);
    }""",
        ITEM,
    )
    page.locator(f"{ITEM} summary").click()
    button = f"{ITEM} .log-form button[type=submit]"
    expect(page.locator(button)).to_be_visible()
    page.wait_for_timeout(300)  # smooth scrolling, if any, has settled
    bar_top = page.locator(".tab-bar").bounding_box()["y"]
    assert _bottom(page, button) <= bar_top, "Bekræft is behind the tab bar"
    page.locator(button).click()
    message = f"{ITEM} .log-message"
    expect(page.locator(message)).to_contain_text("+15")
    expect(page.locator(message)).to_contain_text("I dag: 15 point")  # the result, by the button
    page.wait_for_timeout(300)
    assert _bottom(page, message) <= page.locator(".tab-bar").bounding_box()["y"]
    assert page.locator(message).bounding_box()["y"] >= 0


def test_one_word_headings_and_badge_titles_break_instead_of_spilling(page: Any) -> None:
    # Text at 200 % (WCAG 1.4.4) on the 390 px phone: "Tilgængelighedserklæring" and
    # "Udfordringsdeltager" are then longer than their boxes are wide, and must break, not spill.
    for url in ["/tilgaengelighed", "/maerker"]:
        page.goto(url)
        # set through the CSSOM: the page's CSP forbids an injected inline <style>
        page.evaluate("() => document.documentElement.style.setProperty('font-size', '200%', 'important')")
        spilled = page.locator("main h1, .badge-card").evaluate_all(
            "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.trim())"
        )
        assert not spilled, (url, spilled)
