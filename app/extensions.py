"""Flask extension instances and register_extensions, which wires them into an app."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, has_request_context, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import AnonymousUserMixin, LoginManager
from flask_wtf import CSRFProtect
from htmx_flask import Htmx

from app.cache import init_cache
from app.db import db
from app.web.language import chosen_language

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
htmx = Htmx()
# Limits are attached where they apply (the API blueprints); counters live in
# RATELIMIT_STORAGE_URI: memory for one process, Redis when several instances share the count.
limiter = Limiter(key_func=get_remote_address)


APP_DIR = Path(__file__).parent


def _select_locale() -> str:
    if not has_request_context():
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    # The visitor's choice is a cookie of its own, not the session: an anonymous page then sets
    # no session cookie and a shared cache may keep it (app/web/http_cache.py).
    return chosen_language(
        current_app.config,
        request.path,
        request.cookies.get(current_app.config["LANGUAGE_COOKIE_NAME"]),
        request.headers.get("Accept-Language"),
    )


_LIMITS_IN_THE_API = "klimadyst.limits_in_the_api"


def check_api_limits() -> None:
    """before_request of every API blueprint (app/api/blueprint.py), ahead of its token check.

    An anonymous public read that the response cache answers (app/web/response_cache.py, in
    front of Flask) never reaches this and pays nothing for the limiter; such a read is exempt
    from the API's limits anyway (a kept answer is only ever one to a request without a token
    or session)."""
    if current_app.extensions.get(_LIMITS_IN_THE_API):
        limiter._check_request_limit()


def _check_limits_only_in_the_api(app: Flask) -> None:
    """Flask-Limiter checks every request in a before_request hook for blueprint-wide limits; only
    the API's blueprints have any (app/api/blueprint.py), and a decorated view (the login forms)
    checks itself. The application-wide hook goes; the API's blueprints check in their own hook
    (check_api_limits): a page pays nothing for limits it lacks, and a kept API answer is served
    first. Default or application-wide limits (RATELIMIT_DEFAULT, RATELIMIT_APPLICATION) apply to
    every page, so with either configured every request is checked as Flask-Limiter does."""
    if app.config.get("RATELIMIT_DEFAULT") or app.config.get("RATELIMIT_APPLICATION"):
        return
    check = limiter._check_request_limit
    hooks = app.before_request_funcs.setdefault(None, [])
    hooks[:] = [hook for hook in hooks if hook != check]
    app.extensions[_LIMITS_IN_THE_API] = True


def translation_directories() -> str:
    """One catalogue per feature package (app/<feature>/translations), merged by Flask-Babel."""
    dirs = sorted(str(p) for p in APP_DIR.glob("*/translations") if p.is_dir())
    return ";".join(dirs) or str(APP_DIR / "web" / "translations")


class Anonymous(AnonymousUserMixin):
    role = "anonymous"
    is_admin = False
    is_citizen = False
    neighbourhood_id = None


def _configure_database(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite"):
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options.setdefault("connect_args", {"timeout": 15, "check_same_thread": False})
        # A file has no server that could have dropped the connection: no SELECT 1 per checkout.
        options["pool_pre_ping"] = False
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    from app.db import configure_read_replica

    configure_read_replica(app)
    db.init_app(app)
    if uri.startswith("sqlite"):
        from app.db import configure_sqlite

        with app.app_context():
            configure_sqlite(db.engine)


def register_extensions(app: Flask, *, with_migrations: bool = True) -> None:
    from app.web.sessions import CookieSessionInterface

    app.session_interface = CookieSessionInterface()
    _configure_database(app)
    init_cache(app)
    if with_migrations:
        # Flask-Migrate loads Alembic (about 12 MB): the `flask db` commands need it, a gunicorn
        # worker (wsgi.py) never migrates, so it goes without.
        from flask_migrate import Migrate

        Migrate(db=db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True).init_app(app, db)
    csrf.init_app(app)
    htmx.init_app(app)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", translation_directories())
    babel.init_app(app, locale_selector=_select_locale)
    limiter.init_app(app)
    _check_limits_only_in_the_api(app)

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    login_manager.anonymous_user = Anonymous
    login_manager.session_protection = "basic"

    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please log in to see this page.")

    # The user loader belongs to accounts, which registers it (app/features.py): core imports
    # no feature. The unauthorised answer is set with the error pages (app/web/errors.py).
