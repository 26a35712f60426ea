"""Command-line entry points: `flask seed-demo`, `flask create-admin`, `flask scores rebuild`."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from app.errors import DomainError
from app.features import rebuild_derived_rows
from app.settings import timezone
from app.tenancy.context import in_municipality

scores_cli = AppGroup("scores", help="Maintain the pre-aggregated score rows.")


@scores_cli.command("rebuild")
def scores_rebuild() -> None:
    """Recompute every score row and game counter from the ledger."""
    report = rebuild_derived_rows()
    click.echo(
        f"Rebuilt scores from {report.ledger_rows} counted logs: {report.user_rows} citizen rows, "
        f"{report.neighbourhood_rows} neighbourhood rows."
    )


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Create the demo: areas, catalogue, citizens, four weeks of logs, an admin. Rerunnable."""
    from app.seed import demo
    from app.seed.municipalities import ensure_koege

    with in_municipality(ensure_koege()):
        report = demo.seed_demo(tz=timezone())
    click.echo(
        f"Demo data: +{report.neighbourhoods} neighbourhoods, +{report.actions} actions, "
        f"+{report.citizens} citizens, +{report.logs} logs"
        + "".join(f", +{n} {name}" for name, n in report.extra.items())
        + (", admin created" if report.admin_created else "")
        + "."
    )
    click.echo("")
    click.echo("Demo logins (password after the slash):")
    click.echo(f"  admin    {demo.ADMIN_EMAIL} / {demo.ADMIN_PASSWORD}")
    click.echo(f"  citizen  {demo.CITIZEN_EMAIL} / {demo.CITIZEN_PASSWORD}")
    for line in report.logins:
        click.echo(f"  {line}")


@click.command("seed")
@with_appcontext
def seed_reference_command() -> None:
    """Load only the reference data (neighbourhoods and action catalogue). Rerunnable."""
    from app.seed.business import seed_sparring_offers
    from app.seed.catalogue import seed_actions, seed_neighbourhoods
    from app.seed.municipalities import ensure_koege

    with in_municipality(ensure_koege()):
        areas, actions = seed_neighbourhoods(), seed_actions()
        offers = seed_sparring_offers()
    click.echo(f"Reference data: +{areas} neighbourhoods, +{actions} actions, +{offers} sparring offers.")


@click.command("create-admin")
@with_appcontext
@click.option("--email", prompt=True)
@click.option("--alias", default="Kommunen", show_default=True)
@click.password_option(help="Prompted for (twice) when not given.")
@click.option("--municipality", "slug", default=None, help="Its slug; DEFAULT_MUNICIPALITY when not given.")
def create_admin_command(email: str, alias: str, password: str, slug: str | None) -> None:
    """Create a municipality administrator."""
    from app.accounts.services import ensure_admin
    from app.tenancy.services import municipality_by_slug

    slug = slug or current_app.config.get("DEFAULT_MUNICIPALITY")
    municipality = municipality_by_slug(slug) if slug else None
    if municipality is None:
        raise click.ClickException(f"No municipality {slug!r} (see `flask municipality list`).")
    try:
        with in_municipality(municipality):
            user, created = ensure_admin(email=email, password=password, alias=alias)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    click.echo(f"Administrator {user.email} " + ("created." if created else "already exists."))


def register_commands(app: Flask) -> None:
    app.cli.add_command(scores_cli)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(seed_reference_command)
    app.cli.add_command(create_admin_command)

    from app.tenancy.cli import municipality_cli

    app.cli.add_command(municipality_cli)

    from app.outbox.cli import outbox_cli, worker_command

    app.cli.add_command(outbox_cli)
    app.cli.add_command(worker_command)

    from app.privacy.cli import privacy_cli

    app.cli.add_command(privacy_cli)

    from app.push.cli import push_cli

    app.cli.add_command(push_cli)
