"""Language sweep: every GET page of the living demo, for every kind of visitor, shows Danish text
on Danish pages and English text on English pages, and numbers in the reader's format."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app import create_app
from app.db import db
from tests.conftest import _wipe

# Markers: words that only appear when a sentence is in the other language. Matched on word
# boundaries, case-sensitive unless written in lower case (then any case).
ENGLISH_MARKERS = [
    "the",
    "and",
    "Please",
    "points",
    "Save",
    "Log in",
    "derived",
    "average",
    "within",
    "minutes",
    "Sent",
    "logs",
    "day",
    "days",
    "of",
    "with",
    "your",
    "You",
    "per person",
    "Edit",
    "Delete",
    "Cancel",
    "Search",
    "Back",
    "Next",
    "Previous",
    "estimate",
    "refused",
    "includes",
    "Rural",
    "town",
    "parish",
    "inhabitants",
    "split",
    "required",
    "not",
    "found",
    "valid",
    "field",
    "request",
    "again",
    "wrong",
    "there",
    "is",
]
DANISH_MARKERS = [
    "og",
    "på",
    "Gem",
    "Log ind",
    "dag",
    "dage",
    "re:(?:[02-9]|\\d{2,}) point(?!s)",
    "pr.",
    "af",
    "med",
    "din",
    "Du",
    "Tilbage",
    "Rediger",
    "Slet",
    "Annuller",
    "Søg",
    "skøn",
    "indbyggere",
    "sogn",
    "udledning",
]

# Text that legitimately keeps its own language, with the reason. Removed before matching.
ALLOWED_IN_DANISH = [
    # Publication and organisation names are cited as published.
    "Foods 9(9):1176",
    "Foods 11(8):1119",
    "Nos Gestes Climat",
    "Green Power Denmark",
    "Ellen Trolle",
    "Mogensen et al.",
    "Trolle et al.",
    "data/alimentation/repas.publicodes",
    "Apple product reports",
    # The product name and the API's name are brand names.
    "Klimadyst",
    "OpenAPI",
    # The language switch names each language in itself.
    "English",
]
ALLOWED_IN_ENGLISH = [
    # Publication titles and organisations are cited as published (Danish titles stay Danish).
    "Beregn din CO2-udledning",
    "Grøn guide",
    "Hvad sker der med dit affald",
    "Enøk i hjemmet",
    "Dansk PersonTransport",
    "Danmarks Statistik",
    "BY/sogn",
    "Trap Danmark",
    "Den Store Danske",
    "Aarhus Universitet",
    "Energistyrelsen",
    "Klimarådet",
    "Køge Kommune",
    # Danish place names contain Danish words ("Lille Skensved / Højelse").
    "Søndre Havn",
    # The language switch names each language in itself.
    "Dansk",
]

SKIPPED_ENDPOINTS = {
    "static",  # files, not pages
    "admin.plan_report_pdf",  # the status report as a file (tests/plan/test_admin.py reads it)
    "admin.plan_report_csv",
    "business.invitation",  # needs a one-time e-mailed token that is only stored hashed
    "web.health",  # plain "ok" for the load balancer
    "web.readiness",  # JSON for the load balancer
}

ACCOUNTS = {
    "citizen": ("borger@demo.klimadyst.dk", "Cykel-til-Strand-2026"),
    "business": ("virksomhed@demo.klimadyst.dk", "Groen-Virksomhed-Koege-2030"),
    "staff": ("medarbejder@demo.klimadyst.dk", "Laese-adgang-Koege-2030"),
    "admin": ("admin@demo.klimadyst.dk", "Klimaplan-2030-Koege"),
}
# The platform administrator signs in at /platform and sees only /platform (app/admin/platform.py).
PLATFORM_ACCOUNT = ("platform@demo.klimadyst.dk", "Faelles-katalog-DK2020")
ROLES = ["anonymous", *ACCOUNTS, "platform"]
# A number written with an exponent, or a Danish text with a dot decimal ("57.5 km").
EXPONENT = re.compile(r"\d[eE][+-]\d")
DOT_DECIMAL = re.compile(r"(?<![\d.:/\w-])\d+\.\d{1,2}(?![\d.:/\w-])")
# Version numbers of standards are names, not amounts.
DOT_DECIMAL_ALLOWED = ["Foods 9(9):1176", "21.03.2022", "Foods 11(8):1119", "WCAG 2.1"]


VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


class _VisibleText(HTMLParser):
    """Text nodes outside script/style, plus the attributes a person sees or hears."""

    SPOKEN = ("aria-label", "placeholder", "alt", "title")

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0
        # A bilingual edit form shows each language in its own field (name_en, source_en...).
        self._other_suffix = "_en" if lang == "da" else "_da"
        self._textarea_hidden = False
        # Text a page marks as written in another language (lang="…", WCAG 3.1.2: a case or a
        # name shown as its author wrote it) is that language's, not the page's.
        self._lang = lang
        self._foreign_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID_TAGS:
            if self._foreign_depth:
                self._foreign_depth += 1
            elif (dict(attrs).get("lang") or self._lang) != self._lang and tag not in {"html", "button"}:
                self._foreign_depth = 1
        if self._foreign_depth:
            return
        if tag in {"script", "style", "template"}:
            self._hidden += 1
        if tag == "textarea":
            self._textarea_hidden = (dict(attrs).get("name") or "").endswith(self._other_suffix)
            self._hidden += self._textarea_hidden
        for name, value in attrs:
            if name in self.SPOKEN and value:
                self.parts.append(value)
            if name == "value" and tag == "input" and ("type", "submit") in attrs and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if self._foreign_depth:
            self._foreign_depth -= 1
            return
        if tag in {"script", "style", "template"} or (tag == "textarea" and self._textarea_hidden):
            self._hidden = max(0, self._hidden - 1)
            self._textarea_hidden = False

    def handle_data(self, data: str) -> None:
        if not self._hidden and not self._foreign_depth and data.strip():
            self.parts.append(data)


def visible_text(html: str, lang: str = "da") -> str:
    parser = _VisibleText(lang)
    parser.feed(html)
    return " | ".join(" ".join(p.split()) for p in parser.parts)


def _marker_pattern(words: list[str]) -> re.Pattern[str]:
    alternatives = []
    for word in words:
        if word.startswith("re:"):  # a pattern, e.g. Danish "2 point" (English says "2 points")
            alternatives.append("(?:" + word[3:] + ")")
            continue
        flags = "(?i:" if word == word.lower() else "(?:"
        alternatives.append(flags + re.escape(word) + ")")
    return re.compile(r"(?<!\w)(" + "|".join(alternatives) + r")(?!\w)")


ENGLISH = _marker_pattern(ENGLISH_MARKERS)
DANISH = _marker_pattern(DANISH_MARKERS)


def foreign_words(text: str, lang: str) -> list[str]:
    """Snippets of `text` around the other language's marker words (allowlist removed)."""
    allowed, pattern = (ALLOWED_IN_DANISH, ENGLISH) if lang == "da" else (ALLOWED_IN_ENGLISH, DANISH)
    for phrase in allowed:
        text = text.replace(phrase, " ")
    return [
        f"{text[max(0, m.start() - 40) : m.start()]}«{m.group()}»{text[m.end() : m.end() + 40]}"
        for m in pattern.finditer(text)
    ]


