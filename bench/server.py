"""The app under gunicorn with its production configuration (gunicorn.conf.py), and its workers."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

from bench.dataset import ROOT, app_env
from tests.support.postgres import free_port

# The bench sends all its load from one address and, for the writes, from 50 citizens: limits
# meant for one phone or one attacker would refuse most of it. They stay switched on (their
# bookkeeping is part of the cost), only set out of reach. The report says so.
BENCH_LIMITS = {
    "KLIMADYST_THROTTLE_MAX_LOGS": "1000000",
    "KLIMADYST_API_RATE_LIMIT": "10000000 per minute",
    "KLIMADYST_API_IP_RATE_LIMIT": "10000000 per minute",
    "KLIMADYST_API_TOKEN_RATE_LIMIT": "10000000 per minute",
    # the 50 citizens log in through the form from one address before the load (bench/clients.py)
    "KLIMADYST_WEB_LOGIN_RATE_LIMIT": "10000000 per minute",
}


class Gunicorn:
    """`gunicorn <app>` from the project root (so it reads gunicorn.conf.py), on a free port: the
    app (`wsgi:app`) or, as the floor of the ratios, the hello-world app (`bench.hello:app`);
    `ready_path` is what must answer 200 before the load starts."""

    def __init__(
        self,
        database_url: str,
        log_path: Path,
        extra_env: dict[str, str] | None = None,
        *,
        app: str = "wsgi:app",
        ready_path: str = "/healthz",
    ):
        self.app = app
        self.ready_path = ready_path
        self.port = free_port()
        self.log_path = log_path
        self.env = app_env(
            database_url, **BENCH_LIMITS, **(extra_env or {}), GUNICORN_BIND=f"127.0.0.1:{self.port}"
        )
        self.process: subprocess.Popen[bytes] | None = None
        self.workers = self.expected_workers()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Gunicorn:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
                [str(gunicorn), self.app], cwd=ROOT, env=self.env, stdout=log, stderr=log
            )
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__(None, None, None)  # never leave a server behind
            raise
        return self

    def _wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            if self._healthy() and len(self.worker_pids()) >= self.workers:
                return
            time.sleep(0.2)
        raise RuntimeError(
            f"gunicorn did not answer {self.ready_path} in {timeout:.0f} s; see {self.log_path}"
        )

    def _healthy(self) -> bool:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            conn.request("GET", self.ready_path)
            ok = conn.getresponse().status == 200
            conn.close()
            return ok
        except OSError:
            return False

    def expected_workers(self) -> int:
        """What gunicorn.conf.py decided, asked the same way gunicorn asks it."""
        done = subprocess.run(
            [sys.executable, "-c", "import runpy; print(runpy.run_path('gunicorn.conf.py')['workers'])"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return int(done.stdout.strip())

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def peak_rss_mb(self) -> dict[int, float]:
        """VmHWM (peak resident set size) of every worker, in MiB."""
        peaks = {}
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peaks[pid] = round(int(line.split()[1]) / 1024, 1)
        return peaks

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
