"""A citizen on a phone joins a challenge, logs, and sees the progress, the badge toast and the
streak."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import User
from app.actions.models import Action
from app.challenges.services import ChallengeInput, create_challenge
from app.clock import local_date, utcnow
from app.db import db


def _running_challenge(app: Flask, make_user: Any) -> None:
    admin = make_user(role="admin")
    with app.app_context():
        today = local_date(utcnow())
        bike = db.session.scalar(select(Action.id).where(Action.slug == "cykel-frem-for-bil"))
        create_challenge(
            actor=db.session.get(User, admin.id),
            data=ChallengeInput(
                slug="cykeluge",
                title_da="Cykeluge",
                title_en="Cycling week",
                description_da="Tag cyklen i stedet for bilen.",
                description_en="Cycle instead.",
                starts_on=today - timedelta(days=1),
                ends_on=today + timedelta(days=5),
                action_ids=[bike],
                reward_kind="bonus",
                reward_value=Decimal(5),
                target_metric="quantity",
                target_value=Decimal(50),
            ),
        )
        db.session.remove()


def test_join_a_challenge_log_and_see_progress_toast_and_streak(
    page: Any, app: Flask, make_user: Any
) -> None:
    _running_challenge(app, make_user)
    citizen = make_user(neighbourhood="borup", alias="Cykel-Karen")

    page.goto("/log-ind")
    page.get_by_label("E-mail").fill(citizen.email)
    page.get_by_label("Adgangskode").fill(citizen.password)
    page.get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(re.compile(r"/hjem"))
    page.wait_for_load_state()  # the stylesheet decides which of the nav links is shown

    # Join from the challenge page: htmx swaps the join box in place.
    page.get_by_role("link", name="Udfordringer").filter(visible=True).first.click()
    page.get_by_role("link", name="Cykeluge").click()
    expect(page.locator("[data-progress=cykeluge]")).to_contain_text("0 af 50 km")
    page.get_by_role("button", name="Deltag i udfordringen").click()
    expect(page.locator("[data-joined]")).to_contain_text("Du deltager")

    # Log 5 km of cycling: the first badge and the challenge bonus are celebrated in a toast.
    page.get_by_role("link", name="Registrér en handling").click()
    expect(page).to_have_url(re.compile(r"/hjem"))
    page.get_by_text("Cyklede i stedet for at tage bilen").click()
    page.locator("#action-cykel-frem-for-bil").get_by_role("button", name="Bekræft").click()
    toasts = page.locator("#toasts .toast")
    expect(toasts.filter(has_text="Nyt mærke: Første skridt!")).to_be_visible()
    expect(toasts.filter(has_text="+5 bonuspoint")).to_be_visible()
    expect(page.locator("[data-stat=today]")).to_contain_text("15")  # 10 points + 5 bonus
    expect(page.locator("#my-stats [data-stat=streak]")).to_contain_text("Stime: 1 dag")

    # The challenge's progress bar and area ranking have moved.
    page.goto("/udfordringer/cykeluge")
    expect(page.locator("[data-progress=cykeluge]")).to_contain_text("5 af 50 km")
    expect(page.locator("[data-progress=cykeluge] [role=progressbar]")).to_have_attribute(
        "aria-valuenow", "10"
    )
    expect(page.locator("[data-mine]")).to_contain_text("15 point")

    # My impact shows the streak and the rule behind it, and the earned badge.
    page.get_by_role("link", name="Min indsats").filter(visible=True).first.click()
    expect(page.locator("[data-stat=streak]")).to_contain_text("1 dag")
    expect(page.get_by_role("heading", name="Sådan virker stimen")).to_be_visible()
    expect(page.locator("[data-badge=first-log]")).to_have_class(re.compile("earned"))