def bad_numbers(text: str, lang: str) -> list[str]:
    found = [text[max(0, m.start() - 30) : m.end() + 30] for m in EXPONENT.finditer(text)]
    if lang == "da":
        for phrase in DOT_DECIMAL_ALLOWED:
            text = text.replace(phrase, " ")
        found += [text[max(0, m.start() - 30) : m.end() + 30] for m in DOT_DECIMAL.finditer(text)]
    return found


@pytest.fixture(scope="module")
def demo_app(database_url: str) -> Iterator[Flask]:
    """One app on the seeded living demo for the whole module (seeding takes seconds)."""
    flask_app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": False})
    result = flask_app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with flask_app.app_context():
        from app.accounts.models import User
        from app.livescreen.services import ensure_live_screen_link

        admin = db.session.scalar(select(User).where(User.email == ACCOUNTS["admin"][0]))
        ensure_live_screen_link(admin=admin)
        db.session.remove()
    yield flask_app
    with flask_app.app_context():
        db.session.remove()
        _wipe()
        db.engine.dispose()


def _first(model: Any, column: str = "id", *where: Any) -> Any:
    return db.session.scalar(select(getattr(model, column)).where(*where).order_by(model.id).limit(1))


# Pages of one case: the demo's Køge case (a challenge case, so it can also be copied).
CASE_PAGES = ("admin.case_detail", "admin.case_edit", "admin.case_copy", "cases.detail")


