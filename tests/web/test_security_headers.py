"""Security headers on every route, trusted hosts, links from PUBLIC_BASE_URL, request sizes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app import create_app
from app.db import db
from app.outbox.models import OutboxMessage
from tests.conftest import Person, login
from tests.support.business import VALID_CVRS, make_company

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
DUMMY = {"IntegerConverter": "1", "IdConverter": "1", "UnicodeConverter": "x", "PathConverter": "css/app.css"}


def _get_urls(app: Flask) -> list[str]:
    """Every GET route, its arguments filled with a dummy (a 404 must carry the headers too)."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()):
            continue
        url = rule.rule
        for name, converter in rule._converters.items():
            url = re.sub(rf"<[^>]*\b{name}>", DUMMY[type(converter).__name__], url)
        urls.append(url)
    return sorted(urls)


def _script_src(policy: str) -> str:
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return directives.get("script-src", directives["default-src"])


@pytest.mark.parametrize("role", ["anonymous", "citizen", "admin"])
def test_every_get_route_sends_a_csp_without_inline_scripts(
    app: Flask, client: FlaskClient, make_user: Any, role: str
) -> None:
    if role != "anonymous":
        login(client, make_user(role=role))
    urls = _get_urls(app)
    assert len(urls) > 60
    for url in urls:
        response = client.get(url)
        response.close()  # static files are streamed from an open file
        policy = response.headers.get("Content-Security-Policy")
        assert policy, url
        assert "'unsafe-inline'" not in _script_src(policy), url
        assert "'unsafe-eval'" not in policy, url
        assert "frame-ancestors 'none'" in policy, url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.status_code < 500, url


def test_the_baseline_headers(client: FlaskClient) -> None:
    headers = client.get("/").headers
    assert headers["Content-Security-Policy"] == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in headers  # development and tests: no HSTS
    assert "no-store" not in headers.get("Cache-Control", "")  # a public page may be cached


def test_templates_carry_no_inline_script_or_style() -> None:
    """The CSP would block them: scripts live in static/js, styles in static/css."""
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for pattern in (
            r"<script(?![^>]*\bsrc=)[^>]*>",
            r"<style\b",
            r"\sstyle=",
            r"\son[a-z]+\s*=",
            r"javascript:",
        ):
            if re.search(pattern, text, flags=re.IGNORECASE):
                offenders.append(f"{path.relative_to(TEMPLATES)}: {pattern}")
    assert offenders == []


def _production(database_url: str, **overrides: Any) -> Flask:
    return create_app(
        "production",
        {
            "SECRET_KEY": "s" * 48,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SINGLE_PROCESS": True,
            "PUBLIC_BASE_URL": "https://klima.koege.dk",
            **overrides,
        },
    )


def test_hsts_in_production_only(app: Flask, database_url: str) -> None:
    production = _production(database_url)
    response = production.test_client().get("/", base_url="https://klima.koege.dk")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize("path", ["/hjem", "/konto", "/konto/eksport", "/min-indsats"])
def test_personal_pages_are_never_stored(citizen_client: FlaskClient, path: str) -> None:
    response = citizen_client.get(path)
    assert response.status_code == 200, path
    assert "no-store" in response.headers["Cache-Control"], path


def test_any_page_for_a_logged_in_user_is_private(citizen_client: FlaskClient) -> None:
    cache = citizen_client.get("/resultater").headers["Cache-Control"]
    assert cache == "private, no-store"


def test_authenticated_api_responses_are_private(client: FlaskClient, citizen: Person) -> None:
    token = client.post("/api/v1/tokens", json={"email": citizen.email, "password": citizen.password}).json[
        "token"
    ]
    auth = {"Authorization": f"Bearer {token}"}
    me = client.get("/api/v1/me", headers=auth)
    assert me.status_code == 200
    assert me.headers["Cache-Control"] == "private, no-store"
    offers = client.get("/api/v1/sparring/offers", headers=auth)  # ETag'd: the view set no-cache
    assert {"private", "no-cache"} <= {d.strip() for d in offers.headers["Cache-Control"].split(",")}
    assert "no-store" not in client.get("/api/v1/actions").headers.get("Cache-Control", "")


