"""Reads see one municipality; a citizen's session and token work only at their own host."""

from __future__ import annotations

from flask import Flask

from tests.api.conftest import issue
from tests.conftest import login
from tests.tenancy.conftest import Town


def test_each_host_reads_only_its_own_rows_by_slug_and_in_lists(app: Flask, towns: tuple[Town, Town]) -> None:
    client = app.test_client()
    for town, other in (towns, towns[::-1]):
        company = client.get("/virksomheder/groen-test", base_url=town.host)
        assert company.status_code == 200
        assert town.company_name in company.text
        assert other.company_name not in company.text
        board = client.get("/resultater", base_url=town.host)
        assert town.area_name in board.text
        assert other.area_name not in board.text
        directory = client.get("/virksomheder", base_url=town.host)
        assert town.company_name in directory.text
        assert other.company_name not in directory.text
        areas = client.get("/api/v1/neighbourhoods", base_url=town.host).get_json()
        names = {item["name"] for item in (areas["items"] if isinstance(areas, dict) else areas)}
        assert town.area_name in names
        assert other.area_name not in names


def test_a_koege_area_is_not_found_at_solroed_by_its_own_slug(app: Flask, towns: tuple[Town, Town]) -> None:
    client = app.test_client()
    assert client.get("/resultater/herfoelge", base_url=towns[0].host).status_code == 200
    assert client.get("/resultater/herfoelge", base_url=towns[1].host).status_code == 404


def test_a_login_at_one_host_is_no_login_at_another(app: Flask, towns: tuple[Town, Town]) -> None:
    koege, solroed = towns
    client = app.test_client()
    response = client.post(
        "/log-ind",
        base_url=koege.host,
        data={"email": koege.citizen.email, "password": koege.citizen.password},
    )
    assert response.status_code == 303
    assert client.get("/konto", base_url=koege.host).status_code == 200
    # the browser would not send the cookie to solroed.localhost (host-only); send it anyway
    cookie = client.get_cookie("session", domain="koege.localhost")
    assert cookie is not None
    client.set_cookie("session", cookie.value, domain="solroed.localhost")
    at_solroed = client.get("/konto", base_url=solroed.host)
    assert at_solroed.status_code in {302, 303}
    assert "/log-ind" in at_solroed.headers["Location"]


def test_the_same_email_logs_in_to_each_municipality_as_its_own_account(
    app: Flask, towns: tuple[Town, Town]
) -> None:
    for town in towns:
        client = app.test_client()
        login_response = client.post(
            "/log-ind",
            base_url=town.host,
            data={"email": town.citizen.email, "password": town.citizen.password},
        )
        assert login_response.status_code == 303
        page = client.get("/konto", base_url=town.host)
        assert town.area_name in page.text


def test_an_api_token_works_only_at_its_own_host(app: Flask, towns: tuple[Town, Town]) -> None:
    koege, solroed = towns
    client = app.test_client(use_cookies=False)
    token = client.post(
        "/api/v1/tokens",
        base_url=solroed.host,
        json={"email": solroed.citizen.email, "password": solroed.citizen.password, "name": "phone"},
    ).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    me = client.get("/api/v1/me", base_url=solroed.host, headers=headers)
    assert me.status_code == 200
    refused = client.get("/api/v1/me", base_url=koege.host, headers=headers)
    assert refused.status_code == 401
    assert refused.get_json()["code"] == "token_invalid"
    # and a Køge token at Solrød
    koege_token = issue(app, koege.citizen)
    koege_headers = {"Authorization": f"Bearer {koege_token}"}
    assert client.get("/api/v1/me", base_url=solroed.host, headers=koege_headers).status_code == 401


def test_login_helper_still_logs_in_at_the_default_host(app: Flask, towns: tuple[Town, Town]) -> None:
    client = app.test_client()
    login(client, towns[0].citizen)
    assert client.get("/konto").status_code == 200
