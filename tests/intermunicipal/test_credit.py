"""What counts in an inter-municipal challenge, and that the totals stay right."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask

from tests.intermunicipal.conftest import Citizen, entry_totals, join, log, move_days, today

pytestmark = pytest.mark.usefixtures("frozen_day")


@pytest.fixture
def running(app: Flask, challenge: str) -> str:
    """Køge and Solrød joined before the start; the challenge now runs from yesterday."""
    join(app, challenge, "koege")
    join(app, challenge, "solroed")
    move_days(app, challenge, -2)
    return challenge


def test_a_covered_log_in_a_joined_municipality_counts_for_it_alone(
    app: Flask, running: str, make_citizen: Callable[[str], Citizen]
) -> None:
    anna = make_citizen("koege")
    log(app, anna, day=today(), key="inter-0001", km="10")

    totals = entry_totals(app, running)
    assert totals["koege"] == (20, 1, 1)  # 10 km × 2 points
    assert totals["solroed"] == (0, 0, 0)


def test_other_actions_days_and_municipalities_do_not_count(
    app: Flask, challenge: str, make_citizen: Callable[[str], Citizen]
) -> None:
    join(app, challenge, "koege")  # Solrød stays out
    move_days(app, challenge, -2)
    anna, bo = make_citizen("koege"), make_citizen("solroed")
    log(app, anna, slug="gaa-frem-for-bil", day=today(), key="inter-0002", km="2")  # not covered
    log(app, anna, day=today() - timedelta(days=2), key="inter-0003")  # the day before the start
    log(app, bo, day=today(), key="inter-0004")  # Solrød did not join

    assert entry_totals(app, challenge) == {"koege": (0, 0, 0)}


def test_a_citizen_counts_once_however_many_logs(
    app: Flask, running: str, make_citizen: Callable[[str], Citizen]
) -> None:
    anna, bo = make_citizen("koege"), make_citizen("koege")
    log(app, anna, day=today(), key="inter-0005", km="5")
    log(app, anna, day=today() - timedelta(days=1), key="inter-0006", km="5")
    log(app, bo, day=today(), key="inter-0007", km="5")

    assert entry_totals(app, running)["koege"] == (30, 3, 2)


def test_a_repeated_request_counts_once(
    app: Flask, running: str, make_citizen: Callable[[str], Citizen]
) -> None:
    anna = make_citizen("koege")
    first = log(app, anna, day=today(), key="inter-0008")
    again = log(app, anna, day=today(), key="inter-0008")

    assert first == again
    assert entry_totals(app, running)["koege"] == (20, 1, 1)


def test_an_undo_takes_the_log_and_the_participant_back(
    app: Flask, running: str, make_citizen: Callable[[str], Citizen]
) -> None:
    from app.accounts.models import User
    from app.actions.services import undo_log
    from app.db import db
    from app.tenancy.context import in_municipality

    anna = make_citizen("koege")
    log_id = log(app, anna, day=today(), key="inter-0009")
    with app.app_context():
        user = db.session.get(User, anna.id)
        assert user is not None
        with in_municipality(user.municipality_id):
            undo_log(user=user, log_id=log_id)
        db.session.remove()

    assert entry_totals(app, running)["koege"] == (0, 0, 0)


def test_a_voided_log_is_taken_back(app: Flask, running: str, make_citizen: Callable[[str], Citizen]) -> None:
    from datetime import UTC, datetime

    from app.actions.models import LogEntry, LogStatus
    from app.actions.services import take_back_entry
    from app.db import db, write_transaction
    from app.tenancy.context import platform_scope

    anna = make_citizen("koege")
    log(app, anna, day=today(), key="inter-0010")
    keep = log(app, anna, day=today(), key="inter-0011", km="3")
    with app.app_context(), platform_scope(), write_transaction():
        entry = db.session.scalar(db.select(LogEntry).where(LogEntry.user_id == anna.id, LogEntry.id != keep))
        assert entry is not None
        take_back_entry(entry, status=LogStatus.VOIDED, reason="test", now=datetime.now(UTC))

    assert entry_totals(app, running)["koege"] == (6, 1, 1)


def test_the_rebuild_gives_the_live_totals(
    app: Flask, running: str, make_citizen: Callable[[str], Citizen]
) -> None:
    from app.features import rebuild_derived_rows

    anna, bo = make_citizen("koege"), make_citizen("solroed")
    log(app, anna, day=today(), key="inter-0012", km="4")
    log(app, bo, day=today(), key="inter-0013", km="7")
    log(app, bo, day=today() - timedelta(days=1), key="inter-0014", km="1")
    live = entry_totals(app, running)
    with app.app_context():
        rebuild_derived_rows()

    assert entry_totals(app, running) == live
    assert live == {"koege": (8, 1, 1), "solroed": (16, 2, 1)}
