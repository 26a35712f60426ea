"""`flask privacy purge` (retention) and `flask privacy rekey-orphans` (once, after upgrading)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

privacy_cli = AppGroup("privacy", help="Privacy: retention, and re-keying old deletions.")


@privacy_cli.command("purge")
def purge_command() -> None:
    """Delete delivered mails, unverified accounts, old invitations and dead API tokens that
    are past their retention period, in every municipality."""
    from app.clock import utcnow
    from app.privacy.retention import purge_expired
    from app.tenancy.context import platform_scope

    with platform_scope():
        counts = purge_expired(now=utcnow())
    click.echo("Purged: " + ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items()) + ".")


@privacy_cli.command("rekey-orphans")
def rekey_orphans_command() -> None:
    """Once after upgrading: give the ledger rows of accounts deleted earlier a fresh random
    participant reference, so their old public id leads nowhere (in every municipality)."""
    from app.privacy.services import rekey_orphaned_ledger
    from app.tenancy.context import platform_scope

    with platform_scope():
        rekeyed = rekey_orphaned_ledger()
    click.echo(f"Re-keyed {rekeyed} participant references of deleted accounts.")
