"""The platform administrator: a sign-in of its own at the platform's address, creating a
municipality with its areas and first admin, the national catalogue and offers, challenges."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.db import db
from tests.conftest import PASSWORD, login

BARE = "http://localhost"
KOEGE = "http://koege.localhost"
EMAIL = "platform@example.dk"

AREAS_CSV = (
    "name;population;source_da\n"
    "Store Heddinge;2500;Danmarks Statistik\n"
    "Strøby Egede;3000;Danmarks Statistik\n"
)


@pytest.fixture
def platform_admin(app: Flask, reference_data: None) -> str:
    from app.platform.accounts import ensure_platform_admin

    with app.app_context():
        ensure_platform_admin(email=EMAIL, name="Platformen", password=PASSWORD)
        db.session.remove()
    return EMAIL


@pytest.fixture
def platform_client(app: Flask, platform_admin: str) -> FlaskClient:
    # Not `with app.test_client()`: that keeps one app context (and its signed-in user) across
    # requests, which production never does.
    client = app.test_client()
    response = client.post(f"{BARE}/platform/log-ind", data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 303, response.text
    return client


def _count(app: Flask, model: Any, *where: Any) -> int:
    from app.tenancy.context import platform_scope

    with app.app_context(), platform_scope():
        return int(db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _new_municipality(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Stevns Kommune",
        "slug": "stevns",
        "inhabitants": "22000",
        "inhabitants_year": "2024",
        "inhabitants_source": "Danmarks Statistik, FOLK1A",
        "areas_text": AREAS_CSV,
        "admin_email": "klima@stevns.example.dk",
        "admin_alias": "Stevns Kommune",
    }
    data.update(overrides)
    return data


def test_signing_in_is_only_on_the_platform_address(client: FlaskClient, platform_admin: str) -> None:
    assert client.get(f"{KOEGE}/platform/log-ind").status_code == 404
    assert client.get(f"{BARE}/platform/").status_code == 302  # to the sign-in
    wrong = client.post(f"{BARE}/platform/log-ind", data={"email": EMAIL, "password": "forkert-kode-123"})
    assert wrong.status_code == 422
    assert "Forkert e-mail eller adgangskode" in wrong.text


def test_a_platform_session_is_nobody_in_a_municipality(platform_client: FlaskClient) -> None:
    assert platform_client.get(f"{BARE}/platform/").status_code == 200
    # The same cookie on the bare address's municipality pages (Køge is its default): anonymous.
    assert platform_client.get(f"{BARE}/admin/").status_code in (302, 401)
    account = platform_client.get(f"{BARE}/konto")
    assert account.status_code in (302, 401)


def test_a_municipal_admin_is_not_a_platform_admin(client: FlaskClient, make_user: Any) -> None:
    admin = make_user(role="admin")
    login(client, admin)
    response = client.get(f"{BARE}/platform/")
    assert response.status_code == 302
    assert "/platform/log-ind" in response.headers["Location"]
    assert client.post(f"{BARE}/platform/kommuner/koege/aktiv", data={"active": "0"}).status_code == 401


def test_log_out_ends_the_session_everywhere(app: Flask, platform_client: FlaskClient) -> None:
    cookie = platform_client.get_cookie("session")
    assert cookie is not None
    assert platform_client.post(f"{BARE}/platform/log-ud").status_code == 303
    copied = app.test_client()
    copied.set_cookie("session", cookie.value, domain="localhost")
    assert copied.get(f"{BARE}/platform/").status_code == 302


def test_create_a_municipality_with_areas_and_an_invited_admin(
    app: Flask, platform_client: FlaskClient
) -> None:
    from app.accounts.models import User
    from app.neighbourhoods.models import Neighbourhood
    from app.outbox.models import OutboxMessage
    from app.platform.models import PlatformAuditEntry
    from app.tenancy.models import Municipality

    form = platform_client.get(f"{BARE}/platform/kommuner/ny")
    assert form.status_code == 200
    assert 'enctype="multipart/form-data"' in form.text
    response = platform_client.post(f"{BARE}/platform/kommuner/ny", data=_new_municipality())
    assert response.status_code == 303, response.text
    assert _count(app, Municipality, Municipality.slug == "stevns") == 1
    with app.app_context():
        from app.tenancy.context import platform_scope

        with platform_scope():
            stevns = db.session.scalar(select(Municipality).where(Municipality.slug == "stevns"))
            assert stevns is not None
            areas = db.session.scalars(
                select(Neighbourhood)
                .where(Neighbourhood.municipality_id == stevns.id)
                .order_by(Neighbourhood.name)
            ).all()
            assert [(a.name, a.population, a.slug) for a in areas] == [
                ("Store Heddinge", 2500, "store-heddinge"),
                ("Strøby Egede", 3000, "stroeby-egede"),
            ]
            admin = db.session.scalar(select(User).where(User.municipality_id == stevns.id))
            assert admin is not None
            assert admin.role == "admin"
            assert admin.email == "klima@stevns.example.dk"
            mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "admin_invite"))
            assert mail is not None
            assert mail.municipality_id == stevns.id
            assert db.session.scalar(select(func.count()).select_from(PlatformAuditEntry)) == 1
    link = re.search(r"http://stevns\.localhost\S*/adgangskode/nulstil/\S+", mail.body)
    assert link is not None, mail.body
    # The invited admin chooses a password at the new municipality's address and logs in there.
    invited = app.test_client()
    path = link.group(0).replace("http://stevns.localhost", "")
    chosen = invited.post(
        f"http://stevns.localhost{path}",
        data={"password": "Groen-omstilling-2030!", "password_confirm": "Groen-omstilling-2030!"},
    )
    assert chosen.status_code == 303, chosen.text
    signed_in = invited.post(
        "http://stevns.localhost/log-ind",
        data={"email": "klima@stevns.example.dk", "password": "Groen-omstilling-2030!"},
    )
    assert signed_in.status_code == 303
    assert invited.get("http://stevns.localhost/admin/").status_code == 200
    # ... and is nobody in Køge.
    assert invited.get(f"{KOEGE}/admin/").status_code in (302, 401)
    # The new municipality is on the platform's page.
    assert "Stevns Kommune" in platform_client.get(f"{BARE}/kommuner").text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"areas_text": ""}, "Områdefilen er tom"),
        ({"areas_text": "navn,antal\nA,1\n"}, "kolonnerne"),
        ({"areas_text": "name,population\nA,-5\n"}, "Linje 2"),
        ({"areas_text": "name,population\nA,5\nA,6\n"}, "to gange"),
        ({"slug": "Ikke gyldig"}, "a-z"),
        ({"slug": "koege"}, "findes allerede"),
        ({"admin_email": "ikke-en-adresse"}, "gyldig e-mail"),
    ],
)
def test_a_refused_municipality_leaves_nothing_behind(
    app: Flask, platform_client: FlaskClient, overrides: dict[str, str], message: str
) -> None:
    from app.accounts.models import User
    from app.neighbourhoods.models import Neighbourhood
    from app.tenancy.models import Municipality

    municipalities, areas, users = _count(app, Municipality), _count(app, Neighbourhood), _count(app, User)
    response = platform_client.post(f"{BARE}/platform/kommuner/ny", data=_new_municipality(**overrides))
    assert response.status_code == 422
    assert message in response.text
    assert (_count(app, Municipality), _count(app, Neighbourhood), _count(app, User)) == (
        municipalities,
        areas,
        users,
    )


def test_a_refused_invite_rolls_the_whole_municipality_back(app: Flask, platform_client: FlaskClient) -> None:
    """The invite is the last write: its refusal must take the municipality and its areas with it."""
    from app.neighbourhoods.models import Neighbourhood
    from app.tenancy.models import Municipality

    areas = _count(app, Neighbourhood)
    refused = platform_client.post(
        f"{BARE}/platform/kommuner/ny", data=_new_municipality(admin_alias="Stevns <Kommune>")
    )
    assert refused.status_code == 422
    assert "alias" in refused.text
    assert _count(app, Municipality, Municipality.slug == "stevns") == 0
    assert _count(app, Neighbourhood) == areas


def test_an_areas_file_upload_in_excel_encoding(app: Flask, platform_client: FlaskClient) -> None:
    import io

    from app.neighbourhoods.models import Neighbourhood

    data: dict[str, Any] = _new_municipality(areas_text="")
    data["areas_file"] = (io.BytesIO("name;population\nRødvig;1700\n".encode("cp1252")), "omraader.csv")
    response = platform_client.post(
        f"{BARE}/platform/kommuner/ny", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 303, response.text
    assert _count(app, Neighbourhood, Neighbourhood.name == "Rødvig") == 1


def test_closing_a_municipality_closes_its_address(platform_client: FlaskClient) -> None:
    assert platform_client.get(f"{KOEGE}/").status_code == 200
    assert (
        platform_client.post(f"{BARE}/platform/kommuner/koege/aktiv", data={"active": "0"}).status_code == 303
    )
    assert platform_client.get(f"{KOEGE}/").status_code == 404
    assert (
        platform_client.post(f"{BARE}/platform/kommuner/koege/aktiv", data={"active": "1"}).status_code == 303
    )
    assert platform_client.get(f"{KOEGE}/").status_code == 200
    assert (
        platform_client.post(f"{BARE}/platform/kommuner/findes-ikke/aktiv", data={"active": "0"}).status_code
        == 404
    )
    log = platform_client.get(f"{BARE}/platform/log").text
    assert "lukkede" in log
    assert "åbnede" in log


def _action_form(action: Any, **changes: str) -> dict[str, str]:
    data = {
        "name_da": action.name_da,
        "name_en": action.name_en,
        "category": action.category,
        "unit_da": action.unit_da,
        "unit_en": action.unit_en,
        "points_per_unit": str(action.points_per_unit),
        "max_units_per_day": str(action.max_units_per_day).replace(".", ","),
        "default_quantity": str(action.default_quantity).replace(".", ","),
        "co2e_kg_per_unit": str(action.co2e_kg_per_unit or "").replace(".", ","),
        "source_da": action.source_da,
        "source_en": action.source_en,
    }
    data.update(changes)
    return data


def _national_action(app: Flask) -> Any:
    from app.actions.models import Action
    from app.tenancy.context import platform_scope

    with app.app_context(), platform_scope():
        action = db.session.scalar(select(Action).where(Action.municipality_id.is_(None)).order_by(Action.id))
        assert action is not None
        db.session.expunge(action)
        return action


def test_editing_the_national_catalogue_reaches_every_municipality(
    app: Flask, platform_client: FlaskClient
) -> None:
    action = _national_action(app)
    page = platform_client.get(f"{BARE}/platform/handlinger")
    assert page.status_code == 200
    assert action.name_da in page.text
    response = platform_client.post(
        f"{BARE}/platform/handlinger/{action.id}",
        data=_action_form(action, name_da="Cyklede i stedet for bil (ny)"),
    )
    assert response.status_code == 303, response.text
    assert "Cyklede i stedet for bil (ny)" in platform_client.get(f"{KOEGE}/handlinger").text
    bad = platform_client.post(
        f"{BARE}/platform/handlinger/{action.id}",
        data=_action_form(action, co2e_kg_per_unit="1", source_da=""),
    )
    assert bad.status_code == 422
    assert "kilde" in bad.text
    retired = platform_client.post(f"{BARE}/platform/handlinger/{action.id}/aktiv", data={"active": "0"})
    assert retired.status_code == 303
    assert "Cyklede i stedet for bil (ny)" not in platform_client.get(f"{KOEGE}/handlinger").text
    assert platform_client.get(f"{BARE}/platform/handlinger/999999").status_code == 404


def test_a_new_national_action_and_a_municipality_cannot_touch_it(
    app: Flask, platform_client: FlaskClient
) -> None:
    from app.actions.models import Action

    action = _national_action(app)
    created = platform_client.post(
        f"{BARE}/platform/handlinger/ny",
        data=_action_form(action, name_da="Reparerede tøj", name_en="Mended clothes"),
    )
    assert created.status_code == 303, created.text
    assert _count(app, Action, Action.name_da == "Reparerede tøj", Action.municipality_id.is_(None)) == 1


def test_national_offers_show_everywhere_and_are_read_only_for_a_municipality(
    app: Flask, platform_client: FlaskClient, make_user: Any
) -> None:
    from app.sparring.models import SparringOffer

    offer = {
        "title": "SMV:Grøn",
        "provider": "Erhvervsstyrelsen",
        "description": "Tilskud til grøn omstilling i små og mellemstore virksomheder.",
        "cost": "free",
        "scope": "national",
        "url": "https://example.dk/smv-groen",
        "source": "",
        "plan_area": "",
    }
    created = platform_client.post(f"{BARE}/platform/sparring/ny", data=offer)
    assert created.status_code == 303, created.text
    assert (
        _count(app, SparringOffer, SparringOffer.title == "SMV:Grøn", SparringOffer.municipality_id.is_(None))
        == 1
    )
    assert "SMV:Grøn" in platform_client.get(f"{KOEGE}/sparring").text

    with app.app_context():
        offer_id = db.session.scalar(select(SparringOffer.id).where(SparringOffer.title == "SMV:Grøn"))
    admin = make_user(role="admin")
    municipal = app.test_client()
    login(municipal, admin)
    listing = municipal.get("/admin/sparring/tilbud")
    assert "SMV:Grøn" in listing.text
    assert f'/admin/sparring/tilbud/{offer_id}"' not in listing.text
    assert municipal.get(f"/admin/sparring/tilbud/{offer_id}").status_code == 403
    refused = municipal.post(f"/admin/sparring/tilbud/{offer_id}/aktiv", data={"active": "0"})
    assert refused.status_code == 403
    assert "platformen" in refused.text
    assert _count(app, SparringOffer, SparringOffer.id == offer_id, SparringOffer.is_active.is_(True)) == 1


def test_the_platform_creates_a_challenge_between_municipalities(
    app: Flask, platform_client: FlaskClient
) -> None:
    from app.clock import local_date, utcnow
    from app.intermunicipal.models import InterChallenge
    from app.settings import timezone

    action = _national_action(app)
    with app.app_context():
        start = local_date(utcnow(), timezone()) + timedelta(days=3)
    data = {
        "title_da": "Cykeluge i hele landet",
        "title_en": "Cycling week across the country",
        "slug": "cykeluge-landet",
        "description_da": "",
        "description_en": "",
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=6)).isoformat(),
        "actions": [action.slug],
        "metric": "points",
        "target_value": "10000",
    }
    assert platform_client.get(f"{BARE}/platform/faelles-udfordringer/ny").status_code == 200
    response = platform_client.post(f"{BARE}/platform/faelles-udfordringer/ny", data=data)
    assert response.status_code == 303, response.text
    assert _count(app, InterChallenge, InterChallenge.slug == "cykeluge-landet") == 1
    past = dict(data, slug="for-sent", starts_on=(start - timedelta(days=10)).isoformat())
    refused = platform_client.post(f"{BARE}/platform/faelles-udfordringer/ny", data=past)
    assert refused.status_code == 422
    assert _count(app, InterChallenge, InterChallenge.slug == "for-sent") == 0
    # Municipal admins see it on their page and can join.
    assert "Cykeluge i hele landet" in platform_client.get(f"{BARE}/platform/faelles-udfordringer").text


def test_cli_creates_and_removes_a_platform_admin(app: Flask) -> None:
    from app.platform.models import PlatformAdmin

    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["platform", "create-admin", "--email", "Ny@Example.dk", "--name", "Ny", "--password", PASSWORD]
    )
    assert result.exit_code == 0, result.output
    assert _count(app, PlatformAdmin, PlatformAdmin.email == "ny@example.dk") == 1
    weak = runner.invoke(
        args=["platform", "create-admin", "--email", "svag@example.dk", "--name", "S", "--password", "123"]
    )
    assert weak.exit_code != 0
    assert runner.invoke(args=["platform", "remove-admin", "--email", "ny@example.dk"]).exit_code == 0
    assert _count(app, PlatformAdmin) == 0
    assert runner.invoke(args=["platform", "remove-admin", "--email", "ny@example.dk"]).exit_code != 0