def _argument_values() -> dict[tuple[str, str], Any]:
    """A real value from the demo for every (endpoint, argument) the URL map has."""
    from app.accounts.models import Role, User
    from app.actions.models import Action, LogEntry
    from app.business.models import Company, Solution
    from app.cases.models import Case
    from app.challenges.models import Challenge
    from app.clock import local_date, utcnow
    from app.gamification.badges import BADGE_CODES
    from app.intermunicipal.models import InterChallenge
    from app.livescreen.queries import current_live_link
    from app.neighbourhoods.models import Neighbourhood
    from app.partnerships.models import Partnership
    from app.plan.models import PlanMeasure
    from app.reminders.tokens import Topic, unsubscribe_token
    from app.sparring.models import SparringOffer, SparringRequest

    link = current_live_link()
    area = _first(Neighbourhood, "slug")
    measure = db.session.scalar(select(PlanMeasure).order_by(PlanMeasure.id).limit(1))
    return {
        ("admin.plan_theme", "theme_id"): measure.theme_id if measure else 0,
        ("admin.plan_measure_new", "theme_id"): measure.theme_id if measure else 0,
        ("admin.plan_measure", "theme_id"): measure.theme_id if measure else 0,
        ("admin.plan_measure", "measure_id"): measure.id if measure else 0,
        ("admin.plan_report", "year"): local_date(utcnow()).year,
        ("admin.user", "user_id"): _first(User, "id", User.role == Role.CITIZEN),
        ("admin.action_edit", "action_id"): _first(Action),  # national: sent on to its override
        ("admin.action_override", "action_id"): _first(Action, "id", Action.municipality_id.is_(None)),
        ("admin.neighbourhood_edit", "neighbourhood_id"): _first(Neighbourhood),
        ("admin.sparring_request", "request_id"): _first(SparringRequest),
        ("admin.sparring_offer_edit", "offer_id"): _first(SparringOffer),
        ("platform_admin.action_edit", "action_id"): _first(Action, "id", Action.municipality_id.is_(None)),
        ("platform_admin.offer_edit", "offer_id"): _first(
            SparringOffer, "id", SparringOffer.municipality_id.is_(None)
        ),
        ("admin.challenge_edit", "challenge_id"): _first(Challenge),
        **{(endpoint, "case_id"): _first(Case) for endpoint in CASE_PAGES},
        ("api_community.get_challenge", "slug"): _first(Challenge, "slug"),
        ("api_business.get_company", "slug"): _first(Company, "slug"),
        ("api_community.citizen_board", "slug"): area,
        ("api_actions.get_log", "log_id"): _first(LogEntry),
        ("api_business.get_request", "request_id"): _first(SparringRequest),
        ("api_business.list_comments", "request_id"): _first(SparringRequest),
        ("gamification.badge", "code"): BADGE_CODES[0],
        ("business.edit_solution", "solution_id"): _first(Solution),
        ("solutions.adopt", "solution_id"): _first(Solution),
        ("solutions.adopt", "slug"): db.session.scalar(
            select(Company.slug)
            .join(Solution, Solution.company_id == Company.id)
            .order_by(Solution.id)
            .limit(1)
        ),
        ("leaderboards.neighbourhood", "slug"): area,
        ("sparring.request_detail", "request_id"): _first(SparringRequest),
        ("livescreen.live_screen", "token"): link.token if link else "none",
        ("challenges.detail", "slug"): _first(Challenge, "slug"),
        ("intermunicipal.board", "national_slug"): _first(InterChallenge, "slug"),
        ("admin.partnership_detail", "partnership_id"): _first(Partnership),
        ("admin.partnership_edit", "partnership_id"): _first(Partnership),
        ("partnerships.detail", "partnership_slug"): _first(Partnership, "slug"),
        ("api_partnerships.get_partnership", "partnership_slug"): _first(Partnership, "slug"),
        ("challenges.live", "slug"): _first(Challenge, "slug"),
        ("business.company_page", "slug"): _first(Company, "slug"),
        # an unknown link: the page that explains the link is not valid (any more)
        ("accounts.reset_password_form", "token"): "an-unknown-reset-token",
        ("accounts.verify_email_form", "token"): "an-unknown-verification-token",
        # a real unsubscribe link: the confirm page in both languages
        ("reminders.unsubscribe_link", "token"): unsubscribe_token(
            user_id=_first(User, "id", User.role == Role.CITIZEN), topic=Topic.REMINDER
        ),
    }


