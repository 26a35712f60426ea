"""The app served for real on a free loopback port, in a background thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server


def _whole_file(file: IO[bytes], buffer_size: int = 8192) -> list[bytes]:
    """wsgi.file_wrapper for the test server: the file read at once and closed.

    Werkzeug's development server skips closing the answer's iterable when a browser drops the
    connection while it reads the rest of the request (serving.py, execute()). A test that closes
    its page while a static file is still downloading then left that file to the garbage
    collector, and its ResourceWarning failed whichever test was running. Static files are small."""
    with file:
        return [file.read()]


class _RequestHandler(WSGIRequestHandler):
    def make_environ(self) -> Any:
        environ = super().make_environ()
        environ["wsgi.file_wrapper"] = _whole_file
        return environ


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_RequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
