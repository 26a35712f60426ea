"""Copying a challenge case into another municipality: actions mapped by slug, the rest listed."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, select

from app.db import db
from app.tenancy.context import in_municipality, platform_scope
from tests.cases.conftest import KOEGE, SOLROED, Towns, client_at, finished_challenge

pytestmark = pytest.mark.usefixtures("frozen_day")


def _koege_local_action(app: Flask, towns: Towns) -> None:
    """An action only Køge has (a local action): Solrød's catalogue cannot map it."""
    from app.actions.models import Action

    with app.app_context(), in_municipality(towns.koege_id):
        db.session.add(
            Action(
                slug="koege-havnebad",
                name_da="Vinterbad i Køge Havn",
                name_en="Winter swim in Køge harbour",
                category="community",
                unit_da="gang",
                unit_en="time",
                points_per_unit=5,
                max_units_per_day=Decimal(1),
                default_quantity=Decimal(1),
            )
        )
        db.session.commit()
        db.session.remove()


def _published_case(app: Flask, towns: Towns) -> tuple[int, int]:
    _koege_local_action(app, towns)
    challenge_id = finished_challenge(
        app, towns.koege_admin, actions=("cykel-frem-for-bil", "koege-havnebad")
    )
    koege = client_at(app, KOEGE, towns.koege_admin)
    data = {
        "kind": "challenge",
        "language": "da",
        "title": "Cykeljanuar",
        "challenge_id": str(challenge_id),
        "summary": "En måned på cykel.",
    }
    assert koege.post("/admin/cases/ny", data=data).status_code == 303
    case_id = int(re.findall(r'data-case="(\d+)"', koege.get("/admin/cases/egne").text)[0])
    assert koege.post(f"/admin/cases/{case_id}/udgiv").status_code == 303
    return case_id, challenge_id


def _copy_data(page: str) -> dict[str, Any]:
    """The copy form as the browser would send it (the prefilled values)."""
    values = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page))
    checked = re.findall(r'<input[^>]*checked[^>]*name="action_ids"[^>]*value="(\d+)"', page)
    checked += re.findall(r'<input[^>]*name="action_ids"[^>]*value="(\d+)"[^>]*checked', page)
    values.pop("action_ids", None)
    return {**values, "action_ids": sorted(set(checked)), "reward_kind": "bonus", "target_metric": "logs"}


def test_copy_maps_actions_by_slug_and_lists_the_missing(app: Flask, towns: Towns) -> None:
    from app.actions.models import Action
    from app.challenges.models import Challenge

    case_id, _challenge_id = _published_case(app, towns)
    solroed = client_at(app, SOLROED, towns.solroed_admin)
    assert "Kopiér udfordringen" in solroed.get(f"/admin/cases/{case_id}").text
    page = solroed.get(f"/admin/cases/{case_id}/kopier")
    assert page.status_code == 200
    missing = page.text.split("data-missing-actions", 1)[1].split("</ul>", 1)[0]
    assert "Vinterbad i Køge Havn" in missing
    with app.app_context():
        bike = db.session.scalar(select(Action.id).where(Action.slug == "cykel-frem-for-bil"))
        db.session.remove()
    data = _copy_data(page.text)
    assert data["action_ids"] == [str(bike)]
    assert data["title_da"] == "Cykeljanuar"
    with app.app_context(), platform_scope():
        before = len(db.session.scalars(select(Challenge)).all())
        db.session.remove()

    response = solroed.post(f"/admin/cases/{case_id}/kopier", data=data)
    assert response.status_code == 303
    with app.app_context(), platform_scope():
        copy = db.session.scalar(select(Challenge).where(Challenge.municipality_id == towns.solroed_id))
        assert copy is not None
        assert response.headers["Location"].endswith(f"/admin/udfordringer/{copy.id}")
        assert [a.slug for a in copy.actions] == ["cykel-frem-for-bil"]
        assert (copy.ends_on - copy.starts_on).days + 1 == 14
        assert copy.starts_on.weekday() == 0
        assert len(db.session.scalars(select(Challenge)).all()) == before + 1
        db.session.remove()
    assert solroed.get(response.headers["Location"]).status_code == 200


def test_a_copy_works_after_the_original_challenge_is_gone(app: Flask, towns: Towns) -> None:
    from app.challenges.models import Challenge

    case_id, challenge_id = _published_case(app, towns)
    with app.app_context(), platform_scope():
        db.session.execute(delete(Challenge).where(Challenge.id == challenge_id))
        db.session.commit()
        db.session.remove()
    solroed = client_at(app, SOLROED, towns.solroed_admin)
    page = solroed.get(f"/admin/cases/{case_id}/kopier")
    assert page.status_code == 200
    assert 'value="Cykeljanuar"' in page.text


def test_a_failed_copy_writes_nothing_and_a_case_without_a_challenge_has_no_copy(
    app: Flask, towns: Towns
) -> None:
    from app.challenges.models import Challenge

    case_id, _ = _published_case(app, towns)
    solroed = client_at(app, SOLROED, towns.solroed_admin)
    page = solroed.get(f"/admin/cases/{case_id}/kopier").text
    bad = {**_copy_data(page), "action_ids": []}
    assert solroed.post(f"/admin/cases/{case_id}/kopier", data=bad).status_code == 422
    with app.app_context(), platform_scope():
        assert (
            db.session.scalar(select(Challenge).where(Challenge.municipality_id == towns.solroed_id)) is None
        )
        db.session.remove()
    koege = client_at(app, KOEGE, towns.koege_admin)
    campaign = {"kind": "campaign", "language": "da", "title": "Kampagne", "challenge_id": "0"}
    assert koege.post("/admin/cases/ny", data=campaign).status_code == 303
    campaign_id = max(int(i) for i in re.findall(r'data-case="(\d+)"', koege.get("/admin/cases/egne").text))
    koege.post(f"/admin/cases/{campaign_id}/udgiv")
    assert solroed.get(f"/admin/cases/{campaign_id}/kopier").status_code == 404
    assert solroed.get("/admin/cases/99999/kopier").status_code == 404
