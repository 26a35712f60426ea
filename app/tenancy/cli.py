"""`flask municipality create` and `flask municipality list`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.errors import DomainError
from app.tenancy.services import all_municipalities, create_municipality

municipality_cli = AppGroup("municipality", help="The municipalities on this installation.")


@municipality_cli.command("create")
@click.option("--slug", required=True, help="First label of the address: <slug>.<PLATFORM_DOMAIN>.")
@click.option("--name", required=True, help='The full name, e.g. "Solrød Kommune".')
@click.option("--inhabitants", required=True, type=int)
@click.option("--inhabitants-year", type=int, default=None)
@click.option("--inhabitants-source", default="", help="Where the number of inhabitants comes from.")
@click.option("--host-name", default=None, help="A custom domain that also serves the municipality.")
def create_command(
    slug: str,
    name: str,
    inhabitants: int,
    inhabitants_year: int | None,
    inhabitants_source: str,
    host_name: str | None,
) -> None:
    """Create a municipality (its areas, goals and offers follow by `--data DIR`, a later part)."""
    try:
        municipality = create_municipality(
            slug=slug,
            name=name,
            inhabitants=inhabitants,
            inhabitants_year=inhabitants_year,
            inhabitants_source=inhabitants_source,
            host_name=host_name,
        )
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    click.echo(f"Municipality {municipality.slug} created ({municipality.name}).")


@municipality_cli.command("list")
def list_command() -> None:
    """Every municipality: slug, name, inhabitants, custom host, active."""
    for m in all_municipalities():
        state = "" if m.active else "  (inactive)"
        host = f"  {m.host_name}" if m.host_name else ""
        click.echo(f"{m.slug}  {m.name}  {m.inhabitants}{host}{state}")
