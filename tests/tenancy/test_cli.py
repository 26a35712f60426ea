"""`flask municipality create` and `flask municipality list`."""

from __future__ import annotations

from flask import Flask


def test_create_then_list(app: Flask) -> None:
    runner = app.test_cli_runner()
    created = runner.invoke(
        args=[
            "municipality",
            "create",
            "--slug",
            "solroed",
            "--name",
            "Solrød Kommune",
            "--inhabitants",
            "23700",
            "--host-name",
            "Klima.Solroed.dk",
        ]
    )
    assert created.exit_code == 0, created.output
    listed = runner.invoke(args=["municipality", "list"])
    assert listed.exit_code == 0
    assert "koege  Køge Kommune  63335" in listed.output
    assert "solroed  Solrød Kommune  23700  klima.solroed.dk" in listed.output
    assert app.test_client().get("/om", base_url="https://klima.solroed.dk").status_code == 200


def test_create_refuses_a_taken_slug_and_a_bad_one(app: Flask) -> None:
    runner = app.test_cli_runner()
    taken = runner.invoke(
        args=["municipality", "create", "--slug", "koege", "--name", "X", "--inhabitants", "1"]
    )
    assert taken.exit_code != 0
    assert "Der findes allerede en kommune med dette kortnavn." in taken.output
    bad = runner.invoke(
        args=["municipality", "create", "--slug", "Kø ge", "--name", "X", "--inhabitants", "1"]
    )
    assert bad.exit_code != 0


def test_create_admin_names_its_municipality(app: Flask) -> None:
    from sqlalchemy import select

    from app.accounts.models import User
    from app.db import db
    from app.tenancy.context import platform_scope
    from app.tenancy.services import municipality_by_slug

    runner = app.test_cli_runner()
    runner.invoke(
        args=["municipality", "create", "--slug", "solroed", "--name", "Solrød", "--inhabitants", "9"]
    )
    made = runner.invoke(
        args=[
            "create-admin",
            "--email",
            "a@solroed.dk",
            "--password",
            "Klimaplan-2030-Solrod",
            "--municipality",
            "solroed",
        ]
    )
    assert made.exit_code == 0, made.output
    unknown = runner.invoke(
        args=[
            "create-admin",
            "--email",
            "b@x.dk",
            "--password",
            "Klimaplan-2030-Solrod",
            "--municipality",
            "nope",
        ]
    )
    assert unknown.exit_code != 0
    with app.app_context(), platform_scope():
        admin = db.session.scalar(select(User).where(User.email == "a@solroed.dk"))
        assert admin is not None
        assert admin.municipality_id == municipality_by_slug("solroed").id
        db.session.remove()


def test_the_retention_purge_covers_every_municipality(app: Flask, reference_data: None) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import func, select

    from app.accounts.models import User
    from app.accounts.services import register_user
    from app.db import db
    from app.neighbourhoods.models import Neighbourhood
    from app.tenancy.context import in_municipality, platform_scope
    from app.tenancy.services import create_municipality

    with app.app_context():
        solroed = create_municipality(slug="solroed", name="Solrød Kommune", inhabitants=23700).id
        for municipality_id in (None, solroed):
            with in_municipality(municipality_id or municipality_by_slug_id("koege")):
                if municipality_id:
                    db.session.add(Neighbourhood(slug="herfoelge", name="Solrød Strand", population=10))
                    db.session.commit()
                area = db.session.scalar(select(Neighbourhood.id).where(Neighbourhood.slug == "herfoelge"))
                user = register_user(
                    email="glemt@example.dk",
                    password="Grøn-hverdag-i-Solrød",
                    alias="Glemt",
                    neighbourhood_id=area,
                    email_verified=False,
                )
                user.created_at = datetime(2026, 1, 1, tzinfo=UTC)
                db.session.commit()
        db.session.remove()
    purged = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert purged.exit_code == 0, purged.output
    with app.app_context(), platform_scope():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
        db.session.remove()


def municipality_by_slug_id(slug: str) -> int:
    from app.tenancy.services import municipality_by_slug

    found = municipality_by_slug(slug)
    assert found is not None
    return found.id
