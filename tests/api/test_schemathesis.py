"""Schemathesis against the live API with real tokens: no 5xx, nothing that breaks the schema."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from tests.support.live_server import serve

# Operations that end the run's own session (log out, delete the account, revoke a token): the
# main runs leave them out, and each gets a run of its own with a throw-away account and token.
DESTRUCTIVE = ("DELETE /api/v1/me", "DELETE /api/v1/tokens/current", "DELETE /api/v1/tokens/{token_id}")
CONFIG = Path(__file__).with_name("schemathesis.toml")


def _token(app: Flask, email: str, password: str) -> str:
    response = app.test_client(use_cookies=False).post(
        "/api/v1/tokens", json={"email": email, "password": password, "name": "schemathesis"}
    )
    assert response.status_code == 201, response.text
    return str(response.get_json()["token"])


def _schemathesis(base_url: str, token: str, *extra: str) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert executable, "schemathesis is a dev dependency (pip install -e .[dev])"
    command = [
        executable,
        "--config-file",
        str(CONFIG),
        "run",
        f"{base_url}/api/v1/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        "all",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        os.environ.get("KLIMADYST_SCHEMATHESIS_EXAMPLES", "25"),
        "--seed",
        "20261122",
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--no-color",
        *extra,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=1200, check=False)


@pytest.fixture
def demo_app(app: Flask) -> Flask:
    """The living demo (areas, catalogue, citizens with logs, companies, offers, challenges)."""
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    # the run sends thousands of requests in a minute: lift the limits it is not testing
    app.config.update(
        API_RATE_LIMIT="1000000 per minute",
        API_IP_RATE_LIMIT="1000000 per minute",
        API_TOKEN_RATE_LIMIT="1000000 per minute",
        THROTTLE_MAX_LOGS=1000000,
    )
    return app


def _throwaway(app: Flask, n: int) -> tuple[str, str]:
    """A new citizen (e-mail, password) in a demo area, for a run that may delete it."""
    from app.accounts.services import register_user
    from app.db import db
    from app.neighbourhoods.models import Neighbourhood

    email, password = f"schemathesis{n}@example.dk", "Throwaway-Password-2026"
    with app.app_context():
        area = db.session.scalars(select(Neighbourhood.id).limit(1)).one()
        register_user(email=email, password=password, alias=f"Schemathesis {n}", neighbourhood_id=area)
        db.session.remove()
    return email, password


def _assert_passed(*runs: subprocess.CompletedProcess[str]) -> None:
    for run in runs:
        output = run.stdout + run.stderr
        assert run.returncode == 0, output[-30000:]


def test_every_operation_finds_no_5xx_and_no_schema_breaks(demo_app: Flask) -> None:
    """Every operation with --checks all: the citizen's token over the whole API but the
    destructive operations, the business member's over the Business tag; then each destructive
    operation in a run of its own, with a throw-away account and token (revoked or deleted)."""
    from app.seed.business import BUSINESS_EMAIL, BUSINESS_PASSWORD
    from app.seed.demo import CITIZEN_EMAIL, CITIZEN_PASSWORD

    citizen = _token(demo_app, CITIZEN_EMAIL, CITIZEN_PASSWORD)
    business = _token(demo_app, BUSINESS_EMAIL, BUSINESS_PASSWORD)
    skip_destructive = [arg for name in DESTRUCTIVE for arg in ("--exclude-name", name)]
    with serve(demo_app) as base_url:
        runs = [
            _schemathesis(base_url, citizen, *skip_destructive),
            _schemathesis(base_url, business, "--include-tag", "Business"),
        ]
        for n, name in enumerate(DESTRUCTIVE):
            token = _token(demo_app, *_throwaway(demo_app, n))
            runs.append(_schemathesis(base_url, token, "--include-name", name))
    _assert_passed(*runs)
