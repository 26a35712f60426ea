"""Links on company pages are http(s) only; text is trimmed plain text."""

from __future__ import annotations

import pytest

from app.business.text import clean_text, clean_web_link, slugify


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://example.dk", "https://example.dk"),
        ("http://example.dk/om-os?x=1", "http://example.dk/om-os?x=1"),
        ("example.dk", "https://example.dk"),
        ("www.bageri.dk/groent", "https://www.bageri.dk/groent"),
    ],
)
def test_web_links_are_accepted(raw: str, expected: str) -> None:
    assert clean_web_link(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<b>x</b>",
        "mailto:a@b.dk",
        "ftp://example.dk",
        "https://",
        "https://exa mple.dk",
        "not a link",
        "https://localhost\x00",
        "//example.dk",
        "x" * 400,
    ],
)
def test_other_links_are_refused(raw: str) -> None:
    assert clean_web_link(raw) is None


def test_clean_text_trims_and_drops_control_characters() -> None:
    assert clean_text("  Hej\r\nverden\x07  ", max_length=50) == "Hej\nverden"
    assert clean_text("abcdef", max_length=3) == "abc"
    assert clean_text(None, max_length=3) == ""


def test_slugify_spells_out_danish_letters() -> None:
    assert slugify("Køge Æble & Ål") == "koege-aeble-aal"
    assert slugify("!!!") == "virksomhed"
