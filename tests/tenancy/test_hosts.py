"""The host names the municipality: subdomain, custom domain, the bare platform host, others 404."""

from __future__ import annotations

from flask import Flask

from app import create_app
from app.db import db
from tests.tenancy.conftest import Town


def _area_page(app: Flask, host: str) -> tuple[int, str]:
    response = app.test_client().get("/resultater/centrum", base_url=host)
    return response.status_code, response.text


def test_a_subdomain_serves_its_municipality(app: Flask, towns: tuple[Town, Town]) -> None:
    koege, solroed = towns
    for town, other in ((koege, solroed), (solroed, koege)):
        status, body = _area_page(app, town.host)
        assert status == 200
        assert town.area_name in body
        assert other.area_name not in body


def test_the_port_does_not_matter_and_case_neither(app: Flask, towns: tuple[Town, Town]) -> None:
    status, body = _area_page(app, "http://Solroed.Localhost:5000")
    assert status == 200
    assert "Solrød Strand" in body


def test_a_custom_host_name_serves_its_municipality(app: Flask, towns: tuple[Town, Town]) -> None:
    from app.tenancy.models import Municipality

    with app.app_context():
        db.session.get(Municipality, towns[1].municipality_id).host_name = "klima.solroed.dk"
        db.session.commit()
    status, body = _area_page(app, "https://klima.solroed.dk")
    assert status == 200
    assert "Solrød Strand" in body


def test_the_bare_host_serves_the_default_municipality(app: Flask, towns: tuple[Town, Town]) -> None:
    status, body = _area_page(app, "http://localhost")
    assert status == 200
    assert "Køge Midtby" in body
    # PUBLIC_BASE_URL's host is the bare host too: the links in mails land there
    status, body = _area_page(app, "http://127.0.0.1:5000")
    assert status == 200
    assert "Køge Midtby" in body


def test_without_a_default_the_bare_host_shows_the_national_page(
    database_url: str, app: Flask, towns: tuple[Town, Town]
) -> None:
    national = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url, "DEFAULT_MUNICIPALITY": ""})
    client = national.test_client()
    page = client.get("/", base_url="http://localhost:5000")
    assert page.status_code == 200
    assert 'href="http://koege.localhost:5000/"' in page.text
    assert 'href="http://solroed.localhost:5000/"' in page.text
    assert "Solrød Kommune" in page.text
    # no municipality's pages at the platform's own address
    assert client.get("/resultater/centrum", base_url="http://localhost:5000").status_code == 404
    assert client.get("/api/v1/neighbourhoods", base_url="http://localhost:5000").status_code == 404
    assert client.get("/healthz", base_url="http://localhost:5000").status_code == 200
    assert "Hver kommune har sin egen adresse" in page.text  # Danish by default, English by the switch
    assert "Sådan klarer kommunerne sig" in page.text  # with the comparison (app/platform)
    client.set_cookie("klimadyst_lang", "en", domain="localhost")
    english = client.get("/", base_url="http://localhost").text
    assert "Each municipality has its own address" in english
    assert "How the municipalities compare" in english
    # the subdomains work as before
    assert client.get("/resultater/centrum", base_url="http://solroed.localhost").status_code == 200
    with national.app_context():
        db.engine.dispose()


def test_an_unknown_host_is_a_404_but_files_and_probes_answer(app: Flask, towns: tuple[Town, Town]) -> None:
    client = app.test_client()
    for host in ("http://evil.example", "http://roskilde.localhost", "http://a.b.localhost"):
        assert client.get("/", base_url=host).status_code == 404
        assert client.get("/resultater/centrum", base_url=host).status_code == 404
        assert client.get("/api/v1/neighbourhoods", base_url=host).status_code == 404
    assert client.get("/healthz", base_url="http://evil.example").status_code == 200
    css = client.get("/static/css/app.css", base_url="http://evil.example")
    assert css.status_code == 200
    css.close()


