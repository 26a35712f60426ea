"""WSGI entry point: `gunicorn wsgi:app`. Production settings unless KLIMADYST_ENV says otherwise."""

import os

from app import create_app

app = create_app(os.environ.get("KLIMADYST_ENV", "production"))
