"""`flask privacy purge`: apply the retention periods now."""

from __future__ import annotations

import click
from flask.cli import AppGroup

privacy_cli = AppGroup("privacy", help="Privacy: retention.")


@privacy_cli.command("purge")
def purge_command() -> None:
    """Delete delivered mails, unverified accounts, old invitations and dead API tokens that
    are past their retention period."""
    from app.clock import utcnow
    from app.privacy.retention import purge_expired

    counts = purge_expired(now=utcnow())
    click.echo("Purged: " + ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items())
               + ".")
