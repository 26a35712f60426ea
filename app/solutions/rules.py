"""Pure rules of adoptions: the pre-filled topic's length, and who sees whose contact details."""

from __future__ import annotations

# The sparring request's topic column holds 160 characters.
TOPIC_MAX = 160


def fit_topic(topic: str, limit: int = TOPIC_MAX) -> str:
    """The topic as it is when it fits, else cut at `limit` with an ellipsis."""
    return topic if len(topic) <= limit else topic[: limit - 1].rstrip() + "…"


def may_see_contact(contact_state: str) -> bool:
    """Contact details cross only after the solution's company accepted the contact request."""
    return contact_state == "accepted"
