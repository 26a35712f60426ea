"""Configuration defaults; environment variables prefixed KLIMADYST_ override them."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused outside development and tests


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = DEV_SECRET_KEY
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True}
    # A read-only copy for leaderboard reads (see app.db.read_bind); None reads the primary.
    READ_REPLICA_DATABASE_URL: str | None = None

    PROXY_FIX_HOPS = 0  # no reverse proxy in development and tests
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session; phones keep tabs open for days
    WTF_CSRF_SSL_STRICT = False
    # Request size: 1 MB per request body, and no single form value held in memory beyond it.
    MAX_CONTENT_LENGTH = 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 1024 * 1024
    # Host names this app answers to (Flask refuses others with 400). None: any (development);
    # a list, or KLIMADYST_TRUSTED_HOSTS="a.dk,www.a.dk"; [] means PUBLIC_BASE_URL's host.
    TRUSTED_HOSTS: ClassVar[list[str] | None] = None
    HSTS_ENABLED = False  # Strict-Transport-Security: production only (it sticks in browsers)
    # Municipalities (app/tenancy): each one answers at <slug>.<PLATFORM_DOMAIN> or its own
    # host_name. None: the host of PUBLIC_BASE_URL. The bare PLATFORM_DOMAIN (and PUBLIC_BASE_URL's
    # host) serves DEFAULT_MUNICIPALITY, a slug: the single-municipality installation. Set it to
    # "" (KLIMADYST_DEFAULT_MUNICIPALITY='""') to show the national page there instead.
    PLATFORM_DOMAIN: str | None = None
    DEFAULT_MUNICIPALITY: str | None = "koege"
    # The platform's comparison ranks a municipality from this many active participants (app/platform).
    PLATFORM_COMPARISON_MIN_PARTICIPANTS = 10

    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    LANGUAGES = ("da", "en")
    LANGUAGE_COOKIE_NAME = "klimadyst_lang"  # the language switch's choice (a year; not the session)

    # Domain settings (admins can later override some of them in the database).
    KLIMADYST_TIMEZONE = "Europe/Copenhagen"
    # A computed neighbourhood board is kept this many seconds (public aggregate); 0: never.
    LEADERBOARD_CACHE_SECONDS = 5
    # Admin setting overrides (app/settings.py) kept this long per process or in the shared cache;
    # a change is dropped from the cache at once, so this bounds only other processes' lag.
    SETTINGS_CACHE_SECONDS = 5
    # A public view's whole anonymous answer is kept at most this long, and never beyond the
    # view's own max-age (app/web/response_cache.py); 0: every request renders.
    PUBLIC_RESPONSE_CACHE_SECONDS = 10
    # A signed-in person's home is kept this long for their browser session only, and every write
    # of that browser makes a new copy (app/web/personal_cache.py); 0: every request renders.
    PERSONAL_PAGE_CACHE_SECONDS = 10
    # The citizen home's catalogue, rendered once per language and day (app/actions/pages.py).
    CATALOGUE_FRAGMENT_SECONDS = 60
    # Which municipality a host name serves, remembered per process (app/tenancy/hosts.py): a
    # municipality created, closed or reopened answers accordingly within this many seconds.
    HOST_CACHE_SECONDS = 30
    BACKDATE_DAYS = 2
    PASSWORD_MIN_LENGTH = 10
    MUNICIPALITY_NAME = "Køge Kommune"
    NEIGHBOURHOOD_MOVE_MIN_DAYS = 30  # a citizen moves to another area at most once per this many days

    # Game and fairness. A burst of more than THROTTLE_MAX_LOGS logs within
    # THROTTLE_WINDOW_MINUTES is refused and flagged; logging stays closed for the cool-down.
    THROTTLE_MAX_LOGS = 30
    THROTTLE_WINDOW_MINUTES = 15
    THROTTLE_COOLDOWN_MINUTES = 15
    # This many refusals for going past a daily cap on one local day raise a flag.
    CAP_HITS_FLAG_PER_DAY = 3
    # A day's points above OUTLIER_FACTOR x the area's average weekly points per participant
    # (and at least OUTLIER_MIN_POINTS) raise a flag for a human to look at.
    OUTLIER_FACTOR = 5
    OUTLIER_MIN_POINTS = 200
    FEED_PAGE_SIZE = 20
    # Businesses, sparring and the outbox.
    INVITATION_VALID_HOURS = 72
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"  # links in e-mails are built from it
    SPARRING_INBOX_EMAIL = "groen.omstilling@koege.dk"
    MAIL_FROM = "Klimadyst <noreply@klimadyst.dk>"
    MAIL_BACKEND = "console"  # "smtp" in production, with the SMTP_* settings below
    SMTP_HOST = "localhost"
    SMTP_PORT = 587
    SMTP_USERNAME = ""
    SMTP_PASSWORD = ""
    SMTP_STARTTLS = True
    SMTP_SSL = False
    SMTP_TIMEOUT = 20
    # A failed delivery is retried after 60 s, 120 s, 240 s … at most every 6 hours, for ever.
    OUTBOX_RETRY_BASE_SECONDS = 60
    OUTBOX_RETRY_MAX_SECONDS = 6 * 3600
    # A mail still undelivered after this many attempts shows as an alert on the admin dashboard.
    OUTBOX_ALERT_ATTEMPTS = 5
    # `flask worker`: deliver due mails this often; periodic jobs run on their own intervals.
    WORKER_POLL_SECONDS = 5
    # Reminders and the weekly digest (app/reminders). The digest goes out on Monday from this
    # Copenhagen hour, about the ISO week that just ended; unsubscribe links in the mails work
    # this many days.
    DIGEST_HOUR = 7
    UNSUBSCRIBE_VALID_DAYS = 90
    # Web push (app/push). The VAPID key pair comes from `flask push vapid-keys`; without it the
    # push option is hidden and everything goes by e-mail. SUBJECT is a mailto: the push
    # services may write to.
    VAPID_PUBLIC_KEY = ""
    VAPID_PRIVATE_KEY = ""
    VAPID_SUBJECT = "mailto:noreply@klimadyst.dk"
    # Push subscriptions are accepted only for https endpoints on these hosts (and their
    # subdomains): the browsers' push services. Nothing else, so a user cannot make the server
    # POST to an address of their choosing (SSRF). KLIMADYST_PUSH_SERVICE_HOSTS="a.com,b.net".
    PUSH_SERVICE_HOSTS: ClassVar[list[str]] = [
        "fcm.googleapis.com",
        "updates.push.services.mozilla.com",
        "push.services.mozilla.com",
        "notify.windows.com",
        "push.apple.com",
    ]
    # Also accept http://127.0.0.1:<port> endpoints: only for the tests' stand-in push service.
    PUSH_ALLOW_LOCAL_STANDIN = False
    PUSH_TIMEOUT_SECONDS = 10
    PUSH_TTL_SECONDS = 6 * 3600  # a push waits this long at the service for a phone that is off

    # JSON API for phone apps.
    API_TITLE = "Klimadyst API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    API_TOKEN_DAYS = 90  # a bearer token expires this many days after it was issued
    API_TOKENS_PER_USER = 20  # the oldest live token is revoked when a new one would exceed this
    API_PAGE_SIZE = 20
    API_PAGE_SIZE_MAX = 100
    # Flask-Limiter. Counters live in memory by default (one process); production points
    # RATELIMIT_STORAGE_URI at Redis so every instance counts together.
    RATELIMIT_STORAGE_URI = "memory://"
    # When the storage (Redis) is unreachable the app keeps serving: counters fall back to this
    # process's memory and the limiter logs a warning; /readyz reports the storage as degraded.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    # Production refuses memory:// (each gunicorn worker would count on its own) unless this says
    # the app really runs as one process (KLIMADYST_SINGLE_PROCESS=1).
    SINGLE_PROCESS = False
    RATELIMIT_HEADERS_ENABLED = True
    # Always set: Flask-Limiter keeps one limiter for every app and reads this with setdefault, so
    # an app that switched limits off would otherwise switch them off for every later app.
    RATELIMIT_ENABLED = True
    RATELIMIT_STRATEGY = "moving-window"
    API_RATE_LIMIT = "300 per minute"  # per token (per IP for anonymous requests)
    API_IP_RATE_LIMIT = "1200 per minute"  # per IP, whatever the token: many tokens, one client
    API_TOKEN_RATE_LIMIT = "10 per minute;50 per hour"  # noqa: S105 - POST /api/v1/tokens per IP, not a secret

    # Flask-Caching, for the leaderboards: in each process's memory (SimpleCache) by default; a
    # Redis URL (KLIMADYST_CACHE_REDIS_URL=redis://host:6379/1) makes every worker and instance
    # share one board, computed once per LEADERBOARD_CACHE_SECONDS instead of once per worker.
    CACHE_REDIS_URL: str | None = None
    CACHE_KEY_PREFIX = "klimadyst:"  # Redis: clear() removes only these keys

    # Account security. Links in mails live this long and work once.
    PASSWORD_RESET_VALID_MINUTES = 60
    EMAIL_VERIFICATION_VALID_DAYS = 7
    # Brute-force limits on the account forms, per IP and per account (the normalised e-mail in
    # the form; for the reset form, the link's token). The API's password-reset endpoints share
    # the reset counters, so using both doors gives no extra tries.
    WEB_LOGIN_RATE_LIMIT = "10 per minute;100 per hour"
    WEB_LOGIN_ACCOUNT_RATE_LIMIT = "5 per minute;20 per hour"
    WEB_REGISTER_RATE_LIMIT = "5 per minute;30 per hour"
    WEB_REGISTER_ACCOUNT_RATE_LIMIT = "3 per minute;10 per hour"
    PASSWORD_RESET_RATE_LIMIT = "5 per minute;30 per hour"  # noqa: S105 - a limit, not a secret
    PASSWORD_RESET_ACCOUNT_RATE_LIMIT = "3 per minute;10 per hour"  # noqa: S105 - a limit
    PASSWORD_RESET_CONFIRM_RATE_LIMIT = "10 per minute;50 per hour"  # noqa: S105 - a limit
    PASSWORD_RESET_CONFIRM_TOKEN_RATE_LIMIT = "5 per minute;20 per hour"  # noqa: S105 - a limit
    VERIFICATION_MAIL_RATE_LIMIT = "2 per minute;6 per hour"  # resending, per account

    # Privacy: the data controller named on /privatlivspolitik, and retention periods
    # that `flask privacy purge` (app/privacy/retention.py) enforces.
    DATA_CONTROLLER_NAME = "Køge Kommune"
    DATA_CONTROLLER_ADDRESS = "Torvet 1, 4600 Køge"
    DATA_CONTROLLER_EMAIL = "koege@koege.dk"
    DATA_CONTROLLER_PHONE = "56 67 67 67"
    DPO_CONTACT = "databeskyttelsesraadgiver@koege.dk"
    OUTBOX_RETENTION_DAYS = 30  # a delivered e-mail's row (address, subject, body) after delivery
    UNVERIFIED_ACCOUNT_DAYS = 30  # an account whose e-mail was never verified, after creation
    INVITATION_RETENTION_DAYS = 30  # a company invitation, after it expired
    API_TOKEN_RETENTION_DAYS = 30  # an API token, after it expired or was revoked


class DevelopmentConfig(Config):
    DEBUG = False
    PLATFORM_DOMAIN = "localhost"  # browsers resolve koege.localhost to loopback


class TestingConfig(Config):
    TESTING = True
    PLATFORM_DOMAIN = "localhost"  # the test client's default host; tests/conftest.py seeds Køge
    LEADERBOARD_CACHE_SECONDS = 0  # tests read their own writes; test_board_cache turns it on
    SETTINGS_CACHE_SECONDS = 0  # tests write setting rows directly; test_settings_cache turns it on
    PUBLIC_RESPONSE_CACHE_SECONDS = 0  # tests read their own writes; test_response_cache turns it on
    PERSONAL_PAGE_CACHE_SECONDS = 0  # tests/web/test_personal_cache.py turns it on
    HOST_CACHE_SECONDS = 0  # tests open and close municipalities; tests/tenancy/test_hosts.py turns it on
    WTF_CSRF_ENABLED = False  # tests that exercise CSRF switch it back on explicitly
    # The suite logs in hundreds of times; tests/accounts/test_rate_limits.py puts the real
    # limits back and proves the 429s.
    _UNLIMITED = "100000 per minute"
    WEB_LOGIN_RATE_LIMIT = WEB_LOGIN_ACCOUNT_RATE_LIMIT = _UNLIMITED
    WEB_REGISTER_RATE_LIMIT = WEB_REGISTER_ACCOUNT_RATE_LIMIT = _UNLIMITED
    PASSWORD_RESET_RATE_LIMIT = PASSWORD_RESET_ACCOUNT_RATE_LIMIT = _UNLIMITED
    PASSWORD_RESET_CONFIRM_RATE_LIMIT = PASSWORD_RESET_CONFIRM_TOKEN_RATE_LIMIT = _UNLIMITED
    VERIFICATION_MAIL_RATE_LIMIT = _UNLIMITED
    PUSH_ALLOW_LOCAL_STANDIN = True  # tests/push runs a stand-in push service on 127.0.0.1


class ProductionConfig(Config):
    # Proxies in front of gunicorn whose X-Forwarded-For/-Proto are trusted (the load balancer):
    # set KLIMADYST_PROXY_FIX_HOPS=0 when gunicorn faces the internet directly, or the client
    # could choose its own address for the rate limits.
    PROXY_FIX_HOPS = 1
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    MAIL_BACKEND = "smtp"  # the console backend only logs: production must really send
    TRUSTED_HOSTS: ClassVar[list[str] | None] = []  # PUBLIC_BASE_URL's host unless set
    HSTS_ENABLED = True


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def default_database_uri(instance_path: str) -> str:
    """The embedded SQLite file under instance/."""
    return "sqlite:///" + str(Path(instance_path) / "klimadyst.sqlite3")


def database_uri_from_environment(variable: str = "DATABASE_URL") -> str | None:
    """`DATABASE_URL` as hosting platforms set it, normalised for SQLAlchemy + psycopg 3."""
    return normalise_database_url(os.environ.get(variable))


def normalise_database_url(url: str | None) -> str | None:
    """postgres:// and postgresql:// mean psycopg 3 to SQLAlchemy; other URLs pass unchanged."""
    if not url:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def refuse_per_process_rate_limits(config: Mapping[str, Any]) -> None:
    """Production with several workers must count rate limits in one shared store (Redis):
    memory:// counts per worker, so a 10/min limit lets 10 through per worker."""
    uri = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if uri.startswith("memory://") and not config.get("SINGLE_PROCESS"):
        raise RuntimeError(
            "RATELIMIT_STORAGE_URI is memory://, which counts rate limits per process: with several "
            "gunicorn workers every limit is multiplied. Set KLIMADYST_RATELIMIT_STORAGE_URI to a "
            "shared store (redis://host:6379), or KLIMADYST_SINGLE_PROCESS=1 if the app really runs "
            "as one process."
        )
