"""Credentials for the load: session cookies from the real login form, API bearer tokens."""

from __future__ import annotations

import http.client
import json
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench.dataset import PASSWORD, email

CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def _cookies(response: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            jar[name] = morsel.value


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def login_cookie(port: int, n: int) -> str:
    """Log citizen `n` in through the login form (CSRF on, as in production): a Cookie header.

    The production session cookie is marked Secure; a browser would only send it over HTTPS
    (behind the TLS proxy). The bench talks plain HTTP to gunicorn, so it sends it itself.
    """
    jar: dict[str, str] = {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/log-ind")
        response = conn.getresponse()
        page = response.read().decode()
        _cookies(response, jar)
        match = CSRF_FIELD.search(page)
        if response.status != 200 or match is None:
            raise RuntimeError(f"login form: HTTP {response.status}, no CSRF token")
        form = urlencode(
            {"csrf_token": match.group(1) or match.group(2), "email": email(n), "password": PASSWORD}
        )
        conn.request(
            "POST",
            "/log-ind",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": _cookie_header(jar)},
        )
        response = conn.getresponse()
        response.read()
        _cookies(response, jar)
        if response.status != 303:
            raise RuntimeError(f"login as {email(n)}: HTTP {response.status}")
        # A browser keeps the cookie the first home page sets (the session gains its CSRF
        # secret there); without it every request would be a new session to the server.
        conn.request("GET", "/hjem", headers={"Cookie": _cookie_header(jar)})
        response = conn.getresponse()
        response.read()
        _cookies(response, jar)
        if response.status != 200:
            raise RuntimeError(f"home page after login as {email(n)}: HTTP {response.status}")
    finally:
        conn.close()
    return _cookie_header(jar)


def api_token(port: int, n: int) -> str:
    """POST /api/v1/tokens with citizen `n`'s e-mail and password: the bearer token."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        body = json.dumps({"email": email(n), "password": PASSWORD})
        conn.request("POST", "/api/v1/tokens", body=body, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        payload = response.read()
        if response.status != 201:
            raise RuntimeError(f"token for {email(n)}: HTTP {response.status} {payload[:300]!r}")
        return str(json.loads(payload)["token"])
    finally:
        conn.close()