def test_an_inactive_municipality_is_not_served(app: Flask, towns: tuple[Town, Town]) -> None:
    from app.tenancy.models import Municipality

    with app.app_context():
        db.session.get(Municipality, towns[1].municipality_id).active = False
        db.session.commit()
    assert _area_page(app, towns[1].host)[0] == 404


def test_production_trusts_the_platform_domain_and_its_subdomains(
    database_url: str, app: Flask, towns: tuple[Town, Town]
) -> None:
    production = create_app(
        "production",
        {
            "SECRET_KEY": "s" * 48,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SINGLE_PROCESS": True,
            "PUBLIC_BASE_URL": "https://klimadyst.dk",
            "PLATFORM_DOMAIN": "klimadyst.dk",
        },
    )
    client = production.test_client()
    assert client.get("/om", base_url="https://klimadyst.dk").status_code == 200  # Køge, the default
    solroed = client.get("/resultater/centrum", base_url="https://solroed.klimadyst.dk")
    assert solroed.status_code == 200
    assert "Solrød Strand" in solroed.text
    assert client.get("/om", base_url="https://klimadyst.evil").status_code == 400  # Flask's host check
    with production.app_context():
        db.engine.dispose()


def test_mail_links_point_at_the_municipality_of_the_mail(app: Flask, towns: tuple[Town, Town]) -> None:
    from app.outbox.services import absolute_url
    from app.tenancy.context import in_municipality
    from app.tenancy.models import Municipality

    koege, solroed = towns
    with app.app_context():
        with in_municipality(koege.municipality_id):
            assert absolute_url("web.about") == "http://127.0.0.1:5000/om"  # the default: PUBLIC_BASE_URL
        with in_municipality(solroed.municipality_id):
            assert absolute_url("web.about") == "http://solroed.localhost:5000/om"
            db.session.get(Municipality, solroed.municipality_id).host_name = "klima.solroed.dk"
            db.session.commit()
            assert absolute_url("web.about") == "http://klima.solroed.dk/om"
        db.session.remove()


def test_a_reset_link_mailed_at_solroed_works_at_solroed(app: Flask, towns: tuple[Town, Town]) -> None:
    from sqlalchemy import select

    from app.outbox.models import OutboxMessage
    from app.tenancy.context import platform_scope

    solroed = towns[1]
    client = app.test_client()
    client.post("/glemt-adgangskode", base_url=solroed.host, data={"email": solroed.citizen.email})
    with app.app_context(), platform_scope():
        body = db.session.scalar(select(OutboxMessage.body).where(OutboxMessage.kind == "password_reset"))
        db.session.remove()
    assert body is not None
    link = next(word for word in body.split() if word.startswith("http"))
    assert link.startswith("http://solroed.localhost:5000/adgangskode/nulstil/")
    assert client.get(link).status_code == 200


def test_the_host_is_looked_up_once_per_host_cache_seconds(app: Flask, towns: tuple[Town, Town]) -> None:
    """With HOST_CACHE_SECONDS on, a request asks no query for its host name; a municipality
    that changes is seen at once by the process that changed it (forget_hosts) and after the
    TTL by the others."""
    from sqlalchemy import event

    from app.tenancy.hosts import forget_hosts
    from app.tenancy.models import Municipality

    app.config["HOST_CACHE_SECONDS"] = 30
    forget_hosts()
    _, solroed = towns
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    assert _area_page(app, solroed.host)[0] == 200  # fills the table
    assert _area_page(app, "http://ukendt.localhost")[0] == 404
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert _area_page(app, solroed.host)[0] == 200
        assert _area_page(app, "http://ukendt.localhost")[0] == 404
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", count)
    assert not [s for s in statements if "WHERE municipalities.active" in s], statements
    # Closed in the database by someone else: this process still serves it until the TTL ...
    with app.app_context():
        db.session.get(Municipality, solroed.municipality_id).active = False
        db.session.commit()
    assert _area_page(app, solroed.host)[0] == 200
    # ... and no longer once the table is forgotten (what the platform's own write does).
    forget_hosts()
    assert _area_page(app, solroed.host)[0] == 404
    forget_hosts()
