"""URL slugs for catalogue rows (actions, areas): Danish letters spelled out, unique per table."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import select

from app.db import db

_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})


def slugify(text: str) -> str:
    """'Køge Nord' -> 'koege-nord': URL-safe, Danish letters spelled out."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    ascii_text = ascii_text.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "x"


def unique_slug(model: Any, text: str) -> str:
    """`slugify(text)`, with -2, -3 … until no row of `model` (an Action, a Neighbourhood) has it."""
    base = slugify(text)
    slug, n = base, 1
    while db.session.scalar(select(model.id).where(model.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug
