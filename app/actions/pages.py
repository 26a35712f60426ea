"""The citizen home's catalogue, rendered once per language, day and catalogue for everyone.

Rendering one log form per action is most of the home page's time (py-spy: about 40 %), and it
is the same for every citizen but for two values per form: the CSRF token and a fresh
idempotency key. The catalogue is rendered with a marker in their place, kept in the app's cache
(app/cache.py) for CATALOGUE_FRAGMENT_SECONDS under a key of language, local day, backdating
window and catalogue generation, and each request swaps in its own token and keys. A change to
the catalogue starts a new generation (app/actions/catalogue.py), so this process shows it at
once and processes with their own cache within those seconds. Nothing of a person is cached:
the citizen's numbers, today's list and a form with errors are rendered per request.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, Generic, TypeVar

from flask import current_app, render_template
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from app.actions.catalogue import CATALOGUE_GENERATION
from app.cache import generation, remembered_for
from app.i18n import current_locale

T = TypeVar("T")

CSRF_MARK = "klimadyst-csrf-mark"
KEY_MARK = "klimadyst-idempotency-mark"
_KEY_MARKS = re.compile(re.escape(KEY_MARK))


def shared_catalogue_html(context: dict[str, Any], *, today: date, backdate_days: int) -> Markup:
    """actions/_catalogue.html for this request: the shared rendering with this request's CSRF
    token and one new idempotency key per form."""
    family = generation(CATALOGUE_GENERATION)
    key = f"actions:catalogue-html:{family}:{current_locale()}:{today}:{backdate_days}"
    seconds = int(current_app.config.get("CATALOGUE_FRAGMENT_SECONDS") or 0)

    fresh_form = context["fresh_form"]

    def marked_form(action: Any, day: date) -> Any:
        form = fresh_form(action, day)
        form.idempotency_key.data = KEY_MARK
        return form

    def render_shared() -> str:
        shared = {
            **context,
            "forms": {},
            "messages": {},
            "open_slug": None,
            "fresh_form": marked_form,
            "csrf_token": lambda: CSRF_MARK,
        }
        return render_template("actions/_catalogue.html", **shared)

    html = remembered_for(key, seconds, render_shared)
    html = html.replace(CSRF_MARK, generate_csrf())
    return Markup(_KEY_MARKS.sub(lambda _match: uuid.uuid4().hex, html))  # noqa: S704 (our own template's output)


class Deferred(Generic[T]):
    """A list computed on first iteration: the home's catalogue rows are read only when the
    shared fragment is rendered (a cache miss), not on every request that reuses it."""

    def __init__(self, compute: Callable[[], list[T]]) -> None:
        self._compute = compute
        self._items: list[T] | None = None

    def __iter__(self) -> Iterator[T]:
        if self._items is None:
            self._items = self._compute()
        return iter(self._items)
