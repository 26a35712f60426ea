"""Danish catalogues, one per feature package: extract, update, check and compile.

python scripts/i18n.py update [feature ...]  # add new msgids to app/<feature>/translations/da/...
python scripts/i18n.py check     # exit 1 if a msgid is missing or untranslated, or a
                                 # catalogue names a source file by an absolute path
python scripts/i18n.py compile   # write the .mo files Flask-Babel reads
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
TEMPLATES = ROOT / "templates"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "_l": None,
    "lazy_ngettext": (1, 2),
    "_ln": (1, 2),
}
METHODS = [("**.py", "python"), ("**.html", "jinja2")]
OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}}


def features() -> list[str]:
    return sorted(
        p.name
        for p in APP.iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and p.name not in {"seed"}
    )


def sources(feature: str) -> list[Path]:
    paths = [APP / feature, TEMPLATES / feature]
    if feature == "web":  # site-wide templates and top-level modules belong to the web package
        paths += [TEMPLATES / "errors", *TEMPLATES.glob("*.html"), *APP.glob("*.py")]
    return [p for p in paths if p.exists()]


def location(path: Path) -> str:
    """A source file as the catalogues name it: relative to the repository root, with forward
    slashes, so an update on another machine or checkout rewrites no `#:` line."""
    return path.resolve().relative_to(ROOT).as_posix()


def extract(feature: str) -> Catalog:
    catalog = Catalog(locale="da", project="klimadyst", domain="messages")
    for path in sources(feature):
        if path.is_dir():
            found = extract_from_dir(path, METHODS, keywords=KEYWORDS, options_map=OPTIONS)
            for filename, lineno, message, comments, context in found:
                catalog.add(
                    message,
                    None,
                    [(location(path / filename), lineno)],
                    auto_comments=comments,
                    context=context,
                )
        else:
            from babel.messages.extract import extract_from_file

            method = "jinja2" if path.suffix == ".html" else "python"
            opts = {"extensions": "jinja2.ext.i18n"} if method == "jinja2" else {}
            for lineno, message, comments, context in extract_from_file(
                method, str(path), keywords=KEYWORDS, options=opts
            ):
                catalog.add(
                    message, None, [(location(path), lineno)], auto_comments=comments, context=context
                )
    return catalog


def po_path(feature: str) -> Path:
    return APP / feature / "translations" / "da" / "LC_MESSAGES" / "messages.po"


def load(feature: str) -> Catalog:
    path = po_path(feature)
    if not path.exists():
        return Catalog(locale="da", project="klimadyst")
    with path.open("rb") as handle:
        return read_po(handle, locale="da")


def update(only: list[str] | None = None) -> None:
    for feature in only or features():
        template = extract(feature)
        if not len(template) and not po_path(feature).exists():
            continue
        catalog = load(feature)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        po_path(feature).parent.mkdir(parents=True, exist_ok=True)
        with po_path(feature).open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, sort_output=False, include_lineno=False)
        missing = [m.id for m in catalog if m.id and not _translated(m.string)]
        print(f"{feature}: {len(catalog)} messages, {len(missing)} untranslated")


def _translated(string: object) -> bool:
    if isinstance(string, tuple | list):
        return all(bool(s) for s in string)
    return bool(string)


def problems() -> list[str]:
    found: list[str] = []
    for feature in features():
        template = extract(feature)
        catalog = load(feature)
        for message in template:
            if not message.id:
                continue
            existing = catalog.get(message.id, message.context)
            if existing is None:
                found.append(f"{feature}: not in the catalogue: {message.id!r}")
            elif not _translated(existing.string) or existing.fuzzy:
                found.append(f"{feature}: no Danish translation: {message.id!r}")
    return found


def conflicts() -> list[str]:
    """Flask-Babel merges the catalogues, so one msgid must mean the same in all of them."""
    seen: dict[tuple[object, object], tuple[str, object]] = {}
    found: list[str] = []
    for feature in features():
        for message in load(feature):
            if not message.id or not _translated(message.string):
                continue
            key = (message.id, message.context)
            if key in seen and seen[key][1] != message.string:
                found.append(
                    f"{feature}: {message.id!r} is {message.string!r} here but "
                    f"{seen[key][1]!r} in {seen[key][0]}"
                )
            seen.setdefault(key, (feature, message.string))
    return found


ABSOLUTE = re.compile(r"^(/|[A-Za-z]:[\\/]|\\\\)")  # /home/…, C:\… or C:/…, \\server\…


def absolute_locations() -> list[str]:
    """Catalogues whose `#:` lines name a file by an absolute path: they leak a machine's
    directories and churn with every checkout (location() writes relative ones)."""
    found: list[str] = []
    for path in sorted({*APP.rglob("*.po"), *APP.rglob("*.pot"), *ROOT.glob("*.pot")}):
        lines = [
            (number, line)
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
            if line.startswith("#:") and any(ABSOLUTE.match(ref) for ref in line[2:].split())
        ]
        if lines:
            number, line = lines[0]
            found.append(
                f"{path.relative_to(ROOT).as_posix()}: {len(lines)} location line(s) with an "
                f"absolute path, first on line {number}: {line!r} (run scripts/i18n.py update)"
            )
    return found


def compile_all() -> None:
    for feature in features():
        path = po_path(feature)
        if path.exists():
            catalog = load(feature)
            with path.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalog)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        update(argv[2:] or None)
    elif command == "compile":
        compile_all()
    elif command == "check":
        found = problems() + conflicts() + absolute_locations()
        for line in found:
            print(line)
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
