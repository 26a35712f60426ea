"""Signed unsubscribe links: who and what (reminder or digest), no database row needed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.settings import setting


class Topic(StrEnum):
    REMINDER = "reminder"
    DIGEST = "digest"


# One salt per purpose: a token signed for anything else in the app (or another topic) is refused.
SALTS = {topic: f"klimadyst.unsubscribe.{topic.value}" for topic in Topic}


class UnsubscribeTokenInvalid(Exception):
    """Tampered, made up, for another purpose, or expired (then `expired` is True)."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    topic: Topic


def _serializer(topic: Topic) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key or "", salt=SALTS[topic])


def unsubscribe_token(*, user_id: int, topic: Topic) -> str:
    """A token naming the person and the topic, signed with SECRET_KEY; the topic is also the
    first part, so the link says which salt to check it with."""
    return f"{topic.value}.{_serializer(topic).dumps({'user': user_id, 'what': topic.value})}"


def read_unsubscribe_token(token: str) -> Unsubscribe:
    """The person and topic of a link, if it is genuine and younger than UNSUBSCRIBE_VALID_DAYS."""
    prefix, _, signed = (token or "").partition(".")
    try:
        topic = Topic(prefix)
    except ValueError as exc:
        raise UnsubscribeTokenInvalid(expired=False) from exc
    max_age = int(setting("UNSUBSCRIBE_VALID_DAYS")) * 86400
    try:
        data = _serializer(topic).loads(signed, max_age=max_age)
    except SignatureExpired as exc:
        raise UnsubscribeTokenInvalid(expired=True) from exc
    except BadSignature as exc:
        raise UnsubscribeTokenInvalid(expired=False) from exc
    if not isinstance(data, dict) or data.get("what") != topic.value or not isinstance(data.get("user"), int):
        raise UnsubscribeTokenInvalid(expired=False)
    return Unsubscribe(user_id=data["user"], topic=topic)