@pytest.fixture(scope="module")
def page_urls(demo_app: Flask) -> list[str]:
    """Every GET page (not the JSON API), path arguments filled from the demo."""
    with demo_app.app_context():
        values = _argument_values()
        db.session.remove()
    urls = []
    for rule in demo_app.url_map.iter_rules():
        if (
            "GET" not in (rule.methods or ())
            or rule.endpoint in SKIPPED_ENDPOINTS
            or rule.rule.startswith("/api/")
        ):
            continue
        arguments = {name: values[(rule.endpoint, name)] for name in rule.arguments}
        with demo_app.test_request_context():
            from flask import url_for

            urls.append(url_for(rule.endpoint, **arguments))
    return sorted(set(urls))


def _client(app: Flask, role: str, lang: str) -> FlaskClient:
    client = app.test_client()
    if role == "platform":
        email, password = PLATFORM_ACCOUNT
        response = client.post("/platform/log-ind", data={"email": email, "password": password})
        assert response.status_code == 303, (role, response.status_code)
        client.get(response.headers["Location"])
    elif role != "anonymous":
        email, password = ACCOUNTS[role]
        response = client.post("/log-ind", data={"email": email, "password": password})
        assert response.status_code == 303, (role, response.status_code)
        client.get(response.headers["Location"])  # shows the "logged in" message where it belongs
    if lang != "da":
        client.post("/sprog", data={"lang": lang})
    return client


# Text that people write themselves is shown as written: companies' descriptions, solutions and
# pledges, sparring messages and comments. Sparring offers are published by Danish providers in
# Danish only (the catalogue has no English text yet).
WRITTEN_CONTENT = {
    "companies": ("name", "about", "address"),
    "company_solutions": ("title", "description", "effect", "effect_source", "co2e_source"),
    "company_pledges": ("title", "description"),
    "sparring_offers": ("title", "provider", "description", "source"),
    "sparring_requests": ("topic", "message", "contact_time"),
    "sparring_state_changes": ("note",),
    "sparring_comments": ("body",),
    "partnerships": ("title", "how_it_arose", "what_it_does", "advice", "contact_role"),
    "partnership_partners": ("organisation_name", "role"),
    "partnership_kpis": ("name", "unit"),
    "kpi_check_ins": ("note",),
    "workplace_teams": ("name",),
}


def _written_content(app: Flask) -> list[str]:
    found: set[str] = set()
    with app.app_context():
        for table, columns in WRITTEN_CONTENT.items():
            meta = db.metadata.tables[table]
            for row in db.session.execute(select(*(meta.c[c] for c in columns if c in meta.c))):
                found.update(" ".join(str(v).split()) for v in row if v and len(str(v)) > 3)
        db.session.remove()
    return sorted(found, key=len, reverse=True)


