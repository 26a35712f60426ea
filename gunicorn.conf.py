"""Gunicorn's production settings: `gunicorn wsgi:app` reads this file from the project root.

Environment overrides: GUNICORN_BIND (default 127.0.0.1:8000, behind the TLS proxy),
WEB_CONCURRENCY (workers), GUNICORN_THREADS, GUNICORN_WORKER_CLASS.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Worker model. A request is CPU-bound Python (Jinja, SQLAlchemy, marshmallow) with short waits
# on the database: a PostgreSQL round trip per statement, or SQLite's write lock. So: one process
# per core plus one, which keeps every core busy while a process waits, and two threads in each,
# which fill the remaining waits and keep HTTP keep-alive (the sync worker closes every
# connection, which made /healthz 1.2-3.7x slower for no gain elsewhere). More threads only
# queue on the GIL; more processes only cost memory (about 135-145 MB each on 1M logs). On
# SQLite every write waits for the one write lock (BEGIN IMMEDIATE, 15 s busy timeout) whatever
# the model. Measured: bench/README.md ("Worker model") and `python -m bench.workers`.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))

timeout = 30  # a worker stuck this long is restarted; no request here needs more than a second
graceful_timeout = 30
keepalive = 5  # seconds an idle keep-alive connection is held open
