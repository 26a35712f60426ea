"""The admin side: writing a partnership, partners, KPIs, check-ins, status and publishing;
who may do what; sparring -> partnership; the dashboard's overdue list; the other municipalities."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.clock import local_date, utcnow
from app.db import db
from app.tenancy.context import platform_scope
from tests.conftest import Person, login
from tests.partnerships.conftest import (
    KOEGE,
    SOLROED,
    World,
    client_at,
    completed_request,
    make_partnership,
    partnership_form,
)

pytestmark = pytest.mark.usefixtures("frozen_day")


def _count(app: Flask, model_name: str) -> int:
    from app.partnerships import models

    model = getattr(models, model_name)
    with app.app_context(), platform_scope():
        n = db.session.scalar(select(func.count()).select_from(model)) or 0
        db.session.remove()
    return int(n)


def _new(client: Any, **overrides: Any) -> int:
    response = client.post("/admin/partnerskaber/ny", data=partnership_form(**overrides))
    assert response.status_code == 303, response.text
    match = re.search(r"/admin/partnerskaber/(\d+)$", response.headers["Location"])
    assert match
    return int(match.group(1))


def _today() -> str:
    return local_date(utcnow()).isoformat()


def test_admin_writes_a_partnership_with_partners_kpis_and_check_ins(app: Flask, world: World) -> None:
    admin = client_at(app, KOEGE, world.admin)
    pid = _new(admin, theme_id=str(world.theme_id), start_date="2026-01-01")
    page = admin.get(f"/admin/partnerskaber/{pid}")
    assert page.status_code == 200
    assert "Cykelpendling i Køge" in page.text
    assert "Idé" in page.text  # a new one is an idea

    assert (
        admin.post(
            f"/admin/partnerskaber/{pid}/partnere",
            data={"company_id": str(world.company.id), "organisation": "", "role": "Vært"},
        ).status_code
        == 303
    )
    assert (
        admin.post(
            f"/admin/partnerskaber/{pid}/partnere",
            data={"company_id": "0", "organisation": "Køge Forsyning", "role": ""},
        ).status_code
        == 303
    )
    assert _count(app, "PartnershipPartner") == 2
    # the same company twice: refused, nothing saved
    again = admin.post(
        f"/admin/partnerskaber/{pid}/partnere",
        data={"company_id": str(world.company.id), "organisation": "", "role": ""},
    )
    assert again.status_code == 422
    assert "allerede" in again.text
    # neither or both: refused in Danish
    neither = admin.post(
        f"/admin/partnerskaber/{pid}/partnere", data={"company_id": "0", "organisation": "", "role": ""}
    )
    assert neither.status_code == 422
    assert "Vælg en virksomhed" in neither.text
    assert _count(app, "PartnershipPartner") == 2

    kpi = admin.post(
        f"/admin/partnerskaber/{pid}/kpi",
        data={
            "name": "Cyklister",
            "unit": "personer",
            "baseline": "10",
            "target": "40,5",
            "check_in_every_days": "30",
        },
    )
    assert kpi.status_code == 303
    bad_kpi = admin.post(
        f"/admin/partnerskaber/{pid}/kpi",
        data={"name": "X", "unit": "", "baseline": "", "target": "", "check_in_every_days": "0"},
    )
    assert bad_kpi.status_code == 422
    assert _count(app, "PartnershipKpi") == 1
    kpi_id = int(re.search(r'data-kpi="(\d+)"', admin.get(f"/admin/partnerskaber/{pid}").text).group(1))  # type: ignore[union-attr]

    url = f"/admin/partnerskaber/{pid}/kpi/{kpi_id}/maaling"
    prefix = f"k{kpi_id}-"
    assert (
        admin.post(
            url, data={prefix + "on_date": _today(), prefix + "value": "12,5", prefix + "note": "Tælling"}
        ).status_code
        == 303
    )
    future = (local_date(utcnow()) + timedelta(days=1)).isoformat()
    refused = admin.post(url, data={prefix + "on_date": future, prefix + "value": "13", prefix + "note": ""})
    assert refused.status_code == 422
    assert "fremtiden" in refused.text
    not_a_number = admin.post(
        url, data={prefix + "on_date": _today(), prefix + "value": "mange", prefix + "note": ""}
    )
    assert not_a_number.status_code == 422
    assert _count(app, "KpiCheckIn") == 1
    page = admin.get(f"/admin/partnerskaber/{pid}")
    assert 'role="img"' in page.text
    assert "12,50" in page.text

    # audit: every write is in the partnership's history
    from app.audit.models import AuditEntry

    with app.app_context(), platform_scope():
        verbs = list(
            db.session.scalars(select(AuditEntry.verb).where(AuditEntry.object_type == "partnership"))
        )
        db.session.remove()
    assert verbs.count("create") == 1
    assert len(verbs) >= 5


def test_status_moves_only_by_the_rules_and_publishing_shows_it(app: Flask, world: World) -> None:
    admin = client_at(app, KOEGE, world.admin)
    pid = _new(admin)
    slug = "cykelpendling-i-koege"
    visitor = client_at(app, KOEGE)
    assert visitor.get(f"/partnerskaber/{slug}").status_code == 404  # not published

    assert (
        admin.post(f"/admin/partnerskaber/{pid}/status", data={"new_status": "completed"}).status_code == 422
    )
    assert admin.post(f"/admin/partnerskaber/{pid}/status", data={"new_status": "agreed"}).status_code == 303
    assert admin.post(f"/admin/partnerskaber/{pid}/status", data={"new_status": "running"}).status_code == 303
    assert admin.post(f"/admin/partnerskaber/{pid}/udgiv").status_code == 303
    assert visitor.get(f"/partnerskaber/{slug}").status_code == 200
    assert admin.post(f"/admin/partnerskaber/{pid}/tilbagekald").status_code == 303
    assert visitor.get(f"/partnerskaber/{slug}").status_code == 404


def test_bad_form_input_is_a_danish_422_and_saves_nothing(app: Flask, world: World) -> None:
    admin = client_at(app, KOEGE, world.admin)
    before = _count(app, "Partnership")
    response = admin.post(
        "/admin/partnerskaber/ny", data=partnership_form(start_date="2026-05-01", end_date="2026-04-01")
    )
    assert response.status_code == 422
    assert "Slutningen skal ligge på eller efter starten." in response.text
    assert admin.post("/admin/partnerskaber/ny", data=partnership_form(title="")).status_code == 422
    assert admin.post("/admin/partnerskaber/ny", data=partnership_form(theme_id="999999")).status_code == 422
    assert _count(app, "Partnership") == before


def test_csrf_is_required(app: Flask, world: World) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        admin = client_at(app, KOEGE)
        page = admin.get("/log-ind")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        admin.post(
            "/log-ind",
            data={"email": world.admin.email, "password": world.admin.password, "csrf_token": token},
        )
        assert admin.post("/admin/partnerskaber/ny", data=partnership_form()).status_code in (400, 422)
        assert _count(app, "Partnership") == 0
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def _write_urls(pid: int, kpi_id: int) -> list[str]:
    return [
        "/admin/partnerskaber/ny",
        f"/admin/partnerskaber/{pid}/rediger",
        f"/admin/partnerskaber/{pid}/partnere",
        f"/admin/partnerskaber/{pid}/kpi",
        f"/admin/partnerskaber/{pid}/kpi/{kpi_id}/maaling",
        f"/admin/partnerskaber/{pid}/status",
        f"/admin/partnerskaber/{pid}/udgiv",
        f"/admin/partnerskaber/{pid}/tilbagekald",
    ]


@pytest.mark.parametrize("role", ["citizen", "business", "staff"])
def test_citizens_businesses_and_staff_cannot_write(
    app: Flask, world: World, make_user: Any, role: str
) -> None:
    pid, _, kpi_id = make_partnership(app, world, published=False)
    person: Person = world.staff if role == "staff" else make_user(role=role)
    client = client_at(app, KOEGE)
    login(client, person)
    before = (_count(app, "PartnershipPartner"), _count(app, "KpiCheckIn"))
    for url in _write_urls(pid, kpi_id):
        response = client.post(url, data={"title": "Hack", "new_status": "stopped", "organisation": "X"})
        assert response.status_code in (302, 403), (url, response.status_code)
    assert (_count(app, "PartnershipPartner"), _count(app, "KpiCheckIn")) == before
    if role == "staff":  # staff read
        assert client.get("/admin/partnerskaber").status_code == 200
        assert client.get(f"/admin/partnerskaber/{pid}").status_code == 200
        assert "Tilføj en måling" not in client.get(f"/admin/partnerskaber/{pid}").text


def test_another_municipality_gets_404(app: Flask, world: World) -> None:
    pid, slug, kpi_id = make_partnership(app, world)
    solroed = client_at(app, SOLROED, world.solroed_admin)
    assert solroed.get(f"/admin/partnerskaber/{pid}").status_code == 404
    assert solroed.get(f"/admin/partnerskaber/{pid}/rediger").status_code == 404
    assert (
        solroed.post(f"/admin/partnerskaber/{pid}/status", data={"new_status": "stopped"}).status_code == 404
    )
    assert solroed.post(f"/admin/partnerskaber/{pid}/kpi/{kpi_id}/maaling", data={}).status_code == 404
    assert client_at(app, SOLROED).get(f"/partnerskaber/{slug}").status_code == 404
    assert "Cykelpendling i Køge" not in solroed.get("/admin/partnerskaber").text
    # ... but the shared knowledge shows the published one, read-only
    shared = solroed.get("/admin/partnerskaber/andre-kommuner")
    assert shared.status_code == 200
    assert "Cykelpendling i Køge" in shared.text
    assert "Køge Kommune" in shared.text
    assert "Cykelpendling i Køge" in solroed.get("/admin/partnerskaber/andre-kommuner?tema=mobil").text
    assert "Cykelpendling i Køge" not in solroed.get("/admin/partnerskaber/andre-kommuner?tema=landbrug").text


def test_an_unpublished_partnership_is_not_shared(app: Flask, world: World) -> None:
    make_partnership(app, world, published=False)
    solroed = client_at(app, SOLROED, world.solroed_admin)
    assert "Cykelpendling i Køge" not in solroed.get("/admin/partnerskaber/andre-kommuner").text


def test_a_completed_sparring_request_becomes_a_partnership(app: Flask, world: World) -> None:
    admin = client_at(app, KOEGE, world.admin)
    request_id = completed_request(app, world)
    assert "Gør til partnerskab" in admin.get(f"/admin/sparring/{request_id}").text
    form = admin.get(f"/admin/partnerskaber/ny?sparring={request_id}")
    assert form.status_code == 200
    assert 'value="Varme fra ovnene"' in form.text
    pid = _new(admin, title="Varme fra ovnene", from_request_id=str(request_id))
    page = admin.get(f"/admin/partnerskaber/{pid}")
    assert "Alfa Bageri" in page.text  # the company became a partner
    from app.partnerships.models import Partnership

    with app.app_context(), platform_scope():
        assert db.session.get(Partnership, pid).from_request_id == request_id  # type: ignore[union-attr]
        db.session.remove()


def test_an_open_sparring_request_cannot_become_one(app: Flask, world: World) -> None:
    admin = client_at(app, KOEGE, world.admin)
    request_id = completed_request(app, world, complete=False)
    assert "Gør til partnerskab" not in admin.get(f"/admin/sparring/{request_id}").text
    response = admin.get(f"/admin/partnerskaber/ny?sparring={request_id}")
    assert response.status_code == 409
    assert "Kun en afsluttet sparringsforespørgsel" in response.text
    posted = admin.post("/admin/partnerskaber/ny", data=partnership_form(from_request_id=str(request_id)))
    assert posted.status_code == 422  # the form again, with the refusal
    assert "Kun en afsluttet sparringsforespørgsel" in posted.text
    assert _count(app, "Partnership") == 0
    assert admin.get("/admin/partnerskaber/ny?sparring=999999").status_code == 404


def test_dashboard_and_list_show_the_overdue_follow_up(app: Flask, world: World) -> None:
    late, _, _ = make_partnership(app, world, title="Sen opfølgning", check_ins=((120, "5"),), every_days=90)
    on_time, _, _ = make_partnership(app, world, title="Til tiden", check_ins=((10, "5"),), every_days=90)
    admin = client_at(app, KOEGE, world.admin)
    dashboard = admin.get("/admin")
    assert "Partnerskaber med overskredet opfølgning" in dashboard.text
    assert f'data-overdue-partnership="{late}"' in dashboard.text
    assert f'data-overdue-partnership="{on_time}"' not in dashboard.text
    listing = admin.get("/admin/partnerskaber")
    row = re.search(rf'<tr data-partnership="{late}">.*?</tr>', listing.text, re.S)
    assert row
    assert "data-overdue" in row.group(0)
    row = re.search(rf'<tr data-partnership="{on_time}">.*?</tr>', listing.text, re.S)
    assert row
    assert "data-overdue" not in row.group(0)
    assert admin.get("/admin/partnerskaber?status=idea").text.count("data-partnership=") == 0
    assert admin.get("/admin/partnerskaber?status=bogus").status_code == 422


def test_remove_a_partner(app: Flask, world: World) -> None:
    pid, _, _ = make_partnership(app, world)
    admin = client_at(app, KOEGE, world.admin)
    page = admin.get(f"/admin/partnerskaber/{pid}").text
    partner_id = int(re.search(r'data-partner="(\d+)"', page).group(1))  # type: ignore[union-attr]
    assert admin.post(f"/admin/partnerskaber/{pid}/partnere/{partner_id}/fjern").status_code == 303
    assert f'data-partner="{partner_id}"' not in admin.get(f"/admin/partnerskaber/{pid}").text
    assert (
        admin.post(f"/admin/partnerskaber/{pid}/partnere/999999/fjern").status_code == 303
    )  # flashed, not 500
