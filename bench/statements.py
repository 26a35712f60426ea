"""Statements per log: the SQL one `POST /api/v1/logs` sends, counted and listed.

    .venv/bin/python -m bench.statements            # SQLite (a throw-away file)
    .venv/bin/python -m bench.statements --postgresql URL

It builds a small demo (`flask seed`, a citizen with a few days of logs and a running challenge
they joined), then logs through the API with a fresh Idempotency-Key and prints every statement
of that request, grouped: what the number in README's performance section comes from.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

PASSWORD = "statements-1234"  # noqa: S105 (a throw-away demo account)
ACTION = "cykel-frem-for-bil"


def _shape(sql: str) -> str:
    text = " ".join(sql.split())
    head = re.match(r"(\w+(?: INTO| FROM)?)\s+\"?(\w+)", text.replace("SELECT ", "SELECT FROM ", 1))
    verb = text.split(" ", 1)[0].upper()
    if verb == "SELECT":
        table = re.search(r"\bFROM\s+\"?(\w+)", text)
        return f"SELECT {table.group(1) if table else '?'}"
    if verb in ("INSERT", "UPDATE", "DELETE"):
        table = re.search(r"(?:INTO|UPDATE|FROM)\s+\"?(\w+)", text)
        return f"{verb} {table.group(1) if table else '?'}"
    return head.group(0) if head else verb


def _require(ok: bool, response: Any) -> None:
    if not ok:
        raise SystemExit(f"unexpected answer {response.status_code}: {response.get_data(as_text=True)}")


def _sign_in(client: Any) -> None:
    """The web login form, CSRF token and all (production settings)."""
    form = client.get("/log-ind").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form) or re.search(
        r'name="csrf_token" value="([^"]+)"', form
    )
    if token is None:
        raise SystemExit("no CSRF token in the login form")
    answer = client.post(
        "/log-ind", data={"email": "s@example.dk", "password": PASSWORD, "csrf_token": token.group(1)}
    )
    _require(answer.status_code == 303, answer)


Captured = list[tuple[str, Any, bool]]  # (statement, DB-API parameters, executemany) as the driver got them


def count(database_url: str | None, *, home: bool = False) -> list[str]:
    return [statement for statement, _parameters, _many in capture(database_url, home=home)]


def capture(
    database_url: str | None,
    *,
    home: bool = False,
    before: Callable[[str], None] | None = None,
    then: Callable[[Any, Callable[[], Any]], None] | None = None,
    config: dict[str, Any] | None = None,
    action: str = ACTION,
    quantity: int = 2,
) -> Captured:
    """The statements of one log (or one home), with their parameters. `before(url)` runs just
    before that request, on the database as it then is; `then(app, again)` runs after it, with a
    function that sends one more such request. `config` overrides settings (limits lifted);
    `action` and `quantity` are what is logged."""
    from app import create_app
    from app.accounts.models import Role, User
    from app.accounts.services import register_user
    from app.clock import today_in
    from app.db import db
    from app.neighbourhoods.models import Neighbourhood
    from app.seed.catalogue import seed_actions, seed_neighbourhoods
    from app.seed.municipalities import ensure_koege
    from tests.admin.samples import make_challenge
    from tests.conftest import Person

    url = database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'statements.db'}"
    app = create_app(
        "production",
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "s" * 48,
            "SINGLE_PROCESS": True,
            "TRUSTED_HOSTS": None,
            # The test client's host is the bare address, which serves Køge.
            "PLATFORM_DOMAIN": "localhost",
            "DEFAULT_MUNICIPALITY": "koege",
            **(config or {}),
        },
    )
    with app.app_context():
        db.create_all()
        ensure_koege()
        seed_neighbourhoods()
        seed_actions()
        area = db.session.scalar(db.select(Neighbourhood.id).where(Neighbourhood.slug == "borup"))
        citizen = register_user(email="s@example.dk", password=PASSWORD, alias="Måler", neighbourhood_id=area)
        admin = register_user(
            email="a@example.dk", password=PASSWORD, alias="Admin", neighbourhood_id=None, role=Role.ADMIN
        )
        admin_person = Person(admin.id, admin.email, admin.alias, PASSWORD, None)
        citizen_id = citizen.id
        db.session.remove()
    challenge_id = make_challenge(app, admin_person, slug="cykeluge")
    with app.app_context():
        from app.challenges.services import join_challenge

        join_challenge(user=db.session.get(User, citizen_id), challenge_id=challenge_id)
        db.session.remove()
    client = app.test_client()
    token = client.post("/api/v1/tokens", json={"email": "s@example.dk", "password": PASSWORD})
    _require(token.status_code == 201, token)
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}

    def log(occurred_on: str | None) -> Any:
        body: dict[str, Any] = {"action": action, "quantity": quantity}
        if occurred_on:
            body["occurred_on"] = occurred_on
        return client.post(
            "/api/v1/logs", json=body, headers={**headers, "Idempotency-Key": uuid.uuid4().hex}
        )

    for day in (2, 1):  # a streak and earlier logs, as a returning citizen has
        earlier = log(str(today_in() - timedelta(days=day)))
        _require(earlier.status_code == 201, earlier)
    seen: Captured = []
    with app.app_context():

        def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, many: bool) -> None:
            seen.append((statement, parameters, many))

        if home:
            _sign_in(client)
            client.get("/hjem")  # the first visit renders the shared catalogue fragment
        if before is not None:
            before(url)
        event.listen(db.engine, "before_cursor_execute", record)
        response = client.get("/hjem") if home else log(None)
        event.remove(db.engine, "before_cursor_execute", record)
    _require(response.status_code == (200 if home else 201), response)
    if then is not None:
        then(app, (lambda: client.get("/hjem")) if home else (lambda: log(None)))
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgresql", metavar="URL", help="count on this (empty) PostgreSQL database")
    parser.add_argument("--list", action="store_true", help="print every statement")
    parser.add_argument("--home", action="store_true", help="count the citizen home (GET /hjem) instead")
    args = parser.parse_args()
    statements = count(args.postgresql, home=args.home)
    control = [
        s
        for s in statements
        if s.split(" ", 1)[0].upper() in ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "PRAGMA")
    ]
    what = "the citizen home" if args.home else "one log"
    print(f"{len(statements)} statements for {what} ({len(control)} transaction control)")
    for shape, n in sorted(Counter(_shape(s) for s in statements).items(), key=lambda kv: -kv[1]):
        print(f"  {n:3d}  {shape}")
    if args.list:
        for s in statements:
            print("---", " ".join(s.split())[:300])


if __name__ == "__main__":
    main()
