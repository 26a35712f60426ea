"""The data of the isolation matrix: Køge (A) rich in every kind of object, Solrød (B) with one
person of every role. Only ids, slugs, secrets and marker strings leave the builder."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta
from decimal import Decimal
from typing import Any

from flask import Flask
from sqlalchemy import select

from app.db import db
from tests.conftest import PASSWORD, Person
from tests.support.business import VALID_CVRS

SOLROED_HOST = "http://solroed.localhost"
KOEGE_HOST = "http://localhost"  # the bare test host serves Køge (DEFAULT_MUNICIPALITY)
ROLES = ("citizen", "business", "staff", "admin")

# Strings that only A's objects carry (ASCII, so JSON escaping cannot hide them).
A_COMPANY = "Alfabageriet Isolationstest ApS"
A_ALIASES = {role: f"Koegeperson {role.title()}markor" for role in ROLES}
A_SOLUTION = "Solcellemarkor paa taget"
A_PLEDGE = "Loeftemarkor om varmepumpe"
A_REQUEST_TOPIC = "Sparringsemnemarkor CO2-regnskab"
A_COMMENT = "Kommentarmarkor fra Koege"
A_TEAM = "Holdmarkor Alfabageriet"
A_CHALLENGE_TITLE = "Udfordringsmarkor Koege"
A_CHALLENGE_SLUG = "udfordring-isolation-koege"
A_ACTION = "Handlingsmarkor kun i Koege"
A_OFFER = "Tilbudsmarkor kun i Koege"
A_AREA = "Omraademarkor Koege"
A_AREA_SLUG = "omraade-isolation-koege"
A_GOAL = "Maalmarkor Koege 2030"
A_FLAG_DETAIL = "Flagmarkor Koege"
A_MAIL_ERROR = "550 Postkassemarkor koege-citizen findes ikke"
A_DRAFT_CASE = "Kladdemarkor Koeges kampagne"  # not published: no other municipality reads it
A_PARTNERSHIP = "Partnerskabsmarkor Koege"  # not published: no other municipality reads it


@dataclass
class Side:
    """One municipality's people (role -> Person) and their API tokens (role -> secret)."""

    municipality_id: int
    people: dict[str, Person] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)


@dataclass
class World:
    a: Side
    b: Side
    ids: dict[str, Any]  # URL parameter values naming A's objects
    markers: tuple[str, ...]


def _person(user: Any) -> Person:
    return Person(user.id, user.email, user.alias, PASSWORD, user.neighbourhood_id)


def _people(side: Side, area_id: int, prefix: str, aliases: dict[str, str]) -> None:
    from app.accounts.models import Role
    from app.accounts.services import register_user

    for role in ROLES:
        user = register_user(
            email=f"{prefix}-{role}@example.dk",
            password=PASSWORD,
            alias=aliases[role],
            neighbourhood_id=area_id,
            role=Role(role),
            show_in_rankings=True,
        )
        side.people[role] = _person(user)


def _tokens(side: Side) -> None:
    from app.accounts.models import User
    from app.accounts.tokens import issue_token

    for role, person in side.people.items():
        side.tokens[role] = issue_token(user=db.session.get(User, person.id), name="telefon").secret


def _company(owner_id: int, area_id: int, name: str, cvr: str) -> Any:
    from app.accounts.models import User
    from app.business.services import register_company

    return register_company(
        owner=db.session.get(User, owner_id),
        name=name,
        cvr=cvr,
        address="Torvet 1",
        neighbourhood_id=area_id,
        sector="retail",
        size_band="1-9",
        website="https://example.dk",
        contact_name="Kontakt Person",
        contact_email="kontakt@example.dk",
    )


def build_solroed(side: Side) -> None:
    """B: one area, one person per role, a company of its business member, tokens."""
    from app.neighbourhoods.models import Neighbourhood

    area = Neighbourhood(slug="solroed-strand", name="Solrød Strand", population=9000)
    db.session.add(area)
    db.session.commit()
    _people(side, area.id, "solroed", {r: f"Solroed {r}" for r in ROLES})
    _company(side.people["business"].id, area.id, "Solrød Smedie ApS", VALID_CVRS[1])
    _tokens(side)


