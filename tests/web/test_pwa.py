"""The installable app: manifest, service worker, offline page, and what logging out clears."""

from __future__ import annotations

import json
import re
import shutil
import struct
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.accounts.models import User
from app.db import db
from app.web.templating import register_template_helpers
from tests.conftest import Person, login

# Their "today" is the app's Copenhagen day: keep it away from midnight and DST nights.
pytestmark = pytest.mark.usefixtures("frozen_day")

HTMX = {"HX-Request": "true"}
OFFLINE_SCRIPT = re.compile(r'src="/static/js/offline\.js\?v=\w+" defer data-service-worker="/sw\.js"')


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    return width, height


def _precache(client: FlaskClient) -> list[str]:
    return _precache_of(client.get("/sw.js").text)


def _page_urls(app: Flask) -> list[str]:
    """Every GET page without URL arguments, outside the admin (the municipality's and the
    platform's, which is no app to install), the API and static files."""
    skip = (
        "admin.",
        "audit.",
        "platform_admin.",
        "api",
        "static",
        "web.health",
        "web.readiness",
        "web.favicon",
    )
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" in (rule.methods or ()) and not rule.arguments and not rule.endpoint.startswith(skip):
            urls.append(rule.rule)
    return sorted(urls)


# --- manifest ----------------------------------------------------------------------------------


def test_manifest_is_danish_standalone_with_192_512_and_maskable_icons(
    app: Flask, client: FlaskClient, reference_data: None
) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    data = json.loads(response.data)
    assert data["name"] == "Klimadyst – den grønne dyst i Køge Kommune"
    assert data["short_name"] == "Klimadyst"
    assert data["description"].startswith("Registrér dine grønne handlinger")
    assert data["lang"] == "da"
    assert (data["start_url"], data["scope"], data["id"]) == ("/", "/", "/")
    assert data["display"] == "standalone"
    assert data["theme_color"] == "#1b5e20"
    assert data["background_color"] == "#f7f9f7"
    found = set()
    for icon in data["icons"]:
        with client.get(icon["src"]) as served:
            assert served.status_code == 200, icon["src"]
            body = served.data
        path = Path(app.static_folder or "", urlsplit(icon["src"]).path.removeprefix("/static/"))
        assert path.read_bytes() == body  # a file in static/icons, not made up on the fly
        if icon["type"] == "image/png":
            size = _png_size(body)
            assert icon["sizes"] == f"{size[0]}x{size[1]}"
            found.add((size, icon["purpose"]))
    assert {((192, 192), "any"), ((512, 512), "any"), ((512, 512), "maskable")} <= found


def test_manifest_follows_the_chosen_language(client: FlaskClient, reference_data: None) -> None:
    client.post("/sprog", data={"lang": "en"})
    data = json.loads(client.get("/manifest.webmanifest").data)
    assert data["lang"] == "en"
    assert data["description"].startswith("Log your green actions")


def test_every_page_links_the_manifest_and_the_offline_script(
    app: Flask, client: FlaskClient, citizen: Person
) -> None:
    seen = 0
    for signed_in in (False, True):
        if signed_in:
            login(client, citizen)
        for url in [*_page_urls(app), "/findes-ikke"]:
            response = client.get(url)
            if response.mimetype != "text/html" or response.status_code in (301, 302, 303):
                continue
            html = response.text
            assert '<link rel="manifest" href="/manifest.webmanifest">' in html, url
            assert OFFLINE_SCRIPT.search(html), url
            seen += 1
    assert seen > 20


# --- service worker ----------------------------------------------------------------------------


def test_service_worker_is_javascript_revalidated_on_every_update_check(
    client: FlaskClient, reference_data: None
) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert "no-cache" in response.headers["Cache-Control"]
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    source = response.text
    for handler in ("install", "activate", "fetch", "push", "notificationclick"):
        assert f'addEventListener("{handler}"' in source
    assert re.search(r'^var VERSION = "[0-9a-f]{12}";$', source, re.MULTILINE)


def test_service_worker_precaches_only_static_files_and_the_offline_page_and_each_exists(
    app: Flask, client: FlaskClient, reference_data: None
) -> None:
    precache = _precache(client)
    assert "/offline" in precache
    for url in precache:
        parts = urlsplit(url)
        assert parts.path in ("/offline", "/favicon.ico") or (
            parts.path.startswith("/static/") and re.fullmatch(r"v=[0-9a-f]{12}", parts.query)
        ), url
        with client.get(url) as response:
            assert response.status_code == 200, url
    for shell in ("css/app.css", "vendor/htmx.min.js", "js/app.js", "js/offline.js", "icons/icon-192.png"):
        assert any(url.startswith(f"/static/{shell}?v=") for url in precache), shell


def test_service_worker_is_the_same_for_everyone_and_changes_with_the_language(
    client: FlaskClient, citizen: Person
) -> None:
    anonymous = client.get("/sw.js").text
    login(client, citizen)
    signed_in = client.get("/sw.js").text
    assert signed_in == anonymous  # nothing of the person in it
    client.post("/sprog", data={"lang": "en"})
    english = client.get("/sw.js").text
    version = re.compile(r'^var VERSION = "(\w+)";$', re.MULTILINE)
    assert version.search(english).group(1) != version.search(anonymous).group(1)  # type: ignore[union-attr]


