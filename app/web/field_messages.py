"""Marshmallow's field messages in the person's language, the parameterised ones included."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

# Marshmallow's fixed messages -> ours (msgids are English; the Danish is in the catalogue).
FIELD_MESSAGES: dict[str, LazyString] = {
    "Missing data for required field.": _l("This field is required."),
    "Unknown field.": _l("Unknown field."),
    "Field may not be null.": _l("This field cannot be empty."),
    "Not a valid integer.": _l("Enter a whole number."),
    "Not a valid number.": _l("Enter a number."),
    "Number too large.": _l("The number is too large."),
    "Not a valid string.": _l("Enter text."),
    "Not a valid utf-8 string.": _l("Text must be valid Unicode (no lone surrogates)."),
    "Not a valid boolean.": _l("Enter true or false."),
    "Not a valid date.": _l("Enter a date as YYYY-MM-DD."),
    "Not a valid datetime.": _l("Enter a date and time (ISO 8601)."),
    "Not a valid list.": _l("Send a list."),
    "Not a valid mapping type.": _l("Send an object."),
    "Invalid input type.": _l("This has the wrong type."),
    "Invalid value.": _l("This value is not allowed."),
    "Invalid input.": _l("This value is not allowed."),
    "Not a valid email address.": _l("Enter a valid e-mail address."),
    "String does not match expected pattern.": _l("The text does not have the expected form."),
    "Special numeric values (nan or infinity) are not permitted.": _l(
        "Enter a finite number (not NaN or infinity)."
    ),
    "Shorter than minimum length 1.": _l("This field cannot be empty."),
    "Text may not contain NUL characters.": _l("Text may not contain NUL characters."),
    "Text must be valid Unicode (no lone surrogates).": _l(
        "Text must be valid Unicode (no lone surrogates)."
    ),
    "Not a valid slug.": _l("Use the short name from the list (lower-case letters, digits, -)."),
    "Use one line: no line breaks or control characters.": _l(
        "Write it on one line, without line breaks or other special characters."
    ),
    "Send at least one field to change.": _l("Send at least one field to change."),
}


def register_field_message(message: str, translated: LazyString) -> None:
    """Translate one more fixed validator message: a feature's own `error=` text (e.g. the
    idempotency key hint in app/api/schemas/actions.py) registers itself where it is defined,
    so this core module needs no feature import."""
    FIELD_MESSAGES[message] = translated


def _pattern(template: str) -> re.Pattern[str]:
    """marshmallow's template ('Length must be between {min} and {max}.') as a regex."""
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
    return re.compile(f"^{regex}$", re.DOTALL)


# Parameterised messages: marshmallow formats them before we see them, so each is recognised by
# its template and rebuilt from the translated template with the same values.
_PARAMETERISED: list[tuple[re.Pattern[str], Any]] = [
    (_pattern("Must be one of: {choices}."), lambda v: gettext("Must be one of: %(choices)s.", **v)),
    (
        _pattern("Length must be between {min} and {max}."),
        lambda v: gettext("Length must be between %(min)s and %(max)s characters.", **v),
    ),
    (
        _pattern("Length must be {equal}."),
        lambda v: gettext("Length must be exactly %(equal)s characters.", **v),
    ),
    (
        _pattern("Shorter than minimum length {min}."),
        lambda v: gettext("Use at least %(min)s characters.", **v),
    ),
    (
        _pattern("Longer than maximum length {max}."),
        lambda v: gettext("Use at most %(max)s characters.", **v),
    ),
    (
        _pattern("Must be greater than or equal to {min} and less than or equal to {max}."),
        lambda v: gettext("Must be between %(min)s and %(max)s.", **v),
    ),
    (
        _pattern("Must be greater than or equal to {min}."),
        lambda v: gettext("Must be at least %(min)s.", **v),
    ),
    (_pattern("Must be less than or equal to {max}."), lambda v: gettext("Must be at most %(max)s.", **v)),
    (_pattern("Must be greater than {min}."), lambda v: gettext("Must be greater than %(min)s.", **v)),
    (_pattern("Must be less than {max}."), lambda v: gettext("Must be less than %(max)s.", **v)),
]


def translate_field_message(message: str) -> str:
    """A marshmallow message in the request's language; an unknown one passes unchanged."""
    fixed = FIELD_MESSAGES.get(message)
    if fixed is not None:
        return str(fixed)
    for pattern, render in _PARAMETERISED:
        match = pattern.match(message)
        if match:
            return str(render(match.groupdict()))
    return message
