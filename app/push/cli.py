"""`flask push vapid-keys`: a new VAPID key pair to put in the environment."""

from __future__ import annotations

import click
from flask.cli import AppGroup

push_cli = AppGroup("push", help="Web push notifications.")


@push_cli.command("vapid-keys")
def vapid_keys_command() -> None:
    """Print a new VAPID key pair as environment lines. Keep the private key secret; changing
    the pair later makes every stored device subscription stop working."""
    from app.push.keys import generate_vapid_keys

    keys = generate_vapid_keys()
    click.echo(f"KLIMADYST_VAPID_PUBLIC_KEY={keys.public_key}")
    click.echo(f"KLIMADYST_VAPID_PRIVATE_KEY={keys.private_key}")
    click.echo("KLIMADYST_VAPID_SUBJECT=mailto:it@your-municipality.dk")
