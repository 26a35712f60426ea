"""Types for the part of Flask-Login 0.6 that Klimadyst uses (the package ships no hints).

Only the names the app imports are declared, with the signatures of the installed source. A name
missing here is an error on purpose: add it from the source rather than let it turn into Any.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any, ParamSpec, TypeVar

from flask import Flask
from flask.typing import ResponseReturnValue

_P = ParamSpec("_P")
_R = TypeVar("_R")
_F = TypeVar("_F", bound=Callable[..., Any])

# The signed-in User, or the app's anonymous user: a proxy to whichever this request has.
current_user: Any

# Anonymous visitors get LoginManager.unauthorized()'s answer instead of the view's.
def login_required(func: Callable[_P, _R]) -> Callable[_P, _R | ResponseReturnValue]: ...
def login_user(
    user: Any,
    remember: bool = False,
    duration: timedelta | None = None,
    force: bool = False,
    fresh: bool = True,
) -> bool: ...
def logout_user() -> bool: ...

class AnonymousUserMixin:
    @property
    def is_authenticated(self) -> bool: ...
    @property
    def is_active(self) -> bool: ...
    @property
    def is_anonymous(self) -> bool: ...
    def get_id(self) -> str | None: ...

class LoginManager:
    login_view: str | None
    login_message: str
    login_message_category: str
    # a class or factory that makes the anonymous user
    anonymous_user: Callable[[], Any]
    session_protection: str | None
    def __init__(self, app: Flask | None = None, add_context_processor: bool = True) -> None: ...
    def init_app(self, app: Flask, add_context_processor: bool = True) -> None: ...
    # both register the callback and return it unchanged
    def user_loader(self, callback: _F) -> _F: ...
    def unauthorized_handler(self, callback: _F) -> _F: ...
    def unauthorized(self) -> ResponseReturnValue: ...
