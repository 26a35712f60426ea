"""The data export as a download (JSON or a zip of CSV files), for the account page and the admin."""

from __future__ import annotations

from typing import Any

from flask import Response, make_response

from app.accounts.models import User
from app.privacy.queries import export_csv_bundle, export_json, export_user_data

FILE_STEM = "klimadyst-mine-data"


def download(export: dict[str, Any], kind: str, stem: str = FILE_STEM) -> Response:
    """The export as a JSON file or a zip of CSV files; never stored by a cache."""
    if kind == "zip":
        response = make_response(export_csv_bundle(export))
        response.mimetype = "application/zip"
        filename = f"{stem}-csv.zip"
    else:
        response = make_response(export_json(export))
        response.mimetype = "application/json"
        filename = f"{stem}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def export_download(user: User, kind: str) -> Response:
    return download(export_user_data(user), kind)
