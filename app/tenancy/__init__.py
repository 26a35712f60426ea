"""Municipalities (tenants): one installation serving many municipalities, each at its own host."""

from __future__ import annotations

from flask import Flask


def register_tenancy(app: Flask) -> None:
    """The session listeners (once per process) and the host rule (first before_request)."""
    from app.tenancy.hosts import register_hosts
    from app.tenancy.scoping import install_scoping

    install_scoping()
    register_hosts(app)
