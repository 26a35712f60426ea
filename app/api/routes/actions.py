"""API: actions (being written)."""

from __future__ import annotations

from app.api.blueprint import api_blueprint

blp = api_blueprint("actions", "/actions", "actions", tag="Actions")
