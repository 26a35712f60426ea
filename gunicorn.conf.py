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
# which fill the remaining waits and keep HTTP keep-alive. Measured on 2 cores (bench/results/
# workers-sqlite-10k-*.md, medians of 3 interleaved rounds): gthread 3 x 2 had the best or equal
# throughput on every endpoint; sync x 3 matched it on the pages with a shorter p99 (no two
# requests share a GIL) but lost keep-alive; 2 x 4 halved the citizen home page; 3 x 4 and
# sync x 5 gained nothing and cost latency or memory (about 135-145 MB per process at 1M logs).
# On SQLite every write waits for the one write lock (BEGIN IMMEDIATE, 15 s busy timeout)
# whatever the model. Re-measure with `python -m bench.workers` on other hardware.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))

timeout = 30  # a worker stuck this long is restarted; no request here needs more than a second
graceful_timeout = 30
keepalive = 5  # seconds an idle keep-alive connection is held open
