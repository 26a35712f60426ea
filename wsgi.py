"""WSGI entry point: `gunicorn wsgi:app`. Production settings unless KLIMADYST_ENV says otherwise."""

import os

from app import create_app

# The release step runs `flask db upgrade`; a web worker never migrates, so it skips Alembic.
app = create_app(os.environ.get("KLIMADYST_ENV", "production"), with_migrations=False)
