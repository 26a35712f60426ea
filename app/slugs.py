"""URL slugs for catalogue rows (actions, areas): Danish letters spelled out, unique per table."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import select

from app.db import db
from app.tenancy.context import PLATFORM_OPTION
from app.tenancy.models import SharedOrTenantMixin

_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})


def slugify(text: str) -> str:
    """'Køge Nord' -> 'koege-nord': URL-safe, Danish letters spelled out."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    ascii_text = ascii_text.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "x"


def unique_slug(model: Any, text: str) -> str:
    """`slugify(text)`, with -2, -3 … until no row of `model` (an Action, a Neighbourhood) has it.

    Per municipality for tenant rows (the query is scoped); across all municipalities for
    shared rows (actions, offers), whose slug is unique on the whole platform."""
    base = slugify(text)
    slug, n = base, 1
    everywhere = {PLATFORM_OPTION: issubclass(model, SharedOrTenantMixin)}
    while (
        db.session.scalar(select(model.id).where(model.slug == slug).execution_options(**everywhere))
        is not None
    ):
        n += 1
        slug = f"{base}-{n}"
    return slug
