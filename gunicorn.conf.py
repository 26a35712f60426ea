"""Gunicorn's production settings: `gunicorn wsgi:app` reads this file from the project root.

Environment overrides: GUNICORN_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (workers),
GUNICORN_THREADS, GUNICORN_WORKER_CLASS.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Worker model: see the measurements in bench/README.md.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))

timeout = 30
graceful_timeout = 30
keepalive = 5  # seconds an idle keep-alive connection is held (behind a proxy that reuses them)
