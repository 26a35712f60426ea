"""API: business (being written)."""

from __future__ import annotations

from app.api.blueprint import api_blueprint

blp = api_blueprint("business", "/business", "business", tag="Business")
