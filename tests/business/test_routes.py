"""Every business and sparring route: who gets in, who gets 403/404, and what the pages show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import User
from app.business import services
from app.business.models import Company, Pledge, Solution
from app.db import db
from tests.conftest import login
from tests.support.business import CompanyRef, make_offer, make_request


@dataclass(frozen=True)
class World:
    a: CompanyRef
    b: CompanyRef
    a_solution: int
    b_solution: int
    b_pledge: int
    a_request: int
    b_request: int
    offer: int


def _add_content(app: Flask, ref: CompanyRef) -> tuple[int, int]:
    with app.app_context():
        company = db.session.get(Company, ref.id)
        owner = db.session.get(User, ref.owner.id)
        solution = services.add_solution(
            company=company, actor=owner, title="Solceller", description="På taget", category="energy"
        )
        pledge = services.add_pledge(
            company=company, actor=owner, title="Elbiler", description="", target_date=date(2027, 1, 1)
        )
        ids = (solution.id, pledge.id)
        db.session.remove()
    return ids


@pytest.fixture
def world(app: Flask, company_a: CompanyRef, company_b: CompanyRef) -> World:
    offer = make_offer(app)
    a_solution, _ = _add_content(app, company_a)
    b_solution, b_pledge = _add_content(app, company_b)
    return World(
        company_a,
        company_b,
        a_solution,
        b_solution,
        b_pledge,
        make_request(app, company_a, [offer]),
        make_request(app, company_b),
        offer,
    )


MEMBER_GETS = [
    "/min-virksomhed",
    "/min-virksomhed/rediger",
    "/min-virksomhed/loesninger/ny",
    "/min-virksomhed/loefter/ny",
    "/min-virksomhed/medlemmer",
    "/min-virksomhed/hold",
    "/sparring/anmod",
]
MEMBER_POSTS = [
    "/min-virksomhed/rediger",
    "/min-virksomhed/loesninger/ny",
    "/min-virksomhed/loefter/ny",
    "/min-virksomhed/medlemmer/inviter",
    "/min-virksomhed/hold",
    "/min-virksomhed/hold/ny-kode",
    "/sparring/anmod",
]


def _object_urls(w: World) -> list[tuple[str, str]]:
    return [
        ("GET", f"/min-virksomhed/loesninger/{w.b_solution}"),
        ("POST", f"/min-virksomhed/loesninger/{w.b_solution}"),
        ("POST", f"/min-virksomhed/loesninger/{w.b_solution}/slet"),
        ("POST", f"/min-virksomhed/loefter/{w.b_pledge}/status"),
        ("POST", f"/min-virksomhed/loefter/{w.b_pledge}/slet"),
        ("GET", f"/sparring/anmodninger/{w.b_request}"),
        ("POST", f"/sparring/anmodninger/{w.b_request}/kommentar"),
    ]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_anonymous_is_sent_to_login(client: FlaskClient, world: World, method: str) -> None:
    urls = MEMBER_GETS if method == "GET" else MEMBER_POSTS
    urls += [u for m, u in _object_urls(world) if m == method]
    for url in urls:
        response = client.open(url, method=method)
        assert response.status_code == 302, url
        assert "/log-ind" in response.headers["Location"]


@pytest.mark.parametrize("role", ["citizen", "staff", "admin"])
def test_other_roles_are_forbidden(client: FlaskClient, make_user: Any, world: World, role: str) -> None:
    login(client, make_user(role=role))
    for url in [*MEMBER_GETS, "/virksomhed/ny"]:
        assert client.get(url).status_code == 403, url
    for url in MEMBER_POSTS:
        assert client.post(url).status_code == 403, url
    for method, url in _object_urls(world):
        assert client.open(url, method=method).status_code == 403, url


def test_business_without_company_is_sent_to_register_it(client: FlaskClient, make_user: Any) -> None:
    login(client, make_user(role="business"))
    for url in MEMBER_GETS:
        response = client.get(url)
        assert response.status_code == 303, url
        assert response.headers["Location"].endswith("/virksomhed/ny")


def test_member_of_a_gets_404_for_everything_of_b(app: Flask, client: FlaskClient, world: World) -> None:
    login(client, world.a.owner)
    data = {"title": "Hacked", "description": "x", "category": "energy", "status": "dropped", "body": "Hej"}
    for method, url in _object_urls(world):
        assert client.open(url, method=method, data=data).status_code == 404, url
    with app.app_context():
        assert db.session.get(Solution, world.b_solution) is not None
        assert db.session.get(Solution, world.b_solution).title == "Solceller"  # type: ignore[union-attr]
        assert db.session.get(Pledge, world.b_pledge).status == "planned"  # type: ignore[union-attr]


def test_member_of_a_sees_only_a_on_the_dashboard(client: FlaskClient, world: World) -> None:
    login(client, world.a.owner)
    page = client.get("/min-virksomhed").text
    assert "Alfa Bageri" in page
    assert "Beta Smed" not in page
    assert f'data-request="{world.a_request}"' in page
    assert f'data-request="{world.b_request}"' not in page
    assert client.get(f"/sparring/anmodninger/{world.a_request}").status_code == 200


def test_edit_form_changes_only_the_own_company(app: Flask, client: FlaskClient, world: World) -> None:
    login(client, world.a.owner)
    with app.app_context():
        area = db.session.scalar(select(Company.neighbourhood_id).where(Company.id == world.a.id))
    form = {
        "name": "Alfa Bageri & Co",
        "cvr": world.a.cvr,
        "address": "Torvet 2",
        "neighbourhood_id": area,
        "sector": "food",
        "size_band": "10-49",
        "website": "bageri.dk",
        "contact_name": "Ane",
        "contact_email": "ane@bageri.dk",
        "contact_phone": "",
        "about": "Vi bager",
        "show_sparring_journeys": "y",
    }
    response = client.post("/min-virksomhed/rediger", data=form)
    assert response.status_code == 303
    with app.app_context():
        a = db.session.get(Company, world.a.id)
        b = db.session.get(Company, world.b.id)
        assert a is not None
        assert b is not None
        assert (a.name, a.website, a.show_sparring_journeys) == (
            "Alfa Bageri & Co",
            "https://bageri.dk",
            True,
        )
        assert b.name == "Beta Smed"
    duplicate = client.post("/min-virksomhed/rediger", data={**form, "cvr": world.b.cvr})
    assert duplicate.status_code == 422
    assert "allerede registreret" in duplicate.text or "already registered" in duplicate.text


def test_business_sign_up_then_company(app: Flask, client: FlaskClient, reference_data: None) -> None:
    response = client.post(
        "/virksomhed/registrer",
        data={
            "email": "ejer@firma.dk",
            "alias": "Ejer Hansen",
            "password": "Grøn-hverdag-i-Køge",
            "password_confirm": "Grøn-hverdag-i-Køge",
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/virksomhed/ny")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ejer@firma.dk"))
        assert user is not None
        assert user.role == "business"
        assert user.neighbourhood_id is None
        from app.neighbourhoods.models import Neighbourhood

        area = db.session.scalar(select(Neighbourhood.id).where(Neighbourhood.slug == "borup"))
    form = {
        "name": "Firma",
        "cvr": "2990 0575",
        "address": "Vej 1",
        "neighbourhood_id": area,
        "sector": "retail",
        "size_band": "1-9",
        "website": "",
        "contact_name": "Ejer",
        "contact_email": "ejer@firma.dk",
    }
    invalid = client.post("/virksomhed/ny", data=form)
    assert invalid.status_code == 422
    assert 'aria-invalid="true"' in invalid.text
    created = client.post("/virksomhed/ny", data={**form, "cvr": "2990 0574"})
    assert created.status_code == 303
    assert created.headers["Location"].endswith("/min-virksomhed")
    assert client.get("/virksomhed/ny").status_code == 303  # one company per account


def test_invalid_forms_are_422_not_500(client: FlaskClient, world: World) -> None:
    login(client, world.a.owner)
    for url, data in [
        ("/min-virksomhed/loesninger/ny", {"title": "", "category": "bogus"}),
        ("/min-virksomhed/loefter/ny", {"title": "x", "target_date": "not-a-date"}),
        ("/min-virksomhed/medlemmer/inviter", {"email": "nope"}),
        ("/sparring/anmod", {"topic": "x", "message": "y", "contact_method": "email", "offer_ids": ["abc"]}),
        (
            "/sparring/anmod",
            {"topic": "x", "message": "y", "contact_method": "email", "offer_ids": ["99999"]},
        ),
        (f"/sparring/anmodninger/{world.a_request}/kommentar", {"body": ""}),
    ]:
        assert client.post(url, data=data).status_code == 422, url


def test_solution_and_request_flow(app: Flask, client: FlaskClient, world: World) -> None:
    login(client, world.a.owner)
    response = client.post(
        "/min-virksomhed/loesninger/ny",
        data={
            "title": "Varmegenvinding",
            "description": "Fra ovnene",
            "category": "energy",
            "effect": "−20 % gas",
            "effect_source": "Gasregning 2025",
        },
    )
    assert response.status_code == 303
    page = client.get(f"/virksomheder/{world.a.slug}").text
    assert "Varmegenvinding" in page
    assert "Gasregning 2025" in page
    response = client.post(
        "/sparring/anmod",
        data={
            "offer_ids": [str(world.offer)],
            "topic": "Elcykler",
            "message": "Hvordan?",
            "contact_method": "phone",
            "contact_time": "Formiddag",
        },
    )
    assert response.status_code == 303
    detail = client.get(response.headers["Location"]).text
    assert "Elcykler" in detail
    assert 'data-state="new"' in detail
    assert (
        f'name="offer_ids" value="{world.offer}" checked'
        in client.get(f"/sparring/anmod?tilbud={world.offer}").text
    )


def test_comment_htmx_gets_the_thread_partial(app: Flask, client: FlaskClient, world: World) -> None:
    from flask import template_rendered

    login(client, world.a.owner)
    rendered: list[str] = []

    def record(sender: Any, template: Any, context: Any, **extra: Any) -> None:
        rendered.append(template.name)

    template_rendered.connect(record, app)
    try:
        response = client.post(
            f"/sparring/anmodninger/{world.a_request}/kommentar",
            data={"body": "Hvornår ses vi?"},
            headers={"HX-Request": "true"},
        )
    finally:
        template_rendered.disconnect(record, app)
    assert response.status_code == 200
    assert rendered == ["sparring/_thread.html"]
    assert "Hvornår ses vi?" in response.text


def test_public_page_escapes_text_and_marks_links(app: Flask, client: FlaskClient, world: World) -> None:
    with app.app_context():
        company = db.session.get(Company, world.a.id)
        owner = db.session.get(User, world.a.owner.id)
        values = {
            n: getattr(company, n)
            for n in (
                "name",
                "cvr",
                "address",
                "neighbourhood_id",
                "sector",
                "size_band",
                "contact_name",
                "contact_email",
                "contact_phone",
            )
        }
        services.update_company(
            company=company,
            actor=owner,
            website="https://alfa.dk",
            about="<script>alert(1)</script>\nAnden linje",
            show_sparring_journeys=False,
            **values,
        )
    page = client.get(f"/virksomheder/{world.a.slug}").text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Anden linje" in page
    assert '<a href="https://alfa.dk" rel="nofollow noopener"' in page


def test_completed_journeys_show_only_when_opted_in(
    app: Flask, client: FlaskClient, make_user: Any, world: World
) -> None:
    from app.sparring.models import SparringRequest
    from app.sparring.services import change_request_state

    staff = make_user(role="staff")
    with app.app_context():
        for state in ("contacted", "in_progress", "completed"):
            change_request_state(
                request=db.session.get(SparringRequest, world.a_request),
                actor=db.session.get(User, staff.id),
                new_state=state,
            )
    assert "Vores første CO2-regnskab" not in client.get(f"/virksomheder/{world.a.slug}").text
    with app.app_context():
        from app.db import write_transaction

        with write_transaction():
            db.session.get(Company, world.a.id).show_sparring_journeys = True  # type: ignore[union-attr]
    assert "Vores første CO2-regnskab" in client.get(f"/virksomheder/{world.a.slug}").text


@pytest.mark.parametrize(
    "url",
    [
        "/virksomheder",
        "/virksomheder?q=%25&side=999999999",
        "/virksomheder?branche=nonsense&omraade=nowhere",
        "/sparring",
        "/arbejdspladser",
        "/arbejdspladser?periode=altid",
        "/virksomhed/registrer",
    ],
)
def test_public_pages_open_to_all(client: FlaskClient, world: World, url: str) -> None:
    assert client.get(url).status_code == 200


def test_directory_partial_and_unknown_pages(app: Flask, client: FlaskClient, world: World) -> None:
    response = client.get("/virksomheder?q=alfa", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="directory-results"')
    assert "Alfa Bageri" in response.text
    assert "Beta Smed" not in response.text
    assert client.get("/virksomheder/findes-ikke").status_code == 404
    assert client.get("/arbejdspladser?periode=aar").status_code == 404
    assert client.get("/invitation/ugyldig").status_code == 404


def test_invitation_page_flow(app: Flask, client: FlaskClient, make_user: Any, world: World) -> None:
    invitee = make_user(role="business")
    tokens: list[str] = []
    with app.app_context():
        services.invite_member(
            company=db.session.get(Company, world.a.id),
            actor=db.session.get(User, world.a.owner.id),
            email=invitee.email,
            accept_link=lambda t: tokens.append(t) or t,
        )
    url = f"/invitation/{tokens[0]}"
    anonymous = client.get(url)
    refused = client.post(url)
    assert refused.status_code == 303
    assert "/log-ind" in refused.headers["Location"]
    assert anonymous.status_code == 200
    assert "Alfa Bageri" in anonymous.text
    login(client, invitee)
    accepted = client.post(url)
    assert accepted.status_code == 303
    assert "Alfa Bageri" in client.get("/min-virksomhed").text
    assert client.get(url).status_code == 404  # used once


def test_members_page_and_remove(app: Flask, client: FlaskClient, make_user: Any, world: World) -> None:
    login(client, world.a.owner)
    assert client.post("/min-virksomhed/medlemmer/inviter", data={"email": "ny@firma.dk"}).status_code == 303
    page = client.get("/min-virksomhed/medlemmer").text
    assert "ny@firma.dk" in page
    assert client.post(f"/min-virksomhed/medlemmer/{world.b.owner.id}/fjern").status_code == 404
    assert client.post(f"/min-virksomhed/medlemmer/{world.a.owner.id}/fjern").status_code == 403


def test_team_pages(app: Flask, client: FlaskClient, make_user: Any, world: World) -> None:
    login(client, world.a.owner)
    assert client.post("/min-virksomhed/hold", data={"name": "Alfa-holdet"}).status_code == 303
    from app.business.queries import team_of_company

    with app.app_context():
        team = team_of_company(world.a.id)
        assert team is not None
        code = team.join_code
    assert code in client.get("/min-virksomhed/hold").text
    client.post("/log-ud")
    citizen = make_user()
    login(client, citizen)
    assert client.post("/arbejdspladser/tilmeld", data={"code": "forkert"}).status_code == 422
    assert client.post("/arbejdspladser/tilmeld", data={"code": code}).status_code == 303
    board = client.get("/arbejdspladser").text
    assert "Alfa-holdet" in board
    assert citizen.alias not in board  # membership is private
    assert client.post("/arbejdspladser/forlad").status_code == 303
    assert client.post("/arbejdspladser/forlad").status_code == 404


@pytest.mark.parametrize("url", ["/arbejdspladser/tilmeld", "/arbejdspladser/forlad"])
@pytest.mark.parametrize("role", ["business", "staff", "admin"])
def test_only_citizens_join_teams(client: FlaskClient, make_user: Any, url: str, role: str) -> None:
    login(client, make_user(role=role))
    assert client.post(url, data={"code": "X"}).status_code == 403


def test_get_never_changes_state(app: Flask, client: FlaskClient, world: World) -> None:
    login(client, world.a.owner)
    for url in [
        f"/min-virksomhed/loesninger/{world.a_solution}/slet",
        "/min-virksomhed/hold/ny-kode",
        "/arbejdspladser/forlad",
    ]:
        assert client.get(url).status_code == 405


def test_business_login_lands_on_the_dashboard(client: FlaskClient, world: World) -> None:
    response = client.post(
        "/log-ind", data={"email": world.a.owner.email, "password": world.a.owner.password}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/min-virksomhed")


def test_team_board_period_tabs_swap_the_partial(client: FlaskClient, world: World) -> None:
    response = client.get("/arbejdspladser?periode=maaned", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="team-board"')
    assert "HX-Request" in response.headers["Vary"]


def test_owner_manages_own_solutions_and_pledges(app: Flask, client: FlaskClient, world: World) -> None:
    login(client, world.a.owner)
    url = f"/min-virksomhed/loesninger/{world.a_solution}"
    assert 'value="Solceller"' in client.get(url).text
    edited = client.post(
        url,
        data={
            "title": "Solceller 2.0",
            "description": "Større anlæg",
            "category": "energy",
            "effect": "",
            "effect_source": "",
        },
    )
    assert edited.status_code == 303
    assert "Solceller 2.0" in client.get("/min-virksomhed").text
    bad = client.post(
        url,
        data={"title": "x", "description": "y", "category": "energy", "effect": "−10 %", "effect_source": ""},
    )
    assert bad.status_code == 422
    assert client.post(f"{url}/slet").status_code == 303
    assert client.get(url).status_code == 404

    created = client.post(
        "/min-virksomhed/loefter/ny",
        data={
            "title": "Elbiler",
            "description": "Alle servicebiler",
            "target_date": "2028-06-30",
            "status": "planned",
        },
    )
    assert created.status_code == 303
    with app.app_context():
        pledge = db.session.scalar(
            select(Pledge).where(Pledge.company_id == world.a.id, Pledge.description != "")
        )
        assert pledge is not None
        pledge_id = pledge.id
    assert (
        client.post(f"/min-virksomhed/loefter/{pledge_id}/status", data={"status": "under_way"}).status_code
        == 303
    )
    assert (
        client.post(f"/min-virksomhed/loefter/{pledge_id}/status", data={"status": "bogus"}).status_code
        == 400
    )
    with app.app_context():
        assert db.session.get(Pledge, pledge_id).status == "under_way"  # type: ignore[union-attr]
    assert client.post(f"/min-virksomhed/loefter/{pledge_id}/slet").status_code == 303
    with app.app_context():
        assert db.session.get(Pledge, pledge_id) is None


def test_owner_renews_the_join_code_and_removes_a_member(
    app: Flask, client: FlaskClient, make_user: Any, world: World
) -> None:
    from app.business.models import CompanyMember
    from app.business.queries import team_of_company

    login(client, world.a.owner)
    assert client.post("/min-virksomhed/hold/ny-kode").status_code == 404  # no team yet
    client.post("/min-virksomhed/hold", data={"name": "Alfa"})
    with app.app_context():
        old = team_of_company(world.a.id).join_code  # type: ignore[union-attr]
    assert client.post("/min-virksomhed/hold/ny-kode").status_code == 303
    with app.app_context():
        assert team_of_company(world.a.id).join_code != old  # type: ignore[union-attr]
    assert client.post("/min-virksomhed/hold", data={"name": "Igen"}).status_code == 422

    member = make_user(role="business")
    tokens: list[str] = []
    with app.app_context():
        services.invite_member(
            company=db.session.get(Company, world.a.id),
            actor=db.session.get(User, world.a.owner.id),
            email=member.email,
            accept_link=lambda t: tokens.append(t) or t,
        )
        services.accept_invitation(token=tokens[0], user=db.session.get(User, member.id))
    assert client.post(f"/min-virksomhed/medlemmer/{member.id}/fjern").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(CompanyMember).where(CompanyMember.user_id == member.id)) is None


def test_plain_members_cannot_invite(app: Flask, client: FlaskClient, make_user: Any, world: World) -> None:
    member = make_user(role="business")
    tokens: list[str] = []
    with app.app_context():
        services.invite_member(
            company=db.session.get(Company, world.a.id),
            actor=db.session.get(User, world.a.owner.id),
            email=member.email,
            accept_link=lambda t: tokens.append(t) or t,
        )
        services.accept_invitation(token=tokens[0], user=db.session.get(User, member.id))
    login(client, member)
    page = client.get("/min-virksomhed/medlemmer").text
    assert "Kun en ejer kan invitere nye medlemmer." in page
    assert client.post("/min-virksomhed/medlemmer/inviter", data={"email": "x@example.dk"}).status_code == 403
    assert client.post(f"/min-virksomhed/medlemmer/{world.a.owner.id}/fjern").status_code == 403
