"""Real app servers (gunicorn in subprocesses) on free loopback ports, and a small cookie-keeping
HTTP client that talks to any of them, as a browser behind a load balancer would."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from tests.support.postgres import free_port

ROOT = Path(__file__).resolve().parents[2]
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# Inherited variables that would point an instance elsewhere than the test's database.
UNSET = (
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "KLIMADYST_READ_REPLICA_DATABASE_URL",
    "KLIMADYST_SQLALCHEMY_DATABASE_URI",
    "KLIMADYST_SECRET_KEY",
    "KLIMADYST_ENV",
)


class InstanceFailed(RuntimeError):
    pass


class AppInstance:
    """`gunicorn "app:create_app()"` with its own config file (the project's gunicorn.conf.py
    sizes production, not a test), started and stopped by the test run."""

    def __init__(
        self, name: str, *, env: Mapping[str, str], workdir: Path, workers: int = 2, threads: int = 4
    ) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / f"{name}.log"
        config = workdir / f"{name}.gunicorn.py"
        config.write_text(
            f'bind = "127.0.0.1:{self.port}"\nworkers = {workers}\nthreads = {threads}\n'
            'worker_class = "gthread"\ntimeout = 60\n'
        )
        self.command = [sys.executable, "-m", "gunicorn", "--config", str(config), "app:create_app()"]
        self.env = {k: v for k, v in os.environ.items() if k not in UNSET} | dict(env)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, timeout: float = 60) -> None:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise InstanceFailed(f"{self.name} exited:\n{self.log.read_text()}")
            try:
                if Browser().get(self.url, "/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise InstanceFailed(f"{self.name} did not answer within {timeout}s:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # gunicorn's graceful stop: the workers finish their requests
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


@dataclass
class Browser:
    """Keeps the cookies it is given, whichever instance set them (one site, many servers)."""

    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, base: str, path: str, headers: Mapping[str, str] | None = None) -> Reply:
        return self.request(base, "GET", path, headers=headers)

    def post_form(self, base: str, path: str, form: Mapping[str, str]) -> Reply:
        return self.request(
            base,
            "POST",
            path,
            body=urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def post_json(
        self, base: str, path: str, payload: Any, headers: Mapping[str, str] | None = None
    ) -> Reply:
        return self.request(
            base,
            "POST",
            path,
            body=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", **(headers or {})},
        )

    def csrf_token(self, base: str, path: str) -> str:
        page = self.get(base, path)
        found = CSRF_FIELD.search(page.text)
        if found is None:
            raise AssertionError(f"no csrf_token on {path} ({page.status})")
        return found.group(1)

    def request(
        self,
        base: str,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Reply:
        host, port = base.removeprefix("http://").split(":")
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            reply = Reply(response.status, response.headers, response.read().decode())
        finally:
            conn.close()
        for header in reply.headers.get_all("Set-Cookie") or []:
            self._keep(header)
        return reply

    def _keep(self, header: str) -> None:
        for name, morsel in SimpleCookie(header).items():
            expired = morsel["max-age"] == "0" or "1970" in morsel["expires"]
            if expired or not morsel.value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value
