"""`flask outbox send` and `flask outbox status`: deliver and inspect the queued e-mails."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

outbox_cli = AppGroup("outbox", help="Deliver and inspect queued e-mails.")


@outbox_cli.command("send")
@click.option("--limit", default=100, show_default=True, help="At most this many mails per run.")
def send_command(limit: int) -> None:
    """Deliver the due mails (SMTP, or the console backend in development).

    Failed mails stay queued and are retried with exponential backoff on a later run; run this
    from cron or a systemd timer every minute.
    """
    from app.outbox.services import deliver_due
    from app.outbox.transport import transport_from_config

    transport = transport_from_config(current_app.config, echo=click.echo)
    report = deliver_due(transport=transport, limit=limit)
    click.echo(f"Outbox: {report.sent} sent, {report.failed} failed (kept for a retry), "
               f"{report.pending_left} still queued.")


@outbox_cli.command("status")
def status_command() -> None:
    """Count the mails per status and show the queued ones."""
    from app.outbox.queries import outbox_counts, pending_messages

    counts = outbox_counts()
    click.echo(", ".join(f"{status}: {n}" for status, n in counts.items()))
    for message in pending_messages(limit=50):
        error = f"  last error: {message.last_error}" if message.last_error else ""
        click.echo(f"#{message.id} {message.kind} → {message.to_address}, attempts "
                   f"{message.attempts}, next {message.next_attempt_at:%Y-%m-%d %H:%M} UTC{error}")
