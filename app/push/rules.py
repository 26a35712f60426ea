"""Pure rules for push subscriptions: which endpoint URLs the server will ever POST to."""

from __future__ import annotations

import base64
import binascii
import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

ENDPOINT_MAX_LENGTH = 1000
KEY_MAX_LENGTH = 200
LABEL_MAX_LENGTH = 120
LOCAL_STANDIN_HOST = "127.0.0.1"


def _host_listed(host: str, allowed_hosts: Iterable[str]) -> bool:
    """The host itself or a subdomain of a listed host (fcm.googleapis.com, wns2-….notify.windows.com)."""
    for allowed in allowed_hosts:
        allowed = allowed.strip().lower().strip(".")
        if allowed and (host == allowed or host.endswith("." + allowed)):
            return True
    return False


def endpoint_allowed(endpoint: str, *, allowed_hosts: Iterable[str], allow_local_standin: bool) -> bool:
    """The allow rule (no SSRF): the server only ever POSTs to a browser's push service.

    An endpoint is accepted when it is at most ENDPOINT_MAX_LENGTH characters and either
    - https, on the default port, with no user name or password, and a host that is one of
      `allowed_hosts` or a subdomain of one (never an IP address), or
    - http://127.0.0.1:<port>/… when `allow_local_standin` is on (the tests' stand-in service).
    Everything else (other hosts, internal names, IP literals, other schemes) is refused.
    """
    if not endpoint or len(endpoint) > ENDPOINT_MAX_LENGTH or any(c.isspace() for c in endpoint):
        return False
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if parts.username is not None or parts.password is not None or not host:
        return False
    if allow_local_standin and parts.scheme == "http" and host == LOCAL_STANDIN_HOST:
        return port is not None
    if parts.scheme != "https" or port not in (None, 443):
        return False
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return _host_listed(host, allowed_hosts)
    return False


def key_bytes(value: str, *, length: int | None = None) -> bytes | None:
    """A base64url key from the browser (padding optional) as bytes, or None if it is not one
    (or not `length` bytes long)."""
    if not value or len(value) > KEY_MAX_LENGTH:
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None
    if length is not None and len(raw) != length:
        return None
    return raw


_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_PLATFORMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "Mac"),
    ("Linux", "Linux"),
)


def device_label(user_agent: str) -> str:
    """A short name a person recognises their device by ("Firefox · Android"), from the
    browser's User-Agent; only the browser and platform names are kept, nothing else of it."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "")
    platform = next((name for marker, name in _PLATFORMS if marker in user_agent), "")
    return " · ".join(part for part in (browser, platform) if part)[:LABEL_MAX_LENGTH]
