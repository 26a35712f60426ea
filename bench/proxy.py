"""Debian's nginx in front of a bench gunicorn (`python -m bench.run --proxy`), as the current user.

The production site file is deploy/nginx.conf; its rules (static files, the cache, the proxy
headers) are the two snippets deploy/klimadyst-http.conf and deploy/klimadyst-server.conf. This
module writes a small nginx.conf of its own around those same snippets: ports, the cache, the
pid file, logs and temp files in a temporary directory, plain HTTP (TLS is not what is measured).
"""

from __future__ import annotations

import grp
import http.client
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from bench.dataset import ROOT
from tests.support.postgres import free_port

DEPLOY = ROOT / "deploy"
NGINX = "/usr/sbin/nginx"
# One worker: on the 2 cores the bench was written on, a second nginx worker only takes CPU
# from gunicorn. Production keeps Debian's `worker_processes auto`.
WORKER_PROCESSES = int(os.environ.get("BENCH_NGINX_WORKERS") or 1)

CONFIG = """\
# Written by bench/proxy.py for one benchmark run; the rules are deploy/klimadyst-*.conf.
{user}worker_processes {workers};
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
daemon off;

events {{
    worker_connections 1024;
}}

http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65s;
    keepalive_requests 100000;  # wrk's connections stay open for the whole run
    server_tokens off;
    access_log {tmp}/access.log combined buffer=64k flush=1s;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;

    include {deploy}/klimadyst-http.conf;

    upstream klimadyst {{
        server 127.0.0.1:{upstream};
        keepalive 16;
        keepalive_timeout 4s;
    }}

    proxy_cache_path {tmp}/cache levels=1:2 keys_zone=klimadyst:10m max_size=1g
                     inactive=10m use_temp_path=off;

    server {{
        listen 127.0.0.1:{port};
        server_name _;
        set $klimadyst_root {root};
        include {deploy}/klimadyst-server.conf;
    }}
}}
"""


def nginx_path() -> str:
    found = NGINX if Path(NGINX).exists() else shutil.which("nginx")
    if not found:
        raise SystemExit("nginx is not installed: `apt-get install -y nginx` (bench/system-deps.sh)")
    return found


def render(*, tmp: Path, upstream_port: int, port: int) -> str:
    """The bench's nginx.conf. As root, nginx's workers would drop to `nobody`, who may not read
    the checkout: they run as the checkout's owner instead."""
    user = ""
    if os.geteuid() == 0:
        stat = ROOT.stat()
        user = f"user {pwd.getpwuid(stat.st_uid).pw_name} {grp.getgrgid(stat.st_gid).gr_name};\n"
    return CONFIG.format(
        user=user,
        workers=WORKER_PROCESSES,
        tmp=tmp,
        deploy=DEPLOY,
        upstream=upstream_port,
        port=port,
        root=ROOT,
    )


class Nginx:
    """nginx on a free port, proxying to the gunicorn on `upstream_port`, with an empty cache."""

    def __init__(self, upstream_port: int, log_path: Path):
        self.upstream_port = upstream_port
        self.port = free_port()
        self.log_path = log_path
        self.tmp: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Nginx:
        self.tmp = Path(tempfile.mkdtemp(prefix="klimadyst-nginx-"))
        if os.geteuid() == 0:
            os.chown(self.tmp, ROOT.stat().st_uid, ROOT.stat().st_gid)
        conf = self.tmp / "nginx.conf"
        conf.write_text(render(tmp=self.tmp, upstream_port=self.upstream_port, port=self.port))
        nginx = nginx_path()
        test = subprocess.run(  # noqa: S603 - Debian's nginx, our generated config
            [nginx, "-t", "-q", "-p", str(self.tmp), "-e", str(self.tmp / "error.log"), "-c", str(conf)],
            capture_output=True,
            text=True,
            check=False,
        )
        if test.returncode:
            raise RuntimeError(f"nginx -t failed for {conf}:\n{test.stdout}{test.stderr}")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [nginx, "-p", str(self.tmp), "-e", str(self.tmp / "error.log"), "-c", str(conf)],
                stdout=log,
                stderr=log,
            )
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"nginx exited; see {self.log_path} and {self.tmp}/error.log")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                conn.close()
                return  # any answer: nginx listens (the upstream's health is gunicorn's check)
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"nginx did not listen in {timeout:.0f} s; see {self.tmp}/error.log")

    def error_log(self) -> str:
        path = (self.tmp or Path("/nonexistent")) / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish what is in flight
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
        if self.tmp is not None:
            errors = self.error_log()
            if errors.strip():
                with self.log_path.open("a") as log:
                    log.write(errors)
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None
