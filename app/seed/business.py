"""Sparring offers (reference data) and the business demo: fictional companies, a business login
with a sparring request, workplace teams."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.accounts.passwords import hash_password
from app.business.models import (
    Company,
    CompanyMember,
    MemberRole,
    Pledge,
    Solution,
    TeamMembership,
    WorkplaceTeam,
)
from app.clock import local_date, today_in, utcnow
from app.db import db, write_transaction
from app.neighbourhoods.models import Neighbourhood
from app.seed.catalogue import read_csv
from app.settings import timezone
from app.sparring.models import SparringOffer, SparringRequest
from app.sparring.states import RequestState

DEMO_TEAM_DAYS = 35  # demo members joined before the demo's logs (28 days) began

BUSINESS_EMAIL = "virksomhed@demo.klimadyst.dk"
BUSINESS_PASSWORD = "Groen-Virksomhed-Koege-2030"  # noqa: S105 - printed demo login
BUSINESS_ALIAS = "Mette fra Bugtens Bageri"


def seed_sparring_offers() -> int:
    """Insert the offers from sparring_offers.csv that are missing (by slug); rerunnable."""
    created = 0
    with write_transaction():
        existing = set(db.session.scalars(select(SparringOffer.slug)))
        for number, row in enumerate(read_csv("sparring_offers.csv"), start=1):
            if row["slug"] in existing:
                continue
            db.session.add(
                SparringOffer(
                    slug=row["slug"],
                    provider=row["provider"],
                    title=row["title"],
                    description=row.get("description_da") or row["description"],
                    cost=row["cost"],
                    scope=row["scope"],
                    url=row["url"],
                    source=row["source"],
                    sort_order=number,
                    is_active=True,
                )
            )
            created += 1
    return created


@dataclass(frozen=True)
class DemoCompany:
    name: str
    cvr: str
    area: str
    sector: str
    size: str
    address: str
    about: str
    solutions: tuple[tuple[str, str, str, str, str], ...]  # title, description, category,
    # effect, source
    pledge: tuple[str, int, str] | None = None  # title, months ahead, status


DEMO_COMPANIES = (
    DemoCompany(
        "Bugtens Bageri",
        "29900574",
        "koege-centrum",
        "food",
        "10-49",
        "Torvet 12, 4600 Køge",
        "Håndværksbageri med morgenbrød til halvdelen af Køge.",
        (
            (
                "Overskudsbrød til Too Good To Go",
                "Dagens rester sælges som poser om aftenen i stedet for at blive smidt ud.",
                "food",
                "ca. 40 poser om ugen",
                "Egen opgørelse 2025",
            ),
            (
                "Varme fra ovnene genbruges",
                "Overskudsvarmen fra ovnene varmer butik og lager op om vinteren.",
                "energy",
                "",
                "",
            ),
        ),
        ("Levere med el-ladcykel i midtbyen", 8, "under_way"),
    ),
    DemoCompany(
        "Havnens Tømrer & Snedker",
        "32721265",
        "koege-nord",
        "construction",
        "10-49",
        "Havnevej 4, 4600 Køge",
        "Tømrer og snedker med fokus på renovering frem for nybyg.",
        (
            (
                "Genbrug af byggetræ",
                "Rivningstræ sorteres og genbruges i nye projekter eller gives videre.",
                "circular",
                "12 tons træ genbrugt i 2025",
                "Vejesedler fra genbrugspladsen",
            ),
        ),
        ("Halvere affald til forbrænding", 18, "planned"),
    ),
    DemoCompany(
        "Køge Cykelværksted",
        "24327094",
        "koege-centrum",
        "retail",
        "1-9",
        "Brogade 21, 4600 Køge",
        "Reparation og salg af brugte cykler.",
        (
            (
                "Brugte cykler sættes i stand",
                "Vi køber brugte cykler, sætter dem i stand og giver 1 års garanti.",
                "circular",
                "",
                "",
            ),
        ),
    ),
    DemoCompany(
        "Herfølge Gartneri",
        "40085610",
        "herfoelge",
        "food",
        "10-49",
        "Gartnervej 3, 4681 Herfølge",
        "Økologiske grøntsager fra friland og drivhus.",
        (
            (
                "Regnvand til vanding",
                "Regnvand fra drivhustagene samles i et bassin og bruges til vanding.",
                "water",
                "−60 % vandværksvand",
                "Vandmåleraflæsninger 2023-2025",
            ),
            (
                "Blomsterstriber for bestøvere",
                "Markkanterne er sået til med hjemmehørende blomster.",
                "nature",
                "",
                "",
            ),
        ),
    ),
    DemoCompany(
        "Borup VVS & Energi",
        "26500001",
        "borup",
        "construction",
        "10-49",
        "Industrivej 9, 4140 Borup",
        "VVS-installatør med varmepumper som speciale.",
        (
            (
                "Varmepumper i stedet for oliefyr",
                "Vi hjælper kunder fra oliefyr til varmepumpe og søger tilskud for dem.",
                "energy",
                "85 installationer i 2025",
                "Egne ordredata",
            ),
        ),
        ("Elektriske servicevogne", 24, "under_way"),
    ),
    DemoCompany(
        "Ejby Maskinfabrik",
        "23779072",
        "ejby",
        "manufacturing",
        "50-249",
        "Fabriksvej 2, 4623 Lille Skensved",
        "Underleverandør af stålemner til landbrugsmaskiner.",
        (
            (
                "Solceller på fabrikstaget",
                "700 m² solceller dækker en del af dagens strømforbrug.",
                "energy",
                "ca. 110 MWh om året",
                "Målerdata fra elselskabet 2025",
            ),
        ),
    ),
    DemoCompany(
        "Strandens Café",
        "22789848",
        "koege-nord",
        "hospitality",
        "1-9",
        "Strandvejen 80, 4600 Køge",
        "Café ved Køge Strand.",
        (
            (
                "Grøn menu hver dag",
                "Dagens ret er altid plantebaseret, og det er den mest solgte.",
                "food",
                "",
                "",
            ),
            (
                "Pant på take-away-kopper",
                "Genbrugskopper med pant erstatter engangskopper.",
                "circular",
                "ca. 9.000 engangskopper sparet",
                "Kasseopgørelse 2025",
            ),
        ),
    ),
    DemoCompany(
        "Køge Revision",
        "20831197",
        "koege-centrum",
        "services",
        "10-49",
        "Nørregade 5, 4600 Køge",
        "Revision og rådgivning til små virksomheder.",
        (
            (
                "Cykelordning for ansatte",
                "Medarbejderne kan lease en elcykel gennem lønnen.",
                "transport",
                "9 af 22 ansatte cykler",
                "Intern opgørelse",
            ),
        ),
        ("CO2-regnskab med Klimakompasset", 6, "planned"),
    ),
    DemoCompany(
        "Bjæverskov Vognmand",
        "36843942",
        "bjaeverskov",
        "transport",
        "10-49",
        "Vognmandsvej 1, 4632 Bjæverskov",
        "Kørsel med grus, sand og jord.",
        (
            (
                "Kørsel på HVO-diesel",
                "Lastbilerne kører på fornybar HVO-diesel i stedet for fossil diesel.",
                "transport",
                "",
                "",
            ),
        ),
    ),
    DemoCompany(
        "Lellinge Kro",
        "43043587",
        "lellinge",
        "hospitality",
        "10-49",
        "Lellinge Bygade 2, 4600 Køge",
        "Landsbykro med lokale råvarer.",
        (("Lokale råvarer", "Grøntsager og kød købes hos gårde inden for 20 km.", "food", "", ""),),
    ),
    DemoCompany(
        "Skensved Plast",
        "32137296",
        "lille-skensved",
        "manufacturing",
        "50-249",
        "Industriparken 14, 4623 Lille Skensved",
        "Sprøjtestøbning af plastemner.",
        (
            (
                "Genanvendt granulat",
                "Spild fra produktionen males og bruges igen.",
                "circular",
                "18 % genanvendt råvare",
                "Produktionsdata 2025",
            ),
        ),
    ),
    DemoCompany(
        "Gørslev Landbrug",
        "22468227",
        "goerslev",
        "food",
        "1-9",
        "Gørslevvej 40, 4660 Store Heddinge",
        "Planteavl og æg fra fritgående høns.",
        (
            (
                "Efterafgrøder og læhegn",
                "Efterafgrøder binder kvælstof, og nye læhegn giver plads til fugle.",
                "nature",
                "",
                "",
            ),
        ),
    ),
    DemoCompany(
        "Køge Tandklinik",
        "29308349",
        "koege-centrum",
        "health",
        "10-49",
        "Vestergade 30, 4600 Køge",
        "Tandlæger og tandplejere.",
        (
            (
                "Grøn el og LED",
                "Klinikken køber el med oprindelsesgarantier og har skiftet til LED.",
                "energy",
                "−25 % elforbrug",
                "Elregninger 2022 og 2025",
            ),
        ),
    ),
    DemoCompany(
        "Køge Idrætscenter",
        "41824611",
        "koege-nord",
        "culture",
        "50-249",
        "Idrætsvej 3, 4600 Køge",
        "Haller, svømmehal og fitness.",
        (
            (
                "Varmegenvinding i svømmehallen",
                "Ventilationen genvinder varmen fra den fugtige luft.",
                "energy",
                "",
                "",
            ),
        ),
    ),
    DemoCompany(
        "Landdistrikternes Dyrlæge",
        "35109765",
        "landdistrikter",
        "health",
        "1-9",
        "Landevejen 112, 4600 Køge",
        "Dyrlæge for heste og landbrugsdyr.",
        (
            (
                "Samkørsel til besøg",
                "Besøg planlægges i ruter, så bilen kører færre kilometer.",
                "transport",
                "",
                "",
            ),
        ),
    ),
)
TEAMS = (  # company index, team name, number of demo citizens on it
    (1, "Havnens Hold", 6),
    (7, "Revisorerne", 4),
    (5, "Maskinfabrikkens Cykelhold", 2),
)


def _area_ids() -> dict[str, int]:
    return dict(db.session.execute(select(Neighbourhood.slug, Neighbourhood.id)).all())


def _seed_companies() -> int:
    areas = _area_ids()
    existing = set(db.session.scalars(select(Company.cvr)))
    created = 0
    with write_transaction():
        for number, demo in enumerate(DEMO_COMPANIES):
            if demo.cvr in existing:
                continue
            company = Company(
                slug=f"demo-{number + 1:02d}-"
                + demo.name.lower()
                .replace(" & ", "-")
                .replace(" ", "-")
                .replace("ø", "oe")
                .replace("æ", "ae")
                .replace("å", "aa"),
                name=demo.name,
                cvr=demo.cvr,
                address=demo.address,
                neighbourhood_id=areas[demo.area],
                sector=demo.sector,
                size_band=demo.size,
                website=None,
                contact_name="Demo-kontakt",
                contact_email=f"kontakt{number + 1:02d}@demo.klimadyst.dk",
                about=demo.about,
                is_demo=True,
                is_verified=number % 3 != 2,
                show_sparring_journeys=number == 0,
            )
            db.session.add(company)
            db.session.flush()
            for title, description, category, effect, source in demo.solutions:
                db.session.add(
                    Solution(
                        company_id=company.id,
                        title=title,
                        description=description,
                        category=category,
                        effect=effect,
                        effect_source=source,
                    )
                )
            if demo.pledge is not None:
                title, months, status = demo.pledge
                db.session.add(
                    Pledge(
                        company_id=company.id,
                        title=title,
                        status=status,
                        target_date=today_in() + timedelta(days=30 * months),
                    )
                )
            created += 1
    return created


def _seed_business_login() -> tuple[User, Company]:
    """The demo business user owns the first demo company (created once)."""
    first = db.session.scalar(select(Company).where(Company.cvr == DEMO_COMPANIES[0].cvr))
    assert first is not None  # noqa: S101 - _seed_companies ran first
    user = db.session.scalar(select(User).where(User.email == BUSINESS_EMAIL))
    with write_transaction():
        if user is None:
            user = User(
                email=BUSINESS_EMAIL,
                password_hash=hash_password(BUSINESS_PASSWORD),
                alias=BUSINESS_ALIAS,
                alias_key=BUSINESS_ALIAS.lower(),
                role=Role.BUSINESS,
                neighbourhood_id=None,
                email_verified_at=utcnow(),
            )  # demo accounts count as verified
            db.session.add(user)
            db.session.flush()
        if db.session.get(CompanyMember, (first.id, user.id)) is None:
            db.session.add(CompanyMember(company_id=first.id, user_id=user.id, role=MemberRole.OWNER))
    return user, first


def _seed_requests(user: User, company: Company, staff: User) -> int:
    """One request the municipality has contacted (with a reply) and one completed journey,
    made through the services so their mails and history are real."""
    from app.sparring.services import add_comment, change_request_state, request_sparring

    already = db.session.scalar(
        select(func.count()).select_from(SparringRequest).where(SparringRequest.company_id == company.id)
    )
    if already:
        return 0
    offers = dict(db.session.execute(select(SparringOffer.slug, SparringOffer.id)).all())
    now = utcnow()
    done = request_sparring(
        company=company,
        requester=user,
        offer_ids=[offers["klimakompasset"]],
        topic="Vores første CO2-regnskab",
        message="Vi vil gerne i gang med Klimakompasset, men ved ikke, hvor vi finder tallene.",
        contact_method="meeting",
        contact_time="Tirsdag formiddag",
        now=now - timedelta(days=40),
    )
    for days_ago, state in (
        (38, RequestState.CONTACTED),
        (30, RequestState.IN_PROGRESS),
        (9, RequestState.COMPLETED),
    ):
        change_request_state(request=done, actor=staff, new_state=state, now=now - timedelta(days=days_ago))
    open_request = request_sparring(
        company=company,
        requester=user,
        offer_ids=[offers["connect-koege"]],
        topic="Elektrisk udbringning i midtbyen",
        message="Vi overvejer at levere med el-ladcykel og vil gerne høre om erfaringer og "
        "muligheder for tilskud.",
        contact_method="phone",
        contact_time="Hverdage kl. 13-15",
        now=now - timedelta(days=4),
    )
    change_request_state(
        request=open_request,
        actor=staff,
        new_state=RequestState.CONTACTED,
        note="Vi har ringet og aftalt et møde i Det Grønne Hus.",
        now=now - timedelta(days=2),
    )
    add_comment(
        request=open_request,
        author=staff,
        now=now - timedelta(days=2),
        body="Tak for snakken i dag. Vi sender en liste med cykelleverandører før mødet.",
    )
    return 2


def _seed_teams() -> int:
    citizens = list(
        db.session.scalars(
            select(User.id)
            .where(User.role == Role.CITIZEN, User.email.like("%@demo.klimadyst.dk"))
            .order_by(User.id.desc())
        )
    )
    companies = list(
        db.session.scalars(select(Company).where(Company.is_demo.is_(True)).order_by(Company.id))
    )
    created = 0
    joined_at = utcnow() - timedelta(days=DEMO_TEAM_DAYS)
    with write_transaction():
        taken = set(db.session.scalars(select(TeamMembership.user_id)))
        for index, name, size in TEAMS:
            if index >= len(companies):
                continue
            company = companies[index]
            team = db.session.scalar(select(WorkplaceTeam).where(WorkplaceTeam.company_id == company.id))
            if team is not None:
                continue
            team = WorkplaceTeam(company_id=company.id, name=name, join_code=f"DEMO{index + 1:04d}")
            db.session.add(team)
            db.session.flush()
            free = [c for c in citizens if c not in taken][:size]
            for user_id in free:
                # demo members joined before the demo's logs began, so the board shows them
                db.session.add(
                    TeamMembership(
                        user_id=user_id,
                        team_id=team.id,
                        joined_at=joined_at,
                        joined_on=local_date(joined_at, timezone()),
                    )
                )
                taken.add(user_id)
            created += 1
    return created


@dataclass
class BusinessDemoReport:
    offers: int
    companies: int
    requests: int
    teams: int


def seed_business_demo(*, staff_email: str) -> BusinessDemoReport:
    """Offers, 15 fictional companies marked as demo, the demo business login with two sparring
    requests, and three workplace teams. Running it again adds nothing."""
    offers = seed_sparring_offers()
    companies = _seed_companies()
    user, company = _seed_business_login()
    staff = db.session.scalar(select(User).where(User.email == staff_email))
    requests = _seed_requests(user, company, staff) if staff is not None else 0
    teams = _seed_teams()
    return BusinessDemoReport(offers, companies, requests, teams)
