"""The case services' rules, called directly: publishing, editing a published case, scope."""

from __future__ import annotations

import pytest
from flask import Flask

from app.accounts.models import User
from app.cases.models import Case
from app.cases.services import CaseInput, publish_case, save_case, unpublish_case
from app.db import db
from app.errors import ConflictError, NotFound, PermissionDenied
from app.tenancy.context import in_municipality
from tests.admin.samples import make_challenge
from tests.cases.conftest import Towns, finished_challenge, person_in, published_challenge_case

pytestmark = pytest.mark.usefixtures("frozen_day")


def _case_input(challenge_id: int | None, **overrides: object) -> CaseInput:
    values: dict[str, object] = {"kind": "challenge", "language": "da", "title": "Om udfordringen"}
    values.update(overrides)
    return CaseInput(challenge_id=challenge_id, **values)  # type: ignore[arg-type]


def test_a_case_about_a_running_challenge_waits_until_it_has_finished(app: Flask, towns: Towns) -> None:
    running = make_challenge(app, towns.koege_admin, slug="koerer-stadig")
    with app.app_context():
        admin = db.session.get(User, towns.koege_admin.id)
        case_id = save_case(admin=admin, data=_case_input(running)).id  # a draft may name it
        with pytest.raises(ConflictError) as refused:
            publish_case(admin=admin, case_id=case_id)
        assert refused.value.field == "challenge_id"
        db.session.remove()
        assert not db.session.get(Case, case_id).is_published
        db.session.remove()


def test_editing_a_published_case_takes_a_fresh_snapshot(app: Flask, towns: Towns) -> None:
    case_id = published_challenge_case(app, towns.koege_admin)
    other = finished_challenge(app, towns.koege_admin, slug="gaa-uge", actions=("gaa-frem-for-bil",))
    running = make_challenge(app, towns.koege_admin, slug="koerer-stadig")
    with app.app_context():
        admin = db.session.get(User, towns.koege_admin.id)
        save_case(admin=admin, data=_case_input(other), case_id=case_id)
        case = db.session.get(Case, case_id)
        assert case.is_published
        assert case.challenge_template["slug"] == "gaa-uge"
        assert case.challenge_template["action_slugs"] == ["gaa-frem-for-bil"]
        with pytest.raises(ConflictError):
            save_case(admin=admin, data=_case_input(running), case_id=case_id)
        db.session.remove()
        assert db.session.get(Case, case_id).challenge_id == other  # the refused edit wrote nothing
        db.session.remove()


def test_only_admins_write_and_only_their_own_municipalitys_cases(app: Flask, towns: Towns) -> None:
    case_id = published_challenge_case(app, towns.koege_admin)
    with app.app_context():
        staff = person_in(towns.koege_id, email="staff@koege.dk", role="staff")
        with pytest.raises(PermissionDenied):
            unpublish_case(admin=db.session.get(User, staff.id), case_id=case_id)
        with in_municipality(towns.solroed_id):
            solroed_admin = db.session.get(User, towns.solroed_admin.id)
            with pytest.raises(NotFound):
                unpublish_case(admin=solroed_admin, case_id=case_id)
            with pytest.raises(NotFound):
                save_case(admin=solroed_admin, data=_case_input(None, kind="campaign"), case_id=case_id)
        db.session.remove()
        assert db.session.get(Case, case_id).is_published
        db.session.remove()
