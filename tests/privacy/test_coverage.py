"""No table can outrun the privacy rules: every table that may hold personal data is exported
and erased, and a full footprint proves it (nothing of the person left in clear)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, or_, select

import app.features  # noqa: F401  (every feature's models in the metadata, as create_app has them)
from app.accounts.models import User
from app.db import db
from app.privacy.erasure import ERASERS
from app.privacy.footprint import EXPORTERS
from app.privacy.queries import export_user_data
from app.privacy.rules import NOT_PERSONAL, RULES, RULES_BY_TABLE, looks_personal
from tests.conftest import login
from tests.privacy.conftest import OWNER_CONTACT_NAME, Footprint, scan_for


def _user_keys(table: Table) -> list[Any]:
    return [
        c
        for c in table.columns
        if any(fk.column.table.name == "users" and fk.column.name == "id" for fk in c.foreign_keys)
    ]


def _why_personal(table: Table) -> list[str]:
    reasons = [f"{c.name} -> users.id" for c in _user_keys(table)]
    reasons += [
        c.name for c in table.columns if looks_personal(c.name) or c.name in {"participant_ref", "public_id"}
    ]
    return reasons


def _uncovered(tables: list[Table]) -> dict[str, list[str]]:
    uncovered = {}
    for table in tables:
        reasons = _why_personal(table)
        if reasons and table.name not in RULES_BY_TABLE and table.name not in NOT_PERSONAL:
            uncovered[table.name] = reasons
    return uncovered


def test_every_table_that_may_hold_personal_data_has_a_rule() -> None:
    uncovered = _uncovered(db.metadata.sorted_tables)
    assert not uncovered, (
        "add these tables to app/privacy/rules.py RULES (with an exporter "
        f"and an eraser) or NOT_PERSONAL with a reason: {uncovered}"
    )


def test_a_new_table_with_personal_columns_is_caught() -> None:
    metadata = MetaData()
    users = Table("users", metadata, Column("id", Integer, primary_key=True))
    signups = Table(
        "newsletter_signups",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("subscriber_email", String(254)),
    )
    follows = Table(
        "follows",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("follower_id", ForeignKey("users.id")),
    )
    assert _uncovered([users, signups, follows]) == {
        "newsletter_signups": ["subscriber_email"],
        "follows": ["follower_id -> users.id"],
    }


def test_an_exception_cannot_hide_a_link_to_a_person() -> None:
    for name in NOT_PERSONAL:
        table = db.metadata.tables[name]
        assert not _user_keys(table), f"{name} points to users: it needs a rule, not an exception"
        assert _why_personal(table), f"{name} needs no exception: remove it from NOT_PERSONAL"


def test_every_rule_has_an_exporter_and_an_eraser_and_a_unique_section() -> None:
    tables = [rule.table for rule in RULES]
    assert set(tables) == set(EXPORTERS) == set(ERASERS)
    assert len({rule.section for rule in RULES}) == len(RULES)
    assert list(ERASERS)[-1] == "users"  # the account goes last, after what points to it


def _tables_with_rows_of(user_id: int, email: str, public_id: str) -> set[str]:
    found = set()
    for table in db.metadata.sorted_tables:
        tests = [c == user_id for c in _user_keys(table)]
        tests += [c == public_id for c in table.columns if c.name == "participant_ref"]
        tests += [c == email for c in table.columns if c.name in {"email", "contact_email", "to_address"}]
        if (
            tests
            and db.session.scalar(
                select(table).where(or_(*tests)).limit(1).with_only_columns(*table.primary_key.columns)
            )
            is not None
        ):
            found.add(table.name)
    return found


def test_the_export_lists_every_table_where_the_person_has_rows(app: Flask, footprint: Footprint) -> None:
    for person, public_id in (
        (footprint.citizen, footprint.citizen_public_id),
        (footprint.owner, footprint.owner_public_id),
    ):
        with app.app_context():
            export = export_user_data(db.session.get_one(User, person.id))
            having = _tables_with_rows_of(person.id, person.email, public_id)
            db.session.remove()
        assert having >= {"users", "api_tokens", "outbox_messages"}
        empty = [t for t in having if not export[RULES_BY_TABLE[t].section]]
        assert not empty, f"{person.alias}: rows in {empty} but an empty export section"


def test_citizen_footprint_spans_the_game_tables(app: Flask, footprint: Footprint) -> None:
    with app.app_context():
        having = _tables_with_rows_of(
            footprint.citizen.id, footprint.citizen.email, footprint.citizen_public_id
        )
    assert having >= {
        "action_logs",
        "usual_day_items",
        "always_do_marks",
        "daily_activity",
        "user_scores",
        "user_badges",
        "feed_events",
        "cap_hits",
        "flags",
        "team_memberships",
        "challenge_participants",
        "reminder_preferences",
        "push_subscriptions",
    }


def test_deleting_both_leaves_nothing_of_them_in_clear(
    app: Flask, client: FlaskClient, footprint: Footprint
) -> None:
    c, o = footprint.citizen, footprint.owner
    terms = (
        c.email,
        c.alias,
        footprint.citizen_public_id,
        o.email,
        o.alias,
        footprint.owner_public_id,
        OWNER_CONTACT_NAME,
    )
    with app.app_context():
        before = scan_for(*terms)
    assert len(before) > 15  # the footprint really is spread over the tables
    login(client, c)
    assert client.post("/konto/slet", data={"password": c.password, "confirm": "y"}).status_code == 303
    response = client.delete(
        "/api/v1/me",
        json={"password": o.password},
        headers={"Authorization": f"Bearer {footprint.owner_token}"},
    )
    assert response.status_code == 204
    with app.app_context():
        assert scan_for(*terms) == []
        assert db.session.get(User, c.id) is None
        assert db.session.get(User, o.id) is None
