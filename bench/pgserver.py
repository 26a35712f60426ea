"""The benchmark's PostgreSQL server: tests/support/postgres.py's server, kept between runs.

The cluster lives under bench/.cache/postgresql so that generated datasets survive as template
databases; unlike the test server it runs with PostgreSQL's durable defaults (fsync,
synchronous_commit, full_page_writes on), because write numbers without them flatter the database.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from types import TracebackType

import psycopg

from tests.support.postgres import PostgresUnavailable, TemporaryPostgres, free_port


class BenchPostgres(TemporaryPostgres):
    """A server on 127.0.0.1:<free port> over a data directory that outlives the run."""

    def __init__(self, base: Path) -> None:
        super().__init__()  # finds the binaries, picks the port, decides who runs the server
        shutil.rmtree(self.base, ignore_errors=True)  # the parent's temporary directory: unused
        self.base = base
        self.datadir = base / "data"
        self.port = free_port()
        base.mkdir(parents=True, exist_ok=True)
        if self.as_user:
            shutil.chown(base, user=self.as_user[2])
        base.chmod(0o755)

    def __enter__(self) -> BenchPostgres:
        try:
            if not (self.datadir / "PG_VERSION").exists():
                shutil.rmtree(self.datadir, ignore_errors=True)
                self._run(
                    str(self.bindir / "initdb"),
                    "-D",
                    str(self.datadir),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                )
            if (self.datadir / "postmaster.pid").exists():
                self._stop_leftover()
            options = (
                f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 "
                "-c max_connections=100 -c shared_buffers=256MB"
            )
            self._run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-o",
                options,
                "-l",
                str(self.base / "server.log"),
                "-w",
                "-t",
                "120",
                "start",
            )
        except subprocess.CalledProcessError as exc:
            log = self.base / "server.log"
            detail = log.read_text()[-4000:] if log.exists() else ""
            raise PostgresUnavailable(f"{exc.stderr}\n{detail}") from exc
        return self

    def _stop_leftover(self) -> None:
        """A server an interrupted run left behind: stop it (a stale lock file alone is fine,
        PostgreSQL removes it when its process is gone)."""
        status = subprocess.run(  # noqa: S603 - the server binaries found by find_bindir
            [*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "status"],
            capture_output=True,
            check=False,
        )
        if status.returncode == 0:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "fast", "-w", "stop")

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "fast", "-w", "stop")

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def admin(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(self._dsn("postgres"), autocommit=True)

    def databases(self) -> set[str]:
        with self.admin() as conn:
            return {str(row[0]) for row in conn.execute("SELECT datname FROM pg_database")}

    def drop(self, name: str) -> None:
        exists = name in self.databases()
        with self.admin() as conn:
            if exists:
                conn.execute(f'ALTER DATABASE "{name}" IS_TEMPLATE false')
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')

    def copy(self, template: str, name: str) -> str:
        """A fresh database from a cached template (a file copy: seconds, not a regeneration)."""
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
        return self.url(name)

    def freeze(self, name: str, template: str) -> None:
        """Turn a freshly built database into the cached template `template`."""
        self.drop(template)
        with self.admin() as conn:
            conn.execute(f'ALTER DATABASE "{name}" RENAME TO "{template}"')
            conn.execute(f'ALTER DATABASE "{template}" IS_TEMPLATE true')
