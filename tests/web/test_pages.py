"""Site-wide behaviour: Danish by default with an English switch, error pages, headers, wsgi."""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app


def test_danish_is_the_default(client: FlaskClient, reference_data: None) -> None:
    html = client.get("/").text
    assert '<html lang="da">' in html
    assert "Log ind" in html


def test_language_switch_is_a_post_and_sticks(client: FlaskClient, reference_data: None) -> None:
    response = client.post("/sprog", data={"lang": "en", "next": "/resultater"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/resultater"
    html = client.get("/resultater").text
    assert '<html lang="en">' in html
    assert "Neighbourhood leaderboard" in html
    assert client.get("/tilgaengelighed").status_code == 200  # every page renders in English too


def test_language_switch_ignores_unknown_languages_and_offsite_next(client: FlaskClient) -> None:
    response = client.post("/sprog", data={"lang": "xx", "next": "//evil.example"})
    assert response.headers["Location"] == "/"


def test_language_switch_needs_no_session(app: Flask, client: FlaskClient) -> None:
    """No CSRF token (it would give every visitor a session); cross-site switches are refused
    by Sec-Fetch-Site instead (tests/web/test_http_cache.py)."""
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/sprog", data={"lang": "en"}, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 303
    assert [c.split("=")[0] for c in response.headers.getlist("Set-Cookie")] == ["klimadyst_lang"]


@pytest.mark.parametrize(
    "url", ["/", "/om", "/tilgaengelighed", "/handlinger", "/resultater", "/log-ind", "/registrer"]
)
def test_public_pages_render(client: FlaskClient, reference_data: None, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert 'class="skip-link"' in response.text


def test_404_page_is_styled_and_danish(client: FlaskClient) -> None:
    response = client.get("/findes-ikke")
    assert response.status_code == 404
    assert "Vi kunne ikke finde siden" in response.text or "ikke finde" in response.text
    assert 'class="site-header"' in response.text


def test_500_page_is_styled_and_loses_nothing(app: Flask) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("boom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert 'class="site-header"' in response.text


def test_security_headers(client: FlaskClient) -> None:
    response = client.get("/om")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_production_refuses_the_development_secret_key() -> None:
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_wsgi_module_builds_the_app_for_gunicorn(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KLIMADYST_SECRET_KEY", "x" * 40)
    # production refuses per-process rate-limit counters: gunicorn runs several workers
    monkeypatch.setenv("KLIMADYST_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:1")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "w.sqlite3"))
    sys.modules.pop("wsgi", None)
    module = importlib.import_module("wsgi")
    assert module.app.config["SESSION_COOKIE_SECURE"] is True
    sys.modules.pop("wsgi", None)


def test_translations_are_complete() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/i18n.py", "check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout


def test_catalogues_must_name_sources_relative_to_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`scripts/i18n.py check` fails on a `#:` line with a machine's absolute path."""
    spec = importlib.util.spec_from_file_location("i18n_script", "scripts/i18n.py")
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    catalogue = tmp_path / "app" / "web" / "translations" / "da" / "LC_MESSAGES" / "messages.po"
    catalogue.parent.mkdir(parents=True)
    monkeypatch.setattr(script, "ROOT", tmp_path)
    monkeypatch.setattr(script, "APP", tmp_path / "app")

    catalogue.write_text('#: app/web/forms.py templates/base.html\nmsgid "Log in"\nmsgstr "Log ind"\n')
    assert script.absolute_locations() == []
    catalogue.write_text(
        '#: app/web/forms.py /home/someone/klimadyst/templates/base.html\nmsgid "Log in"\nmsgstr "Log ind"\n'
    )
    assert len(script.absolute_locations()) == 1
    assert script.location(tmp_path / "app" / "web" / "forms.py") == "app/web/forms.py"
