"""Sweep: no code reads the machine's own day or a naive clock.

Every day in the app is a Copenhagen day (`app.clock.local_date`, `today_in`) and every moment
is aware UTC (`app.clock.utcnow`). `date.today()`, `datetime.today()`, `datetime.utcnow()` and
`datetime.now()` without a zone give the server's local day or a naive moment, which differ from
Copenhagen's between 22:00/23:00 and midnight UTC, so one such call makes a test or a rule depend
on when and where it runs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SWEPT = ("app", "tests", "bench")

NAIVE_CLASS_METHODS = {("date", "today"), ("datetime", "today"), ("datetime", "utcnow")}


def _receiver(node: ast.expr) -> str | None:
    """`date` for `date.today`, `datetime` for `datetime.datetime.now` or `dt.datetime.now`."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def naive_clock_calls(source: str) -> list[tuple[int, str]]:
    """(line, call) for every call that reads the machine's day or a naive now."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver, method = _receiver(node.func.value), node.func.attr
        if (receiver, method) in NAIVE_CLASS_METHODS:
            found.append((node.lineno, f"{receiver}.{method}()"))
        elif receiver == "datetime" and method == "now" and not _has_zone(node):
            found.append((node.lineno, "datetime.now() without a zone"))
    return found


def _has_zone(call: ast.Call) -> bool:
    arg = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "tz"), None)
    return arg is not None and not (isinstance(arg, ast.Constant) and arg.value is None)


def _python_files() -> list[Path]:
    return sorted(
        path for folder in SWEPT if (ROOT / folder).is_dir() for path in (ROOT / folder).rglob("*.py")
    )


@pytest.mark.parametrize(
    "snippet",
    [
        "date.today()",
        "datetime.date.today()",
        "datetime.today()",
        "datetime.utcnow()",
        "datetime.now()",
        "datetime.datetime.now()",
        "datetime.now(None)",
        "datetime.now(tz=None)",
    ],
)
def test_the_sweep_sees_naive_clock_calls(snippet: str) -> None:
    assert naive_clock_calls(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        "datetime.now(UTC)",
        "datetime.now(tz=ZoneInfo('Europe/Copenhagen'))",
        "utcnow()",
        "today_in()",
        "local_date(utcnow())",
    ],
)
def test_the_sweep_lets_aware_calls_pass(snippet: str) -> None:
    assert not naive_clock_calls(snippet)


def test_no_module_reads_the_machine_day_or_a_naive_now() -> None:
    files = _python_files()
    assert any(path.name == "clock.py" for path in files)  # the sweep really sees app/
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {call}"
        for path in files
        for line, call in naive_clock_calls(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "use app.clock.utcnow() / today_in() / local_date():\n" + "\n".join(offenders)
