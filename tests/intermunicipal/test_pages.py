"""Joining, the public board on every address, a municipality's own standing, and the API."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import Person, login
from tests.intermunicipal.conftest import BARE, SOLROED, Citizen, entry_totals, join, log, move_days, today

pytestmark = pytest.mark.usefixtures("frozen_day")

ADMIN_PAGE = "/admin/faelles-udfordringer"


def _client(app: Flask, person: Person) -> FlaskClient:
    client = app.test_client()
    login(client, person)
    return client


def test_an_admin_joins_and_leaves_before_the_start_and_it_is_audited(
    app: Flask, challenge: str, make_user: Any
) -> None:
    from app.audit.models import AuditEntry
    from app.db import db

    admin = _client(app, make_user(role="admin"))
    assert "Fælles cykeluge" in admin.get(ADMIN_PAGE).get_data(as_text=True)

    assert admin.post(f"{ADMIN_PAGE}/{challenge}/tilmeld").status_code == 303
    assert admin.post(f"{ADMIN_PAGE}/{challenge}/tilmeld").status_code == 303  # twice: one entry
    assert list(entry_totals(app, challenge)) == ["koege"]
    assert admin.post(f"{ADMIN_PAGE}/{challenge}/afmeld").status_code == 303
    assert entry_totals(app, challenge) == {}
    with app.app_context():
        verbs = db.session.scalars(
            db.select(AuditEntry.verb).where(AuditEntry.object_type == "inter_challenge")
        )
        assert sorted(verbs) == ["opt_in", "opt_out"]


def test_once_it_has_started_nobody_joins_or_leaves(app: Flask, challenge: str, make_user: Any) -> None:
    join(app, challenge, "koege")
    move_days(app, challenge, -1)
    admin = _client(app, make_user(role="admin"))

    response = admin.post(f"{ADMIN_PAGE}/{challenge}/afmeld")
    assert response.status_code == 409
    assert "før udfordringens første dag" in response.get_data(as_text=True)
    assert list(entry_totals(app, challenge)) == ["koege"]


@pytest.mark.parametrize("role", ["citizen", "staff", "business"])
def test_only_an_admin_joins(app: Flask, challenge: str, make_user: Any, role: str) -> None:
    client = _client(app, make_user(role=role))
    assert client.post(f"{ADMIN_PAGE}/{challenge}/tilmeld").status_code == 403
    assert entry_totals(app, challenge) == {}


def test_an_admin_joins_for_their_own_municipality_only(
    app: Flask, challenge: str, make_citizen: Callable[[str], Citizen]
) -> None:
    from app.accounts.models import Role, User
    from app.db import db
    from app.tenancy.context import platform_scope

    solroed_admin = make_citizen("solroed")
    with app.app_context(), platform_scope():
        user = db.session.get(User, solroed_admin.id)
        assert user is not None
        user.role = Role.ADMIN
        email = user.email
        db.session.commit()
    client = app.test_client()
    assert (
        client.post(
            f"{SOLROED}/log-ind", data={"email": email, "password": "Grøn-hverdag-i-Køge"}
        ).status_code
        == 303
    )
    assert client.post(f"{SOLROED}{ADMIN_PAGE}/{challenge}/tilmeld").status_code == 303

    assert list(entry_totals(app, challenge)) == ["solroed"]


def test_the_creation_rules(app: Flask, solroed: None) -> None:
    from datetime import timedelta

    from app.errors import ValidationError
    from app.intermunicipal.services import InterChallengeInput, create_inter_challenge

    good = {
        "slug": "ok",
        "title_da": "A",
        "title_en": "A",
        "starts_on": today(),
        "ends_on": today(),
        "metric": "points",
        "target_value": Decimal(1),
        "action_slugs": ("cykel-frem-for-bil",),
    }
    bad = [
        {"slug": "Ikke OK"},
        {"starts_on": today() - timedelta(days=1)},
        {"ends_on": today() - timedelta(days=1)},
        {"metric": "kroner"},
        {"target_value": Decimal(0)},
        {"action_slugs": ("findes-ikke",)},
        {"action_slugs": ()},
    ]
    with app.app_context():
        for change in bad:
            with pytest.raises(ValidationError):
                create_inter_challenge(InterChallengeInput(**{**good, **change}), today=today())  # type: ignore[arg-type]
        create_inter_challenge(InterChallengeInput(**good), today=today())  # type: ignore[arg-type]
        with pytest.raises(ValidationError):
            create_inter_challenge(InterChallengeInput(**good), today=today())  # type: ignore[arg-type]


def test_the_board_ranks_by_the_fair_score_on_every_address(
    app: Flask, challenge: str, make_citizen: Callable[[str], Citizen]
) -> None:
    app.config["PLATFORM_COMPARISON_MIN_PARTICIPANTS"] = 1
    join(app, challenge, "koege")
    join(app, challenge, "solroed")
    move_days(app, challenge, -2)
    # Solrød (a third of Køge's size) does as much in total: far more per inhabitant.
    for n, municipality in enumerate(["koege", "solroed", "solroed"]):
        log(app, make_citizen(municipality), day=today(), key=f"inter-board-{n}", km="20")

    for host in ("", SOLROED, BARE):
        page = app.test_client().get(f"{host}/kommuner/udfordringer/{challenge}")
        assert page.status_code == 200, host
        html = page.get_data(as_text=True)
        assert html.index('data-municipality="solroed"') < html.index('data-municipality="koege"')
        assert "Fælles cykeluge" in html
    listing = app.test_client().get(f"{BARE}/kommuner/udfordringer").get_data(as_text=True)
    assert f"/kommuner/udfordringer/{challenge}" in listing

    api = app.test_client().get(f"/api/v1/platform/challenges/{challenge}").get_json()
    assert [s["slug"] for s in api["standings"]] == ["solroed", "koege"]
    assert api["standings"][0]["rank"] == 1
    assert api["total"] == 120.0
    items = app.test_client().get("/api/v1/platform/challenges").get_json()["items"]
    assert [i["slug"] for i in items] == [challenge]
    assert app.test_client().get("/api/v1/platform/challenges/findes-ikke").status_code == 404
    assert app.test_client().get("/kommuner/udfordringer/findes-ikke").status_code == 404


def test_a_municipalitys_own_challenges_page_shows_its_standing(
    app: Flask, challenge: str, make_citizen: Callable[[str], Citizen], citizen_client: FlaskClient
) -> None:
    app.config["PLATFORM_COMPARISON_MIN_PARTICIPANTS"] = 1
    join(app, challenge, "koege")
    join(app, challenge, "solroed")
    move_days(app, challenge, -2)
    log(app, make_citizen("koege"), day=today(), key="inter-own-1")

    page = citizen_client.get("/udfordringer").get_data(as_text=True)
    assert "Køge Kommune er nr. 1 af 2" in page
    other = app.test_client().get(f"{SOLROED}/udfordringer").get_data(as_text=True)
    assert "Fælles cykeluge" in other
    assert "Solrød Kommune er nr." not in other


def test_the_platform_creates_one_from_the_command_line(app: Flask, solroed: None) -> None:
    from datetime import timedelta

    runner = app.test_cli_runner()
    first = (today() + timedelta(days=3)).isoformat()
    last = (today() + timedelta(days=9)).isoformat()
    args = [
        "intermunicipal",
        "create",
        "--slug",
        "gaauge",
        "--title-da",
        "Gåuge",
        "--title-en",
        "Walking week",
    ]
    args += ["--starts", first, "--ends", last, "--target", "500", "--actions", "gaa-frem-for-bil"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=args)
    assert again.exit_code != 0
    assert "allerede" in again.output or "already" in again.output
    assert "gaauge" in runner.invoke(args=["intermunicipal", "list"]).output
