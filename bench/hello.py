"""The floor of `make bench`: a hello-world Flask app, served by the same gunicorn.conf.py.

    gunicorn bench.hello:app

One route, a short text, nothing else: no database, no session, no templates, no extensions, no
after_request hooks. Its req/s is what gunicorn, Flask and the load generator cost on this
machine, so an endpoint's req/s ÷ this one's says how much of the machine the endpoint's own
work leaves (bench/report.py; the targets are issue 15's).
"""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> tuple[str, int, dict[str, str]]:
    return "Hello, world!\n", 200, {"Content-Type": "text/plain; charset=utf-8"}
