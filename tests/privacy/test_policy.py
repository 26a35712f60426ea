"""The privacy page: controller, legal basis, retention from config, rights; linked everywhere."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient


def test_policy_page_in_danish_names_controller_basis_retention_and_rights(client: FlaskClient) -> None:
    page = client.get("/privatlivspolitik")
    assert page.status_code == 200
    text = page.text
    for expected in (
        "Køge Kommune",
        "Torvet 1, 4600 Køge",
        "databeskyttelsesraadgiver@koege.dk",
        "6(1)(e)",
        "Datatilsynet",
        "30 dage",
        "Indsigt",
        "Sletning",
        "dataportabilitet",
        "action_logs",
    ):
        assert expected in text, expected


def test_policy_page_follows_the_configured_controller_and_periods(make_app: Any) -> None:
    app: Flask = make_app(DATA_CONTROLLER_NAME="Roskilde Kommune", OUTBOX_RETENTION_DAYS=14)
    text = app.test_client().get("/privatlivspolitik").text
    assert "Roskilde Kommune" in text
    assert "14 dage" in text


def test_policy_page_in_english(client: FlaskClient) -> None:
    client.post("/sprog", data={"lang": "en"})
    page = client.get("/privatlivspolitik")
    assert page.status_code == 200
    for expected in (
        "Privacy policy",
        "Data controller",
        "public interest",
        "30 days",
        "Danish Data Protection Agency",
    ):
        assert expected in page.text, expected


def test_footer_and_registration_forms_link_the_policy(client: FlaskClient, reference_data: None) -> None:
    for url in ("/", "/registrer", "/virksomhed/registrer"):
        assert 'href="/privatlivspolitik"' in client.get(url).text, url
