"""The test server itself: a dropped download must not leave a file to the garbage collector."""

from __future__ import annotations

import io
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.support import live_server
from tests.support.live_server import _whole_file, serve


def test_the_file_wrapper_reads_the_file_whole_and_closes_it() -> None:
    file = io.BytesIO(b"body { color: #000 }")
    assert _whole_file(file) == [b"body { color: #000 }"]
    assert file.closed


def test_a_static_file_from_the_live_server_goes_through_that_wrapper_whole(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrapped: list[str] = []

    def recording(file: Any, buffer_size: int = 8192) -> list[bytes]:
        wrapped.append(str(getattr(file, "name", "")))
        return _whole_file(file, buffer_size)

    monkeypatch.setattr(live_server, "_whole_file", recording)
    on_disk = (Path(app.static_folder or "") / "css" / "app.css").read_bytes()
    with serve(app) as url, urllib.request.urlopen(f"{url}/static/css/app.css") as answer:  # noqa: S310
        assert answer.read() == on_disk
    assert len(wrapped) == 1
    assert wrapped[0].endswith("app.css")
