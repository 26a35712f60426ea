"""Every GET page of every role on a 390x844 phone: no sideways overflow, unique ids, targets of at
least 24x24 px (WCAG 2.5.8) and no axe-core WCAG 2.1 AA violations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app import create_app
from app.db import db
from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import AXE, TAGS
from tests.conftest import _wipe
from tests.support.live_server import serve

ROLES = ["anonymous", "citizen", "business", "staff", "admin", "platform"]
# axe once per URL (the first role that reaches it): a public page differs by role only in the
# header, which the role's own pages check anyway. Keeps the sweep near three minutes.
AXE_CHECKED: set[str] = set()
# Not pages: files, JSON, probes, a fragment polled by htmx, and the projector's full-HD screen.
SKIP = {
    "web.favicon",
    "web.manifest",
    "web.health",
    "web.readiness",
    "privacy.export",
    "privacy.export_csv",
    "admin.export_file",
    "admin.plan_report_pdf",
    "admin.plan_report_csv",
    "challenges.live",
    "livescreen.live_screen",
    "static",
}

# Runs in the page: what a phone user would trip over.
# The width is passed in: a mobile browser zooms out to fit wide content, so innerWidth grows.
CHECKS = """width => {
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className ? '.' + el.className.trim().replace(/ +/g, '.') : '') +
    ' "' + (el.textContent || '').trim().slice(0, 30) + '"';
  const clipped = el => {
    for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
      if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const overflow = [];
  if (document.documentElement.scrollWidth > width) {
    overflow.push('document is ' + document.documentElement.scrollWidth + 'px wide');
  }
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || box.right <= 0 || !el.checkVisibility()) continue;
    const parent = el.parentElement;
    const parentToo = parent && parent.getBoundingClientRect().right > width + 0.5 && !clipped(parent);
    if (box.right > width + 0.5 && !clipped(el) && !parentToo) {  // the outermost one only
      overflow.push(describe(el) + ' ends at ' + Math.round(box.right) + 'px');
    }
  }
  const seen = {};
  for (const el of document.querySelectorAll('[id]')) seen[el.id] = (seen[el.id] || 0) + 1;
  const duplicates = Object.keys(seen).filter(id => seen[id] > 1).map(id => id + ' x' + seen[id]);
  // WCAG 2.5.8: a link inside a sentence is exempt; a checkbox counts with its label.
  const inSentence = el => {
    if (getComputedStyle(el).display !== 'inline') return false;
    const block = el.parentElement;
    return block && block.textContent.trim().length > el.textContent.trim().length + 1;
  };
  const small = [];
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  for (const el of document.querySelectorAll(controls)) {
    const target = (el.matches('input') && el.closest('label')) || el;
    const box = target.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= 0 || !el.checkVisibility() ||
        target.closest('.visually-hidden, .skip-link')) continue;
    if ((box.width < 23.5 || box.height < 23.5) && !(el.matches('a') && inSentence(el))) {
      small.push(describe(el) + ' ' + Math.round(box.width) + 'x' + Math.round(box.height));
    }
  }
  return {overflow, duplicates, small};
}"""


def _logins() -> dict[str, tuple[str, str]]:
    from app.seed.admin import STAFF_EMAIL, STAFF_PASSWORD
    from app.seed.business import BUSINESS_EMAIL, BUSINESS_PASSWORD
    from app.seed.demo import ADMIN_EMAIL, ADMIN_PASSWORD, CITIZEN_EMAIL, CITIZEN_PASSWORD

    return {
        "citizen": (CITIZEN_EMAIL, CITIZEN_PASSWORD),
        "business": (BUSINESS_EMAIL, BUSINESS_PASSWORD),
        "staff": (STAFF_EMAIL, STAFF_PASSWORD),
        "admin": (ADMIN_EMAIL, ADMIN_PASSWORD),
    }


def _platform_login() -> tuple[str, str]:
    from app.seed.demo import PLATFORM_ADMIN_EMAIL, PLATFORM_ADMIN_PASSWORD

    return PLATFORM_ADMIN_EMAIL, PLATFORM_ADMIN_PASSWORD


# Pages of one case: the demo's Køge case (a challenge case, so it can also be copied).
CASE_PAGES = ("admin.case_detail", "admin.case_edit", "admin.case_copy", "cases.detail")


def _path_values() -> dict[str, dict[str, Any]]:
    """A real object from the demo data for every path argument, per endpoint."""
    from app.accounts.models import Role, User
    from app.actions.models import Action
    from app.business.models import Company, Solution
    from app.cases.models import Case
    from app.challenges.models import Challenge
    from app.gamification.catalogue import BADGES
    from app.intermunicipal.models import InterChallenge
    from app.neighbourhoods.models import Neighbourhood
    from app.partnerships.models import Partnership
    from app.sparring.models import SparringOffer, SparringRequest

    def first(column: Any) -> Any:
        return db.session.scalar(select(column).order_by(column).limit(1))

    def national(model: Any) -> Any:
        return db.session.scalar(
            select(model.id).where(model.municipality_id.is_(None)).order_by(model.id).limit(1)
        )

    citizen = db.session.scalar(select(User.id).where(User.role == Role.CITIZEN).order_by(User.id))
    request_id = first(SparringRequest.id)
    values: dict[str, dict[str, Any]] = {
        "admin.user": {"user_id": citizen},
        "admin.action_edit": {"action_id": first(Action.id)},  # national: sent on to its override
        "admin.action_override": {"action_id": first(Action.id)},
        "admin.neighbourhood_edit": {"neighbourhood_id": first(Neighbourhood.id)},
        "admin.sparring_request": {"request_id": request_id},
        "sparring.request_detail": {"request_id": request_id},
        "admin.sparring_offer_edit": {"offer_id": first(SparringOffer.id)},
        "platform_admin.action_edit": {"action_id": national(Action)},
        "platform_admin.offer_edit": {"offer_id": national(SparringOffer)},
        "admin.challenge_edit": {"challenge_id": first(Challenge.id)},
        **{endpoint: {"case_id": first(Case.id)} for endpoint in CASE_PAGES},
        "gamification.badge": {"code": next(iter(BADGES))},
        "business.edit_solution": {"solution_id": first(Solution.id)},
        "solutions.adopt": {
            "slug": db.session.scalar(
                select(Company.slug)
                .join(Solution, Solution.company_id == Company.id)
                .order_by(Solution.id)
                .limit(1)
            ),
            "solution_id": first(Solution.id),
        },
        "leaderboards.neighbourhood": {"slug": "borup"},
        "challenges.detail": {"slug": first(Challenge.slug)},
        "business.company_page": {"slug": first(Company.slug)},
        "intermunicipal.board": {"national_slug": first(InterChallenge.slug)},
        "admin.partnership_detail": {"partnership_id": first(Partnership.id)},
        "admin.partnership_edit": {"partnership_id": first(Partnership.id)},
        "partnerships.detail": {"partnership_slug": first(Partnership.slug)},
        **_plan_values(),
    }
    return {endpoint: kwargs for endpoint, kwargs in values.items() if None not in kwargs.values()}


def _plan_values() -> dict[str, dict[str, Any]]:
    """Køge's plan from the demo: a theme with a measure, and this year's status report."""
    from app.clock import local_date, utcnow
    from app.plan.models import PlanMeasure

    measure = db.session.scalar(select(PlanMeasure).order_by(PlanMeasure.id).limit(1))
    if measure is None:
        return {}
    theme = {"theme_id": measure.theme_id}
    return {
        "admin.plan_theme": theme,
        "admin.plan_measure_new": theme,
        "admin.plan_measure": {**theme, "measure_id": measure.id},
        "admin.plan_report": {"year": local_date(utcnow()).year},
    }


@pytest.fixture(scope="module")
def site(database_url: str) -> Iterator[tuple[str, list[str]]]:
    """One server on the demo data for the whole sweep, and every GET page's URL."""
    from flask import url_for

    from app.seed.catalogue import seed_actions, seed_neighbourhoods
    from app.seed.demo import seed_demo

    app: Flask = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": True})
    with app.app_context():
        seed_neighbourhoods()
        seed_actions()
        seed_demo(tz=app.config["KLIMADYST_TIMEZONE"])
        from app.clock import local_date, utcnow
        from app.seed.intermunicipal import seed_inter_challenge_demo

        seed_inter_challenge_demo(today=local_date(utcnow()))
        from app.platform.accounts import ensure_platform_admin

        email, password = _platform_login()
        ensure_platform_admin(email=email, name="Platformen", password=password)
        from app.seed.demo import ADMIN_EMAIL
        from app.seed.partnerships import seed_partnerships_demo

        seed_partnerships_demo(admin_email=ADMIN_EMAIL, today=local_date(utcnow()))
        values = _path_values()
        db.session.remove()
    urls = []
    with app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in (rule.methods or ()) or rule.endpoint in SKIP or rule.rule.startswith("/api/"):
                continue
            kwargs = values.get(rule.endpoint, {})
            if set(rule.arguments) - set(kwargs):
                continue  # e.g. an invitation token: only its e-mail knows it
            urls.append(url_for(rule.endpoint, **kwargs))
    with serve(app) as url:
        yield url, sorted(set(urls))
    with app.app_context():
        db.session.remove()
        _wipe()
        db.engine.dispose()