# --- hosts ------------------------------------------------------------------------------------


def test_production_refuses_an_unknown_host_with_400(app: Flask, database_url: str) -> None:
    production = _production(database_url)
    assert production.config["TRUSTED_HOSTS"] == ["klima.koege.dk"]
    web = production.test_client().get("/", headers={"Host": "evil.example"})
    assert web.status_code == 400
    assert "Siden findes ikke på denne adresse" in web.text
    api = production.test_client().get("/api/v1/actions", headers={"Host": "evil.example"})
    assert (api.status_code, api.mimetype) == (400, "application/problem+json")
    assert api.json["code"] == "untrusted_host"
    good = production.test_client().get("/", headers={"Host": "klima.koege.dk"})
    assert good.status_code == 200


def test_trusted_hosts_come_from_the_environment(
    app: Flask, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KLIMADYST_TRUSTED_HOSTS", "klima.koege.dk, klima.roskilde.dk")
    production = _production(database_url)
    assert production.config["TRUSTED_HOSTS"] == ["klima.koege.dk", "klima.roskilde.dk"]
    response = production.test_client().get("/", headers={"Host": "klima.roskilde.dk"})
    # Trusted, so not Flask's 400; no municipality has that host name, so app/tenancy's 404
    assert response.status_code == 404


def test_the_invitation_link_comes_from_public_base_url(
    app: Flask, client: FlaskClient, make_user: Any
) -> None:
    app.config["PUBLIC_BASE_URL"] = "https://klima.koege.dk"
    company = make_company(app, make_user, name="Alfa Bageri", cvr=VALID_CVRS[0])
    # the whole visit, cookie included, is at another host than PUBLIC_BASE_URL's (one that is
    # served: an unknown host is a 404, tests/tenancy)
    evil = "http://koege.localhost"
    owner = company.owner
    assert (
        client.post(
            "/log-ind", base_url=evil, data={"email": owner.email, "password": owner.password}
        ).status_code
        == 303
    )
    response = client.post(
        "/min-virksomhed/medlemmer/inviter", base_url=evil, data={"email": "ny@example.dk"}
    )
    assert response.status_code == 303
    with app.app_context():
        body = db.session.scalar(select(OutboxMessage.body).where(OutboxMessage.kind == "company_invitation"))
    assert body is not None
    assert "https://klima.koege.dk/invitation/" in body
    assert "koege.localhost" not in body


# --- request sizes ----------------------------------------------------------------------------


def test_a_huge_form_gets_a_danish_413_page(client: FlaskClient) -> None:
    response = client.post("/log-ind", data={"email": "a" * (30 * 1024 * 1024), "password": "x"})
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert "Det, du sendte, er for stort" in response.text


def test_a_huge_api_body_gets_problem_json(client: FlaskClient) -> None:
    response = client.post(
        "/api/v1/tokens", data='{"email": "' + "a" * (2 * 1024 * 1024) + '"}', content_type="application/json"
    )
    assert (response.status_code, response.mimetype) == (413, "application/problem+json")
    assert response.json["code"] == "payload_too_large"


def test_the_size_limits_are_configured(app: Flask) -> None:
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024
    assert app.config["MAX_FORM_MEMORY_SIZE"] == 1024 * 1024


def test_production_reads_the_client_address_from_the_load_balancer(database_url: str) -> None:
    """Behind the proxy every request comes from the proxy: the per-IP limits must see the
    visitor's address (X-Forwarded-For), or one allowance would be shared by everybody."""
    from flask import request

    production = _production(database_url)
    seen: list[str | None] = []
    production.before_request(lambda: seen.append(request.remote_addr))
    client = production.test_client()
    client.get(
        "/healthz",
        base_url="https://klima.koege.dk",
        headers={"X-Forwarded-For": "198.51.100.7"},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    assert seen == ["198.51.100.7"]
    development = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url})
    development.before_request(lambda: seen.append(request.remote_addr))
    development.test_client().get(
        "/healthz", headers={"X-Forwarded-For": "198.51.100.7"}, environ_base={"REMOTE_ADDR": "10.0.0.2"}
    )
    assert seen[-1] == "10.0.0.2"
