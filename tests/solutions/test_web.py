"""The pages: "Vi vil også" for another company's members only, consent before contact details,
the answer only by the solution's company, featuring only by an administrator."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.db import db
from app.solutions.models import Adoption
from tests.conftest import login
from tests.solutions.conftest import A_CONTACT, B_CONTACT, World, adopt


def _adopt_url(world: World) -> str:
    return f"/virksomheder/{world.a.slug}/loesninger/{world.solution_id}/vil-ogsaa"


def _as(app: Flask, person: Any) -> FlaskClient:
    client = app.test_client()
    login(client, person)
    return client


def test_company_page_shows_theme_state_estimate_and_the_button(app: Flask, world: World) -> None:
    anonymous = app.test_client().get(f"/virksomheder/{world.a.slug}")
    assert "Tema: El" in anonymous.text
    assert "I brug" in anonymous.text
    assert "Estimat: 4,2 t CO2e/år (Energistyrelsen 2025)" in anonymous.text
    assert "Log ind som virksomhed" in anonymous.text
    assert _adopt_url(world) not in anonymous.text
    other = _as(app, world.b.owner).get(f"/virksomheder/{world.a.slug}")
    assert _adopt_url(world) in other.text
    assert "0 virksomheder vil også" in other.text
    own = _as(app, world.a.owner).get(f"/virksomheder/{world.a.slug}")
    assert _adopt_url(world) not in own.text


def test_adopt_form_is_prefilled_and_creates_request_and_adoption(app: Flask, world: World) -> None:
    client = _as(app, world.b.owner)
    page = client.get(_adopt_url(world))
    assert page.status_code == 200
    assert "Vi vil gøre som Alfa Bageri: Solceller på taget" in page.text
    assert "Sæt os i kontakt med Alfa Bageri" in page.text
    sent = client.post(
        _adopt_url(world),
        data={
            "topic": "Vi vil gøre som Alfa Bageri: Solceller på taget",
            "message": "Hvordan kom I i gang?",
            "contact_method": "email",
            "wants_contact": "y",
        },
    )
    assert sent.status_code == 303
    assert "/sparring/anmodninger/" in sent.headers["Location"]
    detail = client.get(sent.headers["Location"])
    assert "Solceller på taget" in detail.text
    assert A_CONTACT not in detail.text  # no consent yet
    assert "1 virksomhed vil også" in client.get(f"/virksomheder/{world.a.slug}").text
    again = client.get(_adopt_url(world))
    assert again.status_code == 303  # already adopted: to the request, no second row
    twice = client.post(
        _adopt_url(world), data={"topic": "Igen", "message": "Igen", "contact_method": "email"}
    )
    assert twice.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Adoption)) == 1


def test_own_solution_is_a_409_page(app: Flask, world: World) -> None:
    client = _as(app, world.a.owner)
    assert client.get(_adopt_url(world)).status_code == 409
    refused = client.post(_adopt_url(world), data={"topic": "x", "message": "y", "contact_method": "email"})
    assert refused.status_code == 409
    with app.app_context():
        assert not db.session.scalar(select(func.count()).select_from(Adoption))


def test_bad_input_is_a_422_with_a_danish_message(app: Flask, world: World) -> None:
    client = _as(app, world.b.owner)
    answer = client.post(_adopt_url(world), data={"topic": "", "message": "", "contact_method": "fax"})
    assert answer.status_code == 422
    assert "Giv anmodningen et emne." in answer.text


def test_unknown_solution_or_company_is_404(app: Flask, world: World) -> None:
    client = _as(app, world.b.owner)
    assert (
        client.get(f"/virksomheder/{world.b.slug}/loesninger/{world.solution_id}/vil-ogsaa").status_code
        == 404
    )
    assert client.get(f"/virksomheder/{world.a.slug}/loesninger/999999/vil-ogsaa").status_code == 404


def test_citizens_and_staff_cannot_adopt(app: Flask, world: World, make_user: Any) -> None:
    assert _as(app, make_user()).get(_adopt_url(world)).status_code == 403
    assert _as(app, make_user(role="staff")).get(_adopt_url(world)).status_code == 403
    anonymous = app.test_client().get(_adopt_url(world))
    assert anonymous.status_code in (302, 303)


def test_contact_details_cross_only_after_acceptance(app: Flask, world: World) -> None:
    adoption_id = adopt(app, world)
    with app.app_context():
        request_id = db.session.get(Adoption, adoption_id).sparring_request_id  # type: ignore[union-attr]
    adopter = _as(app, world.b.owner)
    owner = _as(app, world.a.owner)
    request_page = f"/sparring/anmodninger/{request_id}"
    assert A_CONTACT not in adopter.get(request_page).text
    dashboard = owner.get("/min-virksomhed")
    assert "Beta Smed" in dashboard.text
    assert B_CONTACT not in dashboard.text
    answer = f"/min-virksomhed/kontaktanmodninger/{adoption_id}"
    assert adopter.post(answer, data={"answer": "accept"}).status_code == 404  # not B's to answer
    assert owner.post(answer, data={"answer": "maybe"}).status_code == 400
    assert owner.post(answer, data={"answer": "accept"}).status_code == 303
    assert A_CONTACT in adopter.get(request_page).text
    assert B_CONTACT in owner.get("/min-virksomhed").text


def test_declined_shares_nothing(app: Flask, world: World) -> None:
    adoption_id = adopt(app, world)
    with app.app_context():
        request_id = db.session.get(Adoption, adoption_id).sparring_request_id  # type: ignore[union-attr]
    owner = _as(app, world.a.owner)
    assert (
        owner.post(
            f"/min-virksomhed/kontaktanmodninger/{adoption_id}", data={"answer": "decline"}
        ).status_code
        == 303
    )
    assert B_CONTACT not in owner.get("/min-virksomhed").text
    page = _as(app, world.b.owner).get(f"/sparring/anmodninger/{request_id}").text
    assert A_CONTACT not in page
    assert "afvist" in page


def test_admin_features_a_solution_and_the_vision_and_inbox_show_it(
    app: Flask, world: World, make_user: Any
) -> None:
    adopt(app, world)
    admin = _as(app, make_user(role="admin"))
    listing = admin.get("/admin/loesninger")
    assert listing.status_code == 200
    assert "Solceller på taget" in listing.text
    assert (
        admin.post(f"/admin/loesninger/{world.solution_id}/fremhaevet", data={"featured": "1"}).status_code
        == 303
    )
    assert "data-featured" in admin.get("/admin/loesninger").text
    inbox = admin.get("/admin/sparring")
    assert "Vil også:" in inbox.text
    dashboard = admin.get("/admin")
    assert 'data-kpi="adoptions">1<' in dashboard.text
    staff = _as(app, make_user(role="staff"))
    assert staff.get("/admin/loesninger").status_code == 403
    assert (
        staff.post(f"/admin/loesninger/{world.solution_id}/fremhaevet", data={"featured": "0"}).status_code
        == 403
    )
    member = _as(app, world.a.owner)
    assert (
        member.post(f"/admin/loesninger/{world.solution_id}/fremhaevet", data={"featured": "0"}).status_code
        == 403
    )


def test_english_page(app: Flask, world: World) -> None:
    client = _as(app, world.b.owner)
    client.post("/sprog", data={"lang": "en"})
    page = client.get(_adopt_url(world))
    assert "We want to do as Alfa Bageri: Solceller på taget" in page.text
    assert "Put us in contact with Alfa Bageri" in page.text


def test_vision_page_shows_the_featured_solution_under_its_theme(
    app: Flask, world: World, make_user: Any
) -> None:
    from app.plan.models import ClimatePlan

    with app.app_context():
        db.session.add(ClimatePlan(title="Klimaplan", target_2030_pct=70, neutral_year=2050))
        db.session.commit()
    admin = _as(app, make_user(role="admin"))
    admin.post(f"/admin/loesninger/{world.solution_id}/fremhaevet", data={"featured": "1"})
    page = app.test_client().get("/faelles-maal").text
    assert 'data-theme="el"' in page
    assert "Solceller på taget" in page
    assert "Fremhævet" in page
    assert "4.200 kg CO2e (skøn)" in page


def test_directory_filters_by_theme_and_kind(app: Flask, world: World) -> None:
    client = app.test_client()
    assert "Alfa Bageri" in client.get("/virksomheder?tema=el").text
    assert "Alfa Bageri" in client.get("/virksomheder?tema=el&type=energy").text
    assert "Alfa Bageri" not in client.get("/virksomheder?type=transport").text
    assert "Beta Smed" not in client.get("/virksomheder?tema=el").text
    ignored = client.get("/virksomheder?tema=ukendt&type=%00zz")
    assert ignored.status_code in (200, 400)
    assert client.get("/virksomheder?tema=ukendt&type=zz").status_code == 200
    partial = client.get("/virksomheder?tema=el", headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.text