def test_service_worker_version_changes_when_a_shell_file_does(
    app: Flask, client: FlaskClient, reference_data: None, tmp_path: Path
) -> None:
    """A deploy with a changed app.js installs a new worker, whose activate drops the old cache."""
    before = client.get("/sw.js").text
    static = tmp_path / "static"
    shutil.copytree(Path(app.static_folder or ""), static, ignore=shutil.ignore_patterns("swagger-ui"))
    (static / "js" / "app.js").write_text("// a new release\n")
    release = create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    release.static_folder = str(static)
    register_template_helpers(release)  # asset_url hashes the files of the new static folder
    after = release.test_client().get("/sw.js").text
    assert _version(after) != _version(before)
    changed = set(_precache_of(after)) ^ set(_precache_of(before))
    assert {urlsplit(url).path for url in changed} == {"/static/js/app.js"}


def _precache_of(source: str) -> list[str]:
    found = re.search(r"^var PRECACHE = (\[.*\]);$", source, re.MULTILINE)
    assert found, source
    return list(json.loads(found.group(1)))


def _version(source: str) -> str:
    found = re.search(r'^var VERSION = "(\w+)";$', source, re.MULTILINE)
    assert found
    return found.group(1)


# --- offline page ------------------------------------------------------------------------------


def test_offline_page_in_danish_and_english(client: FlaskClient, reference_data: None) -> None:
    danish = client.get("/offline")
    assert danish.status_code == 200
    assert '<h1 id="offline-title">Ingen forbindelse</h1>' in danish.text
    assert "“Venter på net”" in danish.text
    client.post("/sprog", data={"lang": "en"})
    english = client.get("/offline").text
    assert '<html lang="en">' in english
    assert '<h1 id="offline-title">No connection</h1>' in english
    assert "“Waiting for network”" in english


def test_offline_page_holds_nothing_of_the_signed_in_person(client: FlaskClient, citizen: Person) -> None:
    login(client, citizen)
    html = client.get("/offline").text
    with client.application.app_context():
        public_id = db.session.get(User, citizen.id).public_id  # type: ignore[union-attr]
    assert "Ingen forbindelse" in html
    assert citizen.alias not in html
    assert public_id not in html
    for personal in ("/log-ud", "/konto", "/hjem"):
        assert personal not in html
    assert 'href="/log-ind"' in html  # rendered as for a visitor
    assert 'name="csrf_token"' not in html  # no form carrying the session's token


def test_fetching_the_offline_page_takes_no_flash_or_mark_meant_for_the_next_page(
    client: FlaskClient, citizen: Person
) -> None:
    """The service worker may fetch it between a redirect and the page it leads to."""
    login(client, citizen)
    client.post("/log-ud")
    offline = client.get("/offline").text
    assert "Du er logget ud." not in offline
    assert "data-signed-out" not in offline
    landing = client.get("/").text
    assert "Du er logget ud." in landing
    assert "data-signed-out" in landing


# --- the log form's refusals are readable for the offline queue -----------------------------------


def test_refusals_in_the_htmx_fragment_are_marked_for_the_queue(
    app: Flask, citizen_client: FlaskClient
) -> None:
    from app.clock import local_date, utcnow

    today = local_date(utcnow())
    over_cap = citizen_client.post(
        "/log/plantebaseret-dag",
        headers=HTMX,
        data={"quantity": "2", "occurred_on": today.isoformat(), "idempotency_key": "queue-key-0001"},
    )
    assert over_cap.status_code == 422
    assert re.search(r"<p [^>]*data-log-error>Dagligt loft for denne handling", over_cap.text)
    too_old = citizen_client.post(
        "/log/plantebaseret-dag",
        headers=HTMX,
        data={"quantity": "1", "occurred_on": "2020-01-01", "idempotency_key": "queue-key-0002"},
    )
    assert too_old.status_code == 422
    assert re.search(r"<p [^>]*data-log-error>Du kan registrere i dag og op til 2 dage tilbage", too_old.text)


def test_a_refusal_without_a_field_is_said_in_the_fragment_not_flashed(citizen_client: FlaskClient) -> None:
    from app.clock import local_date, utcnow

    data = {
        "quantity": "5",
        "occurred_on": local_date(utcnow()).isoformat(),
        "idempotency_key": "queue-key-0003",
    }
    assert citizen_client.post("/log/cykel-frem-for-bil", headers=HTMX, data=data).status_code == 200
    response = citizen_client.post("/log/cykel-frem-for-bil", headers=HTMX, data={**data, "quantity": "3"})
    assert response.status_code == 422
    reason = "Denne idempotensnøgle er allerede brugt til en anden registrering."
    assert re.search(rf"<p [^>]*data-log-error>{reason}</p>", response.text)
    assert reason not in citizen_client.get("/hjem").text  # not flashed as well


# --- logging out --------------------------------------------------------------------------------


def test_logout_clears_the_site_data_and_marks_the_next_page_once(
    client: FlaskClient, citizen: Person
) -> None:
    login(client, citizen)
    assert 'data-owner="' in client.get("/hjem").text
    response = client.post("/log-ud")
    assert response.status_code == 303
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    landing = client.get("/").text
    assert "data-signed-out" in landing
    assert "data-owner=" not in landing
    assert "data-signed-out" not in client.get("/").text  # only the page right after