def _sweep(app: Flask, urls: list[str], lang: str) -> dict[str, dict[str, list[str]]]:
    written_content = _written_content(app)
    words: dict[str, list[str]] = {}
    numbers: dict[str, list[str]] = {}
    for role in ROLES:
        client = _client(app, role, lang)
        for url in urls:
            if role == "platform" and not url.startswith("/platform/"):
                continue  # the platform admin is nobody on a municipality's pages
            response = client.get(url)
            if response.status_code >= 300 or not response.mimetype.startswith("text/html"):
                continue
            text = visible_text(response.text, lang)
            for phrase in written_content:
                text = text.replace(phrase, " ")
            if found := foreign_words(text, lang):
                words[f"{role} {url}"] = found[:5]
            if found := bad_numbers(text, lang):
                numbers[f"{role} {url}"] = found[:5]
    return {"words": words, "numbers": numbers}


@pytest.fixture(scope="module")
def danish_sweep(demo_app: Flask, page_urls: list[str]) -> dict[str, dict[str, list[str]]]:
    return _sweep(demo_app, page_urls, "da")


@pytest.fixture(scope="module")
def english_sweep(demo_app: Flask, page_urls: list[str]) -> dict[str, dict[str, list[str]]]:
    return _sweep(demo_app, page_urls, "en")


def test_the_sweep_reaches_every_page(page_urls: list[str]) -> None:
    assert len(page_urls) > 50
    assert any(url.startswith("/admin/handlinger/") for url in page_urls)


def test_danish_pages_have_no_english_words(danish_sweep: dict[str, Any]) -> None:
    assert not danish_sweep["words"], danish_sweep["words"]


def test_english_pages_have_no_danish_words(english_sweep: dict[str, Any]) -> None:
    assert not english_sweep["words"], english_sweep["words"]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_page_shows_an_exponent_or_a_danish_dot_decimal(
    danish_sweep: dict[str, Any], english_sweep: dict[str, Any], lang: str
) -> None:
    found = (danish_sweep if lang == "da" else english_sweep)["numbers"]
    assert not found, found


def test_the_markers_catch_what_users_reported() -> None:
    assert foreign_words("Der er 2 logs within 15 minutes", "da")
    assert foreign_words("1 point | Sent 27. November", "da")
    assert foreign_words("Gem ændringer", "en")
    assert not foreign_words("Aarhus Universitet, Grøn guide 'Beregn din CO2-udledning'", "en")
    assert bad_numbers("Der er 57.5 km tilbage", "da")
    assert bad_numbers("value 1E+1", "en")
    assert not bad_numbers("Der er 57,5 km tilbage den 21.03.2022", "da")


def _problem_texts(response: Any) -> list[str]:
    if response.mimetype != "application/problem+json":
        return []
    body = response.get_json()
    # `title` is left out on purpose: it is the stable English summary of the status that goes
    # with `code` (app/api/problems.py); `detail` and the field messages are what a phone shows.
    texts = [str(body.get("detail", ""))]
    texts += [str(e.get("message", "")) for e in body.get("errors", [])]
    return [t for t in texts if t]


def test_api_problem_details_are_danish_by_default(demo_app: Flask) -> None:
    """Every GET of the API without a token, with a bad cursor and for a missing object: the
    problem details a phone shows are Danish unless it asks for English."""
    client = demo_app.test_client(use_cookies=False)
    found: dict[str, list[str]] = {}
    seen = 0
    for rule in demo_app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or "GET" not in (rule.methods or ()):
            continue
        path = rule.rule
        for name in rule.arguments:
            path = re.sub(rf"<[^>]*{name}>", "999999" if "int" in path else "findes-ikke", path)
        for url in (path, path + "?cursor=%%%", path + "?limit=abc"):
            texts = _problem_texts(client.get(url))
            seen += len(texts)
            for text in texts:
                if hits := foreign_words(text, "da") + bad_numbers(text, "da"):
                    found[url] = hits
            english = _problem_texts(client.get(url, headers={"Accept-Language": "en"}))
            for text in english:
                if hits := foreign_words(text, "en"):
                    found[f"en {url}"] = hits
    assert seen > 20
    assert not found, found
