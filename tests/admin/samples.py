"""Sample objects for URL arguments of admin pages built on the game and business packages."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.conftest import Person


def sample_values(app: Flask, make_user: Any, owner: Person) -> dict[str, Any]:
    return {}
