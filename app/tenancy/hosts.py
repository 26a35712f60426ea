"""The host name decides the municipality of a request (before any other request code runs)."""

from __future__ import annotations

import time
from typing import cast
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import or_, select

from app.db import db
from app.tenancy.context import (
    NO_MUNICIPALITY,
    PLATFORM_OPTION,
    Scope,
    current_municipality,
    set_request_scope,
)
from app.tenancy.models import Municipality

# Endpoints that answer on any host without asking the database which one: files and probes.
NO_DATABASE_ENDPOINTS = frozenset({"static", "web.health", "web.readiness", "web.favicon"})
# The platform's own pages and API (app/platform): answered on the bare address and on every
# municipality's, reading every municipality deliberately (with the published cases, app/cases);
# the bare address's / is NATIONAL_VIEW. The platform administrator's area (app/admin/platform.py)
# answers only on the bare address.
PLATFORM_BLUEPRINTS = frozenset(
    {
        "platform",
        "platform_admin",
        "api_platform",
        "cases",
        "api_platform_cases",
        "intermunicipal",
        "api_platform_challenges",
    }
)
NATIONAL_VIEW = "platform.home"
# Also answered where no municipality is served (the national page's language switch).
ANY_HOST_ENDPOINTS = NO_DATABASE_ENDPOINTS | {"web.set_language"}


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


def _subdomain_slug(host_name: str) -> str | None:
    suffix = "." + platform_domain()
    if host_name.endswith(suffix):
        slug = host_name[: -len(suffix)]
        if slug and "." not in slug:
            return slug
    return None


def municipality_for_host(host_name: str, *, default_slug: str | None = None) -> Municipality | None:
    """The active municipality whose own host name this is, else the one of the subdomain
    `<slug>.<PLATFORM_DOMAIN>`, else the one of `default_slug` (for the bare host); one query."""
    slug = _subdomain_slug(host_name)
    wanted = [Municipality.host_name == host_name]
    if slug:
        wanted.append(Municipality.slug == slug)
    if default_slug:
        wanted.append(Municipality.slug == default_slug)
    found = db.session.scalars(
        select(Municipality)
        .where(Municipality.active.is_(True), or_(*wanted))
        .execution_options(**{PLATFORM_OPTION: True})
    ).all()
    by_host = [m for m in found if m.host_name == host_name]
    by_subdomain = [m for m in found if slug is not None and m.slug == slug]
    by_default = [m for m in found if m.slug == default_slug]
    return next(iter(by_host + by_subdomain + by_default), None)


# (app, host name, default slug) -> (expires at, municipality id or None); HOST_CACHE_SECONDS.
_HOSTS: dict[tuple[int, str, str | None], tuple[float, int | None]] = {}
_HOSTS_MAX = 1000  # unknown host names cannot fill the memory: the table starts over


def municipality_id_for_host(host_name: str, *, default_slug: str | None = None) -> int | None:
    """`municipality_for_host`'s id, remembered for HOST_CACHE_SECONDS per process (every request
    asks, and the answer changes only when a municipality is created, closed or reopened)."""
    seconds = int(current_app.config.get("HOST_CACHE_SECONDS") or 0)
    if seconds <= 0:
        found = municipality_for_host(host_name, default_slug=default_slug)
        return found.id if found is not None else None
    key = (id(current_app._get_current_object()), host_name, default_slug)  # type: ignore[attr-defined]
    now = time.monotonic()
    hit = _HOSTS.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    found = municipality_for_host(host_name, default_slug=default_slug)
    if len(_HOSTS) >= _HOSTS_MAX:
        _HOSTS.clear()
    _HOSTS[key] = (now + seconds, found.id if found is not None else None)
    return found.id if found is not None else None


def forget_hosts() -> None:
    """This process answers from the database again (after a municipality changed)."""
    _HOSTS.clear()


def municipality_address(municipality: Municipality) -> str:
    """The address of a municipality, with this request's scheme and port."""
    return address_of(municipality.slug, municipality.host_name)


def address_of(slug: str, host_name: str | None) -> str:
    """The address of the municipality `slug` (its own host name, else the subdomain), with this
    request's scheme and port."""
    port = urlsplit(f"//{request.host}").port
    host = host_name or f"{slug}.{platform_domain()}"
    return f"{request.scheme}://{host}{f':{port}' if port else ''}/"


def _national_page() -> ResponseReturnValue:
    """The platform's page at its bare address: the view `platform.home` (the municipalities and
    their comparison, app/platform) when that feature is installed, else a plain list."""
    view = current_app.view_functions.get(NATIONAL_VIEW)
    if view is not None:
        return cast("ResponseReturnValue", view())
    return _municipality_list()


def _municipality_list() -> str:
    municipalities = db.session.scalars(
        select(Municipality)
        .where(Municipality.active.is_(True))
        .order_by(Municipality.name)
        .execution_options(**{PLATFORM_OPTION: True})
    ).all()
    return render_template(
        "tenancy/national.html", municipalities=[(m, municipality_address(m)) for m in municipalities]
    )


def resolve_municipality() -> ResponseReturnValue | None:
    """before_request: the host names the municipality, the bare platform host names
    DEFAULT_MUNICIPALITY (or the national page when none is set), any other host is a 404."""
    if request.endpoint in NO_DATABASE_ENDPOINTS:
        return None
    host_name = request_host_name(request.host)
    bare = host_name in bare_host_names()
    default_slug = current_app.config.get("DEFAULT_MUNICIPALITY") or None
    municipality_id = municipality_id_for_host(host_name, default_slug=default_slug if bare else None)
    if municipality_id is not None:
        set_request_scope(Scope(municipality_id))
        return None
    # No municipality here: nothing of any municipality can be read or written.
    set_request_scope(Scope(NO_MUNICIPALITY))
    if request.endpoint in ANY_HOST_ENDPOINTS or request.blueprint in PLATFORM_BLUEPRINTS:
        return None
    if bare and not default_slug and request.path == "/":
        return _national_page()
    abort(404)


def register_hosts(app: Flask) -> None:
    """Runs first among the app's before_request functions, so nothing reads before it."""
    app.before_request_funcs.setdefault(None, []).insert(0, resolve_municipality)


def municipality_base_url(public_base_url: str) -> str:
    """The address links in mails use (no request needed): PUBLIC_BASE_URL for the default
    municipality and outside any, else the current municipality's own host name or
    `<slug>.<PLATFORM_DOMAIN>`, with PUBLIC_BASE_URL's scheme (and its port for a subdomain)."""
    municipality = current_municipality()
    if municipality is None or municipality.slug == current_app.config.get("DEFAULT_MUNICIPALITY"):
        return public_base_url
    base = urlsplit(public_base_url)
    scheme = base.scheme or "https"
    if municipality.host_name:
        return f"{scheme}://{municipality.host_name}"
    port = f":{base.port}" if base.port else ""
    return f"{scheme}://{municipality.slug}.{platform_domain()}{port}{base.path.rstrip('/')}"
