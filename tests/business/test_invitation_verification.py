"""Only a confirmed e-mail address equal to the invited one can accept a company invitation."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from app.accounts.models import User
from app.business import services
from app.business.models import Company
from app.db import db
from app.errors import PermissionDenied
from tests.accounts.helpers import link_path, mails
from tests.conftest import login
from tests.support.business import CompanyRef


def _invite(app: Flask, company: CompanyRef, email: str) -> str:
    tokens: list[str] = []
    with app.app_context():
        services.invite_member(
            company=db.session.get(Company, company.id),
            actor=db.session.get(User, company.owner.id),
            email=email,
            accept_link=lambda t: tokens.append(t) or t,
        )
        db.session.remove()
    return tokens[0]


def _unverify(app: Flask, user_id: int) -> None:
    with app.app_context():
        db.session.get(User, user_id).email_verified_at = None
        db.session.commit()


def test_an_unverified_address_cannot_accept(app: Flask, make_user: Any, company_a: CompanyRef) -> None:
    invitee = make_user(role="business")
    _unverify(app, invitee.id)
    token = _invite(app, company_a, invitee.email)
    with app.test_request_context():
        with pytest.raises(PermissionDenied) as refused:
            services.accept_invitation(token=token, user=db.session.get(User, invitee.id))
        assert refused.value.code == "email_unverified"
        db.session.remove()


def test_the_page_tells_them_to_verify_first_then_they_can_accept(
    app: Flask, make_user: Any, company_a: CompanyRef
) -> None:
    invitee = make_user(role="business")
    _unverify(app, invitee.id)
    url = f"/invitation/{_invite(app, company_a, invitee.email)}"
    client = app.test_client()
    login(client, invitee)
    page = client.get(url).text
    assert "Kun en bekræftet e-mailadresse kan acceptere en invitation." in page
    assert 'action="/konto/bekraeft-igen"' in page
    refused = client.post(url)
    assert refused.status_code == 422
    assert "Bekræft din e-mailadresse, før du accepterer" in refused.text
    assert client.post("/konto/bekraeft-igen", data={"next": url}).headers["Location"] == url
    path = link_path(mails(app, "email_verification")[-1].body, "/konto/bekraeft/")
    assert client.post(path).status_code == 303
    assert client.post(url).status_code == 303
    assert "Alfa Bageri" in client.get("/min-virksomhed").text


def test_a_verified_account_with_another_address_cannot_accept(
    app: Flask, make_user: Any, company_a: CompanyRef
) -> None:
    invitee = make_user(role="business")
    someone = make_user(role="business")
    token = _invite(app, company_a, invitee.email)
    with app.test_request_context():
        with pytest.raises(PermissionDenied):
            services.accept_invitation(token=token, user=db.session.get(User, someone.id))
        db.session.remove()
