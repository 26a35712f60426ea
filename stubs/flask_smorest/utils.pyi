from typing import Any

from apispec import APISpec

# Moves schema/example/examples under content[content_type] (OpenAPI 3), in place.
def prepare_response(response: dict[str, Any], spec: APISpec, content_type: str) -> None: ...
