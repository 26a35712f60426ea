"""Business API contract: directory, company pages, sparring offers and a company's requests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import jsonschema_rs
import pytest
from flask import Flask
from sqlalchemy import select

from app.accounts.models import User
from app.api.pagination import encode_cursor
from app.business import services as business
from app.business.cvr import check_digit_for
from app.business.models import Company, CompanyMember
from app.business.queries import search_companies
from app.db import db
from app.sparring import services as sparring
from app.sparring.models import SparringOffer, SparringRequest
from app.sparring.queries import comments_for
from tests.api.conftest import ApiClient, assert_problem
from tests.conftest import Person
from tests.support.business import VALID_CVRS, CompanyRef, make_company, make_offer, make_request

JSON = "application/json"


# --- the OpenAPI document as the judge of every body -------------------------------------------


def _resolve(node: Any, document: dict[str, Any]) -> Any:
    """The node with every local $ref replaced by what it points to (our schemas do not recurse)."""
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return _resolve(target, document)
        return {key: _resolve(value, document) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolve(value, document) for value in node]
    return node


def assert_documented(api: ApiClient, response: Any, method: str, path: str) -> None:
    """The status is documented for the operation, and the body matches its schema."""
    document = api.client.get("/api/v1/openapi.json").get_json()
    responses = document["paths"][path][method.lower()]["responses"]
    status = str(response.status_code)
    assert status in responses, f"{method} {path} does not document {status}"
    documented = _resolve(responses[status], document)
    if response.status_code in (204, 304):
        assert response.data == b""
        assert "content" not in documented
        return
    schema = documented["content"][response.mimetype]["schema"]
    validator = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
    errors = [str(e) for e in validator.iter_errors(response.get_json())]
    assert not errors, errors


def ok(api: ApiClient, response: Any, method: str, path: str, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    assert response.mimetype == JSON
    assert_documented(api, response, method, path)
    return response.get_json()


def problem(
    api: ApiClient, response: Any, method: str, path: str, status: int, code: str | None = None
) -> dict[str, Any]:
    body = assert_problem(response, status, code)
    assert_documented(api, response, method, path)
    return body


# --- data --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    a: CompanyRef
    b: CompanyRef
    offer: int
    retired_offer: int
    a_request: int
    b_request: int


def _add_content(app: Flask, ref: CompanyRef, *, about: str = "") -> None:
    with app.app_context():
        company = db.session.get(Company, ref.id)
        owner = db.session.get(User, ref.owner.id)
        business.add_solution(
            company=company,
            actor=owner,
            title="Solceller på taget",
            description="12 kW siden 2023",
            category="energy",
            effect="−30 % el",
            effect_source="Elregningen 2024",
        )
        business.add_solution(
            company=company,
            actor=owner,
            title="Cykelkælder",
            description="Til personalet",
            category="transport",
        )
        business.add_pledge(
            company=company,
            actor=owner,
            title="Elvarebil",
            description="Den gamle diesel ud",
            target_date=date(2027, 6, 1),
        )
        if about:
            company.about = about
            db.session.commit()
        db.session.remove()


@pytest.fixture
def world(app: Flask, make_user: Any) -> World:
    a = make_company(app, make_user, name="Alfa Bageri", cvr=VALID_CVRS[0])
    b = make_company(app, make_user, name="Beta Smed", cvr=VALID_CVRS[1])
    _add_content(app, a, about="Vi bager med grøn strøm. " * 20)
    offer = make_offer(app, title="Klimakompasset")
    retired = make_offer(app, title="Gammel ordning", active=False)
    return World(a, b, offer, retired, make_request(app, a, [offer]), make_request(app, b))


@pytest.fixture
def member_a(api_for: Callable[[Person], ApiClient], world: World) -> ApiClient:
    return api_for(world.a.owner)


@pytest.fixture
def member_b(api_for: Callable[[Person], ApiClient], world: World) -> ApiClient:
    return api_for(world.b.owner)


def _cvr(n: int) -> str:
    first = f"{3000000 + n * 7:07d}"
    digit = check_digit_for(first)
    while digit is None:  # some prefixes have no valid check digit
        first = str(int(first) + 1)
        digit = check_digit_for(first)
    return f"{first}{digit}"


# --- the directory -----------------------------------------------------------------------------


def test_directory_items_have_area_counts_and_a_short_summary(anon_api: ApiClient, world: World) -> None:
    body = ok(anon_api, anon_api.get("/api/v1/companies"), "GET", "/api/v1/companies")
    assert [c["slug"] for c in body["items"]] == [world.a.slug, world.b.slug]
    assert body["next_cursor"] is None
    alfa = body["items"][0]
    assert alfa == {
        "slug": world.a.slug,
        "name": "Alfa Bageri",
        "sector": "retail",
        "neighbourhood": {"slug": "koege-centrum", "name": alfa["neighbourhood"]["name"]},
        "verified": False,
        "demo": False,
        "summary": alfa["summary"],
        "solutions": 2,
    }
    assert alfa["summary"].startswith("Vi bager med grøn strøm.")
    assert alfa["summary"].endswith("…")
    assert len(alfa["summary"]) <= 160
    assert body["items"][1]["summary"] == ""
    assert body["items"][1]["solutions"] == 0


def test_directory_filters_like_the_web_search(anon_api: ApiClient, world: World) -> None:
    def slugs(query: str) -> list[str]:
        body = ok(anon_api, anon_api.get(f"/api/v1/companies?{query}"), "GET", "/api/v1/companies")
        return [c["slug"] for c in body["items"]]

    assert slugs("q=cykelk") == [world.a.slug]  # a solution's title
    assert slugs("q=SMED") == [world.b.slug]
    assert slugs("q=100%25") == []  # LIKE wildcards are literal
    assert slugs("sector=retail&neighbourhood=koege-centrum") == [world.a.slug, world.b.slug]
    assert slugs("sector=energy") == []
    assert slugs("neighbourhood=no-such-area") == []


@pytest.mark.parametrize(
    "query", ["sector=space", "limit=0", "limit=101", "limit=x", "q=" + "x" * 101, "neighbourhood=K%C3%B8ge"]
)
def test_bad_directory_queries_are_422(anon_api: ApiClient, world: World, query: str) -> None:
    response = anon_api.get(f"/api/v1/companies?{query}")
    problem(anon_api, response, "GET", "/api/v1/companies", 422, "validation_failed")


def test_directory_pages_walk_the_web_order_once(app: Flask, make_user: Any, anon_api: ApiClient) -> None:
    names = ["bølle bageri", "Alfa", "alfa", "Cirkel", "Zebra Smed", "Ærø Is", "Delta"]
    refs = [make_company(app, make_user, name=name, cvr=_cvr(n)) for n, name in enumerate(names)]
    with app.app_context():  # a verified company comes first, as on the web
        db.session.get(Company, refs[4].id).is_verified = True
        db.session.commit()
        expected = [c.slug for c in search_companies(per_page=100).companies]
        db.session.remove()
    assert expected[0] == refs[4].slug

    seen: list[str] = []
    cursor: str | None = None
    for _ in range(len(names)):
        query = "/api/v1/companies?limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = ok(anon_api, anon_api.get(query), "GET", "/api/v1/companies")
        assert len(body["items"]) <= 2
        seen += [c["slug"] for c in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == expected
    assert len(set(seen)) == len(names)
    assert cursor is None


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!",
        "bm90IGpzb24",
        encode_cursor([1, 2]),
        encode_cursor(["x", "alfa", 1]),
        encode_cursor([True, 5, 1]),
        encode_cursor([True, "alfa", "1"]),
        encode_cursor([True, "alfa", 10**30]),
        encode_cursor([False, "a\x00b", 1]),
        encode_cursor([False, "alfa", True]),
    ],
)
def test_a_garbage_directory_cursor_is_422(anon_api: ApiClient, world: World, cursor: str) -> None:
    response = anon_api.get(f"/api/v1/companies?cursor={cursor}")
    body = problem(anon_api, response, "GET", "/api/v1/companies", 422)
    assert body["errors"][0]["field"] == "cursor"


# --- company pages -----------------------------------------------------------------------------


def test_company_page_shows_the_public_profile(app: Flask, anon_api: ApiClient, world: World) -> None:
    path = f"/api/v1/companies/{world.a.slug}"
    body = ok(anon_api, anon_api.get(path), "GET", "/api/v1/companies/{slug}")
    assert body["name"] == "Alfa Bageri"
    assert body["cvr"] == world.a.cvr
    assert body["address"] == "Torvet 1, 4600 Køge"
    assert body["website"] == "https://example.dk"
    assert body["size_band"] == "1-9"
    assert body["about"].startswith("Vi bager")
    assert [(s["title"], s["category"], s["effect"], s["effect_source"]) for s in body["solutions"]] == [
        ("Solceller på taget", "energy", "−30 % el", "Elregningen 2024"),
        ("Cykelkælder", "transport", "", ""),
    ]
    assert [(p["title"], p["target_date"], p["status"]) for p in body["pledges"]] == [
        ("Elvarebil", "2027-06-01", "planned")
    ]
    assert body["sparring_journeys"] == []
    assert body["team"] is None
    text = str(body)
    assert "kontakt@example.dk" not in text  # the contact person is not on the public page
    assert "Kontakt Person" not in text
    assert "Hvor starter vi?" not in text  # nor the open requests


def test_completed_journeys_and_team_size_show_as_on_the_web(
    app: Flask, anon_api: ApiClient, make_user: Any, world: World
) -> None:
    staff = make_user(role="staff")
    citizen = make_user()
    with app.app_context():
        actor = db.session.get(User, staff.id)
        found = db.session.get(SparringRequest, world.a_request)
        for state in ("contacted", "in_progress", "completed"):
            sparring.change_request_state(request=found, actor=actor, new_state=state)
        company = db.session.get(Company, world.a.id)
        owner = db.session.get(User, world.a.owner.id)
        team = business.open_team(company=company, actor=owner, name="Bagerholdet")
        business.join_team(user=db.session.get(User, citizen.id), code=team.join_code)
        db.session.remove()
    path = f"/api/v1/companies/{world.a.slug}"
    body = ok(anon_api, anon_api.get(path), "GET", "/api/v1/companies/{slug}")
    assert body["sparring_journeys"] == []  # not opted in
    assert body["team"] == {"name": "Bagerholdet", "members": 1}
    assert citizen.alias not in str(body)  # team membership is private

    with app.app_context():
        db.session.get(Company, world.a.id).show_sparring_journeys = True
        db.session.commit()
    body = ok(anon_api, anon_api.get(path), "GET", "/api/v1/companies/{slug}")
    [journey] = body["sparring_journeys"]
    assert journey["topic"] == "Vores første CO2-regnskab"
    assert journey["offers"] == ["Klimakompasset"]
    assert journey["completed_at"]


@pytest.mark.parametrize("slug", ["no-such-company", "x" * 80, "%C3%86r%C3%B8"])
def test_unknown_company_is_a_404_problem(anon_api: ApiClient, world: World, slug: str) -> None:
    problem(
        anon_api,
        anon_api.get(f"/api/v1/companies/{slug}"),
        "GET",
        "/api/v1/companies/{slug}",
        404,
        "not_found",
    )


def test_nul_characters_in_the_address_are_a_400(anon_api: ApiClient, world: World) -> None:
    for url in ("/api/v1/companies?q=a%00b", "/api/v1/companies/a%00b", "/api/v1/companies?cursor=%00"):
        assert_problem(anon_api.get(url), 400)


# --- sparring offers ---------------------------------------------------------------------------


def test_offers_list_active_offers_with_an_etag(app: Flask, anon_api: ApiClient, world: World) -> None:
    path = "/api/v1/sparring/offers"
    response = anon_api.get(path)
    body = ok(anon_api, response, "GET", path)
    assert body == {
        "items": [
            {
                "id": world.offer,
                "slug": "klimakompasset",
                "provider": "Erhvervsstyrelsen",
                "title": "Klimakompasset",
                "description": "Beregner",
                "cost": "free",
                "scope": "national",
                "url": "https://klimakompasset.dk",
                "source": "",
            }
        ]
    }
    etag = response.headers["ETag"]

    again = anon_api.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert_documented(anon_api, again, "GET", path)
    assert again.headers["ETag"] == etag

    with app.app_context():
        db.session.get(SparringOffer, world.retired_offer).is_active = True
        db.session.commit()
    changed = anon_api.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert len(changed.get_json()["items"]) == 2


# --- sparring requests: who may ----------------------------------------------------------------

REQUEST_CALLS = [
    ("GET", "/api/v1/sparring/requests", "/api/v1/sparring/requests"),
    ("POST", "/api/v1/sparring/requests", "/api/v1/sparring/requests"),
    ("GET", "/api/v1/sparring/requests/{id}", "/api/v1/sparring/requests/{request_id}"),
    ("GET", "/api/v1/sparring/requests/{id}/comments", "/api/v1/sparring/requests/{request_id}/comments"),
    ("POST", "/api/v1/sparring/requests/{id}/comments", "/api/v1/sparring/requests/{request_id}/comments"),
]
BODIES = {
    "/api/v1/sparring/requests": {"topic": "Emne", "message": "Besked"},
    "/api/v1/sparring/requests/{request_id}/comments": {"body": "Hej"},
}


@pytest.mark.parametrize(("method", "url", "path"), REQUEST_CALLS)
def test_requests_need_a_business_member(
    api_for: Callable[[Person], ApiClient],
    anon_api: ApiClient,
    citizen_api: ApiClient,
    make_user: Any,
    world: World,
    method: str,
    url: str,
    path: str,
) -> None:
    target = url.format(id=world.a_request)
    body = BODIES.get(path) if method == "POST" else None
    problem(anon_api, anon_api.request(method, target, json=body), method, path, 401, "unauthenticated")
    problem(citizen_api, citizen_api.request(method, target, json=body), method, path, 403)
    staff = api_for(make_user(role="staff"))
    problem(staff, staff.request(method, target, json=body), method, path, 403)
    no_company = api_for(make_user(role="business"))
    response = no_company.request(method, target, json=body, headers={"Accept-Language": "en"})
    refused = problem(no_company, response, method, path, 403, "no_company")
    assert refused["detail"] == "You are not a member of a company."


@pytest.mark.parametrize(("method", "url", "path"), REQUEST_CALLS[2:])
def test_another_companys_request_is_a_404(
    member_a: ApiClient, world: World, method: str, url: str, path: str
) -> None:
    body = BODIES.get(path) if method == "POST" else None
    for request_id in (world.b_request, 2**31 - 1):
        response = member_a.request(method, url.format(id=request_id), json=body)
        problem(member_a, response, method, path, 404, "not_found")
    huge = member_a.request(method, url.format(id=10**30), json=body)
    assert_problem(huge, 404)


def test_member_of_b_cannot_comment_on_as_request(app: Flask, member_b: ApiClient, world: World) -> None:
    url = f"/api/v1/sparring/requests/{world.a_request}/comments"
    assert_problem(member_b.post(url, json={"body": "Snyd"}), 404)
    with app.app_context():
        assert comments_for(world.a_request) == []


# --- sparring requests: what they do -----------------------------------------------------------


def test_a_topic_with_a_control_character_is_refused(member_a: ApiClient, world: World) -> None:
    response = member_a.post(
        "/api/v1/sparring/requests",
        json={"offer_ids": [world.offer], "topic": "Varme\x07pumpe", "message": "Hvad koster det?"},
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.get_json()["errors"]] == ["topic"]


def test_member_requests_sparring_and_gets_it_back(app: Flask, member_a: ApiClient, world: World) -> None:
    path = "/api/v1/sparring/requests"
    response = member_a.post(
        path,
        json={
            "offer_ids": [world.offer, world.offer],
            "topic": "  Varmepumpe ",
            "message": "Hvad koster det?",
            "contact_method": "phone",
            "contact_time": "Formiddag",
        },
        headers={"Accept-Language": "en"},
    )
    body = ok(member_a, response, "POST", path, 201)
    assert response.headers["Location"].endswith(f"/api/v1/sparring/requests/{body['id']}")
    assert body["topic"] == "Varmepumpe"  # the service trimmed it
    assert (body["state"], body["state_label"]) == ("new", "New")
    assert [o["id"] for o in body["offers"]] == [world.offer]
    assert (body["contact_method"], body["contact_time"]) == ("phone", "Formiddag")
    assert body["requested_by"] == world.a.owner.alias
    assert body["comments"] == []
    assert [(h["from_state"], h["to_state"]) for h in body["history"]] == [(None, "new")]
    assert body["contacted_at"] is None

    detail_path = "/api/v1/sparring/requests/{request_id}"
    fetched = ok(
        member_a,
        member_a.get(response.headers["Location"], headers={"Accept-Language": "en"}),
        "GET",
        detail_path,
    )
    assert fetched == body


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"topic": "Emne", "message": "Besked", "offer_ids": ["retired"]}, "offer_ids"),
        ({"topic": "   ", "message": "Besked"}, "topic"),
        ({"topic": "Emne", "message": "\x00\x01"}, "message"),
        ({"message": "Besked"}, "topic"),
        ({"topic": "Emne", "message": "Besked", "contact_method": "pigeon"}, "contact_method"),
        ({"topic": "Emne", "message": "Besked", "offer_ids": [10**30]}, "offer_ids.0"),
        ({"topic": "Emne", "message": "Besked", "colour": "green"}, "colour"),
        ({"topic": "Emne\ud800", "message": "Besked"}, "topic"),
    ],
)
def test_request_rule_and_shape_errors_are_422_with_the_field(
    member_a: ApiClient, world: World, payload: dict[str, Any], field: str
) -> None:
    if payload.get("offer_ids") == ["retired"]:
        payload = {**payload, "offer_ids": [world.retired_offer]}
    response = member_a.post("/api/v1/sparring/requests", json=payload)
    body = problem(member_a, response, "POST", "/api/v1/sparring/requests", 422)
    assert field in [e["field"] for e in body["errors"]], body


def test_requests_are_listed_newest_first_in_pages(app: Flask, member_a: ApiClient, world: World) -> None:
    later = [make_request(app, world.a, topic=f"Emne {n}") for n in range(3)]
    expected = [*reversed(later), world.a_request]
    path = "/api/v1/sparring/requests"
    seen: list[int] = []
    cursor: str | None = None
    for _ in range(4):
        url = path + "?limit=3" + (f"&cursor={cursor}" if cursor else "")
        body = ok(member_a, member_a.get(url), "GET", path)
        seen += [r["id"] for r in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == expected  # never company B's
    assert cursor is None
    first = ok(member_a, member_a.get(path), "GET", path)["items"][-1]
    assert first["offers"] == [
        {
            "id": world.offer,
            "slug": "klimakompasset",
            "title": "Klimakompasset",
            "provider": "Erhvervsstyrelsen",
        }
    ]


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!",
        encode_cursor([1]),
        encode_cursor(["yesterday", 1]),
        encode_cursor(["2026-01-01T10:00:00", 1]),
        encode_cursor(["2026-01-01T10:00:00+00:00", -1]),
        encode_cursor([5, 1]),
        encode_cursor(["0001-01-01T00:00:00+05:00", 1]),
    ],
)
def test_a_garbage_request_cursor_is_422(member_a: ApiClient, cursor: str) -> None:
    response = member_a.get(f"/api/v1/sparring/requests?cursor={cursor}")
    body = problem(member_a, response, "GET", "/api/v1/sparring/requests", 422)
    assert body["errors"][0]["field"] == "cursor"


def test_a_members_comment_appears_in_the_thread(
    app: Flask, member_a: ApiClient, make_user: Any, world: World
) -> None:
    comments = f"/api/v1/sparring/requests/{world.a_request}/comments"
    comments_path = "/api/v1/sparring/requests/{request_id}/comments"
    assert ok(member_a, member_a.get(comments), "GET", comments_path) == {"items": []}

    created = ok(
        member_a, member_a.post(comments, json={"body": " Hvornår ringer I?\r\n"}), "POST", comments_path, 201
    )
    assert (created["side"], created["author_name"], created["body"]) == (
        "company",
        world.a.owner.alias,
        "Hvornår ringer I?",
    )

    staff = make_user(role="staff")
    with app.app_context():
        found = db.session.get(SparringRequest, world.a_request)
        sparring.add_comment(request=found, author=db.session.get(User, staff.id), body="I morgen kl. 10")
        sparring.change_request_state(
            request=found, actor=db.session.get(User, staff.id), new_state="contacted", note="Ringet op"
        )
        db.session.remove()

    listed = ok(member_a, member_a.get(comments), "GET", comments_path)["items"]
    assert [(c["side"], c["body"]) for c in listed] == [
        ("company", "Hvornår ringer I?"),
        ("municipality", "I morgen kl. 10"),
    ]
    detail = ok(
        member_a,
        member_a.get(f"/api/v1/sparring/requests/{world.a_request}", headers={"Accept-Language": "en"}),
        "GET",
        "/api/v1/sparring/requests/{request_id}",
    )
    assert detail["comments"] == listed
    assert (detail["state"], detail["state_label"]) == ("contacted", "Contacted")
    assert detail["contacted_at"] is not None
    assert [(h["to_state"], h["to_state_label"], h["note"]) for h in detail["history"]] == [
        ("new", "New", ""),
        ("contacted", "Contacted", "Ringet op"),
    ]
    assert staff.alias not in str(detail["history"])  # who moved it is the municipality's


def test_an_empty_comment_is_a_422(member_a: ApiClient, world: World) -> None:
    url = f"/api/v1/sparring/requests/{world.a_request}/comments"
    path = "/api/v1/sparring/requests/{request_id}/comments"
    for payload in ({"body": "  \n "}, {}, {"body": "x" * 4001}, {"body": 5}):
        body = problem(member_a, member_a.post(url, json=payload), "POST", path, 422)
        assert body["errors"][0]["field"] == "body"


def test_other_members_of_the_company_see_its_requests(
    app: Flask, api_for: Callable[..., Any], make_user: Any, world: World
) -> None:
    colleague = make_user(role="business")
    with app.app_context():
        db.session.add(CompanyMember(company_id=world.a.id, user_id=colleague.id))
        db.session.commit()
        assert (
            db.session.scalar(select(CompanyMember.role).where(CompanyMember.user_id == colleague.id))
            == "member"
        )
    api = api_for(colleague)
    body = ok(api, api.get("/api/v1/sparring/requests"), "GET", "/api/v1/sparring/requests")
    assert [r["id"] for r in body["items"]] == [world.a_request]


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/api/v1/companies", "/api/v1/companies"),
        ("/api/v1/companies/alfa-bageri", "/api/v1/companies/{slug}"),
        ("/api/v1/sparring/offers", "/api/v1/sparring/offers"),
    ],
)
def test_public_reads_refuse_a_bad_token_rather_than_ignore_it(
    anon_api: ApiClient, world: World, url: str, path: str
) -> None:
    response = anon_api.get(url, headers={"Authorization": "Bearer kd_made_up"})
    problem(anon_api, response, "GET", path, 401, "token_invalid")
