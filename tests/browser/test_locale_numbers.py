"""An administrator types Danish decimal commas into the new-action form in a real browser."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Flask
from playwright.sync_api import expect

from app.actions.models import Action
from app.db import db

LAPTOP = {"width": 1366, "height": 900}


def test_danish_decimal_commas_are_saved_as_typed(page: Any, app: Flask, make_user: Any) -> None:
    admin = make_user(role="admin", alias="Kommunen Komma")
    page.set_viewport_size(LAPTOP)
    page.goto("/log-ind")
    page.get_by_label("E-mail").fill(admin.email)
    page.get_by_label("Adgangskode").fill(admin.password)
    page.locator("main form button[type=submit]").click()

    page.goto("/admin/handlinger/ny")
    page.get_by_label("Navn (dansk)").fill("Tog toget til arbejde")
    page.get_by_label("Navn (engelsk)").fill("Took the train to work")
    page.locator("#category").select_option("transport")
    page.get_by_label("Enhed (dansk)").fill("km")
    page.get_by_label("Enhed (engelsk)").fill("km")
    page.locator("#points_per_unit").fill("1")
    # Typed key by key, as a person does: a type=number input dropped the comma here.
    page.locator("#max_units_per_day").press_sequentially("30,5")
    page.locator("#default_quantity").press_sequentially("2,5")
    page.locator("#co2e_kg_per_unit").press_sequentially("0,141")
    page.locator("#source_da").fill("Aarhus Universitet, Grøn guide: bil 141 g/km")
    page.locator("#source_en").fill("Aarhus Universitet, Grøn guide: car 141 g/km")
    page.locator("main form.stack-form button[type=submit]").click()
    expect(page.locator("h1")).not_to_have_text("Ny handling")

    with app.app_context():
        created = db.session.scalar(db.select(Action).where(Action.slug == "tog-toget-til-arbejde"))
        assert created is not None
        assert created.max_units_per_day == Decimal("30.5")
        assert created.default_quantity == Decimal("2.5")
        assert created.co2e_kg_per_unit == Decimal("0.141")
        action_id = created.id
        db.session.remove()
    page.goto(f"/admin/handlinger/{action_id}")
    expect(page.locator("#max_units_per_day")).to_have_value("30,5")
    expect(page.locator("#co2e_kg_per_unit")).to_have_value("0,141")
