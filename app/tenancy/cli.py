"""The `flask municipality` group and `flask municipality list` (`create` is app/cli.py: it loads
feature data from a folder, which this core module may not import)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.tenancy.services import all_municipalities

municipality_cli = AppGroup("municipality", help="The municipalities on this installation.")


@municipality_cli.command("list")
def list_command() -> None:
    """Every municipality: slug, name, inhabitants, custom host, active."""
    for m in all_municipalities():
        state = "" if m.active else "  (inactive)"
        host = f"  {m.host_name}" if m.host_name else ""
        click.echo(f"{m.slug}  {m.name}  {m.inhabitants}{host}{state}")
