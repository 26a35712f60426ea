"""Writing, publishing and browsing cases across municipalities, and who may do what."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.db import db
from app.tenancy.context import platform_scope
from tests.cases.conftest import KOEGE, SOLROED, Towns, case_form, client_at, finished_challenge, person_in

pytestmark = pytest.mark.usefixtures("frozen_day")


def _case_ids(app: Flask) -> list[int]:
    from app.cases.models import Case

    with app.app_context(), platform_scope():
        ids = list(db.session.scalars(select(Case.id).order_by(Case.id)))
        db.session.remove()
    return ids


def _write(client: Any, **overrides: Any) -> int:
    response = client.post("/admin/cases/ny", data=case_form(**overrides))
    assert response.status_code == 303, response.text
    match = re.search(r'data-case="(\d+)"', client.get("/admin/cases/egne").text)
    assert match
    return int(match.group(1))


def _publish(client: Any, case_id: int) -> Any:
    return client.post(f"/admin/cases/{case_id}/udgiv")


def test_a_draft_is_seen_only_at_home_and_a_published_case_everywhere(app: Flask, towns: Towns) -> None:
    koege = client_at(app, KOEGE, towns.koege_admin)
    solroed = client_at(app, SOLROED, towns.solroed_admin)
    case_id = _write(koege)
    assert "Kampagne: sluk standby" not in solroed.get("/admin/cases").text
    assert solroed.get(f"/admin/cases/{case_id}").status_code == 404
    assert koege.get(f"/admin/cases/{case_id}").status_code == 200  # my own draft
    assert client_at(app, KOEGE).get(f"/kommuner/cases/{case_id}").status_code == 404

    assert _publish(koege, case_id).status_code == 303
    browse = solroed.get("/admin/cases")
    assert "Kampagne: sluk standby" in browse.text
    assert "Køge Kommune" in browse.text
    detail = solroed.get(f"/admin/cases/{case_id}")
    assert detail.status_code == 200
    assert "Start i oktober." in detail.text
    assert 'data-figure="co2e"' in detail.text
    assert "Kopiér udfordringen" not in detail.text  # a campaign has no challenge to copy

    assert koege.post(f"/admin/cases/{case_id}/tilbagekald").status_code == 303
    assert "Kampagne: sluk standby" not in solroed.get("/admin/cases").text
    assert solroed.get(f"/admin/cases/{case_id}").status_code == 404


def test_the_browse_list_filters_by_kind_municipality_and_text(app: Flask, towns: Towns) -> None:
    koege = client_at(app, KOEGE, towns.koege_admin)
    solroed = client_at(app, SOLROED, towns.solroed_admin)
    _publish(koege, _write(koege, title="Køges standby-kampagne"))
    _publish(
        solroed,
        _write(solroed, kind="partnership", title="Solrøds partnerskab", advice="Find en 100% partner"),
    )
    both = koege.get("/admin/cases").text
    assert "Køges standby-kampagne" in both
    assert "Solrøds partnerskab" in both
    by_kind = koege.get("/admin/cases?type=partnership").text
    assert "Solrøds partnerskab" in by_kind
    assert "Køges standby-kampagne" not in by_kind
    by_town = koege.get("/admin/cases?kommune=koege").text
    assert "Køges standby-kampagne" in by_town
    assert "Solrøds partnerskab" not in by_town
    by_text = koege.get("/admin/cases?q=100%25").text  # % is a literal, not a wildcard
    assert "Solrøds partnerskab" in by_text
    assert "Køges standby-kampagne" not in by_text
    assert koege.get("/admin/cases?type=ukendt").status_code == 422


def test_another_municipality_cannot_edit_or_unpublish_my_case(app: Flask, towns: Towns) -> None:
    from app.cases.models import Case

    koege = client_at(app, KOEGE, towns.koege_admin)
    case_id = _write(koege)
    _publish(koege, case_id)
    solroed = client_at(app, SOLROED, towns.solroed_admin)
    assert solroed.get(f"/admin/cases/{case_id}/rediger").status_code == 404
    assert solroed.post(f"/admin/cases/{case_id}/rediger", data=case_form(title="Kapret")).status_code == 404
    assert solroed.post(f"/admin/cases/{case_id}/tilbagekald").status_code == 404
    assert solroed.post(f"/admin/cases/{case_id}/udgiv").status_code == 404
    assert f"/admin/cases/{case_id}/rediger" not in solroed.get(f"/admin/cases/{case_id}").text
    with app.app_context(), platform_scope():
        case = db.session.get(Case, case_id)
        assert case is not None
        assert case.title == "Kampagne: sluk standby"
        assert case.is_published
        db.session.remove()


@pytest.mark.parametrize("role", ["citizen", "business"])
def test_citizens_and_businesses_are_refused(app: Flask, towns: Towns, role: str) -> None:
    koege = client_at(app, KOEGE, towns.koege_admin)
    case_id = _write(koege)
    _publish(koege, case_id)
    with app.app_context():
        area = None
        if role == "citizen":
            from app.neighbourhoods.models import Neighbourhood

            area = db.session.scalar(select(Neighbourhood.id).limit(1))
        person = person_in(towns.koege_id, email=f"{role}@example.dk", role=role, area_id=area)
        db.session.remove()
    client = client_at(app, KOEGE, person)
    for url in (
        "/admin/cases",
        f"/admin/cases/{case_id}",
        "/admin/cases/egne",
        "/admin/cases/ny",
        f"/admin/cases/{case_id}/kopier",
        "/admin/sammenligning",
    ):
        assert client.get(url).status_code == 403, url
    for url in (f"/admin/cases/{case_id}/tilbagekald", "/admin/cases/ny", f"/admin/cases/{case_id}/kopier"):
        assert client.post(url, data=case_form()).status_code == 403, url
    assert _case_ids(app) == [case_id]


def test_staff_read_the_cases_but_write_nothing(app: Flask, towns: Towns) -> None:
    koege = client_at(app, KOEGE, towns.koege_admin)
    case_id = _write(koege)
    _publish(koege, case_id)
    with app.app_context():
        staff = person_in(towns.koege_id, email="staff@koege.dk", role="staff")
        db.session.remove()
    client = client_at(app, KOEGE, staff)
    assert client.get("/admin/cases").status_code == 200
    page = client.get(f"/admin/cases/{case_id}")
    assert page.status_code == 200
    assert "Kopiér udfordringen" not in page.text
    assert client.post(f"/admin/cases/{case_id}/tilbagekald").status_code == 403
    assert client.get("/admin/cases/ny").status_code == 403


def test_a_bad_form_is_shown_again_and_writes_nothing(app: Flask, towns: Towns) -> None:
    koege = client_at(app, KOEGE, towns.koege_admin)
    response = koege.post("/admin/cases/ny", data=case_form(title="", participants="-3"))
    assert response.status_code == 422
    assert 'id="title-error"' in response.text
    assert 'id="participants-error"' in response.text
    challenge_case = koege.post("/admin/cases/ny", data=case_form(kind="challenge"))
    assert challenge_case.status_code == 422
    assert 'id="challenge_id-error"' in challenge_case.text
    assert koege.post("/admin/cases/ny", data=case_form(challenge_id="99999")).status_code == 422
    assert _case_ids(app) == []


def test_share_a_finished_challenge_as_a_case(app: Flask, towns: Towns, make_user: Any) -> None:
    from app.challenges.models import ChallengeParticipant

    challenge_id = finished_challenge(app, towns.koege_admin)
    with app.app_context():  # two participants with results, written as the credit leaves them
        for n, (points, co2e) in enumerate(((120, 4000), (80, 2600))):
            citizen = make_user(alias=f"Cyklist {n}")
            db.session.add(
                ChallengeParticipant(
                    challenge_id=challenge_id,
                    user_id=citizen.id,
                    neighbourhood_id=citizen.neighbourhood_id,
                    points=points,
                    co2e_g=co2e,
                    logs=3,
                )
            )
        db.session.commit()
        db.session.remove()
    koege = client_at(app, KOEGE, towns.koege_admin)
    edit = koege.get(f"/admin/udfordringer/{challenge_id}")
    assert f"/admin/cases/ny?udfordring={challenge_id}" in edit.text
    assert "Del som case" in edit.text
    form = koege.get(f"/admin/cases/ny?udfordring={challenge_id}").text
    assert 'value="Cykeljanuar"' in form
    assert re.search(r'name="participants"[^>]*value="2"', form)
    assert re.search(r'name="points_total"[^>]*value="200"', form)
    assert re.search(r'name="co2e_kg"[^>]*value="7"', form)
    data = case_form(kind="challenge", challenge_id=str(challenge_id), title="Cykeljanuar", participants="2")
    assert koege.post(f"/admin/cases/ny?udfordring={challenge_id}", data=data).status_code == 303
    case_id = _case_ids(app)[0]
    assert _publish(koege, case_id).status_code == 303
    from app.cases.models import Case

    with app.app_context():
        case = db.session.get(Case, case_id)
        assert case is not None
        assert case.is_published
        assert case.challenge_template is not None
        assert case.challenge_template["action_slugs"] == ["cykel-frem-for-bil"]
        assert case.challenge_template["duration_days"] == 14
        db.session.remove()


def test_a_running_challenge_cannot_be_published_as_a_case(app: Flask, towns: Towns) -> None:
    from tests.admin.samples import make_challenge

    running = make_challenge(app, towns.koege_admin, slug="koerer-nu")
    koege = client_at(app, KOEGE, towns.koege_admin)
    assert koege.get(f"/admin/cases/ny?udfordring={running}").status_code == 404
    assert koege.get("/admin/cases/ny?udfordring=99999").status_code == 404


def test_another_municipalitys_challenge_cannot_be_shared_from_here(app: Flask, towns: Towns) -> None:
    challenge_id = finished_challenge(app, towns.koege_admin)
    solroed = client_at(app, SOLROED, towns.solroed_admin)
    assert solroed.get(f"/admin/cases/ny?udfordring={challenge_id}").status_code == 404
    data = case_form(kind="challenge", challenge_id=str(challenge_id))
    assert solroed.post("/admin/cases/ny", data=data).status_code == 422
    assert _case_ids(app) == []
