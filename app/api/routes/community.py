"""API: community (being written)."""

from __future__ import annotations

from app.api.blueprint import api_blueprint

blp = api_blueprint("community", "/community", "community", tag="Community")
