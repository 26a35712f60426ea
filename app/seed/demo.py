"""The living demo: citizens in every area, about four weeks of plausible logs, an admin."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select

from app.accounts.models import Role, User
from app.accounts.passwords import hash_password
from app.accounts.services import ensure_admin
from app.actions.effective import EffectiveAction, effective_many
from app.actions.models import Action, LogEntry, LogStatus
from app.actions.rules import co2e_grams_for, points_for, to_centi
from app.clock import local_date, utcnow
from app.db import db, write_transaction
from app.features import rebuild_derived_rows
from app.neighbourhoods.models import Neighbourhood
from app.seed.catalogue import seed_actions, seed_neighbourhoods

ADMIN_EMAIL = "admin@demo.klimadyst.dk"
ADMIN_PASSWORD = "Klimaplan-2030-Koege"  # noqa: S105 - printed demo login, documented in README
PLATFORM_ADMIN_EMAIL = "platform@demo.klimadyst.dk"
PLATFORM_ADMIN_PASSWORD = "Faelles-katalog-DK2020"  # noqa: S105 - printed demo login, documented in README
CITIZEN_EMAIL = "borger@demo.klimadyst.dk"
CITIZEN_PASSWORD = "Cykel-til-Strand-2026"  # noqa: S105 - printed demo login
DEMO_DOMAIN = "demo.klimadyst.dk"
DEMO_CITIZENS = 200
DEMO_DAYS = 28
MIN_PER_AREA = 6

FIRST_NAMES = [
    "Anna",
    "Mads",
    "Sofie",
    "Frederik",
    "Ida",
    "Lucas",
    "Emma",
    "Oliver",
    "Freja",
    "William",
    "Clara",
    "Noah",
    "Laura",
    "Victor",
    "Ella",
    "Magnus",
    "Karla",
    "Emil",
    "Alma",
    "Oscar",
    "Asta",
    "Carl",
    "Agnes",
    "Johan",
    "Lærke",
    "Aksel",
    "Mathilde",
    "Elias",
    "Signe",
    "Søren",
]
TRAITS = ["Cykel", "Grøn", "Klima", "Spare", "Genbrugs", "Vind", "Sol", "Skov", "Strand", "Havne"]


@dataclass
class DemoReport:
    neighbourhoods: int = 0
    actions: int = 0
    citizens: int = 0
    logs: int = 0
    admin_created: bool = False
    extra: dict[str, int] = field(default_factory=dict)
    logins: list[str] = field(default_factory=list)


def _allocation(areas: list[Neighbourhood], total: int) -> dict[int, int]:
    """Citizens per area: proportional to population, at least MIN_PER_AREA so all can rank."""
    population = sum(a.population for a in areas)
    spare = total - MIN_PER_AREA * len(areas)
    return {a.id: MIN_PER_AREA + round(spare * a.population / population) for a in areas}


def seed_citizens(
    rng: random.Random,
    *,
    domain: str = DEMO_DOMAIN,
    first_email: str = CITIZEN_EMAIL,
    total: int = DEMO_CITIZENS,
) -> int:
    """`total` demo citizens of the current municipality over its areas, the first one the
    printed citizen login; all share CITIZEN_PASSWORD."""
    areas = list(db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.id)))
    existing = set(db.session.scalars(select(User.email).where(User.email.like(f"%@{domain}"))))
    shared_hash = hash_password(CITIZEN_PASSWORD)  # one hash: 200 Argon2 runs would take seconds
    created = 0
    number = 0
    with write_transaction():
        for area_id, count in _allocation(areas, total).items():
            for _ in range(count):
                number += 1
                email = first_email if number == 1 else f"borger{number:03d}@{domain}"
                alias = f"{rng.choice(TRAITS)}-{rng.choice(FIRST_NAMES)} {number}"
                opted_in = rng.random() < 0.6
                if email in existing:
                    continue
                db.session.add(
                    User(
                        email=email,
                        password_hash=shared_hash,
                        alias=alias,
                        alias_key=alias.lower(),
                        role=Role.CITIZEN,
                        neighbourhood_id=area_id,
                        show_in_rankings=opted_in or number == 1,
                        email_verified_at=utcnow(),  # demo accounts count as verified
                    )
                )
                created += 1
    return created


def _local_moment(day: date, rng: random.Random, tz: str) -> datetime:
    moment = datetime.combine(
        day, time(hour=rng.randint(7, 21), minute=rng.randint(0, 59)), tzinfo=ZoneInfo(tz)
    )
    return min(moment.astimezone(UTC), utcnow())  # never in the future


def _quantity(action: EffectiveAction, rng: random.Random) -> Decimal:
    cap = action.max_units_per_day
    if cap <= 1:
        return Decimal(1)
    typical = action.default_quantity * Decimal(rng.choice(["0.5", "1", "1", "1.5", "2"]))
    return min(cap, max(Decimal(1), typical.quantize(Decimal(1))))


def seed_logs(rng: random.Random, today: date, tz: str, *, domain: str = DEMO_DOMAIN) -> int:
    """The current municipality's demo citizens' logs for the last DEMO_DAYS days, inserted once
    (demo keys are deterministic)."""
    if db.session.scalar(
        select(func.count()).select_from(LogEntry).where(LogEntry.idempotency_key.like("demo-%"))
    ):
        return 0
    users = list(
        db.session.scalars(
            select(User).where(User.email.like(f"%@{domain}"), User.role == Role.CITIZEN).order_by(User.id)
        )
    )
    # The municipality's own points and caps (its overrides), in the catalogue's order as read.
    actions = [
        a
        for a in effective_many(db.session.scalars(select(Action).where(Action.is_active.is_(True))))
        if a.is_active
    ]
    rows = []
    for user in users:
        keen = rng.betavariate(2, 3)  # most are casual, a few are very active
        favourites = rng.sample(actions, k=min(len(actions), rng.randint(2, 6)))
        for offset in range(DEMO_DAYS, -1, -1):
            day = today - timedelta(days=offset)
            if rng.random() > keen:
                continue
            for action in rng.sample(favourites, k=rng.randint(1, min(3, len(favourites)))):
                quantity = _quantity(action, rng)
                rows.append(
                    {
                        "user_id": user.id,
                        "municipality_id": user.municipality_id,
                        "participant_ref": user.public_id,
                        "neighbourhood_id": user.neighbourhood_id,
                        "action_id": action.id,
                        "quantity_centi": to_centi(quantity),
                        "points": points_for(quantity, action.points_per_unit),
                        "co2e_g": co2e_grams_for(quantity, action.co2e_kg_per_unit),
                        "occurred_on": day,
                        "created_at": _local_moment(day, rng, tz),
                        "idempotency_key": f"demo-{user.id}-{day.isoformat()}-{action.id}",
                        "status": LogStatus.COUNTED,
                    }
                )
    with write_transaction():
        if rows:
            db.session.execute(insert(LogEntry), rows)
    return len(rows)


def seed_demo(*, tz: str, seed: int = 2021) -> DemoReport:
    """Create the demo once; running it again adds nothing that is already there."""
    rng = random.Random(seed)
    report = DemoReport()
    report.neighbourhoods = seed_neighbourhoods()
    report.actions = seed_actions()
    _, report.admin_created = ensure_admin(email=ADMIN_EMAIL, password=ADMIN_PASSWORD, alias="Kommunen")
    report.citizens = seed_citizens(rng)
    report.logs = seed_logs(rng, local_date(utcnow(), tz), tz)
    if report.logs:
        rebuild_derived_rows()
    _seed_business(report)
    _seed_game(report, local_date(utcnow(), tz))
    _seed_plan(report, local_date(utcnow(), tz).year)
    _seed_solutions(report)
    _seed_admin(report)
    _seed_routines()
    return report


def _seed_routines() -> None:
    """The demo citizen's usual day and regular actions (saved again, never doubled)."""
    from app.actions.queries import action_by_slug
    from app.actions.routines import mark_always, save_usual_day

    citizen = db.session.scalar(select(User).where(User.email == CITIZEN_EMAIL))
    if citizen is None:
        return
    save_usual_day(user=citizen, items=[("cykel-frem-for-bil", "8"), ("vegetar-maaltid", "1")])
    for slug in ("cykel-frem-for-bil", "sorterede-plast"):
        action = action_by_slug(slug)
        if action is not None:
            mark_always(user=citizen, action=action)


