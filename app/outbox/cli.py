"""`flask worker`, `flask outbox send` and `flask outbox status`: deliver and inspect e-mails."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

outbox_cli = AppGroup("outbox", help="Deliver and inspect queued e-mails.")


def run_worker(poll_seconds: float | None) -> None:
    """The worker loop on the current app, until SIGTERM or Ctrl+C."""
    from app.outbox.transport import transport_from_config
    from app.outbox.worker import Worker

    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("klimadyst").setLevel(logging.INFO)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    seconds = poll_seconds if poll_seconds is not None else float(app.config["WORKER_POLL_SECONDS"])
    # The console backend logs each mail (INFO, configured above), so `make run` shows it.
    transport = transport_from_config(app.config)
    Worker(app, transport=transport, poll_seconds=seconds).run()


@click.command("worker")
@click.option(
    "--poll-seconds",
    type=click.FloatRange(min=0.1),
    default=None,
    help="Seconds between outbox rounds [default: WORKER_POLL_SECONDS].",
)
@with_appcontext
def worker_command(poll_seconds: float | None) -> None:
    """Run until stopped: deliver due mails every few seconds and run the periodic jobs.

    Run one per instance (systemd, a Procfile line); several at once never send a mail twice.
    SIGTERM or Ctrl+C stops it after the current step.
    """
    run_worker(poll_seconds)


@outbox_cli.command("send")
@click.option("--limit", default=100, show_default=True, help="At most this many mails per run.")
@click.option("--loop", is_flag=True, help="Keep running as `flask worker` does.")
def send_command(limit: int, loop: bool) -> None:
    """Deliver the due mails (SMTP, or the console backend in development).

    Failed mails stay queued and are retried with exponential backoff on a later run. Without
    --loop it runs once (cron); `flask worker` is the long-running way.
    """
    if loop:
        run_worker(None)
        return
    from app.outbox.services import deliver_due
    from app.outbox.transport import transport_from_config

    transport = transport_from_config(current_app.config, echo=click.echo)
    report = deliver_due(transport=transport, limit=limit)
    click.echo(
        f"Outbox: {report.sent} sent, {report.failed} failed (kept for a retry), "
        f"{report.pending_left} still queued."
    )


@outbox_cli.command("status")
def status_command() -> None:
    """Count the mails per status and show the queued ones (of every municipality)."""
    from app.outbox.queries import outbox_counts, pending_messages
    from app.tenancy.context import platform_scope

    with platform_scope():  # the installation's one outbox, every municipality's mails
        counts = outbox_counts()
        pending = pending_messages(limit=50)
    click.echo(", ".join(f"{status}: {n}" for status, n in counts.items()))
    for message in pending:
        error = f"  last error: {message.last_error}" if message.last_error else ""
        click.echo(
            f"#{message.id} {message.kind} → {message.to_address}, attempts "
            f"{message.attempts}, next {message.next_attempt_at:%Y-%m-%d %H:%M} UTC{error}"
        )
