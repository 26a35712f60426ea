"""An admin browses another municipality's cases and copies its challenge, on a phone and a
laptop: the missing action is listed, the copy lands on its own edit page, nothing overflows."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from app.clock import local_date, utcnow
from app.db import db

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 360, "height": 780}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def _solroed_publishes_a_challenge_case(app: Flask) -> None:
    """Solrød: a local action, a finished challenge covering it and cycling, a published case."""
    from app.accounts.models import Role
    from app.accounts.services import register_user
    from app.actions.models import Action
    from app.cases.services import CaseInput, publish_case, save_case
    from app.challenges.services import ChallengeInput, create_challenge
    from app.tenancy.context import in_municipality
    from app.tenancy.services import create_municipality

    today = local_date(utcnow())
    with app.app_context():
        solroed = create_municipality(slug="solroed", name="Solrød Kommune", inhabitants=23700)
        with in_municipality(solroed):
            admin = register_user(
                email="admin@solroed.dk",
                password="Solroed-Strand-2030",
                alias="Solrød",
                neighbourhood_id=None,
                role=Role.ADMIN,
            )
            local = Action(
                slug="solroed-strandrens",
                name_da="Strandrensning ved Solrød Strand",
                name_en="Beach clean-up at Solrød Strand",
                category="community",
                unit_da="gang",
                unit_en="time",
                points_per_unit=10,
                max_units_per_day=Decimal(1),
                default_quantity=Decimal(1),
            )
            db.session.add(local)
            db.session.commit()
            bike = db.session.scalar(select(Action.id).where(Action.slug == "cykel-frem-for-bil"))
            challenge = create_challenge(
                actor=admin,
                data=ChallengeInput(
                    slug="strand-og-cykel",
                    title_da="Strand og cykel",
                    title_en="Beach and bike",
                    description_da="Cykl til stranden, og tag affaldet med hjem.",
                    description_en="Cycle to the beach and take the litter home.",
                    starts_on=today - timedelta(days=10),
                    ends_on=today - timedelta(days=4),
                    action_ids=[bike, local.id],
                    reward_kind="bonus",
                    reward_value=Decimal(5),
                    target_metric="logs",
                    target_value=Decimal(200),
                ),
            )
            case = save_case(
                admin=admin,
                data=CaseInput(
                    kind="challenge",
                    language="da",
                    title="Strand og cykel i Solrød",
                    summary="En uge med cykelture til stranden og strandrensning.",
                    advice="Tag skolerne med.",
                    participants=140,
                    challenge_id=challenge.id,
                ),
            )
            publish_case(admin=admin, case_id=case.id)
        db.session.remove()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_an_admin_browses_the_cases_and_copies_a_challenge(
    page: Any, app: Flask, make_user: Any, viewport: dict[str, int]
) -> None:
    _solroed_publishes_a_challenge_case(app)
    admin = make_user(role="admin", alias="Kommunen Køge")
    page.set_viewport_size(viewport)
    page.goto("/log-ind")
    page.get_by_label("E-mail").fill(admin.email)
    page.get_by_label("Adgangskode").fill(admin.password)
    page.locator("main form button[type=submit]").click()

    page.goto("/admin/cases")
    page.get_by_label("Slags").select_option("challenge")
    page.get_by_role("button", name="Vis").click()
    card = page.locator(".case-list [data-case]")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Solrød Kommune")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)

    card.get_by_role("link", name="Strand og cykel i Solrød").click()
    expect(page.locator("h1")).to_have_text("Strand og cykel i Solrød")
    expect(page.get_by_text("Tag skolerne med.")).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)

    page.get_by_role("link", name="Kopiér udfordringen").click()
    expect(page.locator("[data-missing-actions]")).to_contain_text("Strandrensning ved Solrød Strand")
    expect(page.get_by_label("Titel (dansk)")).to_have_value("Strand og cykel")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.get_by_role("button", name="Opret udfordring").click()

    expect(page.locator(".flash")).to_contain_text("gemt i jeres kommune")
    expect(page.locator("h1")).to_have_text("Strand og cykel")
    assert "/admin/udfordringer/" in page.url
