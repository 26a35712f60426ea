"""Community API contract: areas, leaderboards, challenges, the shared vision; ETags and roles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import jsonschema_rs
import pytest
from flask import Flask
from sqlalchemy import select

from app.accounts.models import User
from app.actions.models import Action
from app.actions.services import log_action
from app.challenges.services import ChallengeInput, create_challenge
from app.clock import local_date, month_key, utcnow, week_key
from app.db import db
from app.vision.services import seed_climate_goals, set_vision_target
from tests.api.conftest import ApiClient, assert_problem
from tests.conftest import Person

# Their "today" is the app's Copenhagen day: keep it away from midnight and DST nights.
pytestmark = pytest.mark.usefixtures("frozen_day")

Spec = dict[str, Any]
Conforms = Callable[..., None]

CYCLING = "cykel-frem-for-bil"  # 2 points and 0.141 kg CO2e per km


# --- the OpenAPI document as the oracle -------------------------------------------------------


def _response_doc(spec: Spec, path: str, method: str, status: int) -> dict[str, Any]:
    responses = spec["paths"][path][method]["responses"]
    doc: dict[str, Any] = responses.get(str(status)) or responses["default"]
    if "$ref" in doc:
        doc = spec["components"]["responses"][doc["$ref"].rsplit("/", 1)[1]]
    return doc


def check_against_spec(spec: Spec, response: Any, path: str, method: str = "get") -> None:
    """The response's status is documented and its body validates against the documented schema
    (JSON Schema 2020-12, formats checked); documented headers are present."""
    assert str(response.status_code) in spec["paths"][path][method]["responses"], (
        f"{method.upper()} {path} answered an undocumented {response.status_code}"
    )
    doc = _response_doc(spec, path, method, response.status_code)
    for header in doc.get("headers", {}):
        assert header in response.headers, f"documented header {header} missing"
    content = doc.get("content")
    if not content:
        assert response.data == b"", "a response documented without a body has one"
        return
    assert response.mimetype in content, response.mimetype
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": spec["components"],
        **content[response.mimetype]["schema"],
    }
    validator = jsonschema_rs.validator_for(schema, validate_formats=True)
    body = response.get_json(force=True)
    errors = [f"{'/'.join(map(str, e.instance_path))}: {e.message}" for e in validator.iter_errors(body)]
    assert not errors, errors


@pytest.fixture
def conforms(app: Flask) -> Conforms:
    """conforms(response, path_template, method="get"): check a response against the spec."""
    spec: Spec = app.test_client().get("/api/v1/openapi.json").get_json()

    def check(response: Any, path: str, method: str = "get") -> None:
        check_against_spec(spec, response, "/api/v1" + path, method)

    return check


# --- data -------------------------------------------------------------------------------------


def _log(app: Flask, person: Person, km: str, key: str) -> None:
    with app.app_context():
        action = db.session.scalar(select(Action).where(Action.slug == CYCLING))
        log_action(
            user=db.session.get(User, person.id),
            action=action,
            quantity=Decimal(km),
            occurred_on=local_date(utcnow()),
            idempotency_key=key,
        )
        db.session.remove()


def _team(app: Flask, make_user: Any, area: str, kms: list[str], **kw: Any) -> list[Person]:
    people = []
    for i, km in enumerate(kms):
        person = make_user(neighbourhood=area, **kw)
        _log(app, person, km, f"{area}-{i}-api-key")
        people.append(person)
    return people


def _challenge(
    app: Flask,
    admin: Person,
    slug: str,
    days: tuple[int, int],
    *,
    target: str | None = "50",
    reward: tuple[str, str] = ("bonus", "5"),
) -> None:
    with app.app_context():
        today = local_date(utcnow())
        action_id = db.session.scalar(select(Action.id).where(Action.slug == CYCLING))
        create_challenge(
            actor=db.session.get(User, admin.id),
            data=ChallengeInput(
                slug=slug,
                title_da=f"Dansk {slug}",
                title_en=f"English {slug}",
                description_da="Kom ud!",
                description_en="Get out!",
                starts_on=today + timedelta(days=days[0]),
                ends_on=today + timedelta(days=days[1]),
                action_ids=[action_id],
                reward_kind=reward[0],
                reward_value=Decimal(reward[1]),
                target_metric="quantity" if target else None,
                target_value=Decimal(target) if target else None,
            ),
        )
        db.session.remove()


@pytest.fixture
def three_challenges(app: Flask, make_user: Any) -> None:
    admin = make_user(role="admin")
    _challenge(app, admin, "cykeluge", (-2, 4))
    _challenge(app, admin, "snart", (3, 9), target=None, reward=("multiplier", "1.5"))
    _challenge(app, admin, "forbi", (-20, -14), target=None)


# --- neighbourhoods ---------------------------------------------------------------------------


def test_neighbourhoods_are_public_with_their_population(
    anon_api: ApiClient, reference_data: None, conforms: Conforms
) -> None:
    response = anon_api.get("/api/v1/neighbourhoods")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    conforms(response, "/neighbourhoods")
    items = response.get_json()["items"]
    names = [a["name"] for a in items]
    assert names == sorted(names)
    herfoelge = next(a for a in items if a["slug"] == "herfoelge")
    assert herfoelge == {
        "slug": "herfoelge",
        "name": "Herfølge",
        "includes": "Herfølge, Tinggården",
        "population": 12253,
        "population_year": 2023,
        "source": herfoelge["source"],
    }
    assert herfoelge["source"]


# --- the neighbourhood board -------------------------------------------------------------------


def test_board_ranks_areas_as_the_web_does(
    app: Flask, make_user: Any, anon_api: ApiClient, conforms: Conforms
) -> None:
    _team(app, make_user, "borup", ["10", "10", "10"])  # 60 points, 20 each
    _team(app, make_user, "herfoelge", ["5", "5", "5", "5"])  # 40 points, 10 each
    _team(app, make_user, "ejby", ["30", "30"])  # 120 points from 2 participants: most per inhabitant
    response = anon_api.get("/api/v1/leaderboards/neighbourhoods")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    conforms(response, "/leaderboards/neighbourhoods")
    body = response.get_json()
    today = local_date(utcnow())
    assert (body["period"], body["period_key"]) == ("week", week_key(today))
    assert body["min_participants"] == 0  # deprecated: the fair score needs no minimum
    assert "÷" in body["formula"]
    assert body["mine"] is None
    ranks = [(row["neighbourhood"]["slug"], row["rank"]) for row in body["items"]]
    assert ranks[:3] == [("ejby", 1), ("borup", 2), ("herfoelge", 3)]
    assert [rank for _slug, rank in ranks] == list(range(1, len(ranks) + 1))
    scores = [row["fair_score"] for row in body["items"]]
    assert scores == sorted(scores, reverse=True)
    borup = body["items"][1]
    assert borup["neighbourhood"] == {"slug": "borup", "name": "Borup"}
    assert (borup["points"], borup["participants"], borup["points_per_participant"]) == (60, 3, 20.0)
    assert borup["co2e_kg"] == pytest.approx(30 * 0.141)
    with app.app_context():
        from app.neighbourhoods.queries import neighbourhood_by_slug

        population = neighbourhood_by_slug("borup").population  # type: ignore[union-attr]
    assert borup["participation_rate"] == pytest.approx(3 / population)


def test_board_periods_and_bad_query_parameters(
    app: Flask, make_user: Any, anon_api: ApiClient, conforms: Conforms
) -> None:
    _team(app, make_user, "borup", ["10"])
    month = anon_api.get("/api/v1/leaderboards/neighbourhoods?period=month")
    assert month.get_json()["period_key"] == month_key(local_date(utcnow()))
    everything = anon_api.get("/api/v1/leaderboards/neighbourhoods?period=all").get_json()
    assert everything["period_key"] == "all"
    assert everything["items"][0]["points"] == 20
    for query in ("period=century", "period=", "colour=green"):
        response = anon_api.get(f"/api/v1/leaderboards/neighbourhoods?{query}")
        assert_problem(response, 422, "validation_failed")
        conforms(response, "/leaderboards/neighbourhoods")


def test_a_citizen_token_adds_their_own_area(
    app: Flask, make_user: Any, api_for: Any, conforms: Conforms
) -> None:
    _team(app, make_user, "borup", ["10", "10", "10"])
    ejby = _team(app, make_user, "ejby", ["30", "30"])
    body = api_for(ejby[0]).get("/api/v1/leaderboards/neighbourhoods").get_json()
    assert body["mine"]["neighbourhood"]["slug"] == "ejby"
    assert (body["mine"]["rank"], body["mine"]["participants"], body["mine"]["points"]) == (1, 2, 120)
    business = api_for(make_user(role="business", neighbourhood="borup"))
    response = business.get("/api/v1/leaderboards/neighbourhoods")
    conforms(response, "/leaderboards/neighbourhoods")
    assert response.get_json()["mine"] is None  # only citizens compete


def test_board_etag_and_304_round_trip(
    app: Flask, make_user: Any, anon_api: ApiClient, api_for: Any, conforms: Conforms
) -> None:
    people = _team(app, make_user, "borup", ["10"])
    path = "/api/v1/leaderboards/neighbourhoods"
    first = anon_api.get(path)
    etag = first.headers["ETag"]
    assert {"Authorization", "Accept-Language"} <= set(first.vary)
    # without a token the board is everyone's: a proxy may keep it for its freshness
    assert first.headers["Cache-Control"] == "public, max-age=10"
    assert not etag.startswith("W/")
    # with one, `mine` makes it personal: the client revalidates, no shared cache keeps it
    personal = api_for(people[0]).get(path).headers["Cache-Control"]
    assert {"private", "no-cache"} <= {d.strip() for d in personal.split(",")}
    again = anon_api.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    conforms(again, "/leaderboards/neighbourhoods")
    # the token changes the body (`mine`), so it changes the tag
    assert api_for(people[0]).get(path).headers["ETag"] != etag
    _log(app, people[0], "5", "borup-more-api-key")
    changed = anon_api.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert changed.get_json()["items"][0]["points"] == 30


# --- the citizens of one area -------------------------------------------------------------------


def test_citizen_board_lists_only_the_opted_in_but_you_see_yourself(
    app: Flask, make_user: Any, anon_api: ApiClient, api_for: Any, conforms: Conforms
) -> None:
    hidden = make_user(neighbourhood="borup", show_in_rankings=False, alias="Skjult Person")
    shown = make_user(neighbourhood="borup", alias="Synlig Person")
    _log(app, hidden, "20", "hidden-api-key-1")
    _log(app, shown, "10", "shown-api-key-01")
    path = "/api/v1/leaderboards/neighbourhoods/borup/citizens"

    response = anon_api.get(path)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    conforms(response, "/leaderboards/neighbourhoods/{slug}/citizens")
    body = response.get_json()
    assert body["neighbourhood"] == {"slug": "borup", "name": "Borup"}
    assert (body["period"], body["period_key"]) == ("week", week_key(local_date(utcnow())))
    assert (body["standing"]["points"], body["standing"]["participants"]) == (60, 2)
    assert body["items"] == [
        {"rank": 2, "alias": "Synlig Person", "points": 20, "co2e_kg": pytest.approx(1.41), "is_me": False}
    ]
    assert body["me"] is None
    assert "Skjult" not in response.text

    as_hidden = api_for(hidden).get(path)
    conforms(as_hidden, "/leaderboards/neighbourhoods/{slug}/citizens")
    assert [row["alias"] for row in as_hidden.get_json()["items"]] == ["Synlig Person"]
    assert as_hidden.get_json()["me"] == {"rank": 1, "of": 2, "points": 40}

    as_shown = api_for(shown).get(path).get_json()
    assert as_shown["items"][0]["is_me"] is True
    assert as_shown["me"] == {"rank": 2, "of": 2, "points": 20}

    outsider = make_user(neighbourhood="ejby")
    assert api_for(outsider).get(path).get_json()["me"] is None  # not their area


def test_citizen_board_unknown_area_etag_and_bad_period(
    app: Flask, make_user: Any, anon_api: ApiClient, conforms: Conforms
) -> None:
    _log(app, make_user(neighbourhood="borup"), "10", "etag-api-key-01")
    missing = anon_api.get("/api/v1/leaderboards/neighbourhoods/atlantis/citizens")
    assert_problem(missing, 404, "not_found")
    conforms(missing, "/leaderboards/neighbourhoods/{slug}/citizens")
    bad = anon_api.get("/api/v1/leaderboards/neighbourhoods/borup/citizens?period=year")
    assert_problem(bad, 422, "validation_failed")
    path = "/api/v1/leaderboards/neighbourhoods/borup/citizens?period=all"
    etag = anon_api.get(path).headers["ETag"]
    again = anon_api.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    conforms(again, "/leaderboards/neighbourhoods/{slug}/citizens")


# --- challenges -----------------------------------------------------------------------------------


def test_challenge_list_is_public_in_state_order(
    three_challenges: None, anon_api: ApiClient, conforms: Conforms
) -> None:
    response = anon_api.get("/api/v1/challenges", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    conforms(response, "/challenges")
    items = response.get_json()["items"]
    assert [(c["slug"], c["state"], c["joined"]) for c in items] == [
        ("cykeluge", "running", None),
        ("snart", "upcoming", None),
        ("forbi", "finished", None),
    ]
    running, upcoming = items[0], items[1]
    assert running["title"] == "English cykeluge"
    assert running["description"] == "Get out!"
    today = local_date(utcnow())
    assert running["starts_on"] == (today - timedelta(days=2)).isoformat()
    assert running["ends_on"] == (today + timedelta(days=4)).isoformat()
    assert running["reward"] == {"kind": "bonus", "bonus_points": 5, "multiplier": None}
    assert upcoming["reward"]["kind"] == "multiplier"
    assert upcoming["reward"]["bonus_points"] is None
    assert upcoming["reward"]["multiplier"] == 1.5
    assert running["actions"] == [{"slug": CYCLING, "name": "Cycled instead of driving", "unit": "km"}]
    progress = running["progress"]
    assert progress == {"metric": "quantity", "total": 0.0, "target": 50.0, "fraction": 0.0}
    assert upcoming["progress"]["target"] is None
    assert upcoming["progress"]["fraction"] is None
    danish = anon_api.get("/api/v1/challenges", headers={"Accept-Language": "da"}).get_json()
    assert danish["items"][0]["title"] == "Dansk cykeluge"

    finished = anon_api.get("/api/v1/challenges?state=finished").get_json()["items"]
    assert [c["slug"] for c in finished] == ["forbi"]
    bad = anon_api.get("/api/v1/challenges?state=someday")
    assert_problem(bad, 422, "validation_failed")
    conforms(bad, "/challenges")


def test_join_then_log_shows_in_list_detail_and_progress(
    app: Flask, three_challenges: None, make_user: Any, api_for: Any, anon_api: ApiClient, conforms: Conforms
) -> None:
    person = make_user(neighbourhood="borup")
    api = api_for(person)
    first = api.post("/api/v1/challenges/cykeluge/join")
    assert first.status_code == 201
    assert first.mimetype == "application/json"
    conforms(first, "/challenges/{slug}/join", "post")
    body = first.get_json()
    assert body["challenge"] == "cykeluge"
    assert (body["points"], body["bonus_points"], body["logs"], body["co2e_kg"]) == (0, 0, 0, 0)
    again = api.post("/api/v1/challenges/cykeluge/join")
    assert again.status_code == 200  # joining twice changes nothing
    conforms(again, "/challenges/{slug}/join", "post")
    assert again.get_json()["joined_at"] == body["joined_at"]

    _log(app, person, "10", "challenge-api-key")
    joined = {c["slug"]: c["joined"] for c in api.get("/api/v1/challenges").get_json()["items"]}
    assert joined == {"cykeluge": True, "snart": False, "forbi": False}

    detail = api.get("/api/v1/challenges/cykeluge")
    assert detail.status_code == 200
    conforms(detail, "/challenges/{slug}")
    data = detail.get_json()
    assert data["joined"] is True
    assert data["progress"]["total"] == 10.0
    assert data["progress"]["fraction"] == pytest.approx(0.2)
    assert data["totals"]["joined"] == 1
    assert (data["totals"]["active"], data["totals"]["logs"], data["totals"]["points"]) == (1, 1, 25)
    assert data["totals"]["co2e_kg"] == pytest.approx(1.41)
    assert data["min_participants"] == 0
    first, *others = data["areas"]
    assert first["fair_score"] > 0
    assert {k: v for k, v in first.items() if k != "fair_score"} == {
        "neighbourhood": {"slug": "borup", "name": "Borup"},
        "rank": 1,
        "points": 25,
        "points_per_participant": 25.0,
        "participants": 1,
    }
    assert len(others) == 9  # every area is in the challenge's ranking, with its score
    assert all(a["points"] == 0 and a["rank"] > 1 and a["fair_score"] < 0 for a in others)
    assert (data["mine"]["points"], data["mine"]["bonus_points"], data["mine"]["logs"]) == (25, 5, 1)
    assert (data["mine"]["quantity"], data["totals"]["quantity"]) == (10.0, 10.0)

    public = anon_api.get("/api/v1/challenges/cykeluge")
    conforms(public, "/challenges/{slug}")
    assert (public.get_json()["joined"], public.get_json()["mine"]) == (None, None)
    etag = public.headers["ETag"]
    assert anon_api.get("/api/v1/challenges/cykeluge", headers={"If-None-Match": etag}).status_code == 304


def test_unknown_challenge_is_a_404_problem(
    three_challenges: None, anon_api: ApiClient, citizen_api: ApiClient, conforms: Conforms
) -> None:
    detail = anon_api.get("/api/v1/challenges/findes-ikke", headers={"Accept-Language": "en"})
    assert assert_problem(detail, 404, "not_found")["detail"] == "That challenge does not exist."
    conforms(detail, "/challenges/{slug}")
    join = citizen_api.post("/api/v1/challenges/findes-ikke/join")
    assert_problem(join, 404, "not_found")
    conforms(join, "/challenges/{slug}/join", "post")


def test_joining_needs_a_citizen_token(
    three_challenges: None, make_user: Any, api_for: Any, anon_api: ApiClient, conforms: Conforms
) -> None:
    anonymous = anon_api.post("/api/v1/challenges/cykeluge/join")
    assert_problem(anonymous, 401, "unauthenticated")
    conforms(anonymous, "/challenges/{slug}/join", "post")
    for role in ("business", "staff", "admin"):
        response = api_for(make_user(role=role, neighbourhood="koege-centrum")).post(
            "/api/v1/challenges/cykeluge/join"
        )
        assert_problem(response, 403, "forbidden")
        conforms(response, "/challenges/{slug}/join", "post")


def test_joining_a_finished_challenge_is_a_409_problem(
    three_challenges: None, citizen_api: ApiClient, conforms: Conforms
) -> None:
    response = citizen_api.post("/api/v1/challenges/forbi/join", headers={"Accept-Language": "en"})
    assert assert_problem(response, 409)["detail"] == "This challenge has finished."
    conforms(response, "/challenges/{slug}/join", "post")
    assert citizen_api.post("/api/v1/challenges/snart/join").status_code == 201  # upcoming: fine


# --- the shared vision ---------------------------------------------------------------------------


def test_vision_totals_target_areas_actions_and_goals(
    app: Flask, make_user: Any, anon_api: ApiClient, conforms: Conforms
) -> None:
    admin = make_user(role="admin")
    year = local_date(utcnow()).year
    with app.app_context():
        set_vision_target(actor=db.session.get(User, admin.id), year=year, target_co2e_kg=10)
        seed_climate_goals()
        db.session.remove()
    _team(app, make_user, "borup", ["10", "10"])
    response = anon_api.get("/api/v1/vision", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    conforms(response, "/vision")
    body = response.get_json()
    assert (body["year"], body["points"], body["logs"]) == (year, 40, 2)
    assert body["co2e_kg"] == pytest.approx(2.82)
    assert body["target"]["co2e_kg"] == 10
    assert body["target"]["fraction"] == pytest.approx(0.282)
    assert body["areas"][0]["neighbourhood"]["slug"] == "borup"
    assert (body["areas"][0]["points"], body["areas"][0]["share"]) == (40, 1.0)
    assert {a["share"] for a in body["areas"][1:]} == {0.0}
    assert body["top_actions"] == [
        {
            "action": {"slug": CYCLING, "name": "Cycled instead of driving", "unit": "km"},
            "logs": 2,
            "co2e_kg": pytest.approx(2.82),
        }
    ]
    assert body["climate_goals"]
    assert all(goal["slug"] and goal["title"] for goal in body["climate_goals"])


def test_vision_of_another_year_and_bad_years(
    reference_data: None, anon_api: ApiClient, conforms: Conforms
) -> None:
    response = anon_api.get("/api/v1/vision?year=2030")
    conforms(response, "/vision")
    body = response.get_json()
    assert (body["year"], body["co2e_kg"], body["target"], body["top_actions"]) == (2030, 0, None, [])
    etag = response.headers["ETag"]
    assert anon_api.get("/api/v1/vision?year=2030", headers={"If-None-Match": etag}).status_code == 304
    for query in ("year=1900", "year=soon", "year=2030&extra=1"):
        bad = anon_api.get(f"/api/v1/vision?{query}")
        assert_problem(bad, 422, "validation_failed")
        conforms(bad, "/vision")


def test_a_bad_token_on_a_public_endpoint_is_a_401(
    reference_data: None, anon_api: ApiClient, conforms: Conforms
) -> None:
    for path, template in (
        ("/api/v1/neighbourhoods", "/neighbourhoods"),
        ("/api/v1/leaderboards/neighbourhoods", "/leaderboards/neighbourhoods"),
        ("/api/v1/challenges", "/challenges"),
        ("/api/v1/vision", "/vision"),
    ):
        response = anon_api.get(path, headers={"Authorization": "Bearer kd_made_up"})
        assert_problem(response, 401, "token_invalid")
        conforms(response, template)


@pytest.mark.parametrize("slug", ["%00", "a%00b", "x" * 300, "%C3%98rsted", "a%20b", "..", "%FF"])
def test_odd_slugs_are_404_problems_not_errors(
    reference_data: None, anon_api: ApiClient, citizen_api: ApiClient, slug: str
) -> None:
    status = 400 if "%00" in slug else 404  # a NUL in the address is refused before any view
    assert_problem(anon_api.get(f"/api/v1/leaderboards/neighbourhoods/{slug}/citizens"), status)
    assert_problem(anon_api.get(f"/api/v1/challenges/{slug}"), status)
    assert_problem(citizen_api.post(f"/api/v1/challenges/{slug}/join"), status)
