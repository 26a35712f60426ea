"""The demo's cases: Køge shares its finished plant-based week, Solrød a campaign (both labelled
demo, since the numbers come from the demo's made-up activity)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select

from app.accounts.models import User
from app.cases.models import Case, CaseKind
from app.cases.queries import case_from_challenge
from app.cases.services import CaseInput, publish_case, save_case
from app.challenges.queries import challenge_by_slug
from app.db import db
from app.tenancy.context import in_municipality
from app.tenancy.services import municipality_by_slug

KOEGE_CHALLENGE = "plantebaseret-uge"
KOEGE_TITLE = "Plantebaseret uge (demo)"
SOLROED_TITLE = "Kampagne: Sluk for standby i Solrød (demo)"

SOLROED_CAMPAIGN = CaseInput(
    kind=CaseKind.CAMPAIGN,
    language="da",
    title=SOLROED_TITLE,
    summary="Et eksempel til demoen: en efterårskampagne om at slukke helt for tv, router og "
    "opladere om natten, i stedet for at lade dem stå på standby.",
    what_was_done="Plakater i Solrød Center og på stationerne, en stand på biblioteket og en "
    "uge, hvor handlingen gav dobbelt point i Klimadyst.",
    results="Tallene er opdigtede til demoen: 410 husstande deltog, og de loggede 2.900 gange, "
    "at de havde slukket for standby.",
    advice="Gør det konkret: vis, hvad en router på standby koster om året. Få biblioteket og "
    "de lokale foreninger med fra starten.",
    participants=410,
    points_total=14_500,
    co2e_kg=310,
)


def _has_case(title: str) -> bool:
    return db.session.scalar(select(Case.id).where(Case.title == title)) is not None


def _publish(admin_email: str, data: CaseInput) -> int:
    admin = db.session.scalar(select(User).where(User.email == admin_email))
    if admin is None or _has_case(data.title):
        return 0
    case = save_case(admin=admin, data=data)
    publish_case(admin=admin, case_id=case.id)
    return 1


def _koege_case(today: date) -> CaseInput | None:
    challenge = challenge_by_slug(KOEGE_CHALLENGE)
    drafted = case_from_challenge(challenge.id, today) if challenge is not None else None
    if drafted is None:
        return None
    return replace(
        drafted,
        title=KOEGE_TITLE,
        summary="Et eksempel til demoen: en uge, hvor plantebaserede dage og vegetariske måltider "
        "gav halvanden gang point.",
        what_was_done="Udfordringen kørte i en uge i Klimadyst. Biblioteket og to skoler delte "
        "opskrifter, og borgerne kunne følge deres område på resultattavlen.",
        results="Tallene kommer fra demoens opdigtede aktivitet: se deltagere, point og CO2e ovenfor.",
        advice="Hold udfordringen kort, og sæt et fælles mål i antal registreringer, så alle kan "
        "se, at det nytter.",
    )


def seed_cases_demo(*, koege_admin_email: str, solroed_admin_email: str, today: date) -> int:
    """Publish the two demo cases once (a rerun finds them by title); returns how many were
    added. Run after both municipalities' demos (Køge's finished challenge must exist)."""
    added = 0
    koege = municipality_by_slug("koege")
    if koege is not None:
        with in_municipality(koege):
            koege_case = _koege_case(today)
            if koege_case is not None:
                added += _publish(koege_admin_email, koege_case)
    solroed = municipality_by_slug("solroed")
    if solroed is not None:
        with in_municipality(solroed):
            added += _publish(solroed_admin_email, SOLROED_CAMPAIGN)
    return added
