"""`flask intermunicipal create|list`: the platform's challenges between municipalities."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

import click
from flask.cli import AppGroup

from app.errors import DomainError
from app.intermunicipal.queries import all_challenges, board_of
from app.intermunicipal.services import InterChallengeInput, create_inter_challenge
from app.settings import local_today
from app.tenancy.context import platform_scope

intermunicipal_cli = AppGroup("intermunicipal", help="Challenges between the municipalities.")


@intermunicipal_cli.command("create")
@click.option("--slug", required=True)
@click.option("--title-da", required=True)
@click.option("--title-en", required=True)
@click.option("--starts", "starts_on", required=True, help="First day, YYYY-MM-DD (today or later)")
@click.option("--ends", "ends_on", required=True, help="Last day, YYYY-MM-DD (inclusive)")
@click.option("--metric", type=click.Choice(["points", "co2e"]), default="points", show_default=True)
@click.option("--target", required=True, help="The shared target in the metric's unit (points or kg)")
@click.option("--actions", required=True, help="Comma-separated slugs of national actions")
@click.option("--description-da", default="")
@click.option("--description-en", default="")
def create_command(
    slug: str,
    title_da: str,
    title_en: str,
    starts_on: str,
    ends_on: str,
    metric: str,
    target: str,
    actions: str,
    description_da: str,
    description_en: str,
) -> None:
    """Set up a challenge the municipalities can join until its first day."""
    try:
        first, last = date.fromisoformat(starts_on), date.fromisoformat(ends_on)
        target_value = Decimal(target)
    except (ValueError, InvalidOperation) as error:
        raise click.BadParameter(f"dates are YYYY-MM-DD and the target a number ({error})") from error
    data = InterChallengeInput(
        slug=slug,
        title_da=title_da,
        title_en=title_en,
        starts_on=first,
        ends_on=last,
        metric=metric,
        target_value=target_value,
        action_slugs=tuple(a.strip() for a in actions.split(",") if a.strip()),
        description_da=description_da,
        description_en=description_en,
    )
    with platform_scope():
        try:
            challenge = create_inter_challenge(data, today=local_today())
        except DomainError as error:
            raise click.ClickException(str(error.message)) from error
    click.echo(f"Challenge {challenge.slug} created: {challenge.starts_on} – {challenge.ends_on}.")


@intermunicipal_cli.command("list")
def list_command() -> None:
    """Every challenge with its municipalities and their totals."""
    with platform_scope():
        for challenge in all_challenges():
            board = board_of(challenge)
            click.echo(f"{challenge.slug}  {challenge.starts_on} – {challenge.ends_on}  {challenge.title_da}")
            for s in board.standings:
                click.echo(
                    f"  {s.rank or '-':>3}  {s.name}: {s.points} points, {s.participants} participants"
                )
