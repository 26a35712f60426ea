"""Security headers on every response, and the trusted host names (one after_request hook)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, request, session
from flask_babel import gettext as _
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from app.web.http_cache import apply_public_policy
from app.web.personal_cache import register_personal_cache
from app.web.problems import problem
from app.web.response_cache import register_response_cache

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI (/api/v1/docs) sets style="" attributes from its React components and inlines SVG
# icons; its scripts still come only from 'self'.
API_DOCS_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
POLICY_BY_ENDPOINT = {"api_docs.docs": API_DOCS_POLICY}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"
HSTS = "max-age=31536000; includeSubDomains"


def safe_next(target: str | None, fallback: str) -> str:
    """Only same-site relative paths: never an open redirect."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


def host_of(base_url: str) -> str | None:
    """The host name of PUBLIC_BASE_URL (without the port), the default trusted host."""
    return urlsplit(base_url).hostname


def trusted_hosts_from_config(
    value: object, public_base_url: str, platform_domain: str | None = None
) -> list[str] | None:
    """TRUSTED_HOSTS as Flask wants it: a list, from a list or a comma-separated string
    (KLIMADYST_TRUSTED_HOSTS). Empty means PUBLIC_BASE_URL's host, and with PLATFORM_DOMAIN set
    that domain and its subdomains (the municipalities' addresses); None means any host.
    A municipality's custom host name must be listed explicitly."""
    if value is None:
        return None
    hosts = (
        [h.strip() for h in value.split(",")] if isinstance(value, str) else [str(h).strip() for h in value]  # type: ignore[attr-defined]
    )
    hosts = [h for h in hosts if h]
    if hosts:
        return hosts
    own = host_of(public_base_url)
    defaults = [own] if own else []
    if platform_domain:
        defaults += [platform_domain, f".{platform_domain}"]
    return defaults or None


def _is_personal() -> bool:
    """A response meant for one person: to a signed-in session, or to an Authorization header.

    It reads Flask-Login's mark in the session rather than current_user: no user query on every
    response, and a stale session (signed out elsewhere) errs on the side of not storing."""
    return "Authorization" in request.headers or "_user_id" in session


STATIC_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
)


def add_security_headers(response: Response, *, hsts: bool) -> Response:
    headers = response.headers
    present = {name.lower() for name, _value in headers.items()}  # one pass, not one per header
    policy = POLICY_BY_ENDPOINT.get(request.endpoint or "", CONTENT_SECURITY_POLICY)
    wanted = [("Content-Security-Policy", policy), *STATIC_HEADERS]
    if hsts:
        wanted.append(("Strict-Transport-Security", HSTS))
    headers.extend([(name, value) for name, value in wanted if name.lower() not in present])
    apply_public_policy(response)
    if request.endpoint != "static" and _is_personal():
        if "Cache-Control" not in headers:
            headers["Cache-Control"] = "private, no-store"
        elif not (response.cache_control.no_store or response.cache_control.public):
            # e.g. an ETag'd API list (no-cache): a browser may keep it, a shared cache never.
            response.cache_control.private = True
    return response


def register_security(app: Flask) -> None:
    """Headers on every response; TRUSTED_HOSTS normalised (an unknown Host gets a 400)."""
    app.config["TRUSTED_HOSTS"] = trusted_hosts_from_config(
        app.config.get("TRUSTED_HOSTS"), str(app.config["PUBLIC_BASE_URL"]), app.config.get("PLATFORM_DOMAIN")
    )
    hsts = bool(app.config.get("HSTS_ENABLED"))
    register_response_cache(app)  # inside ProxyFix: the kept answers' keys see the fixed environ
    register_personal_cache(app)  # likewise (its key holds the visitor's address)
    hops = int(app.config.get("PROXY_FIX_HOPS") or 0)
    if hops:
        # Behind a reverse proxy every request comes from the proxy's address: without this, each
        # per-IP limit (login, reset, API) would be one allowance shared by every visitor.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    @app.after_request
    def _security_headers(response: Response) -> Response:
        return add_security_headers(response, hsts=hsts)

    @app.errorhandler(SecurityError)
    def _untrusted_host(_error: SecurityError) -> Response:
        """An unknown Host: no URL can be built for it, so the answer uses no url_for."""
        message = _("This site is not served at this address.")
        if request.path.startswith("/api/"):
            return problem(400, message, code="untrusted_host")
        return Response(message, status=400, mimetype="text/plain")
