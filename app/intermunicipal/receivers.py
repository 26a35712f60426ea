"""The inter-municipal challenges' receivers of the log signals (app/signals.py)."""

from __future__ import annotations

from typing import Any

from app import signals
from app.actions.models import LogEntry
from app.intermunicipal.credits import credit_log, take_back_log


def _credit(entry: LogEntry, **_: Any) -> int:
    credit_log(entry)
    return 0  # no bonus points: the board is the municipalities'


def _take_back(entry: LogEntry, **_: Any) -> None:
    take_back_log(entry)


def connect_signals() -> None:
    signals.log_counted.connect(_credit, weak=False)
    signals.log_taken_back.connect(_take_back, weak=False)
