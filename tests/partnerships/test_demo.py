"""The demo: two published Køge partnerships with partners and check-ins, one overdue; a rerun
adds nothing."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from app.db import db


def test_seed_demo_publishes_two_partnerships_with_check_ins(app: Flask) -> None:
    from app.partnerships.models import Partnership
    from app.partnerships.queries import is_overdue
    from app.settings import local_today
    from app.tenancy.context import in_municipality
    from app.tenancy.services import municipality_by_slug

    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "Climate partnerships: +2 published." in first.output
    with app.app_context():
        koege = municipality_by_slug("koege")
        assert koege is not None
        with in_municipality(koege):
            rows = list(db.session.scalars(select(Partnership).order_by(Partnership.id)))
            assert len(rows) == 2
            assert all(p.published and p.status == "running" for p in rows)
            assert all(p.theme_id is not None for p in rows)
            names = {partner.display_name for p in rows for partner in p.partners}
            assert {"Køge Forsyning", "Bugtens Bageri"} <= names
            assert all(len(kpi.check_ins) >= 3 for p in rows for kpi in p.kpis)
            assert [is_overdue(p, local_today()) for p in rows].count(True) == 1
        db.session.remove()
    second = runner.invoke(args=["seed-demo"])
    assert "Climate partnerships: +0 published." in second.output
