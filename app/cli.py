"""Command-line entry points: `flask seed-demo`, `flask create-admin`, `flask scores rebuild`."""

from __future__ import annotations

from pathlib import Path

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
    from app.seed import demo, neighbour
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
    second = neighbour.seed_neighbour_demo(tz=timezone())
    click.echo(
        f"{second.name}: +{second.areas} neighbourhoods, +{second.goals} climate goals, "
        f"+{second.citizens} citizens, +{second.logs} logs."
    )
    from app.clock import local_date, utcnow
    from app.seed.cases import seed_cases_demo

    cases = seed_cases_demo(
        koege_admin_email=demo.ADMIN_EMAIL,
        solroed_admin_email=neighbour.SOLROED.admin_email,
        today=local_date(utcnow(), timezone()),
    )
    click.echo(f"Cases: +{cases} published.")
    from app.seed.intermunicipal import seed_inter_challenge_demo

    credited = seed_inter_challenge_demo(today=local_date(utcnow(), timezone()))
    click.echo(f"Challenge between the municipalities: {credited} logs count.")
    from app.platform.accounts import ensure_platform_admin
    from app.seed.demo import PLATFORM_ADMIN_EMAIL, PLATFORM_ADMIN_PASSWORD

    ensure_platform_admin(
        email=PLATFORM_ADMIN_EMAIL, name="Klimadyst-platformen", password=PLATFORM_ADMIN_PASSWORD
    )
    from app.seed.partnerships import seed_partnerships_demo

    partnerships = seed_partnerships_demo(
        admin_email=demo.ADMIN_EMAIL, today=local_date(utcnow(), timezone())
    )
    click.echo(f"Climate partnerships: +{partnerships} published.")
    click.echo("")
    click.echo(f"The platform, {_platform_address()}platform (password after the slash):")
    click.echo(f"  platform admin  {PLATFORM_ADMIN_EMAIL} / {PLATFORM_ADMIN_PASSWORD}")
    click.echo(f"Køge Kommune, {_address('koege')}:")
    click.echo(f"  admin    {demo.ADMIN_EMAIL} / {demo.ADMIN_PASSWORD}")
    click.echo(f"  citizen  {demo.CITIZEN_EMAIL} / {demo.CITIZEN_PASSWORD}")
    for line in report.logins:
        click.echo(f"  {line}")
    click.echo(f"{second.name}, {_address(second.slug)}:")
    click.echo(f"  admin    {neighbour.SOLROED.admin_email} / {neighbour.SOLROED.admin_password}")
    click.echo(f"  citizen  {neighbour.SOLROED.citizen_email} / {demo.CITIZEN_PASSWORD}")


def _platform_address() -> str:
    """The platform's own address: PUBLIC_BASE_URL."""
    return str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/") + "/"


def _address(slug: str) -> str:
    """Where the demo serves a municipality: <slug>.<PLATFORM_DOMAIN> on the demo's port."""
    from urllib.parse import urlsplit

    base = urlsplit(str(current_app.config["PUBLIC_BASE_URL"]))
    domain = current_app.config.get("PLATFORM_DOMAIN") or base.hostname
    port = f":{base.port}" if base.port else ""
    return f"{base.scheme}://{slug}.{domain}{port}/"


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


@click.command("create")
@with_appcontext
@click.option(
    "--data",
    "directory",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="A data folder (municipality.toml, neighbourhoods.csv, optional climate_goals.csv and "
    "sparring_offers.csv; see app/seed/data/municipalities/solroed).",
)
@click.option("--slug", default=None, help="First label of the address: <slug>.<PLATFORM_DOMAIN>.")
@click.option("--name", default=None, help='The full name, e.g. "Solrød Kommune".')
@click.option("--inhabitants", type=int, default=None)
@click.option("--inhabitants-year", type=int, default=None)
@click.option("--inhabitants-source", default="", help="Where the number of inhabitants comes from.")
@click.option("--host-name", default=None, help="A custom domain that also serves the municipality.")
def create_municipality_command(
    directory: Path | None,
    slug: str | None,
    name: str | None,
    inhabitants: int | None,
    inhabitants_year: int | None,
    inhabitants_source: str,
    host_name: str | None,
) -> None:
    """Create a municipality: from a data folder (with its areas, goals and offers), or by name."""
    from app.seed.municipality_data import load_municipality
    from app.tenancy.services import create_municipality

    try:
        if directory is not None:
            loaded = load_municipality(directory, host_name=host_name)
            verb = "created" if loaded.created else "already exists; added what was missing"
            click.echo(
                f"Municipality {loaded.municipality.slug} {verb}: +{loaded.areas} areas, "
                f"+{loaded.goals} climate goals, +{loaded.offers} sparring offers."
            )
            return
        if not (slug and name and inhabitants is not None):
            raise click.UsageError("Give --data DIR, or --slug, --name and --inhabitants.")
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


def register_commands(app: Flask) -> None:
    app.cli.add_command(scores_cli)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(seed_reference_command)
    app.cli.add_command(create_admin_command)

    from app.tenancy.cli import municipality_cli

    municipality_cli.add_command(create_municipality_command)
    app.cli.add_command(municipality_cli)

    from app.intermunicipal.cli import intermunicipal_cli
    from app.platform.cli import platform_cli

    app.cli.add_command(platform_cli)

    app.cli.add_command(intermunicipal_cli)

    from app.outbox.cli import outbox_cli, worker_command

    app.cli.add_command(outbox_cli)
    app.cli.add_command(worker_command)

    from app.privacy.cli import privacy_cli

    app.cli.add_command(privacy_cli)

    from app.push.cli import push_cli

    app.cli.add_command(push_cli)
