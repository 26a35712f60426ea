"""The demo's climate partnerships in Køge: two published ones with partners, KPIs and
check-ins (one of them with an overdue follow-up), labelled demo since the figures are made up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.accounts.models import User
from app.business.models import Company
from app.db import db
from app.partnerships.models import Partnership
from app.partnerships.services import (
    KpiInput,
    PartnershipInput,
    add_check_in,
    add_kpi,
    add_partner,
    change_status,
    save_partnership,
    set_published,
)
from app.plan.queries import theme_by_slug
from app.tenancy.context import in_municipality
from app.tenancy.services import municipality_by_slug


@dataclass(frozen=True)
class DemoKpi:
    data: KpiInput
    # (days before today, value) of each check-in
    check_ins: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class DemoPartnership:
    theme: str
    data: PartnershipInput
    companies: tuple[tuple[str, str], ...]  # company name, role
    organisations: tuple[tuple[str, str], ...]  # organisation name, role
    kpis: tuple[DemoKpi, ...]


def _partnerships(today: date) -> tuple[DemoPartnership, ...]:
    return (
        DemoPartnership(
            theme="varmeforsyning",
            data=PartnershipInput(
                title="Overskudsvarme fra bageriet (demo)",
                how_it_arose="Et eksempel til demoen: bageriet spurgte om sparring om sine ovne, og "
                "Køge Forsyning så, at varmen kunne bruges i fjernvarmenettet.",
                what_it_does="Overskudsvarmen fra ovnene føres via en varmepumpe ud i fjernvarmen, "
                "så naboerne får varme, der ellers gik op gennem skorstenen.",
                advice="Tag forsyningen med fra første møde, og mål varmen fra dag ét, så I kan "
                "vise, hvad den gør.",
                start_date=today - timedelta(days=400),
                end_date=today + timedelta(days=700),
                contact_role="Klimakoordinator, Køge Kommune",
            ),
            companies=(("Bugtens Bageri", "Leverer overskudsvarmen"),),
            organisations=(("Køge Forsyning", "Driver varmepumpen og fjernvarmen"),),
            kpis=(
                DemoKpi(
                    KpiInput(
                        name="Overskudsvarme leveret til fjernvarmen",
                        unit="MWh pr. kvartal",
                        baseline=Decimal(0),
                        target=Decimal(120),
                        check_in_every_days=90,
                    ),
                    ((330, "18"), (240, "46"), (150, "71"), (60, "88")),
                ),
            ),
        ),
        DemoPartnership(
            theme="mobilitet",
            data=PartnershipInput(
                title="Cykelpendling i erhvervsområdet (demo)",
                how_it_arose="Et eksempel til demoen: to virksomheder i samme område ville have "
                "flere medarbejdere til at cykle og spurgte kommunen om hjælp.",
                what_it_does="Fælles cykelparkering med ladere, en reparationsdag hver måned og en "
                "arbejdspladsudfordring i Klimadyst.",
                advice="Start med de medarbejdere, der bor tættest på, og gør det nemt at få "
                "repareret cyklen på arbejdet.",
                start_date=today - timedelta(days=300),
                contact_role="Mobilitetskonsulent, Køge Kommune",
            ),
            companies=(("Køge Cykelværksted", "Reparationsdage"), ("Ejby Maskinfabrik", "Arbejdsplads")),
            organisations=(),
            kpis=(
                DemoKpi(
                    KpiInput(
                        name="Medarbejdere, der cykler mindst to dage om ugen",
                        unit="personer",
                        baseline=Decimal(22),
                        target=Decimal(60),
                        check_in_every_days=60,
                    ),
                    # The last check-in is more than 60 days old: the follow-up is overdue.
                    ((280, "22"), (210, "31"), (140, "38"), (100, "41")),
                ),
            ),
        ),
    )


def _seed_one(admin: User, demo: DemoPartnership, today: date) -> None:
    theme = theme_by_slug(demo.theme)
    partnership = save_partnership(
        admin=admin, data=PartnershipInput(**{**demo.data.__dict__, "theme_id": theme.id if theme else None})
    )
    for name, role in demo.companies:
        company = db.session.scalar(select(Company).where(Company.name == name))
        if company is not None:
            add_partner(
                admin=admin, partnership_id=partnership.id, company_id=company.id, organisation="", role=role
            )
    for name, role in demo.organisations:
        add_partner(admin=admin, partnership_id=partnership.id, company_id=None, organisation=name, role=role)
    for demo_kpi in demo.kpis:
        kpi = add_kpi(admin=admin, partnership_id=partnership.id, data=demo_kpi.data)
        for days_ago, value in demo_kpi.check_ins:
            add_check_in(
                admin=admin,
                partnership_id=partnership.id,
                kpi_id=kpi.id,
                on_date=today - timedelta(days=days_ago),
                value=Decimal(value),
                today=today,
            )
    for status in ("agreed", "running"):
        change_status(admin=admin, partnership_id=partnership.id, new_status=status)
    set_published(admin=admin, partnership_id=partnership.id, published=True)


def seed_partnerships_demo(*, admin_email: str, today: date) -> int:
    """Køge's two demo partnerships, once (a rerun finds them by title); returns how many were
    added. Run after Køge's demo (its plan themes and companies must exist)."""
    koege = municipality_by_slug("koege")
    if koege is None:
        return 0
    added = 0
    with in_municipality(koege):
        admin = db.session.scalar(select(User).where(User.email == admin_email))
        if admin is None:
            return 0
        for demo in _partnerships(today):
            if db.session.scalar(select(Partnership.id).where(Partnership.title == demo.data.title)) is None:
                _seed_one(admin, demo, today)
                added += 1
    return added
