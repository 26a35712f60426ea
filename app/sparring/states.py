"""Pure state machine of a sparring request."""

from __future__ import annotations

from enum import StrEnum


class RequestState(StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DECLINED = "declined"


# new → contacted → in progress → completed, one step at a time; declined from any open state.
FORWARD: dict[RequestState, RequestState] = {
    RequestState.NEW: RequestState.CONTACTED,
    RequestState.CONTACTED: RequestState.IN_PROGRESS,
    RequestState.IN_PROGRESS: RequestState.COMPLETED,
}
OPEN_STATES = frozenset(FORWARD)
CLOSED_STATES = frozenset({RequestState.COMPLETED, RequestState.DECLINED})
ORDER = (RequestState.NEW, RequestState.CONTACTED, RequestState.IN_PROGRESS, RequestState.COMPLETED)

# The request's column that records when it reached each state.
TIMESTAMP_FIELD: dict[RequestState, str] = {
    RequestState.NEW: "created_at",
    RequestState.CONTACTED: "contacted_at",
    RequestState.IN_PROGRESS: "in_progress_at",
    RequestState.COMPLETED: "completed_at",
    RequestState.DECLINED: "declined_at",
}


def allowed_next(state: str) -> tuple[RequestState, ...]:
    """The states a request in `state` may move to (nothing once it is closed)."""
    current = RequestState(state)
    if current not in OPEN_STATES:
        return ()
    return (FORWARD[current], RequestState.DECLINED)


def can_move(state: str, new_state: str) -> bool:
    try:
        target = RequestState(new_state)
    except ValueError:
        return False
    return target in allowed_next(state)
