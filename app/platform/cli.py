"""`flask platform`: the platform's own administrators (they sign in at /platform)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.errors import DomainError
from app.platform.accounts import all_platform_admins, ensure_platform_admin, remove_platform_admin

platform_cli = AppGroup("platform", help="The platform administrators (municipalities, national catalogue).")


@platform_cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.password_option(help="Prompted for (twice) when not given.")
def create_admin(email: str, name: str, password: str) -> None:
    """Create a platform administrator."""
    try:
        admin, created = ensure_platform_admin(email=email, name=name, password=password)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    click.echo(f"Platform administrator {admin.email} " + ("created." if created else "already exists."))


@platform_cli.command("remove-admin")
@click.option("--email", prompt=True)
def remove_admin(email: str) -> None:
    """Delete a platform administrator (their log entries stay, anonymised)."""
    if not remove_platform_admin(email):
        raise click.ClickException(f"No platform administrator {email!r}.")
    click.echo(f"Platform administrator {email} removed.")


@platform_cli.command("list-admins")
def list_admins() -> None:
    """Every platform administrator."""
    for admin in all_platform_admins():
        click.echo(f"{admin.email}  {admin.name}" + ("  (suspended)" if admin.is_suspended else ""))
