"""The public catalogue and page, the API, the vision page and the yearly report."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.partnerships.conftest import KOEGE, SOLROED, World, client_at, make_partnership

pytestmark = pytest.mark.usefixtures("frozen_day")


def test_public_catalogue_filters_and_htmx_partial(app: Flask, world: World) -> None:
    make_partnership(app, world, title="Cykelpendling i Køge")
    make_partnership(app, world, title="Skjult forsøg", published=False)
    make_partnership(app, world, title="Afsluttet samarbejde", status="completed")
    visitor = client_at(app, KOEGE)
    page = visitor.get("/partnerskaber")
    assert page.status_code == 200
    assert "Cykelpendling i Køge" in page.text
    assert "Skjult forsøg" not in page.text
    assert "public" in page.headers["Cache-Control"]
    running = visitor.get("/partnerskaber?status=running")
    assert "Cykelpendling i Køge" in running.text
    assert "Afsluttet samarbejde" not in running.text
    assert "Cykelpendling i Køge" not in visitor.get("/partnerskaber?tema=landbrug").text
    assert "Cykelpendling i Køge" in visitor.get(f"/partnerskaber?tema={world.theme_slug}").text
    assert visitor.get("/partnerskaber?status=bogus").status_code == 422
    partial = visitor.get("/partnerskaber?status=running", headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<div id="partnership-list"')
    english = visitor.get("/partnerskaber", headers={"Accept-Language": "en"})
    assert "Climate partnerships" in english.text or "Klimapartnerskaber" in english.text


def test_public_page_shows_kl_sections_partners_and_a_chart(app: Flask, world: World) -> None:
    _, slug, _ = make_partnership(app, world)
    page = client_at(app, KOEGE).get(f"/partnerskaber/{slug}")
    assert page.status_code == 200
    for text in ("Sådan opstod det", "Det gør partnerskabet", "Råd til andre", "Mobilitetskonsulent"):
        assert text in page.text
    assert f'href="/virksomheder/{world.company.slug}"' in page.text or world.company.slug in page.text
    assert "Køge Forsyning" in page.text
    assert 'role="img"' in page.text
    assert "<title" in page.text
    assert page.text.count("data-check-in=") == 3
    assert "public" in page.headers["Cache-Control"]
    assert client_at(app, KOEGE).get("/partnerskaber/findes-ikke").status_code == 404


def test_unpublished_is_hidden_everywhere_public(app: Flask, world: World) -> None:
    _, slug, _ = make_partnership(app, world, published=False)
    visitor = client_at(app, KOEGE)
    assert visitor.get(f"/partnerskaber/{slug}").status_code == 404
    assert visitor.get(f"/api/v1/partnerships/{slug}").status_code == 404
    assert visitor.get("/api/v1/partnerships").get_json()["items"] == []


def test_api_lists_and_details_published_partnerships(app: Flask, world: World) -> None:
    _, slug, _ = make_partnership(app, world)
    api = client_at(app, KOEGE)
    listing = api.get("/api/v1/partnerships")
    assert listing.status_code == 200
    items = listing.get_json()["items"]
    assert [i["slug"] for i in items] == [slug]
    assert items[0]["theme"]["slug"] == world.theme_slug
    assert {p["name"] for p in items[0]["partners"]} == {"Alfa Bageri", "Køge Forsyning"}
    detail = api.get(f"/api/v1/partnerships/{slug}").get_json()
    assert detail["status"] == "running"
    kpi = detail["kpis"][0]
    assert [c["value"] for c in kpi["check_ins"]] == ["10.00", "12.00", "15.00"]
    assert kpi["overdue"] is False
    assert kpi["target"] == "40.00"
    assert api.get("/api/v1/partnerships?status=idea").get_json()["items"] == []
    assert api.get("/api/v1/partnerships?status=bogus").status_code == 422
    # another municipality's API does not list Køge's
    assert client_at(app, SOLROED).get("/api/v1/partnerships").get_json()["items"] == []
    assert client_at(app, SOLROED).get(f"/api/v1/partnerships/{slug}").status_code == 404
    spec = api.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/partnerships/{partnership_slug}" in spec["paths"]


def test_vision_page_and_report_include_partnerships(app: Flask, world: World) -> None:
    make_partnership(app, world, title="Cykelpendling i Køge")
    make_partnership(app, world, title="Kun en idé", status="idea")
    vision = client_at(app, KOEGE).get("/faelles-maal")
    assert vision.status_code == 200
    assert "Cykelpendling i Køge" in vision.text
    assert "Kun en idé" not in vision.text
    admin = client_at(app, KOEGE, world.admin)
    from app.clock import local_date, utcnow

    year = local_date(utcnow()).year
    report = admin.get(f"/admin/rapport/{year}")
    assert report.status_code == 200
    assert "Cykelpendling i Køge" in report.text
    pdf = admin.get(f"/admin/rapport/{year}.pdf")  # the same body as the page, printed
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    csv = admin.get(f"/admin/rapport/{year}.csv")
    assert csv.status_code == 200
    text = csv.data.decode("utf-8-sig")
    header, *rows = text.splitlines()
    assert "Klimapartnerskaber" in header or "partnerskaber" in header.lower()
    mobility = next(r for r in rows if r.startswith("Mobilitet"))
    column = header.split(";").index(next(h for h in header.split(";") if "artnerskab" in h))
    assert mobility.split(";")[column] == "1"