def _secret_rows(ids: dict[str, Any], citizen_id: int) -> None:
    """A's mailed links: a password reset and an address confirmation with known secrets."""
    from app.accounts.models import EmailVerificationToken, PasswordResetToken
    from app.clock import utcnow
    from app.digest import secret_digest
    from app.reminders.tokens import Topic, unsubscribe_token

    now = utcnow()
    ids["reset_token"] = "nulstil-koege-isolation-0000000000000000000000"
    ids["verify_token"] = "bekraeft-koege-isolation-000000000000000000000"
    db.session.add(
        PasswordResetToken(
            user_id=citizen_id,
            token_hash=secret_digest(ids["reset_token"]),
            created_at=now,
            expires_at=now + timedelta(hours=1),
        )
    )
    db.session.add(
        EmailVerificationToken(
            user_id=citizen_id,
            token_hash=secret_digest(ids["verify_token"]),
            created_at=now,
            expires_at=now + timedelta(days=3),
        )
    )
    db.session.commit()
    ids["unsubscribe_token"] = unsubscribe_token(user_id=citizen_id, topic=Topic.REMINDER)


def _catalogue(ids: dict[str, Any], admin: Any) -> Any:
    """A's own action, offer, area, goal and vision target."""
    from app.actions.catalogue import ActionData, create_action
    from app.neighbourhoods.models import Neighbourhood
    from app.sparring.offers import create_offer
    from app.vision.models import ClimateGoal
    from app.vision.services import set_target

    action = create_action(
        admin=admin,
        data=ActionData(
            name_da=A_ACTION,
            name_en=A_ACTION,
            category="transport",
            unit_da="km",
            unit_en="km",
            co2e_kg_per_unit=None,
            source_da="",
            source_en="",
            points_per_unit=2,
            max_units_per_day=Decimal(50),
            default_quantity=Decimal(5),
        ),
    )
    ids["action_id"], ids["action_slug"] = action.id, action.slug
    offer = create_offer(
        actor=admin,
        provider="Køge Kommune",
        title=A_OFFER,
        description="Kun for Køge",
        cost="free",
        scope="local",
        url="https://koege.dk",
    )
    ids["offer_id"] = offer.id
    ids["municipality_slug"] = "koege"  # the platform's pages (/platform) name a municipality by it
    area = Neighbourhood(slug=A_AREA_SLUG, name=A_AREA, population=3000)
    db.session.add(area)
    db.session.add(ClimateGoal(slug="isolation-2030", year=2030, title_da=A_GOAL, title_en=A_GOAL))
    db.session.commit()
    ids["neighbourhood_id"], ids["area_slug"] = area.id, area.slug
    set_target(admin=admin, year=2026, target_co2e_kg=123456)
    return action


def _game(ids: dict[str, Any], citizen: Any, admin: Any, action: Any) -> None:
    """A's logs, challenge, flag, feed, usual day and "always" mark."""
    from app.actions.routines import mark_always, save_usual_day
    from app.actions.services import log_action
    from app.challenges.services import ChallengeInput, create_challenge, join_challenge
    from app.clock import local_date, utcnow
    from app.gamification.models import FlagKind
    from app.moderation.flags import raise_flag
    from app.reminders.services import save_preferences

    today = local_date(utcnow())
    challenge = create_challenge(
        actor=admin,
        data=ChallengeInput(
            slug=A_CHALLENGE_SLUG,
            title_da=A_CHALLENGE_TITLE,
            title_en=A_CHALLENGE_TITLE,
            description_da="",
            description_en="",
            starts_on=today - timedelta(days=1),
            ends_on=today + timedelta(days=6),
            action_ids=[action.id],
            reward_kind="bonus",
            reward_value=Decimal(5),
            target_metric="logs",
            target_value=Decimal(100),
        ),
    )
    ids["challenge_id"], ids["challenge_slug"] = challenge.id, challenge.slug
    join_challenge(user=citizen, challenge_id=challenge.id)
    result = log_action(user=citizen, action=action, quantity="4", idempotency_key="isolation-a-0001")
    ids["log_id"] = result.entry.id
    log_action(user=citizen, action=action, quantity="3", idempotency_key="isolation-a-0002")
    flag = raise_flag(
        user_id=citizen.id,
        kind=FlagKind.BURST,
        day=today,
        params={"logs": 40, "minutes": 15, "limit": 35, "cooldown": 30},
        details=A_FLAG_DETAIL,
    )
    ids["flag_id"] = flag.id
    save_usual_day(user=citizen, items=[(action.slug, "2")])
    mark_always(user=citizen, action=action)
    save_preferences(
        user=citizen,
        reminder_enabled=True,
        weekdays=range(7),
        reminder_time=time(18, 0),
        only_if_not_logged=False,
        digest_enabled=True,
        channel="email",
    )


