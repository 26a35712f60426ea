"""The burst throttle holds under concurrency: the time is taken after the user-row lock."""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import User
from app.actions.models import Action, LogEntry
from app.actions.services import log_action
from app.db import db
from app.errors import RateLimited

LIMIT = 30
REQUESTS = 40
TRIALS = 3


def _burst(app: Flask, user_id: int) -> tuple[int, int, list[BaseException]]:
    accepted: list[int] = []
    refused: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(REQUESTS)

    def send(n: int) -> None:
        try:
            with app.app_context():
                action = db.session.scalar(select(Action).where(Action.slug == "kollektiv-frem-for-bil"))
                user = db.session.get(User, user_id)
                db.session.commit()  # back to the pool: 40 threads share fewer connections
                start.wait(timeout=60)
                try:
                    log_action(
                        user=user, action=action, quantity="0.01", idempotency_key=f"race-{user_id}-{n:04d}"
                    )
                    accepted.append(n)
                except RateLimited:
                    refused.append(n)
                finally:
                    db.session.remove()
        except BaseException as exc:  # pragma: no cover - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(accepted), len(refused), errors


def test_forty_concurrent_logs_with_a_limit_of_thirty_accept_exactly_thirty(
    app: Flask, make_user: Any
) -> None:
    app.config["THROTTLE_MAX_LOGS"] = LIMIT
    for _trial in range(TRIALS):
        person = make_user()
        accepted, refused, errors = _burst(app, person.id)
        assert not errors, errors
        assert (accepted, refused) == (LIMIT, REQUESTS - LIMIT)
        with app.app_context():
            stored = db.session.scalar(
                select(func.count()).select_from(LogEntry).where(LogEntry.user_id == person.id)
            )
            db.session.remove()
        assert stored == LIMIT
