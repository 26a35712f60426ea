"""Two app instances behind one (imagined) load balancer: sessions, rate limits and the ledger are
shared through PostgreSQL, Redis and the SECRET_KEY, never through one process's memory."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
import redis
from flask import Flask
from sqlalchemy import func, select

from app.actions.models import LogEntry, LogStatus
from app.clock import local_date, utcnow
from app.db import db
from app.leaderboards.models import NeighbourhoodScore, UserScore
from tests.conftest import Person
from tests.scale.conftest import TOKEN_RATE_LIMIT, Cluster
from tests.support.instances import Browser

pytestmark = pytest.mark.scale

BIKE = "cykel-frem-for-bil"
KM = "5"
POINTS_PER_LOG = 10  # 2 points per km
THREADS = 8
LOGS_PER_THREAD = 5


def _login(browser: Browser, base: str, person: Person) -> None:
    token = browser.csrf_token(base, "/log-ind")
    reply = browser.post_form(
        base, "/log-ind", {"email": person.email, "password": person.password, "csrf_token": token}
    )
    assert reply.status == 303, reply.text[:500]


def _log_form(token: str, key: str) -> dict[str, str]:
    return {
        "quantity": KM,
        "occurred_on": local_date(utcnow()).isoformat(),
        "idempotency_key": key,
        "csrf_token": token,
    }


def test_a_session_from_one_instance_is_accepted_by_the_other(cluster: Cluster, citizen: Person) -> None:
    one, two = cluster.urls
    assert Browser().get(two, "/hjem").status == 302  # without the cookie: off to the login page

    browser = Browser()
    _login(browser, one, citizen)
    assert "session" in browser.cookies
    account = browser.get(two, "/konto")
    assert account.status == 200
    assert citizen.email in account.text

    # A form token minted by instance 2 is accepted by instance 1: the same key signs both.
    token = browser.csrf_token(two, "/hjem")
    logged = browser.post_form(one, f"/log/{BIKE}", _log_form(token, uuid.uuid4().hex))
    assert logged.status == 303, logged.text[:500]


def test_the_token_rate_limit_is_counted_across_both_instances(cluster: Cluster, citizen: Person) -> None:
    cluster.redis.flush()
    limit = int(TOKEN_RATE_LIMIT.split()[0])
    credentials = {"email": citizen.email, "password": citizen.password}
    statuses = []
    for n in range(limit):  # alternately: each instance alone sees about half of them
        reply = Browser().post_json(cluster.urls[n % 2], "/api/v1/tokens", credentials)
        statuses.append(reply.status)
        assert reply.status == 201, reply.text
        assert reply.json()["token"]
    for base in cluster.urls:  # the next one is over the limit, wherever it lands
        refused = Browser().post_json(base, "/api/v1/tokens", credentials)
        assert refused.status == 429, refused.text
        assert int(refused.headers["Retry-After"]) > 0
    with redis.Redis.from_url(cluster.redis.url) as counters:
        assert counters.keys("*")  # the counts live in Redis, not in either instance


def _logging_thread(
    base_urls: tuple[str, str],
    person: Person,
    index: int,
    start: threading.Barrier,
    results: list[tuple[str, int, str]],
) -> None:
    browser = Browser()
    first = base_urls[index % 2]
    _login(browser, first, person)
    token = browser.csrf_token(first, "/hjem")
    keys = [uuid.uuid4().hex for _ in range(LOGS_PER_THREAD)]
    start.wait(timeout=120)
    for n, key in enumerate(keys):
        base = base_urls[(index + n) % 2]
        reply = browser.post_form(base, f"/log/{BIKE}", _log_form(token, key))
        results.append(("new", reply.status, reply.text[:300] if reply.status != 303 else ""))
    # A retry of the first log through the other instance (a phone resending after a timeout).
    replay = browser.post_form(base_urls[(index + 1) % 2], f"/log/{BIKE}", _log_form(token, keys[0]))
    results.append(("replay", replay.status, ""))


def test_concurrent_logging_through_both_instances_loses_nothing(
    cluster: Cluster, app: Flask, make_user: Any
) -> None:
    people = [make_user(neighbourhood=area) for area in ("borup", "borup", "ejby", "herfoelge")]
    results: list[tuple[str, int, str]] = []
    start = threading.Barrier(THREADS)
    threads = [
        threading.Thread(
            target=_logging_thread, args=(cluster.urls, people[i % len(people)], i, start, results)
        )
        for i in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    refused = [r for r in results if r[1] != 303]
    assert refused == [], refused
    accepted = sum(1 for kind, status, _ in results if kind == "new" and status == 303)
    assert accepted == THREADS * LOGS_PER_THREAD
    assert len(results) == THREADS * (LOGS_PER_THREAD + 1)  # every thread finished

    expected = accepted * POINTS_PER_LOG
    with app.app_context():
        ledger = db.session.execute(
            select(func.count(), func.sum(LogEntry.points)).where(LogEntry.status == LogStatus.COUNTED)
        ).one()
        users = db.session.execute(
            select(func.sum(UserScore.logs), func.sum(UserScore.points)).where(UserScore.period == "all")
        ).one()
        areas = db.session.execute(
            select(func.sum(NeighbourhoodScore.logs), func.sum(NeighbourhoodScore.points)).where(
                NeighbourhoodScore.period == "all"
            )
        ).one()
        weeks = db.session.scalar(
            select(func.sum(NeighbourhoodScore.points)).where(NeighbourhoodScore.period == "week")
        )
        participants = db.session.scalar(
            select(func.sum(NeighbourhoodScore.participants)).where(NeighbourhoodScore.period == "all")
        )
        db.session.remove()
    assert tuple(ledger) == (accepted, expected)
    assert tuple(users) == (accepted, expected)
    assert tuple(areas) == (accepted, expected)
    assert weeks == expected
    assert participants == len(people)
