"""Schemathesis against the live API with real tokens: no 5xx, nothing that breaks the schema."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from tests.support.live_server import serve

# Operations that would end the run's own session (log out, delete the account, revoke the
# token in use); the contract tests in test_tokens.py and test_account.py cover them.
DESTRUCTIVE = r"^/api/v1/(me|tokens/current|tokens/\{token_id\})$"
CHECKS = ("not_a_server_error,response_schema_conformance,status_code_conformance,"
          "content_type_conformance,response_headers_conformance")


def _token(app: Flask, email: str, password: str) -> str:
    response = app.test_client(use_cookies=False).post(
        "/api/v1/tokens", json={"email": email, "password": password, "name": "schemathesis"})
    assert response.status_code == 201, response.text
    return str(response.get_json()["token"])


def _schemathesis(base_url: str, token: str, *extra: str) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert executable, "schemathesis is a dev dependency (pip install -e .[dev])"
    command = [
        executable, "run", f"{base_url}/api/v1/openapi.json",
        "--header", f"Authorization: Bearer {token}",
        "--checks", CHECKS,
        "--phases", "examples,coverage,fuzzing",
        "--max-examples", os.environ.get("KLIMADYST_SCHEMATHESIS_EXAMPLES", "25"),
        "--exclude-path-regex", DESTRUCTIVE,
        "--seed", "20261122",
        "--workers", "1",
        "--request-timeout", "30",
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
    app.config.update(API_RATE_LIMIT="1000000 per minute", API_IP_RATE_LIMIT="1000000 per minute",
                      API_TOKEN_RATE_LIMIT="1000000 per minute", THROTTLE_MAX_LOGS=1000000)
    return app


def test_citizen_and_business_tokens_find_no_5xx_and_no_schema_breaks(demo_app: Flask) -> None:
    from app.seed.business import BUSINESS_EMAIL, BUSINESS_PASSWORD
    from app.seed.demo import CITIZEN_EMAIL, CITIZEN_PASSWORD

    citizen = _token(demo_app, CITIZEN_EMAIL, CITIZEN_PASSWORD)
    business = _token(demo_app, BUSINESS_EMAIL, BUSINESS_PASSWORD)
    with serve(demo_app) as base_url:
        as_citizen = _schemathesis(base_url, citizen)
        as_business = _schemathesis(base_url, business, "--include-tag", "Business")
    for run in (as_citizen, as_business):
        output = run.stdout + run.stderr
        assert run.returncode == 0, output[-30000:]
