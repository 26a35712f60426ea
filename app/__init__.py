"""Klimadyst: Køge's green neighbourhood competition."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from app.config import (
    CONFIGS,
    DEV_SECRET_KEY,
    database_uri_from_environment,
    default_database_uri,
    refuse_per_process_rate_limits,
)


def create_app(
    config_name: str | None = None, overrides: dict[str, Any] | None = None, *, with_migrations: bool = True
) -> Flask:
    """Build the app: configuration, extensions, blueprints, error pages, CLI. `with_migrations`
    False (the web server, wsgi.py) leaves out Flask-Migrate: serving never migrates."""
    app = Flask(
        __name__, instance_relative_config=True, template_folder="../templates", static_folder="../static"
    )
    name = config_name or os.environ.get("KLIMADYST_ENV", "development")
    app.config.from_object(CONFIGS[name])
    app.config.from_prefixed_env("KLIMADYST")
    app.config["SQLALCHEMY_DATABASE_URI"] = (
        database_uri_from_environment()
        or app.config["SQLALCHEMY_DATABASE_URI"]
        or default_database_uri(app.instance_path)
    )
    app.config["READ_REPLICA_DATABASE_URL"] = (
        database_uri_from_environment("DATABASE_REPLICA_URL") or app.config["READ_REPLICA_DATABASE_URL"]
    )
    if overrides:
        app.config.update(overrides)
    if name == "production" and app.config["SECRET_KEY"] == DEV_SECRET_KEY:
        raise RuntimeError("Set KLIMADYST_SECRET_KEY to a long random value in production.")
    if name == "production":
        refuse_per_process_rate_limits(app.config)

    from app.blueprints import register_blueprints
    from app.cli import register_commands
    from app.extensions import register_extensions
    from app.features import register_features
    from app.tenancy import register_tenancy
    from app.web.converters import register_converters
    from app.web.errors import register_errorhandlers
    from app.web.security import register_security
    from app.web.templating import register_template_helpers

    register_converters(app)
    register_tenancy(app)
    register_extensions(app, with_migrations=with_migrations)
    register_features(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security(app)
    register_template_helpers(app)
    register_commands(app)
    return app
