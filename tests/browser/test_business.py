"""A business on a phone: register, add a solution, request sparring, follow the state."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from playwright.sync_api import expect

from app.db import db


def test_business_registers_adds_a_solution_requests_sparring_and_sees_the_state(
    app: Flask, page: Any
) -> None:
    from app.seed.business import seed_sparring_offers

    with app.app_context():
        seed_sparring_offers()
        db.session.remove()

    page.goto("/virksomhed/registrer")
    page.get_by_label("Arbejdsmail").fill("ejer@groent-firma.dk")
    page.get_by_label("Dit navn").fill("Ejer Hansen")
    page.get_by_label("Adgangskode", exact=True).fill("Solceller-paa-taget-2026")
    page.get_by_label("Gentag adgangskode").fill("Solceller-paa-taget-2026")
    page.get_by_role("button", name="Opret virksomhedskonto").click()
    expect(page).to_have_url(re.compile(r"/virksomhed/ny"))

    page.get_by_label("Virksomhedens navn").fill("Grønt Firma ApS")
    page.get_by_label("CVR-nummer").fill("2990 0575")  # wrong check digit first
    page.get_by_label("Adresse").fill("Torvet 1, 4600 Køge")
    page.get_by_label("Område").select_option(label="Køge Centrum")
    page.get_by_label("Branche").select_option(label="Detailhandel")
    page.get_by_label("Størrelse").select_option(label="1-9 ansatte")
    page.get_by_label("Hjemmeside").fill("groent-firma.dk")
    page.get_by_role("button", name="Registrér virksomhed").click()
    expect(page.locator("#cvr-error")).to_contain_text("ikke et gyldigt CVR-nummer")
    page.get_by_label("CVR-nummer").fill("2990 0574")
    page.get_by_role("button", name="Registrér virksomhed").click()
    expect(page).to_have_url(re.compile(r"/min-virksomhed$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Grønt Firma ApS")

    page.get_by_role("link", name="Tilføj en løsning").click()
    page.get_by_label("Titel").fill("Solceller på taget")
    page.get_by_label("Beskrivelse").fill("Taget dækker en tredjedel af vores strøm.")
    page.get_by_label("Kategori").select_option(label="Energi")
    page.get_by_role("button", name="Gem løsning").click()
    expect(page.locator(".solution-list")).to_contain_text("Solceller på taget")

    page.get_by_role("link", name="Anmod om sparring").filter(visible=True).first.click()
    page.get_by_label("Klimakompasset – gratis CO2-beregner").check()
    page.get_by_label("Emne").fill("Vores første CO2-regnskab")
    page.get_by_label("Hvad vil I gerne have sparring på?").fill("Hvor finder vi tallene?")
    page.get_by_label("Telefon").check()
    page.get_by_role("button", name="Send anmodning").click()
    expect(page).to_have_url(re.compile(r"/sparring/anmodninger/\d+"))
    expect(page.locator(".request-state [data-state]")).to_have_text("Ny")

    page.get_by_role("link", name="Min virksomhed").filter(visible=True).first.click()
    item = page.locator(".request-item").filter(has_text="Vores første CO2-regnskab")
    expect(item.locator("[data-state]")).to_have_text("Ny")

    page.get_by_role("link", name="Se vores offentlige side").click()
    expect(page.locator(".solution-cards")).to_contain_text("Solceller på taget")
    expect(page.locator('a[href="https://groent-firma.dk"]')).to_have_attribute("rel", "nofollow noopener")
