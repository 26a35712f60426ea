"""A throw-away Redis server for the test run: redis-server on a free loopback port, no persistence."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from tests.support.postgres import free_port


class RedisUnavailable(RuntimeError):
    pass


class TemporaryRedis:
    """Context manager: a private redis-server on 127.0.0.1:<free port>, stopped and removed on exit."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RedisUnavailable("redis-server is not installed (Debian: apt-get install -y redis-server)")
        self.binary = binary
        self.base = Path(tempfile.mkdtemp(prefix="klimadyst-redis-"))
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def __enter__(self) -> TemporaryRedis:
        # Empty `save` and appendonly off: nothing is ever written to disk.
        args = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.base),
            "--save",
            "",
            "--appendonly",
            "no",
            "--protected-mode",
            "yes",
            "--daemonize",
            "no",
            "--logfile",
            str(self.base / "redis.log"),
        ]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._cleanup()
                raise RedisUnavailable(f"redis-server exited: {self._log()}")
            if self._answers_ping():
                return self
            time.sleep(0.05)
        self.__exit__(None, None, None)
        raise RedisUnavailable(f"redis-server did not answer on port {self.port}: {self._log()}")

    def flush(self) -> None:
        """Forget every key (rate-limit counters) between tests."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
            sock.sendall(b"FLUSHALL\r\n")
            if not sock.recv(16).startswith(b"+OK"):
                raise RedisUnavailable("FLUSHALL was refused")

    def _answers_ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def _log(self) -> str:
        log = self.base / "redis.log"
        return log.read_text() if log.exists() else ""

    def _cleanup(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if self.process is not None and self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=10)
        finally:
            if self.process is not None and self.process.stderr is not None:
                self.process.stderr.close()
            self._cleanup()