def _seed_plan(report: DemoReport, year: int) -> None:
    """Køge's DK2020 plan: targets, themes, measures and which plan area feeds which theme."""
    from app.plan.loader import PLAN_DATA, load_plan

    report.extra["plan themes"] = load_plan(PLAN_DATA / "koege_plan.toml")
    report.logins.append(f"status report  /admin/rapport/{year}  (the council's yearly report)")


def _seed_solutions(report: DemoReport) -> None:
    """Themes on the demo solutions and pledges, three "Vi vil også" adoptions, one featured."""
    from app.seed.business import BUSINESS_EMAIL
    from app.seed.solutions import MEMBER_EMAIL, MEMBER_PASSWORD, seed_solutions_demo

    solutions = seed_solutions_demo(business_email=BUSINESS_EMAIL, admin_email=ADMIN_EMAIL)
    report.extra["solution adoptions"] = solutions.adoptions
    report.logins.append(f"business 2  {MEMBER_EMAIL} / {MEMBER_PASSWORD}  (answers a contact request)")


def _seed_admin(report: DemoReport) -> None:
    """The read-only staff login and the live screen link."""
    from app.seed.admin import STAFF_EMAIL, STAFF_PASSWORD, seed_admin_demo

    admin = seed_admin_demo(admin_email=ADMIN_EMAIL)
    report.extra.update(
        {"staff accounts": int(admin.staff_created), "live screen links": int(admin.link_created)}
    )
    report.logins.append(f"staff    {STAFF_EMAIL} / {STAFF_PASSWORD}  (read-only admin)")
    report.logins.append(f"live screen  {admin.live_path}")


def _seed_game(report: DemoReport, today: date) -> None:
    """Climate goals, this year's target, challenges, badges and the feed."""
    from app.seed.game import seed_game_demo

    game = seed_game_demo(admin_email=ADMIN_EMAIL, today=today)
    report.extra.update(
        {
            "climate goals": game.goals,
            "challenges": game.challenges,
            "challenge participants": game.participants,
            "badges": game.badges,
            "feed lines": game.feed_events,
            "moderation flags": game.flags,
        }
    )


def _seed_business(report: DemoReport) -> None:
    """Sparring offers, demo companies, the business login and workplace teams."""
    from app.seed.business import BUSINESS_EMAIL, BUSINESS_PASSWORD, seed_business_demo

    business = seed_business_demo(staff_email=ADMIN_EMAIL)
    report.extra.update(
        {
            "sparring offers": business.offers,
            "demo companies": business.companies,
            "sparring requests": business.requests,
            "workplace teams": business.teams,
        }
    )
    report.logins.append(f"business {BUSINESS_EMAIL} / {BUSINESS_PASSWORD}")
