"""The request state machine: one step forward at a time, or declined while open."""

from __future__ import annotations

import pytest

from app.sparring.states import RequestState, allowed_next, can_move


@pytest.mark.parametrize(
    ("state", "new"),
    [
        ("new", "contacted"),
        ("contacted", "in_progress"),
        ("in_progress", "completed"),
        ("new", "declined"),
        ("contacted", "declined"),
        ("in_progress", "declined"),
    ],
)
def test_allowed_moves(state: str, new: str) -> None:
    assert can_move(state, new)


@pytest.mark.parametrize(
    ("state", "new"),
    [
        ("new", "in_progress"),
        ("new", "completed"),
        ("contacted", "completed"),
        ("contacted", "new"),
        ("in_progress", "contacted"),
        ("completed", "declined"),
        ("declined", "new"),
        ("completed", "completed"),
        ("new", "new"),
        ("new", "bogus"),
    ],
)
def test_refused_moves(state: str, new: str) -> None:
    assert not can_move(state, new)


def test_closed_states_allow_nothing() -> None:
    assert allowed_next(RequestState.COMPLETED) == ()
    assert allowed_next(RequestState.DECLINED) == ()
