"""No silent htmx failures, an expired CSRF token kept recoverable, icons and manifest,
navigation (where each role lands, /admin/), unique ids, one join message, hidden ranks said."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.db import db
from tests.conftest import Person, login

HTMX = {"HX-Request": "true"}
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _ids(html: str) -> Counter[str]:
    return Counter(re.findall(r'\sid="([^"]+)"', html))


def _logs(app: Flask) -> int:
    from app.actions.models import LogEntry

    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(LogEntry)) or 0
        db.session.remove()
    return count


def _log_form(html: str, slug: str) -> dict[str, str]:
    item = html[html.index(f'id="action-{slug}"') :]
    key = re.search(r'name="idempotency_key"[^>]*value="([^"]+)"', item)
    assert key is not None
    return {
        "quantity": "5",
        "occurred_on": re.search(r'option value="([^"]+)"', item)[1],  # type: ignore[index]
        "idempotency_key": key[1],
    }


# --- an expired session / token ----------------------------------------------------------------


def test_htmx_post_with_a_stale_token_gets_a_message_and_a_fresh_token(
    app: Flask, citizen_client: FlaskClient
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    page = citizen_client.get("/hjem").text
    data = _log_form(page, "cykel-frem-for-bil")
    response = citizen_client.post(
        "/log/cykel-frem-for-bil", headers=HTMX, data={**data, "csrf_token": "stale"}
    )
    assert response.status_code == 400
    body = response.text
    assert "data-htmx-error" in body  # app.js shows it near the button instead of swapping
    assert "Din session var udløbet – tryk igen." in body
    fresh = re.search(r'data-csrf-token="([^"]+)"', body)
    assert fresh is not None
    assert _logs(app) == 0  # nothing written
    # Pressing again with the fresh token (what app.js puts into the form) logs it, once.
    again = citizen_client.post(
        "/log/cykel-frem-for-bil", headers=HTMX, data={**data, "csrf_token": fresh[1]}
    )
    assert again.status_code == 200
    assert "+10" in again.text
    citizen_client.post("/log/cykel-frem-for-bil", headers=HTMX, data={**data, "csrf_token": fresh[1]})
    assert _logs(app) == 1  # the same idempotency key: not doubled


def test_plain_post_with_a_stale_token_rerenders_the_input_to_send_again(
    app: Flask, citizen_client: FlaskClient
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    response = citizen_client.post(
        "/konto/adgangskode?x=1",
        data={
            "current_password": "hemmelig",
            "password": "ny-hemmelig",
            "alias": "Cykel-Karen",
            "csrf_token": "stale",
        },
    )
    assert response.status_code == 400
    html = response.text
    assert "Din session var udløbet – tryk igen." in html
    assert 'action="/konto/adgangskode?x=1"' in html
    assert 'name="alias" value="Cykel-Karen"' in html  # the input is kept...
    assert "hemmelig" not in html  # ...but never a password
    assert TOKEN.search(html) is not None


def test_the_english_ui_gets_the_message_in_english(app: Flask, client: FlaskClient) -> None:
    client.post("/sprog", data={"lang": "en"})
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/log-ind", headers=HTMX, data={"email": "a@example.dk"})
    assert response.status_code == 400
    assert "Your session had expired – press again." in response.text


def test_htmx_error_messages_are_rendered_translated_into_every_page(
    client: FlaskClient, reference_data: None
) -> None:
    html = client.get("/").text
    template = html[html.index('<template id="htmx-error-messages">') :]
    template = template[: template.index("</template>")]
    for status in ["400", "401", "403", "404", "409", "413", "422", "429", "500", "network", "timeout"]:
        assert f'data-status="{status}"' in template
    assert "Ingen forbindelse" in template
    assert "måske i en anden fane" in template  # 409: undone from a stale tab


def test_a_refused_undo_answers_an_error_body_that_is_not_swapped(
    app: Flask, citizen_client: FlaskClient
) -> None:
    page = citizen_client.get("/hjem").text
    data = _log_form(page, "cykel-frem-for-bil")
    citizen_client.post("/log/cykel-frem-for-bil", data=data)
    from app.actions.models import LogEntry

    with app.app_context():
        log_id = db.session.scalar(select(LogEntry.id))
        db.session.remove()
    assert citizen_client.post(f"/log/{log_id}/fortryd", headers=HTMX).status_code == 200
    stale = citizen_client.post(f"/log/{log_id}/fortryd", headers=HTMX)  # the second tab
    assert stale.status_code == 409
    assert "data-htmx-error" in stale.text


def test_admin_range_ending_before_it_starts_says_so_in_the_swapped_board(
    client: FlaskClient, make_user: Any
) -> None:
    login(client, make_user(role="staff"))
    response = client.get("/admin?periode=interval&fra=2026-05-10&til=2026-05-01", headers=HTMX)
    assert response.status_code == 422
    assert 'id="admin-board"' in response.text
    assert 'role="alert"' in response.text
    assert "Filteret kunne ikke bruges" in response.text


# --- icons, manifest ---------------------------------------------------------------------------


def test_favicon_and_manifest(client: FlaskClient, reference_data: None) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.data[:4] == b"\x00\x00\x01\x00"
    manifest = client.get("/manifest.webmanifest")
    assert manifest.status_code == 200
    assert manifest.mimetype == "application/manifest+json"
    data = json.loads(manifest.data)
    assert data["display"] == "standalone"
    assert data["start_url"] == "/"
    assert "grønne" in data["name"]
    sizes = {(i["sizes"], i["purpose"]) for i in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for entry in data["icons"]:
        with client.get(entry["src"]) as response:
            assert response.status_code == 200
    html = client.get("/").text
    for link in ['rel="icon"', 'rel="apple-touch-icon"', 'rel="manifest"']:
        assert link in html


def test_scripts_and_styles_carry_their_content_hash(
    app: Flask, client: FlaskClient, reference_data: None
) -> None:
    """A new htmx (or an edited app.css) gets a new URL, so no browser keeps the old copy."""
    html = client.get("/").text
    for filename in ("vendor/htmx.min.js", "js/app.js", "css/app.css"):
        digest = hashlib.sha256((Path(app.static_folder or "") / filename).read_bytes()).hexdigest()[:12]
        url = f"/static/{filename}?v={digest}"
        assert f'"{url}"' in html
        with client.get(url) as response:
            assert response.status_code == 200
    with app.test_request_context():
        render = app.jinja_env.globals["asset_url"]
        assert callable(render)
        assert render("css/not-there.css") == "/static/css/not-there.css"  # before `make setup`


# --- navigation --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin", "/admin/"])
def test_the_admin_dashboard_answers_with_and_without_a_slash(
    app: Flask, client: FlaskClient, make_user: Any, path: str
) -> None:
    login(client, make_user(role="admin"))
    assert client.get(path).status_code == 200
    with app.test_request_context():
        assert url_for("admin.dashboard") == "/admin"  # the canonical address stays /admin


@pytest.mark.parametrize(("role", "home"), [("admin", "/admin"), ("staff", "/admin"), ("citizen", "/hjem")])
def test_each_role_lands_on_its_own_start_page(
    client: FlaskClient, make_user: Any, role: str, home: str
) -> None:
    person = make_user(role=role)
    response = client.post("/log-ind", data={"email": person.email, "password": person.password})
    assert response.headers["Location"] == home


def test_a_safe_next_still_wins_for_staff(client: FlaskClient, make_user: Any) -> None:
    person = make_user(role="staff")
    response = client.post(
        "/log-ind?next=/admin/revisionslog", data={"email": person.email, "password": person.password}
    )
    assert response.headers["Location"] == "/admin/revisionslog"


def test_businesses_have_a_card_on_the_home_page(client: FlaskClient, reference_data: None) -> None:
    html = client.get("/").text
    assert 'href="/virksomhed/registrer"' in html
    assert "For virksomheder" in html


def test_my_logs_is_in_the_citizen_menu(citizen_client: FlaskClient) -> None:
    html = citizen_client.get("/min-indsats").text
    assert html.count('href="/mine-registreringer"') >= 2  # desktop bar and phone menu


# --- unique ids, names that match the text -----------------------------------------------------


@pytest.mark.parametrize("path", ["/hjem", "/konto"])
def test_no_duplicate_ids(citizen_client: FlaskClient, path: str) -> None:
    duplicates = {i: n for i, n in _ids(citizen_client.get(path).text).items() if n > 1}
    assert not duplicates


def test_the_delete_forms_label_points_at_its_own_password_field(citizen_client: FlaskClient) -> None:
    html = citizen_client.get("/konto").text
    assert 'for="delete-password"' in html
    assert 'id="delete-password"' in html


def test_app_sign_out_buttons_name_starts_with_its_visible_text(
    app: Flask, citizen: Person, citizen_client: FlaskClient
) -> None:
    from app.accounts.models import User
    from app.accounts.tokens import issue_token

    with app.app_context():
        issue_token(user=db.session.get(User, citizen.id), name="probe")
        db.session.remove()
    html = citizen_client.get("/konto").text
    button = re.search(r'<button[^>]*>Log ud<span class="visually-hidden"> probe</span></button>', html)
    assert button is not None
    assert 'aria-label="Log probe ud"' not in html


# --- challenges and the area list ----------------------------------------------------------------


def test_citizens_above_the_first_shown_are_counted(app: Flask, client: FlaskClient, make_user: Any) -> None:
    private, shown = make_user(show_in_rankings=False), make_user(alias="Synlig")
    for person, quantity in [(private, "10"), (shown, "5")]:
        login(client, person)
        page = client.get("/hjem").text
        client.post(
            "/log/cykel-frem-for-bil", data={**_log_form(page, "cykel-frem-for-bil"), "quantity": quantity}
        )
        client.post("/log-ud")
    html = client.get("/resultater/herfoelge").text
    assert 'data-hidden-above="1"' in html
    assert "1 person over den første viste har ikke valgt at blive vist" in html


def test_an_htmx_error_without_a_description_says_what_its_status_means(citizen_client: FlaskClient) -> None:
    response = citizen_client.post("/log/findes-ikke", headers=HTMX, data={})
    assert response.status_code == 404
    assert "data-htmx-error" in response.text
    assert "Det findes ikke længere" in response.text
