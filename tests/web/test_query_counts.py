"""No N+1: each main page sends a bounded number of SQL statements, the same for 3 or 40 citizens."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from app.accounts.models import User
from app.actions.models import Action
from app.actions.services import log_action
from app.business.models import Company
from app.business.queries import company_members, membership_in_team, team_of_company
from app.business.services import add_pledge, add_solution, join_team, open_team, set_company_verified
from app.challenges.services import ChallengeInput, create_challenge, join_challenge
from app.clock import local_date, utcnow
from app.db import db
from tests.conftest import Person, login
from tests.support.business import VALID_CVRS, make_company

# Their "today" is the app's Copenhagen day: keep it away from midnight and DST nights.
pytestmark = pytest.mark.usefixtures("frozen_day")

AREAS = ("borup", "herfoelge", "ejby", "koege-centrum", "koege-nord")
# Statements a page may send at most, a little above today's count so a new feature's query or
# two fits; the same count for a small and a larger dataset shows it does not grow with the data.
BOUNDS = {  # measured: 11, 2, 2, 2, 8, 6, 3, 4, 5, 16, 5
    "home": 14,
    "leaderboard (week)": 4,
    "leaderboard (month)": 4,
    "leaderboard (all time)": 4,
    "area leaderboard": 10,
    "my impact": 8,
    "my history": 5,
    "company directory": 7,  # + the plan themes of the theme filter
    "company page": 9,  # + the solutions' adoption counts and the reader's own adoptions
    "admin dashboard": 22,  # + adoptions this year and the partnerships overdue for follow-up
    "challenge list": 8,  # + the open challenges between municipalities (one read)
}
# Transaction control differs between SQLite (BEGIN is ours) and PostgreSQL; count the queries.
NOT_QUERIES = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA")


@dataclass
class Data:
    """What the pages are measured on, grown between the two measurements."""

    viewer: Person
    admin: Person
    company_slug: str = ""
    citizens: list[Person] = field(default_factory=list)
    companies: list[int] = field(default_factory=list)
    challenges: list[int] = field(default_factory=list)  # the running ones
    challenges_made: int = 0
    keys: int = 0

    def key(self) -> str:
        self.keys += 1
        return f"query-count-{self.keys:05d}"


class StatementCounter:
    def __init__(self, app: Flask) -> None:
        with app.app_context():
            self.engines = list(db.engines.values())
        self.count = 0
        for engine in self.engines:
            event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(NOT_QUERIES):
            self.count += 1

    def remove(self) -> None:
        for engine in self.engines:
            event.remove(engine, "before_cursor_execute", self._record)


@pytest.fixture
def counter(app: Flask) -> Iterator[StatementCounter]:
    counting = StatementCounter(app)
    yield counting
    counting.remove()


def _action_ids(slugs: int) -> list[int]:
    return list(db.session.scalars(select(Action.id).order_by(Action.id).limit(slugs)))


def _log(app: Flask, data: Data, person: Person, action_index: int, *, days_back: int = 0) -> None:
    with app.app_context():
        action = db.session.scalars(select(Action).order_by(Action.id)).all()[action_index]
        log_action(
            user=db.session.get(User, person.id),
            action=action,
            quantity=Decimal(action.default_quantity or 1),
            occurred_on=local_date(utcnow()) - timedelta(days=days_back),
            idempotency_key=data.key(),
        )
        db.session.remove()


def _add_citizens(app: Flask, make_user: Any, data: Data, how_many: int) -> None:
    for n in range(how_many):
        person = make_user(neighbourhood=AREAS[n % len(AREAS)], show_in_rankings=n % 4 != 0)
        data.citizens.append(person)
        _log(app, data, person, n % 5)
        if n % 2:
            _log(app, data, person, 5 + n % 3, days_back=1)


def _add_companies(app: Flask, make_user: Any, data: Data, how_many: int, *, extras: int) -> None:
    for _ in range(how_many):
        index = len(data.companies)
        ref = make_company(app, make_user, name=f"Grøn Virksomhed {index}", cvr=VALID_CVRS[index])
        data.companies.append(ref.id)
        data.company_slug = data.company_slug or ref.slug
        with app.app_context():
            company = db.session.get(Company, ref.id)
            owner = db.session.get(User, ref.owner.id)
            admin = db.session.get(User, data.admin.id)
            set_company_verified(company=company, actor=admin, verified=True)
            open_team(company=company, actor=owner, name=f"Holdet {index}")
            db.session.remove()
    for company_id in data.companies:
        _add_company_content(app, data, company_id, extras)


def _add_company_content(app: Flask, data: Data, company_id: int, extras: int) -> None:
    with app.app_context():
        company = db.session.get(Company, company_id)
        member = company_members(company_id)[0].user
        for n in range(extras):
            add_solution(
                company=company,
                actor=member,
                title=f"Løsning {n}",
                description="Vi gør det",
                category="energy",
            )
            add_pledge(
                company=company,
                actor=member,
                title=f"Løfte {n}",
                description="",
                target_date=local_date(utcnow()) + timedelta(days=90 + n),
            )
        team = team_of_company(company_id)
        assert team is not None
        for person in data.citizens[: extras * 2]:
            if membership_in_team(person.id) is None:
                join_team(user=db.session.get(User, person.id), code=team.join_code)
        db.session.remove()


def _add_challenges(app: Flask, data: Data, how_many: int) -> None:
    today = local_date(utcnow())
    with app.app_context():
        admin = db.session.get(User, data.admin.id)
        actions = _action_ids(3)
        for _ in range(how_many):
            n = data.challenges_made
            data.challenges_made += 1
            starts = today - timedelta(days=2) if n % 3 else today - timedelta(days=20)
            challenge = create_challenge(
                actor=admin,
                data=ChallengeInput(
                    slug=f"udfordring-{n}",
                    title_da=f"Udfordring {n}",
                    title_en=f"Challenge {n}",
                    description_da="",
                    description_en="",
                    starts_on=starts,
                    ends_on=starts + timedelta(days=14),
                    action_ids=[actions[n % 3]],
                    reward_kind="bonus",
                    reward_value=Decimal(5),
                    target_metric="logs",
                    target_value=Decimal(10),
                ),
            )
            if starts + timedelta(days=14) >= today:  # a finished one is listed, not joined
                data.challenges.append(challenge.id)
        for challenge_id in data.challenges:
            for person in [data.viewer, *data.citizens]:
                join_challenge(user=db.session.get(User, person.id), challenge_id=challenge_id)
        db.session.remove()


def _pages(data: Data) -> dict[str, tuple[str, str]]:
    """Page name → (who asks, URL)."""
    return {
        "home": ("citizen", "/hjem"),
        "leaderboard (week)": ("public", "/resultater?periode=uge"),
        "leaderboard (month)": ("public", "/resultater?periode=maaned"),
        "leaderboard (all time)": ("public", "/resultater?periode=altid"),
        "area leaderboard": ("citizen", "/resultater/borup?periode=uge"),
        "my impact": ("citizen", "/min-indsats"),
        "my history": ("citizen", "/mine-registreringer"),
        "company directory": ("public", "/virksomheder"),
        "company page": ("public", f"/virksomheder/{data.company_slug}"),
        "admin dashboard": ("admin", "/admin"),
        "challenge list": ("citizen", "/udfordringer"),
    }


def _measure(clients: dict[str, FlaskClient], counter: StatementCounter, data: Data) -> dict[str, int]:
    counts = {}
    for name, (who, url) in _pages(data).items():
        assert clients[who].get(url).status_code == 200, name  # warm-up: per-process caches
        counter.count = 0
        response = clients[who].get(url)
        assert response.status_code == 200, name
        counts[name] = counter.count
    return counts


def test_main_pages_send_a_bounded_number_of_statements_whatever_the_data(
    app: Flask, make_user: Any, counter: StatementCounter
) -> None:
    data = Data(viewer=make_user(neighbourhood="borup"), admin=make_user(role="admin"))
    clients = {"public": app.test_client(), "citizen": app.test_client(), "admin": app.test_client()}
    login(clients["citizen"], data.viewer)
    login(clients["admin"], data.admin)

    _add_citizens(app, make_user, data, 2)
    _add_companies(app, make_user, data, 2, extras=1)
    _add_challenges(app, data, 2)
    for n in range(2):
        _log(app, data, data.viewer, n)
    small = _measure(clients, counter, data)

    _add_citizens(app, make_user, data, 37)
    _add_companies(app, make_user, data, 6, extras=4)
    _add_challenges(app, data, 4)
    for n in range(2, 14):
        _log(app, data, data.viewer, n % 10, days_back=n % 2)
    large = _measure(clients, counter, data)

    assert len(data.citizens) + 1 == 40
    # The larger data is on the pages (so the equal counts are not about empty lists).
    assert "Grøn Virksomhed 7" in clients["public"].get("/virksomheder").text
    assert "Løsning 3" in clients["public"].get(f"/virksomheder/{data.company_slug}").text
    assert "Udfordring 5" in clients["citizen"].get("/udfordringer").text
    assert clients["citizen"].get("/mine-registreringer").text.count("today-item status-") >= 14
    grew = {name: (small[name], large[name]) for name in small if small[name] != large[name]}
    assert grew == {}, f"statements grew with the data (small, large): {grew}"
    over = {name: (large[name], BOUNDS[name]) for name in large if large[name] > BOUNDS[name]}
    assert over == {}, f"over the bound (count, bound): {over}; all counts: {large}"
