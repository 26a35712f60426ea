"""An administrator voids a cheated log on a laptop, and the public leaderboard changes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Flask
from playwright.sync_api import expect

from app.accounts.models import User
from app.actions.models import Action
from app.actions.services import log_action
from app.clock import local_date, utcnow
from app.db import db

LAPTOP = {"width": 1366, "height": 900}


def _log(app: Flask, person: Any, km: str, key: str) -> int:
    with app.app_context():
        action = db.session.scalar(db.select(Action).where(Action.slug == "cykel-frem-for-bil"))
        entry = log_action(
            user=db.session.get(User, person.id),
            action=action,
            quantity=Decimal(km),
            occurred_on=local_date(utcnow()),
            idempotency_key=key,
        ).entry
        entry_id = entry.id
        db.session.remove()
    return entry_id


def test_admin_voids_a_log_and_the_leaderboard_changes(page: Any, app: Flask, make_user: Any) -> None:
    honest = make_user(neighbourhood="borup", alias="Ærlig Anna")
    cheater = make_user(neighbourhood="borup", alias="Snyde Sune")
    admin = make_user(role="admin", alias="Kommunen Browser")
    _log(app, honest, "5", "browser-honest-1")  # 10 points
    cheat_id = _log(app, cheater, "60", "browser-cheat-1")  # 120 points

    page.set_viewport_size(LAPTOP)
    page.goto("/resultater")
    points = page.locator("tr[data-area=borup] [data-col=points]")
    expect(points).to_have_text("130")

    page.goto("/log-ind")
    page.get_by_label("E-mail").fill(admin.email)
    page.get_by_label("Adgangskode").fill(admin.password)
    page.locator("main form button[type=submit]").click()
    page.goto(f"/admin/brugere/{cheater.id}")
    row = page.locator(f"#log-{cheat_id}")
    row.get_by_label("Begrundelse for annullering").fill("60 km på 3 minutter: bil, ikke cykel")
    row.get_by_role("button", name="Annullér").click()
    expect(page.locator(f"#log-{cheat_id}")).to_contain_text("60 km på 3 minutter")
    expect(page.locator(f"#log-{cheat_id} button")).to_have_count(0)

    page.goto("/resultater")
    expect(page.locator("tr[data-area=borup] [data-col=points]")).to_have_text("10")
    page.goto("/admin")
    expect(page.locator("#admin-board tr[data-area=borup] [data-col=points]")).to_have_text("10")
    expect(page.locator("#admin-board tr[data-area=borup] [data-col=participants]")).to_have_text("1")