def _business(ids: dict[str, Any], owner: Any, staff: Any, area_id: int) -> None:
    """A's company with a solution, a pledge, a team, an invitation and a sparring thread."""
    from app.business.services import add_pledge, add_solution, invite_member, open_team
    from app.clock import local_date, utcnow
    from app.sparring.services import add_comment, request_sparring

    company = _company(owner.id, area_id, A_COMPANY, VALID_CVRS[0])
    ids["company_id"], ids["company_slug"] = company.id, company.slug
    ids["solution_id"] = add_solution(
        company=company, actor=owner, title=A_SOLUTION, description="Paa taget", category="energy"
    ).id
    ids["pledge_id"] = add_pledge(
        company=company,
        actor=owner,
        title=A_PLEDGE,
        description="Inden jul",
        target_date=local_date(utcnow()) + timedelta(days=90),
    ).id
    open_team(company=company, actor=owner, name=A_TEAM)
    tokens: list[str] = []
    invite_member(
        company=company, actor=owner, email="ny-koege@example.dk", accept_link=lambda t: tokens.append(t) or t
    )
    ids["invitation_token"] = tokens[0]
    request = request_sparring(
        company=company,
        requester=owner,
        offer_ids=[ids["offer_id"]],
        topic=A_REQUEST_TOPIC,
        message="Hvor starter vi?",
        contact_method="email",
    )
    ids["request_id"] = request.id
    add_comment(request=request, author=staff, body=A_COMMENT)
    _adoption(ids, company.id, area_id)


def _adoption(ids: dict[str, Any], company_id: int, area_id: int) -> None:
    """A second company of A adopts A's solution and asks to be put in contact (pending)."""
    from app.accounts.models import Role
    from app.accounts.services import register_user
    from app.business.models import Solution
    from app.solutions.services import adopt_solution

    adopter = register_user(
        email="koege-adopter@example.dk",
        password=PASSWORD,
        alias="Koege Adopter",
        neighbourhood_id=area_id,
        role=Role.BUSINESS,
        show_in_rankings=True,
    )
    _company(adopter.id, area_id, "Koege Efterligner ApS", VALID_CVRS[2])
    solution = db.session.get(Solution, ids["solution_id"])
    assert solution is not None
    assert solution.company_id == company_id
    ids["adoption_id"] = adopt_solution(
        solution=solution, adopter=adopter, message="Vi vil ogsaa", contact_method="email", wants_contact=True
    ).id


def _devices(ids: dict[str, Any], citizen: Any) -> None:
    """A's app token (the first one issued) and a push device, stored as rows."""
    from app.accounts.models import ApiToken
    from app.push.models import PushSubscription

    ids["token_id"] = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == citizen.id))
    device = PushSubscription(
        user_id=citizen.id, endpoint="https://push.example.dk/isolation-koege", p256dh="p" * 87, auth="a" * 22
    )
    db.session.add(device)
    db.session.commit()
    ids["subscription_id"] = device.id


def _undeliverable_mail(citizen_email: str) -> None:
    """A mail to A's citizen that keeps failing: A's admins are alerted, with the SMTP error."""
    from app.outbox.models import OutboxMessage
    from app.outbox.services import queue_mail

    message = queue_mail(to=citizen_email, subject="Hej", body="Hej", kind="test")
    message = db.session.get(OutboxMessage, message.id)
    message.attempts, message.last_error = 9, A_MAIL_ERROR
    db.session.commit()


def _draft_case(ids: dict[str, Any], admin: Any) -> None:
    from app.cases.services import CaseInput, save_case

    case = save_case(
        admin=admin, data=CaseInput(kind="campaign", language="da", title=A_DRAFT_CASE, summary="Kun kladde")
    )
    ids["case_id"] = case.id


