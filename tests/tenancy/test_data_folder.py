"""`flask municipality create --data DIR`: a municipality with its areas and goals, in one go."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.db import db
from app.neighbourhoods.models import Neighbourhood
from app.seed.municipality_data import MUNICIPALITIES_DIR
from app.tenancy.context import in_municipality, platform_scope
from app.tenancy.models import Municipality
from app.vision.models import ClimateGoal

SOLROED = MUNICIPALITIES_DIR / "solroed"


def _create(app: Flask, folder: Path) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["municipality", "create", "--data", str(folder)])
    return result.exit_code, result.output


def _municipalities(app: Flask) -> list[str]:
    with app.app_context(), platform_scope():
        return sorted(db.session.scalars(select(Municipality.slug)))


def test_a_data_folder_makes_the_municipality_with_its_areas_and_goals(app: Flask) -> None:
    code, output = _create(app, SOLROED)
    assert code == 0, output
    assert "+5 areas, +2 climate goals" in output
    with app.app_context():
        solroed = db.session.scalar(
            select(Municipality)
            .where(Municipality.slug == "solroed")
            .execution_options(klimadyst_platform_scope=True)
        )
        assert solroed is not None
        assert (solroed.name, solroed.inhabitants) == ("Solrød Kommune", 24579)
        with in_municipality(solroed):
            rows = db.session.execute(select(Neighbourhood.slug, Neighbourhood.population)).all()
            areas = {row[0]: row[1] for row in rows}
            goals = db.session.scalar(select(func.count()).select_from(ClimateGoal))
        assert areas["havdrup"] == 4186
        assert sum(areas.values()) == 24579  # the areas add up to the municipality
        assert goals == 2
        assert "koege-centrum" not in areas  # Køge's areas stay Køge's
    page = app.test_client().get("/resultater", base_url="http://solroed.localhost")
    assert page.status_code == 200
    assert 'data-area="havdrup"' in page.text
    assert 'data-area="borup"' not in page.text
    assert "Solrød Kommune" in page.text


def test_loading_the_folder_again_adds_nothing(app: Flask) -> None:
    assert _create(app, SOLROED)[0] == 0
    code, output = _create(app, SOLROED)
    assert code == 0, output
    assert "already exists" in output
    assert "+0 areas, +0 climate goals, +0 sparring offers" in output


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: (d / "municipality.toml").unlink(), "municipality.toml is missing"),
        (lambda d: (d / "municipality.toml").write_text('slug = "solroed"\n'), "lacks name, inhabitants"),
        (lambda d: (d / "municipality.toml").write_text("slug = [\n"), "is not valid TOML"),
        (lambda d: (d / "neighbourhoods.csv").unlink(), "a municipality needs its areas"),
        (
            lambda d: (d / "neighbourhoods.csv").write_text(
                (SOLROED / "neighbourhoods.csv").read_text(encoding="utf-8").replace(",4186,", ",mange,"),
                encoding="utf-8",
            ),
            "line 4: population must be a positive whole number",
        ),
    ],
)
def test_a_broken_folder_is_refused_with_its_reason_and_changes_nothing(
    app: Flask, tmp_path: Path, damage: object, message: str
) -> None:
    folder = tmp_path / "solroed"
    shutil.copytree(SOLROED, folder)
    damage(folder)  # type: ignore[operator]
    code, output = _create(app, folder)
    assert code != 0
    assert message in output
    assert _municipalities(app) == ["koege"]


def test_a_failure_after_the_areas_rolls_the_whole_folder_back(app: Flask, tmp_path: Path) -> None:
    folder = tmp_path / "solroed"
    shutil.copytree(SOLROED, folder)
    goals = (folder / "climate_goals.csv").read_text(encoding="utf-8")
    (folder / "climate_goals.csv").write_text(
        goals.replace(",2050,", ",tyve-halvtreds,", 1), encoding="utf-8"
    )
    code, _output = _create(app, folder)
    assert code != 0
    assert _municipalities(app) == ["koege"]
    with app.app_context(), platform_scope():
        assert (
            db.session.scalar(
                select(func.count()).select_from(Neighbourhood).where(Neighbourhood.slug == "havdrup")
            )
            == 0
        )


def test_by_name_still_works_and_needs_its_three_options(app: Flask) -> None:
    runner = app.test_cli_runner()
    missing = runner.invoke(args=["municipality", "create", "--slug", "stevns"])
    assert missing.exit_code != 0
    assert "Give --data DIR, or --slug, --name and --inhabitants." in missing.output
    made = runner.invoke(
        args=[
            "municipality",
            "create",
            "--slug",
            "stevns",
            "--name",
            "Stevns Kommune",
            "--inhabitants",
            "22000",
        ]
    )
    assert made.exit_code == 0, made.output