def _sign_in(page: Any, role: str, urls: list[str]) -> list[str]:
    """Sign `role` in; the URLs it sweeps (the platform admin sees only /platform)."""
    if role == "anonymous":
        return urls
    platform = role == "platform"  # signs in at the platform's own door
    email, password = _platform_login() if platform else _logins()[role]
    page.goto("/platform/log-ind" if platform else "/log-ind")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(password)
    page.locator("main").get_by_role("button", name="Log ind").click()
    page.wait_for_url(lambda url: "/log-ind" not in url)
    return [url for url in urls if url.startswith("/platform/")] if platform else urls


@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_a_phone(browser: Any, site: tuple[str, list[str]], role: str) -> None:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make setup does)")
    base_url, urls = site
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=1,
        is_mobile=True,
        has_touch=True,
        locale="da-DK",
        base_url=base_url,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    urls = _sign_in(page, role, urls)
    found: dict[str, Any] = {}
    visited = 0
    try:
        for url in urls:
            response = page.goto(url)
            if response is None or response.status >= 400 or ("/log-ind" in page.url and url != "/log-ind"):
                continue  # not this role's page (its access rules are tested elsewhere)
            if page.url.split(base_url, 1)[-1].split("?")[0] != url.split("?")[0]:
                continue  # redirected to another page, which is swept on its own
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue  # JSON probes and downloads are not pages
            visited += 1
            problems = {k: v for k, v in page.evaluate(CHECKS, PHONE["width"]).items() if v}
            result = {"violations": []}
            if url not in AXE_CHECKED:
                AXE_CHECKED.add(url)
                # evaluated, not injected as a <script>: the page's CSP forbids inline scripts
                page.evaluate(f"() => {{ {AXE.read_text()}\n }}")
                result = page.evaluate(
                    "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
                )
            if result["violations"]:
                problems["axe"] = [
                    f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
                ]
            if problems:
                found[url] = problems
    finally:
        context.close()
    assert visited >= 8, f"only {visited} pages were reachable as {role}"
    assert not found, "\n".join(f"{url}: {problems}" for url, problems in found.items())
