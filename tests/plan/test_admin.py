"""The plan's admin pages (admins only, audited, 4xx and no write on bad input) and the council's
status report (staff and admins): page, PDF and Danish-Excel CSV; another municipality's 404."""

from __future__ import annotations

import csv
import io
import re
import zlib
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.clock import local_date, utcnow
from app.db import db
from app.plan.models import ClimatePlan, PlanAreaTheme, PlanMeasure, PlanTheme
from app.plan.queries import theme_by_slug
from tests.admin.conftest import logged_in
from tests.plan.conftest import log

pytestmark = pytest.mark.usefixtures("koege_plan")

PLAN_FORM = {
    "title": "Køge Kommunes DK2020-klimaplan",
    "baseline_year": "2017",
    "baseline_emissions_t": "567000",
    "baseline_estimate": "y",
    "baseline_note_da": (
        "Skøn: 238.000 t fra transport var 42 % af den samlede udledning i 2017"
        " (Køge Kommune: DK2020 Klimaplan – Mobilitet), altså ca. 567.000 t."
    ),
    "baseline_note_en": "Estimate",
    "target_2030_pct": "46",
    "neutral_year": "2050",
    "national_2030_pct": "70",
    "citizen_target_mode": "derived",
    "citizen_share_pct": "0,3",
    "source_label": "Køge Kommune",
    "source_url": "https://groenomstilling.koege.dk",
}


def _theme_id(app: Flask, slug: str) -> int:
    with app.app_context():
        theme = theme_by_slug(slug)
        assert theme is not None
        return theme.id


@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("staff", 403), ("citizen", 403)])
def test_only_admins_edit_the_plan(app: Flask, make_user: Any, role: str, status: int) -> None:
    client = logged_in(app, make_user(role=role))
    theme_id = _theme_id(app, "mobilitet")
    for url in ("/admin/klimaplan", f"/admin/klimaplan/tema/{theme_id}", "/admin/klimaplan/tema/ny"):
        assert client.get(url).status_code == status, url
    assert client.post("/admin/klimaplan", data=PLAN_FORM).status_code in (status if status != 200 else 303,)


def test_anonymous_is_sent_to_log_in(client: Any) -> None:
    assert client.get("/admin/klimaplan").status_code in (302, 303, 401)
    assert client.get("/admin/rapport/2026").status_code in (302, 303, 401)


def test_saving_the_plan_is_audited_and_derives_the_target(app: Flask, make_user: Any) -> None:
    client = logged_in(app, make_user(role="admin"))
    assert client.post("/admin/klimaplan", data=PLAN_FORM).status_code == 303
    page = client.get("/admin/klimaplan").get_data(as_text=True)
    assert "60.189" in page  # the derived target, written on the page
    with app.app_context():
        plan = db.session.scalars(select(ClimatePlan)).one()
        assert plan.citizen_target_mode == "derived"
        [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.object_type == "climate_plan")).all()
        assert entry.after["citizen_target_mode"] == "derived"
        assert entry.before["citizen_target_mode"] == "typed"
        assert "citizen_share_pct" not in entry.after  # 0.3 both times: only changes are recorded


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"baseline_emissions_t": ""}, "citizen_target_mode"),  # derived needs a baseline
        ({"target_2030_pct": "146"}, "target_2030_pct"),
        ({"source_url": "javascript:alert(1)"}, "source_url"),
        ({"citizen_share_pct": "abc"}, "citizen_share_pct"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_plan_input_is_422_next_to_the_field_and_writes_nothing(
    app: Flask, make_user: Any, change: dict[str, str], field: str
) -> None:
    client = logged_in(app, make_user(role="admin"))
    response = client.post("/admin/klimaplan", data={**PLAN_FORM, **change})
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    with app.app_context():
        plan = db.session.scalars(select(ClimatePlan)).one()
        assert plan.citizen_target_mode == "typed"
        assert (
            db.session.scalar(select(AuditEntry.id).where(AuditEntry.object_type == "climate_plan")) is None
        )


def test_a_theme_takes_plan_areas_from_another(app: Flask, make_user: Any) -> None:
    client = logged_in(app, make_user(role="admin"))
    mobility = _theme_id(app, "mobilitet")
    form = {
        "name_da": "Mobilitet",
        "name_en": "Mobility",
        "sort_order": "3",
        "plan_areas": ["mobility", "food"],
    }
    assert client.post(f"/admin/klimaplan/tema/{mobility}", data=form).status_code == 303
    with app.app_context():
        rows = dict(db.session.execute(select(PlanAreaTheme.plan_area, PlanAreaTheme.theme_id)).all())
        assert rows["food"] == mobility
        assert rows["consumption"] != mobility  # Forbrug keeps its other area
        assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.object_type == "plan_theme"))
    bad = client.post(f"/admin/klimaplan/tema/{mobility}", data={**form, "plan_areas": ["space"]})
    assert bad.status_code == 422


def test_new_theme_and_measures(app: Flask, make_user: Any) -> None:
    client = logged_in(app, make_user(role="admin"))
    created = client.post(
        "/admin/klimaplan/tema/ny", data={"name_da": "Natur", "name_en": "Nature", "sort_order": "9"}
    )
    assert created.status_code == 303
    with app.app_context():
        theme = db.session.scalars(select(PlanTheme).where(PlanTheme.slug == "natur")).one()
        theme_id = theme.id
    measure = {"code": "NAT-1", "title_da": "Mere skov", "title_en": "More forest", "source": "Planen"}
    assert client.post(f"/admin/klimaplan/tema/{theme_id}/tiltag/ny", data=measure).status_code == 303
    duplicate = client.post(f"/admin/klimaplan/tema/{theme_id}/tiltag/ny", data={**measure, "code": "MOB-1"})
    assert duplicate.status_code == 422
    with app.app_context():
        saved = db.session.scalars(select(PlanMeasure).where(PlanMeasure.code == "NAT-1")).one()
        measure_id = saved.id
        assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.object_type == "plan_measure"))
    edit = client.post(
        f"/admin/klimaplan/tema/{theme_id}/tiltag/{measure_id}", data={**measure, "title_da": "Skov"}
    )
    assert edit.status_code == 303
    other = _theme_id(app, "el")
    assert client.get(f"/admin/klimaplan/tema/{other}/tiltag/{measure_id}").status_code == 404
    assert client.get("/admin/klimaplan/tema/999999").status_code == 404


