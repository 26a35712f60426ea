"""Pure text rules for user-written company content: web links and plain text."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

URL_MAX = 300
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(raw: str | None, *, max_length: int) -> str:
    """Trim, normalise line endings and drop control characters; cut at `max_length`.

    Text is stored as plain text and always rendered escaped, so no markup survives.
    """
    if not raw:
        return ""
    text = _CONTROL.sub("", raw.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return text[:max_length]


def clean_web_link(raw: str | None) -> str | None:
    """An http(s) URL with a host, or None when the input is not one.

    'example.dk' becomes 'https://example.dk'; javascript:, data:, mailto: and the like are
    refused, so a link on a company page can only ever lead to a web page.
    """
    text = (raw or "").strip()
    if not text or len(text) > URL_MAX or any(c.isspace() for c in text) or _CONTROL.search(text):
        return None
    if "://" not in text and not text.lower().startswith(("javascript:", "data:", "mailto:")):
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    if "." not in parts.hostname and parts.hostname != "localhost":
        return None
    return text


def slugify(name: str) -> str:
    """A URL-safe slug with Danish letters spelled out (æ→ae, ø→oe, å→aa)."""
    text = name.lower()
    for letter, spelled in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("é", "e"), ("ü", "u")):
        text = text.replace(letter, spelled)
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:60].strip("-") or "virksomhed"
