"""`flask worker`: mails go out without anyone running a command, exactly once across workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import func, insert, select

from app import create_app
from app.clock import utcnow
from app.db import db
from app.outbox.models import MailStatus, OutboxMessage
from app.outbox.services import deliver_due, queue_mail
from app.outbox.transport import Mail
from app.outbox.worker import PERIODIC_JOBS, PeriodicJob, Worker

ROOT = Path(__file__).resolve().parents[2]


class RecordingTransport:
    """Remembers every mail; a little slow, so two workers really overlap."""

    def __init__(self, delay: float = 0.0) -> None:
        self.sent: list[str] = []
        self.lock = threading.Lock()
        self.delay = delay

    def send(self, mail: Mail) -> None:
        if self.delay:
            time.sleep(self.delay)
        with self.lock:
            self.sent.append(mail.reference)


def _queue_many(n: int) -> None:
    now = utcnow()
    db.session.execute(
        insert(OutboxMessage),
        [
            {
                "kind": "test",
                "to_address": f"p{i}@example.dk",
                "subject": f"Mail {i}",
                "body": "Hej",
                "status": MailStatus.PENDING,
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
            for i in range(n)
        ],
    )
    db.session.commit()


def test_two_workers_send_every_mail_exactly_once(app: Flask, database_url: str) -> None:
    with app.app_context():
        _queue_many(200)
    transport = RecordingTransport(delay=0.002)
    per_worker: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    # Each worker has its own app, built here: building apps in two threads at once trips a
    # CPython 3.11 race in compile() (werkzeug compiles each URL rule), "AST constructor
    # recursion depth mismatch". The sending is what runs concurrently.
    apps = [create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url}) for _ in range(2)]

    def worker(own_app: Flask) -> None:
        sent = 0
        try:
            with own_app.app_context():
                start.wait()
                while (report := deliver_due(transport=transport, limit=25)).sent:
                    sent += report.sent
                db.session.remove()
                db.engine.dispose()
        except BaseException as exc:
            errors.append(exc)
        per_worker.append(sent)

    threads = [threading.Thread(target=worker, args=(own,)) for own in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    counts = Counter(transport.sent)
    assert len(counts) == 200
    assert set(counts.values()) == {1}, [ref for ref, n in counts.items() if n > 1]
    assert sum(per_worker) == 200
    assert all(n > 0 for n in per_worker), per_worker  # both really took part
    with app.app_context():
        pending = db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == MailStatus.PENDING)
        )
        assert pending == 0


def test_a_tick_delivers_and_runs_the_jobs_when_their_interval_is_up(app: Flask) -> None:
    with app.app_context():
        queue_mail(to="a@example.dk", subject="Hej", body="Hej", kind="test")
    ran: list[str] = []
    clock = [1000.0]
    transport = RecordingTransport()
    worker = Worker(
        app,
        transport=transport,
        poll_seconds=5,
        clock=lambda: clock[0],
        jobs=[PeriodicJob("every-minute", 60, lambda: ran.append("m"))],
    )
    worker.tick()
    assert len(transport.sent) == 1
    assert ran == []  # the first run waits one interval
    clock[0] += 60
    worker.tick()
    clock[0] += 30
    worker.tick()
    assert ran == ["m"]
    clock[0] += 30
    worker.tick()
    assert ran == ["m", "m"]


def test_a_failing_job_is_logged_and_the_loop_goes_on(app: Flask, caplog: object) -> None:
    def broken() -> None:
        raise RuntimeError("database restarting")

    clock = [0.0]
    transport = RecordingTransport()
    worker = Worker(
        app,
        transport=transport,
        poll_seconds=5,
        clock=lambda: clock[0],
        jobs=[PeriodicJob("broken", 1, broken)],
    )
    clock[0] = 5
    worker.tick()
    with app.app_context():
        queue_mail(to="a@example.dk", subject="Hej", body="Hej", kind="test")
    worker.tick()
    assert len(transport.sent) == 1
    assert "broken failed" in caplog.text  # type: ignore[attr-defined]


def test_stop_ends_the_loop(app: Flask) -> None:
    worker = Worker(app, transport=RecordingTransport(), poll_seconds=0.05, jobs=[])
    thread = threading.Thread(target=worker.run, kwargs={"install_signal_handlers": False})
    thread.start()
    time.sleep(0.2)
    worker.stop()
    thread.join(timeout=5)
    assert not thread.is_alive()


def test_the_registry_holds_periodic_jobs() -> None:
    assert all(isinstance(job, PeriodicJob) and job.interval_seconds > 0 for job in PERIODIC_JOBS)
    assert {job.name: job.interval_seconds for job in PERIODIC_JOBS} == {
        "retention-purge": 3600,
        "reminders": 60,
    }


def test_the_worker_runs_the_retention_purge_hourly(app: Flask) -> None:
    job = next(job for job in PERIODIC_JOBS if job.name == "retention-purge")
    assert job.interval_seconds == 3600
    long_ago = utcnow() - timedelta(days=int(app.config["OUTBOX_RETENTION_DAYS"]) + 1)
    with app.app_context():
        db.session.execute(
            insert(OutboxMessage).values(
                to_address="gammel@example.dk",
                subject="Sendt for længe siden",
                body="Hej",
                kind="test",
                status=MailStatus.SENT,
                attempts=1,
                next_attempt_at=long_ago,
                sent_at=long_ago,
                created_at=long_ago,
            )
        )
        db.session.commit()
        db.session.remove()
    clock = [0.0]
    Worker(
        app, transport=RecordingTransport(), poll_seconds=5, jobs=[job], clock=lambda: clock[0]
    ).tick()  # not due yet: first run one interval after start
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
        db.session.remove()
    worker = Worker(app, transport=RecordingTransport(), poll_seconds=5, jobs=[job], clock=lambda: clock[0])
    clock[0] = 3600.0
    worker.tick()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
        db.session.remove()


def test_flask_worker_prints_queued_mails_and_stops_on_sigterm(app: Flask, database_url: str) -> None:
    with app.app_context():
        queue_mail(to="ny@example.dk", subject="Bekræft din e-mail", body="Klik her", kind="test")
    env = {
        **os.environ,
        "KLIMADYST_ENV": "testing",
        "DATABASE_URL": database_url,
        "KLIMADYST_MAIL_BACKEND": "console",
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "worker", "--poll-seconds", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "--- end of mail" in line:
            break
    process.send_signal(signal.SIGTERM)
    rest, _ = process.communicate(timeout=30)
    output = "".join(lines) + rest
    assert process.returncode == 0, output
    assert "mail to ny@example.dk: Bekræft din e-mail" in output
    assert "Worker stopped." in output
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage.status)) == MailStatus.SENT


def test_a_tick_drains_more_than_one_round(app: Flask) -> None:
    with app.app_context():
        _queue_many(250)
    transport = RecordingTransport()
    Worker(app, transport=transport, poll_seconds=5, jobs=[]).tick()
    assert len(transport.sent) == 250