def _year() -> int:
    return local_date(utcnow()).year


def test_report_page_for_staff_with_each_theme(app: Flask, make_user: Any) -> None:
    citizen = make_user(neighbourhood="ejby")
    log(app, citizen, "cykel-frem-for-bil", "10", "report-0001")
    client = logged_in(app, make_user(role="staff"))
    assert f'href="/admin/rapport/{_year()}"' in client.get("/admin").get_data(as_text=True)  # in the nav
    page = client.get(f"/admin/rapport/{_year()}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Køge Kommune" in html
    assert 'data-theme="mobilitet"' in html
    assert f"/admin/rapport/{_year()}.pdf" in html
    assert client.get("/admin/rapport/1999").status_code == 404
    citizen_client = logged_in(app, make_user())
    assert citizen_client.get(f"/admin/rapport/{_year()}").status_code == 403


def _pdf_titles(pdf: bytes) -> list[str]:
    """The titles in the PDF's (Flate-compressed) object streams, UTF-16 hex: the document's
    and its bookmarks' (the headings)."""
    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        for title in re.finditer(rb"/Title <feff([0-9a-f]+)>", data):
            found.append(bytes.fromhex(title.group(1).decode()).decode("utf-16-be"))
    return found


def test_report_pdf_starts_with_the_magic_and_names_the_municipality(app: Flask, make_user: Any) -> None:
    client = logged_in(app, make_user(role="admin"))
    response = client.get(f"/admin/rapport/{_year()}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    pdf = response.data
    assert pdf.startswith(b"%PDF")
    titles = _pdf_titles(pdf)
    assert any("Køge Kommune" in title for title in titles), titles  # the document's title
    assert "Mål" in titles  # a heading as a bookmark, in Danish (the default language)


def test_report_csv_is_danish_excel(app: Flask, make_user: Any) -> None:
    citizen = make_user(neighbourhood="ejby")
    log(app, citizen, "cykel-frem-for-bil", "10", "report-0002")  # 1.41 kg
    client = logged_in(app, make_user(role="admin"))
    response = client.get(f"/admin/rapport/{_year()}.csv")
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    by_theme = {row[0]: row for row in rows[1:]}
    assert by_theme["Mobilitet"][1] == "1"  # one participant
    assert by_theme["Mobilitet"][3] == "1,4"  # kg with a decimal comma
    assert len(rows[0]) == len(by_theme["Mobilitet"])


def test_solroed_has_no_report_and_cannot_reach_koeges_themes(app: Flask, make_user: Any) -> None:
    from app.accounts.models import Role
    from app.accounts.services import register_user
    from app.tenancy.context import in_municipality
    from app.tenancy.services import create_municipality
    from tests.conftest import PASSWORD

    koege_theme = _theme_id(app, "mobilitet")
    with app.app_context():
        solroed = create_municipality(slug="solroed", name="Solrød Kommune", inhabitants=23700)
        db.session.commit()
        with in_municipality(solroed.id):
            from app.neighbourhoods.models import Neighbourhood

            area = Neighbourhood(slug="strand", name="Solrød Strand", population=15941)
            db.session.add(area)
            db.session.commit()
            register_user(
                email="admin@solrod.dk",
                password=PASSWORD,
                alias="Solrød",
                role=Role.ADMIN,
                neighbourhood_id=area.id,
            )
        db.session.remove()
    client = app.test_client()
    client.post(
        "/log-ind",
        data={"email": "admin@solrod.dk", "password": PASSWORD},
        base_url="http://solroed.localhost",
    )
    base = "http://solroed.localhost"
    assert client.get("/admin/klimaplan", base_url=base).status_code == 200  # no plan yet: the empty form
    assert client.get(f"/admin/klimaplan/tema/{koege_theme}", base_url=base).status_code == 404
    assert client.get(f"/admin/rapport/{_year()}", base_url=base).status_code == 404
    posted = client.post(
        f"/admin/klimaplan/tema/{koege_theme}", data={"name_da": "X", "name_en": "X"}, base_url=base
    )
    assert posted.status_code == 404


def test_an_offer_gets_a_plan_area_and_shows_under_its_theme(app: Flask, make_user: Any) -> None:
    client = logged_in(app, make_user(role="admin"))
    offer = {
        "title": "Solcelletjek for virksomheder",
        "provider": "Køge Kommune",
        "description": "Gratis gennemgang af taget.",
        "cost": "free",
        "scope": "local",
        "url": "https://groenomstilling.koege.dk",
        "source": "",
        "plan_area": "electricity",
    }
    assert client.post("/admin/sparring/tilbud/ny", data={**offer, "plan_area": "moon"}).status_code == 422
    assert client.post("/admin/sparring/tilbud/ny", data=offer).status_code == 303
    html = client.get("/faelles-maal").get_data(as_text=True)
    electricity = html.split('data-theme="el"')[1].split("</article>")[0]
    assert "Solcelletjek for virksomheder" in electricity
