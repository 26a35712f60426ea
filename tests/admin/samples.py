"""Sample objects for URL arguments of admin pages built on the game and business packages."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from flask import Flask

from app.clock import local_date, utcnow
from app.db import db
from tests.conftest import Person
from tests.support.business import VALID_CVRS, make_company, make_offer, make_request


def make_challenge(
    app: Flask, admin: Person, *, slug: str = "cykel-test", starts_in_days: int = -1, days: int = 7
) -> int:
    from app.accounts.models import User
    from app.actions.models import Action
    from app.challenges.services import ChallengeInput, create_challenge

    today = local_date(utcnow())
    with app.app_context():
        bike = db.session.scalar(db.select(Action.id).where(Action.slug == "cykel-frem-for-bil"))
        challenge = create_challenge(
            actor=db.session.get(User, admin.id),
            data=ChallengeInput(
                slug=slug,
                title_da="Cykeluge",
                title_en="Cycling week",
                description_da="",
                description_en="",
                starts_on=today + timedelta(days=starts_in_days),
                ends_on=today + timedelta(days=starts_in_days + days - 1),
                action_ids=[bike],
                reward_kind="bonus",
                reward_value=Decimal(5),
                target_metric="logs",
                target_value=Decimal(100),
            ),
        )
        challenge_id = challenge.id
        db.session.remove()
    return challenge_id


def make_flag(app: Flask, person: Person) -> int:
    from app.gamification.models import FlagKind
    from app.moderation.flags import raise_flag

    with app.app_context():
        flag = raise_flag(
            user_id=person.id,
            kind=FlagKind.BURST,
            day=local_date(utcnow()),
            params={"logs": 40, "minutes": 15, "limit": 35, "cooldown": 30},
        )
        flag_id = flag.id
        db.session.remove()
    return flag_id


def _solution_of(app: Flask, company: Any) -> int:
    from app.accounts.models import User
    from app.business.models import Company
    from app.business.services import add_solution

    with app.app_context():
        solution = add_solution(
            company=db.session.get(Company, company.id),
            actor=db.session.get(User, company.owner.id),
            title="Eksempel løsning",
            description="Solceller",
            category="energy",
        )
        solution_id = solution.id
        db.session.remove()
    return solution_id


def sample_values(app: Flask, make_user: Any, owner: Person) -> dict[str, Any]:
    manager = make_user(role="admin", alias="Eksempel Admin")
    company = make_company(app, make_user, name="Eksempel ApS", cvr=VALID_CVRS[5])
    offer_id = make_offer(app, title="Eksempel tilbud")
    from tests.cases.conftest import published_challenge_case
    from tests.intermunicipal.conftest import make_inter_challenge
    from tests.partnerships.conftest import published_partnership

    partnership_id, _, kpi_id, partner_id = published_partnership(app, manager)
    return {
        "partnership_id": partnership_id,
        "kpi_id": kpi_id,
        "partner_id": partner_id,
        "national_slug": make_inter_challenge(app),
        "case_id": published_challenge_case(app, manager),
        "challenge_id": make_challenge(app, manager),
        "flag_id": make_flag(app, owner),
        "offer_id": offer_id,
        "request_id": make_request(app, company, [offer_id]),
        "company_id": company.id,
        "solution_id": _solution_of(app, company),
        # The municipality's own action: a national one is read-only on the edit routes, and is
        # adapted on the override routes (tests/admin/test_access.py ENDPOINT_VALUES).
        "action_id": make_local_action(app, manager),
        **_plan_values(app),
    }


def make_local_action(app: Flask, admin: Person) -> int:
    from app.accounts.models import User
    from app.actions.catalogue import ActionData, create_action

    with app.app_context():
        action = create_action(
            admin=db.session.get(User, admin.id),
            data=ActionData(
                name_da="Eksempel lokal handling",
                name_en="Sample local action",
                category="community",
                unit_da="gang",
                unit_en="time",
                co2e_kg_per_unit=None,
                source_da="",
                source_en="",
                points_per_unit=5,
                max_units_per_day=Decimal(1),
                default_quantity=Decimal(1),
            ),
        )
        action_id = action.id
        db.session.remove()
    return action_id


def _plan_values(app: Flask) -> dict[str, Any]:
    """Køge's climate plan: a theme with a measure, and this year's status report."""
    from app.plan.loader import PLAN_DATA, load_plan
    from app.plan.queries import theme_by_slug

    with app.app_context():
        load_plan(PLAN_DATA / "koege_plan.toml")
        theme = theme_by_slug("mobilitet")
        assert theme is not None
        values = {"theme_id": theme.id, "measure_id": theme.measures[0].id, "year": local_date(utcnow()).year}
        db.session.remove()
    return values
