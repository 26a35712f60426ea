"""Company rules: registration, CVR uniqueness, members only, verification, invitations,
solutions, pledges and workplace teams."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import User
from app.business import services
from app.business.models import Company, CompanyMember, Solution, TeamMembership
from app.business.queries import search_companies, team_standings
from app.clock import Period, utcnow
from app.db import db
from app.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from app.outbox.models import OutboxMessage
from tests.support.business import VALID_CVRS, CompanyRef, company_values


def _user(person: Any) -> User:
    user = db.session.get(User, person.id)
    assert user is not None
    return user


def _company(ref: CompanyRef) -> Company:
    company = db.session.get(Company, ref.id)
    assert company is not None
    return company


def test_register_company_makes_the_user_its_owner(app: Flask, make_user: Any) -> None:
    owner = make_user(role="business")
    with app.app_context():
        company = services.register_company(owner=_user(owner), **company_values(cvr="DK 2990 0574"))
        assert company.cvr == "29900574"
        assert company.slug == "groen-test-aps"
        member = db.session.scalar(select(CompanyMember))
        assert member is not None
        assert member.is_owner
        assert member.user_id == owner.id


def test_duplicate_cvr_is_refused(app: Flask, make_user: Any, company_a: CompanyRef) -> None:
    other = make_user(role="business")
    with app.app_context(), pytest.raises(ConflictError) as caught:
        services.register_company(owner=_user(other), **company_values(cvr=company_a.cvr))
    assert caught.value.field == "cvr"


@pytest.mark.parametrize("cvr", ["29900575", "2990057", "2990057x"])
def test_invalid_cvr_is_refused(app: Flask, make_user: Any, cvr: str) -> None:
    owner = make_user(role="business")
    with app.app_context(), pytest.raises(ValidationError) as caught:
        services.register_company(owner=_user(owner), **company_values(cvr=cvr))
    assert caught.value.field == "cvr"


@pytest.mark.parametrize("role", ["citizen", "staff", "admin"])
def test_only_business_accounts_register_companies(app: Flask, make_user: Any, role: str) -> None:
    person = make_user(role=role)
    with app.app_context(), pytest.raises(PermissionDenied):
        services.register_company(owner=_user(person), **company_values())


def test_a_business_account_has_one_company(app: Flask, company_a: CompanyRef) -> None:
    with app.app_context(), pytest.raises(ConflictError):
        services.register_company(owner=_user(company_a.owner), **company_values(cvr=VALID_CVRS[2]))


@pytest.mark.parametrize("website", ["javascript:alert(1)", "ftp://x.dk", "data:text/html,x"])
def test_website_must_be_http(app: Flask, make_user: Any, website: str) -> None:
    owner = make_user(role="business")
    with app.app_context(), pytest.raises(ValidationError) as caught:
        services.register_company(owner=_user(owner), **company_values(website=website))
    assert caught.value.field == "website"


def _edit_values(company: Company, **overrides: Any) -> dict[str, Any]:
    values = {
        name: getattr(company, name)
        for name in (
            "name",
            "cvr",
            "address",
            "neighbourhood_id",
            "sector",
            "size_band",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "about",
            "show_sparring_journeys",
        )
    }
    values.update(overrides)
    return values


def test_member_of_a_cannot_edit_b(app: Flask, company_a: CompanyRef, company_b: CompanyRef) -> None:
    with app.app_context():
        b = _company(company_b)
        with pytest.raises(PermissionDenied):
            services.update_company(company=b, actor=_user(company_a.owner), **_edit_values(b, name="Hacked"))
        db.session.rollback()
        assert _company(company_b).name == "Beta Smed"


def test_changing_the_cvr_removes_the_verified_mark(
    app: Flask, make_user: Any, company_a: CompanyRef
) -> None:
    staff = make_user(role="staff")
    with app.app_context():
        services.set_company_verified(company=_company(company_a), actor=_user(staff), verified=True)
        company = _company(company_a)
        assert company.is_verified
        assert company.verified_by_id == staff.id
        services.update_company(
            company=company, actor=_user(company_a.owner), **_edit_values(company, cvr=VALID_CVRS[3])
        )
        assert not _company(company_a).is_verified


def test_edit_keeps_verification_when_cvr_unchanged(
    app: Flask, make_user: Any, company_a: CompanyRef
) -> None:
    staff = make_user(role="admin")
    with app.app_context():
        services.set_company_verified(company=_company(company_a), actor=_user(staff), verified=True)
        company = _company(company_a)
        services.update_company(
            company=company, actor=_user(company_a.owner), **_edit_values(company, about="Nyt")
        )
        assert _company(company_a).is_verified


@pytest.mark.parametrize("role", ["citizen", "business"])
def test_only_the_municipality_verifies(app: Flask, make_user: Any, company_a: CompanyRef, role: str) -> None:
    person = make_user(role=role)
    with app.app_context(), pytest.raises(PermissionDenied):
        services.set_company_verified(company=_company(company_a), actor=_user(person), verified=True)


# --- invitations -------------------------------------------------------------------------------


def _invite(company: CompanyRef, email: str, **kwargs: Any) -> str:
    tokens: list[str] = []
    services.invite_member(
        company=_company(company),
        actor=_user(company.owner),
        email=email,
        accept_link=lambda t: tokens.append(t) or f"https://x.dk/i/{t}",
        **kwargs,
    )
    return tokens[0]


def test_invitation_queues_a_mail_and_stores_only_a_hash(app: Flask, company_a: CompanyRef) -> None:
    with app.app_context():
        token = _invite(company_a, "Kollega@Example.dk")
        mail = db.session.scalar(select(OutboxMessage))
        assert mail is not None
        assert mail.to_address == "kollega@example.dk"
        assert f"https://x.dk/i/{token}" in mail.body
        from app.business.models import CompanyInvitation

        stored = db.session.scalar(select(CompanyInvitation))
        assert stored is not None
        assert token not in stored.token_hash


def test_invitation_works_once(app: Flask, make_user: Any, company_a: CompanyRef) -> None:
    invitee = make_user(role="business")
    with app.app_context():
        token = _invite(company_a, invitee.email)
        services.accept_invitation(token=token, user=_user(invitee))
        assert db.session.scalar(select(func.count()).select_from(CompanyMember)) == 2
        with pytest.raises(NotFound):
            services.accept_invitation(token=token, user=_user(invitee))


def test_invitation_expires(app: Flask, make_user: Any, company_a: CompanyRef) -> None:
    invitee = make_user(role="business")
    with app.app_context():
        token = _invite(company_a, invitee.email)
        later = utcnow() + timedelta(hours=app.config["INVITATION_VALID_HOURS"], minutes=1)
        with pytest.raises(NotFound):
            services.accept_invitation(token=token, user=_user(invitee), now=later)


def test_invitation_needs_the_invited_address(app: Flask, make_user: Any, company_a: CompanyRef) -> None:
    stranger = make_user(role="business")
    with app.app_context():
        token = _invite(company_a, "someone.else@example.dk")
        with pytest.raises(PermissionDenied):
            services.accept_invitation(token=token, user=_user(stranger))


def test_only_owners_invite(app: Flask, make_user: Any, company_a: CompanyRef) -> None:
    member = make_user(role="business")
    with app.app_context():
        services.accept_invitation(token=_invite(company_a, member.email), user=_user(member))
        with pytest.raises(PermissionDenied):
            services.invite_member(
                company=_company(company_a), actor=_user(member), email="x@example.dk", accept_link=str
            )


def test_unknown_token_is_not_found(app: Flask, make_user: Any) -> None:
    person = make_user(role="business")
    with app.app_context(), pytest.raises(NotFound):
        services.accept_invitation(token="nonsense", user=_user(person))


def test_owner_removes_a_member_but_not_an_owner(app: Flask, make_user: Any, company_a: CompanyRef) -> None:
    member = make_user(role="business")
    with app.app_context():
        services.accept_invitation(token=_invite(company_a, member.email), user=_user(member))
        with pytest.raises(PermissionDenied):
            services.remove_member(
                company=_company(company_a), actor=_user(company_a.owner), user_id=company_a.owner.id
            )
        services.remove_member(company=_company(company_a), actor=_user(company_a.owner), user_id=member.id)
        assert db.session.scalar(select(func.count()).select_from(CompanyMember)) == 1


# --- solutions and pledges ---------------------------------------------------------------------


def test_solution_effect_needs_a_source(app: Flask, company_a: CompanyRef) -> None:
    with app.app_context():
        with pytest.raises(ValidationError) as caught:
            services.add_solution(
                company=_company(company_a),
                actor=_user(company_a.owner),
                title="Solceller",
                description="På taget",
                category="energy",
                effect="−30 % el",
            )
        assert caught.value.field == "effect_source"
        solution = services.add_solution(
            company=_company(company_a),
            actor=_user(company_a.owner),
            title="Solceller",
            description="På taget",
            category="energy",
            effect="−30 % el",
            effect_source="Elregning 2025",
        )
        assert solution.effect_source == "Elregning 2025"


def test_member_of_a_cannot_touch_b_solutions(
    app: Flask, company_a: CompanyRef, company_b: CompanyRef
) -> None:
    with app.app_context():
        solution = services.add_solution(
            company=_company(company_b),
            actor=_user(company_b.owner),
            title="LED",
            description="Overalt",
            category="energy",
        )
        with pytest.raises(PermissionDenied):
            services.add_solution(
                company=_company(company_b),
                actor=_user(company_a.owner),
                title="x",
                description="y",
                category="energy",
            )
        with pytest.raises(PermissionDenied):
            services.update_solution(
                solution=solution, actor=_user(company_a.owner), title="x", description="y", category="energy"
            )
        with pytest.raises(PermissionDenied):
            services.delete_solution(solution=solution, actor=_user(company_a.owner))
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Solution)) == 1


def test_pledge_status_changes(app: Flask, company_a: CompanyRef, company_b: CompanyRef) -> None:
    with app.app_context():
        pledge = services.add_pledge(
            company=_company(company_a),
            actor=_user(company_a.owner),
            title="Elbiler",
            description="",
            target_date=date(2027, 12, 31),
        )
        assert pledge.status == "planned"
        services.set_pledge_status(pledge=pledge, actor=_user(company_a.owner), status="achieved")
        assert pledge.status == "achieved"
        with pytest.raises(ValidationError):
            services.set_pledge_status(pledge=pledge, actor=_user(company_a.owner), status="bogus")
        with pytest.raises(PermissionDenied):
            services.set_pledge_status(pledge=pledge, actor=_user(company_b.owner), status="dropped")


# --- directory ---------------------------------------------------------------------------------


def test_directory_search_filters_and_pages(app: Flask, company_a: CompanyRef, company_b: CompanyRef) -> None:
    with app.app_context():
        services.add_solution(
            company=_company(company_b),
            actor=_user(company_b.owner),
            title="Varmepumpe",
            description="x",
            category="energy",
        )
        assert [c.name for c in search_companies(query="bager").companies] == ["Alfa Bageri"]
        assert [c.name for c in search_companies(query="VARMEPUMPE").companies] == ["Beta Smed"]
        assert search_companies(query="%").total == 0  # wildcards are literal
        assert search_companies(sector="food").total == 0
        assert search_companies(neighbourhood_slug="koege-centrum").total == 2
        first = search_companies(per_page=1, page=1)
        last = search_companies(per_page=1, page=99)
        assert (first.pages, last.page) == (2, 2)
        assert first.companies[0].id != last.companies[0].id


# --- workplace teams ---------------------------------------------------------------------------


def test_citizen_joins_one_team_and_keeps_the_neighbourhood(
    app: Flask, make_user: Any, company_a: CompanyRef, company_b: CompanyRef
) -> None:
    citizen = make_user()
    with app.app_context():
        team_a = services.open_team(company=_company(company_a), actor=_user(company_a.owner), name="Alfa")
        team_b = services.open_team(company=_company(company_b), actor=_user(company_b.owner), name="Beta")
        code_a, code_b = team_a.join_code, team_b.join_code
        services.join_team(user=_user(citizen), code=code_a.lower())
        with pytest.raises(ConflictError):
            services.join_team(user=_user(citizen), code=code_b)
        assert _user(citizen).neighbourhood_id == citizen.neighbourhood_id
        services.leave_team(user=_user(citizen))
        services.join_team(user=_user(citizen), code=code_b)
        membership = db.session.get(TeamMembership, citizen.id)
        assert membership is not None
        assert membership.team.name == "Beta"


def test_team_rules(app: Flask, make_user: Any, company_a: CompanyRef) -> None:
    business = make_user(role="business")
    citizen = make_user()
    with app.app_context():
        team = services.open_team(company=_company(company_a), actor=_user(company_a.owner), name="Alfa")
        with pytest.raises(ConflictError):
            services.open_team(company=_company(company_a), actor=_user(company_a.owner), name="Igen")
        with pytest.raises(PermissionDenied):
            services.join_team(user=_user(business), code=team.join_code)
        with pytest.raises(ValidationError):
            services.join_team(user=_user(citizen), code="WRONG123")
        old = team.join_code
        services.new_join_code(team=team, actor=_user(company_a.owner))
        with pytest.raises(ValidationError):
            services.join_team(user=_user(citizen), code=old)


def test_team_board_ranks_by_fair_score_from_daily_rows(
    app: Flask, make_user: Any, company_a: CompanyRef, company_b: CompanyRef
) -> None:
    from app.accounts.models import User
    from app.clock import local_date
    from app.leaderboards.models import DailyActivity

    people = [make_user() for _ in range(5)]
    today = local_date(utcnow())
    with app.app_context():
        team_a = services.open_team(company=_company(company_a), actor=_user(company_a.owner), name="Alfa")
        team_b = services.open_team(company=_company(company_b), actor=_user(company_b.owner), name="Beta")
        codes = [team_a.join_code] * 3 + [team_b.join_code] * 2
        points = [10, 20, 30, 100, 0]
        from app.db import write_transaction

        with write_transaction():
            for person, pts in zip(people, points, strict=True):
                if pts:
                    db.session.add(
                        DailyActivity(
                            participant_ref=db.session.get(User, person.id).public_id,
                            neighbourhood_id=person.neighbourhood_id,
                            category="transport",
                            day=today,
                            points=pts,
                            co2e_g=0,
                            logs=1,
                        )
                    )
        for person, code in zip(people, codes, strict=True):
            services.join_team(user=_user(person), code=code)
        board = team_standings(Period.WEEK, today)
        # All teams: 160 points for 5 members, 32 each. Beta's 2 members expect 64 and have 100,
        # Alfa's 3 expect 96 and have 60: Beta wins although only one of its members logged.
        assert [(s.name, s.rank, s.points, s.active_members, s.members) for s in board] == [
            ("Beta", 1, 100, 1, 2),
            ("Alfa", 2, 60, 3, 3),
        ]
        assert board[1].points_per_member == 20
        assert (board[0].fair_score or 0) > (board[1].fair_score or 0)
