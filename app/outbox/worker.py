"""`flask worker`: a long-running loop that delivers due mails and runs the periodic jobs."""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import NamedTuple

from flask import Flask

from app.db import db
from app.outbox.transport import Transport
from app.tenancy.context import platform_scope

log = logging.getLogger("klimadyst.worker")
ROUND_LIMIT = 100  # mails per delivery round; a full round is followed by another at once


class PeriodicJob(NamedTuple):
    """A job the worker runs every `interval_seconds` (first run: one interval after start)."""

    name: str
    interval_seconds: float
    run: Callable[[], object]


# Every periodic job, in the order they run. The outbox is a low-level service, so the features
# that own a job add it with `register_periodic_job` (app/features.py lists them all). A job
# runs inside an app context, commits its own work (a service call) and must be safe on several
# workers at once (each instance runs one worker).
PERIODIC_JOBS: list[PeriodicJob] = []


def register_periodic_job(job: PeriodicJob) -> None:
    """Add `job` to every worker started from now on; registering the same name again replaces
    it (create_app runs once per app, and tests build many apps in one process)."""
    PERIODIC_JOBS[:] = [known for known in PERIODIC_JOBS if known.name != job.name] + [job]


class Worker:
    """Deliver due mails every `poll_seconds`; run each periodic job when its interval is up.

    stop() (or SIGTERM/SIGINT when run() installs its handlers) ends the loop after the current
    step: a mail being sent is finished and recorded, never abandoned half-way.
    """

    def __init__(
        self,
        app: Flask,
        *,
        transport: Transport,
        poll_seconds: float,
        jobs: list[PeriodicJob] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.transport = transport
        self.poll_seconds = poll_seconds
        self.jobs = list(PERIODIC_JOBS if jobs is None else jobs)
        self.clock = clock
        self._stop = threading.Event()
        started = clock()
        self._next_run = {job.name: started + job.interval_seconds for job in self.jobs}

    def stop(self, signum: int | None = None, _frame: FrameType | None = None) -> None:
        if signum is not None:
            log.info("Worker: got %s, stopping after the current step.", signal.Signals(signum).name)
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def run(self, *, install_signal_handlers: bool = True) -> None:
        """Loop until stopped."""
        if install_signal_handlers and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
        log.info(
            "Worker started: mails every %ss, jobs: %s.",
            self.poll_seconds,
            ", ".join(f"{job.name} every {job.interval_seconds}s" for job in self.jobs) or "none",
        )
        while not self._stop.is_set():
            self.tick()
            self._stop.wait(self.poll_seconds)
        log.info("Worker stopped.")

    def tick(self) -> None:
        """One step: deliver the due mails, then the periodic jobs that are due."""
        self._step("outbox", self._deliver)
        now = self.clock()
        for job in self.jobs:
            if self._stop.is_set():
                return
            if now >= self._next_run[job.name]:
                self._next_run[job.name] = now + job.interval_seconds
                self._step(job.name, job.run)

    def _deliver(self) -> None:
        from app.outbox.services import deliver_due

        while True:  # a full round means more may be due: go on without waiting a poll
            report = deliver_due(transport=self.transport, limit=ROUND_LIMIT)
            if report.sent or report.failed:
                log.info(
                    "Outbox: %s sent, %s failed (kept for a retry), %s still queued.",
                    report.sent,
                    report.failed,
                    report.pending_left,
                )
            if report.sent + report.failed < ROUND_LIMIT or self._stop.is_set():
                return

    def _step(self, name: str, step: Callable[[], object]) -> None:
        """Run one step in a fresh app context; a failure is logged and the loop goes on (the
        database may be restarting; the next tick tries again). Jobs run in platform scope: they
        serve every municipality, and enter one where they write for it (the digest)."""
        with self.app.app_context(), platform_scope():
            try:
                step()
            except Exception:
                log.exception("Worker: %s failed; trying again on the next round.", name)
            finally:
                db.session.remove()
