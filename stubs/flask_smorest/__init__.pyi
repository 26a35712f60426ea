"""Types for the part of flask-smorest 0.47 that Klimadyst uses (the package ships no hints).

Only the names the app imports are declared, with the signatures of the installed source, so
mypy checks the decorator arguments and keeps views typed. A name missing here is an error on
purpose: add it from the source rather than let it turn into Any.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ParamSpec, TypeVar

import marshmallow as ma
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask
from flask.blueprints import Blueprint as FlaskBlueprint
from flask.sansio.scaffold import T_route
from werkzeug.wrappers import Response

_P = ParamSpec("_P")
_R = TypeVar("_R")

# A schema class, a schema instance, or (for alt_response) a reference to a registered one.
_Schema = type[ma.Schema] | ma.Schema | str | dict[str, Any]

class Blueprint(FlaskBlueprint):
    description: str
    def __init__(
        self, name: str, import_name: str, *args: Any, description: str = "", **kwargs: Any
    ) -> None: ...
    def route(
        self,
        rule: str,
        *,
        parameters: Sequence[Any] | None = None,
        tags: Sequence[str] | None = None,
        **options: Any,
    ) -> Callable[[T_route], T_route]: ...
    # webargs injects the parsed arguments as an extra positional argument, which a ParamSpec
    # cannot express: the view keeps its return type, its parameters are not checked.
    def arguments(
        self,
        schema: type[ma.Schema] | ma.Schema,
        *,
        location: str = "json",
        content_type: str | None = None,
        required: bool = True,
        description: str | None = None,
        example: Any = None,
        examples: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> Callable[[Callable[..., _R]], Callable[..., _R]]: ...
    # The view returns data to dump (or a response); the wrapper always returns a response.
    def response(
        self,
        status_code: int | str,
        schema: _Schema | None = None,
        *,
        content_type: str | None = None,
        description: str | None = None,
        example: Any = None,
        examples: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
    ) -> Callable[[Callable[_P, Any]], Callable[_P, Response]]: ...
    # Documentation only: the wrapper calls the view unchanged.
    def alt_response(
        self,
        status_code: int | str,
        response: str | None = None,
        *,
        schema: _Schema | None = None,
        content_type: str | None = None,
        description: str | None = None,
        example: Any = None,
        examples: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        success: bool = False,
    ) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]: ...
    @staticmethod
    def doc(**kwargs: Any) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]: ...
    def register_views_in_doc(
        self, api: Api, app: Flask, spec: APISpec, *, name: str, parameters: Sequence[Any] | None
    ) -> None: ...

class Api:
    ERROR_SCHEMA: type[ma.Schema]
    # set by init_app (None until then; every Api here is built with its app)
    _app: Flask
    spec: APISpec
    ma_plugin: MarshmallowPlugin
    def __init__(
        self,
        app: Flask | None = None,
        *,
        spec_kwargs: Mapping[str, Any] | None = None,
        config_prefix: str = "",
    ) -> None: ...
    def init_app(self, app: Flask, *, spec_kwargs: Mapping[str, Any] | None = None) -> None: ...
    def register_blueprint(
        self, blp: Blueprint, *, parameters: Sequence[Any] | None = None, **options: Any
    ) -> None: ...
    # hooks the app overrides
    def _init_spec(
        self,
        *,
        flask_plugin: Any = None,
        marshmallow_plugin: MarshmallowPlugin | None = None,
        extra_plugins: Sequence[Any] | None = None,
        title: str | None = None,
        version: str | None = None,
        openapi_version: str | None = None,
        **options: Any,
    ) -> None: ...
    def _register_error_handlers(self) -> None: ...
    def _register_responses(self) -> None: ...