def _draft_partnership(ids: dict[str, Any], admin: Any, company_id: int) -> None:
    from datetime import date
    from decimal import Decimal

    from app.partnerships.services import (
        KpiInput,
        PartnershipInput,
        add_check_in,
        add_kpi,
        add_partner,
        save_partnership,
    )

    p = save_partnership(admin=admin, data=PartnershipInput(title=A_PARTNERSHIP, start_date=date(2026, 1, 5)))
    partner = add_partner(admin=admin, partnership_id=p.id, company_id=company_id, organisation="")
    kpi = add_kpi(admin=admin, partnership_id=p.id, data=KpiInput(name="Kpimarkor Koege"))
    add_check_in(
        admin=admin,
        partnership_id=p.id,
        kpi_id=kpi.id,
        on_date=date(2026, 2, 1),
        value=Decimal(3),
        today=date(2026, 3, 1),
    )
    ids["partnership_id"], ids["partnership_slug"] = p.id, p.slug
    ids["kpi_id"], ids["partner_id"] = kpi.id, partner.id


def build_koege(side: Side) -> dict[str, Any]:
    """A: the seed areas, one person per role and one object of every kind; returns the ids."""
    from app.accounts.models import User
    from app.livescreen.services import ensure_live_screen_link
    from app.neighbourhoods.models import Neighbourhood

    ids: dict[str, Any] = {}
    home = db.session.scalar(select(Neighbourhood.id).where(Neighbourhood.slug == "herfoelge"))
    _people(side, home, "koege", A_ALIASES)
    _tokens(side)
    users = {role: db.session.get(User, p.id) for role, p in side.people.items()}
    ids["user_id"] = side.people["citizen"].id
    action = _catalogue(ids, users["admin"])
    _game(ids, users["citizen"], users["admin"], action)
    _business(ids, users["business"], users["staff"], home)
    _devices(ids, users["citizen"])
    _secret_rows(ids, side.people["citizen"].id)
    ids["live_token"] = ensure_live_screen_link(admin=users["admin"])[0].token
    _undeliverable_mail(side.people["citizen"].email)
    _draft_case(ids, users["admin"])
    _draft_partnership(ids, users["admin"], ids["company_id"])
    _plan(ids)
    return ids


def _plan(ids: dict[str, Any]) -> None:
    """A's climate plan: its themes and measures are A's objects (the admin's plan pages)."""
    from app.plan.loader import PLAN_DATA, load_plan
    from app.plan.models import PlanMeasure

    load_plan(PLAN_DATA / "koege_plan.toml")
    measure = db.session.scalar(select(PlanMeasure).order_by(PlanMeasure.id).limit(1))
    assert measure is not None
    ids["theme_id"], ids["measure_id"] = measure.theme_id, measure.id


def build_world(app: Flask) -> World:
    from app.seed.catalogue import seed_actions, seed_neighbourhoods
    from app.tenancy.context import in_municipality
    from app.tenancy.models import Municipality
    from app.tenancy.services import create_municipality

    with app.app_context():
        koege_id = db.session.scalar(select(Municipality.id).where(Municipality.slug == "koege"))
        solroed_id = create_municipality(slug="solroed", name="Solrød Kommune", inhabitants=23700).id
        a, b = Side(koege_id), Side(solroed_id)
        with in_municipality(koege_id):
            seed_neighbourhoods()
            seed_actions()
            ids = build_koege(a)
        with in_municipality(solroed_id):
            build_solroed(b)
        db.session.remove()
    markers = (
        A_COMPANY,
        *A_ALIASES.values(),
        *(p.email for p in a.people.values()),
        A_SOLUTION,
        A_PLEDGE,
        A_REQUEST_TOPIC,
        A_COMMENT,
        A_TEAM,
        A_CHALLENGE_TITLE,
        A_ACTION,
        A_OFFER,
        A_AREA,
        A_GOAL,
        A_FLAG_DETAIL,
        A_MAIL_ERROR,
        A_DRAFT_CASE,
        A_PARTNERSHIP,
        "Herfølge",
        "Køge Centrum",
    )
    return World(a, b, ids, markers)
