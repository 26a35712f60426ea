"""Wire the API into an app: the generated OpenAPI document, the docs page, every blueprint."""

from __future__ import annotations

from flask import Blueprint, Flask, render_template, url_for

from app.api.blueprint import API_PREFIX
from app.api.openapi import API_DESCRIPTION, KlimadystApi

docs_bp = Blueprint("api_docs", __name__, url_prefix=API_PREFIX)


@docs_bp.get("/docs")
def docs() -> str:
    """A readable reference for phone developers (Swagger UI from npm, served from static/vendor)."""
    return render_template("api/docs.html", spec_url=url_for("api-docs.openapi_json"))


def register_api(app: Flask) -> None:
    from app.api.routes import (
        account,
        actions,
        business,
        community,
        doors,
        impact,
        partnerships,
        password_reset,
        platform,
        platform_cases,
        platform_challenges,
        routines,
        tokens,
    )

    api = KlimadystApi(app, spec_kwargs={"info": {"description": API_DESCRIPTION}})
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "A token from POST /api/v1/tokens"}
    )
    for module in (
        tokens,
        password_reset,
        account,
        impact,
        actions,
        routines,
        community,
        business,
        partnerships,
        platform,
        platform_cases,
        platform_challenges,
    ):
        api.register_blueprint(module.blp)
    for blueprint in (doors.registrations, doors.teams):  # sign-up and the workplace team
        api.register_blueprint(blueprint)
    app.register_blueprint(docs_bp)
    app.extensions["klimadyst_api"] = api
