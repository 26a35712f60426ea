"""The host name decides the municipality of a request (before any other request code runs)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, abort, current_app, render_template, request
from sqlalchemy import select

from app.db import db
from app.tenancy.context import NO_MUNICIPALITY, PLATFORM_OPTION, Scope, set_request_scope
from app.tenancy.models import Municipality

# Endpoints that answer on any host, whatever it names: files, the probes, the language switch.
ANY_HOST_ENDPOINTS = frozenset({"static", "web.health", "web.readiness", "web.favicon", "web.set_language"})


def request_host_name(host: str) -> str:
    """The host without its port, lower-cased ("Koege.Localhost:5000" -> "koege.localhost")."""
    name = urlsplit(f"//{host}").hostname
    return (name or "").rstrip(".").lower()


def platform_domain() -> str:
    """PLATFORM_DOMAIN, or when unset the host of PUBLIC_BASE_URL (a single installation)."""
    configured = current_app.config.get("PLATFORM_DOMAIN")
    if configured:
        return str(configured).lower()
    return request_host_name(urlsplit(str(current_app.config["PUBLIC_BASE_URL"])).netloc)


def bare_host_names() -> set[str]:
    """The platform's own address. PUBLIC_BASE_URL's host is one too: mails link there."""
    return {platform_domain(), request_host_name(urlsplit(str(current_app.config["PUBLIC_BASE_URL"])).netloc)}


def _active(*criteria: object) -> Municipality | None:
    return db.session.scalar(
        select(Municipality)
        .where(Municipality.active.is_(True), *criteria)  # type: ignore[arg-type]
        .execution_options(**{PLATFORM_OPTION: True})
    )


def municipality_for_host(host_name: str) -> Municipality | None:
    """`<slug>.<PLATFORM_DOMAIN>` or a municipality's own host name; None for any other host."""
    suffix = "." + platform_domain()
    if host_name.endswith(suffix):
        slug = host_name[: -len(suffix)]
        if slug and "." not in slug:
            return _active(Municipality.slug == slug)
    return _active(Municipality.host_name == host_name)


def municipality_address(municipality: Municipality) -> str:
    """The address of a municipality, with this request's scheme and port."""
    port = urlsplit(f"//{request.host}").port
    host = municipality.host_name or f"{municipality.slug}.{platform_domain()}"
    return f"{request.scheme}://{host}{f':{port}' if port else ''}/"


def _national_page() -> str:
    municipalities = db.session.scalars(
        select(Municipality)
        .where(Municipality.active.is_(True))
        .order_by(Municipality.name)
        .execution_options(**{PLATFORM_OPTION: True})
    ).all()
    return render_template(
        "tenancy/national.html", municipalities=[(m, municipality_address(m)) for m in municipalities]
    )


def resolve_municipality() -> str | None:
    """before_request: the host names the municipality, the bare platform host names
    DEFAULT_MUNICIPALITY (or the national page when none is set), any other host is a 404."""
    host_name = request_host_name(request.host)
    municipality = municipality_for_host(host_name)
    if municipality is None and host_name in bare_host_names():
        slug = current_app.config.get("DEFAULT_MUNICIPALITY")
        if slug:
            municipality = _active(Municipality.slug == slug)
        else:
            set_request_scope(Scope(NO_MUNICIPALITY))
            if request.endpoint in ANY_HOST_ENDPOINTS:
                return None
            if request.path == "/":
                return _national_page()
            abort(404)
    if municipality is None:
        set_request_scope(Scope(NO_MUNICIPALITY))
        if request.endpoint in ANY_HOST_ENDPOINTS:
            return None
        abort(404)
    set_request_scope(Scope(municipality.id))
    return None


def register_hosts(app: Flask) -> None:
    """Runs first among the app's before_request functions, so nothing reads before it."""
    app.before_request_funcs.setdefault(None, []).insert(0, resolve_municipality)
