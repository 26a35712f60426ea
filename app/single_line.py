"""Single-line text: no CR/LF or other control characters (names, titles, mail headers)."""

from __future__ import annotations

import re

# C0 and C1 control characters (CR, LF, TAB, NUL, NEL …) and the Unicode line/paragraph separators.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def has_control_characters(text: str) -> bool:
    """True if `text` could break a line (or a mail header) anywhere."""
    return CONTROL_CHARACTERS.search(text) is not None


def to_single_line(text: str) -> str:
    """`text` on one line: every run of control characters and spaces becomes one space."""
    return re.sub(r" {2,}", " ", CONTROL_CHARACTERS.sub(" ", text)).strip()
