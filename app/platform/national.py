"""The platform administrator's writes: municipalities, the national catalogue, national offers.

Each runs in platform scope (national rows have no municipality; a new municipality's rows are
written inside `in_municipality`) and appends to the platform's audit log in its transaction.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import select

from app.accounts.lifecycle import invite_admin
from app.actions.catalogue import (
    ACTION_FIELDS,
    CATALOGUE_GENERATION,
    ActionData,
    add_action,
    apply_action_data,
    check_action,
)
from app.actions.models import Action
from app.audit.services import snapshot
from app.cache import new_generation
from app.db import db, write_transaction
from app.errors import NotFound, PermissionDenied, ValidationError
from app.intermunicipal.models import InterChallenge
from app.intermunicipal.services import InterChallengeInput, create_inter_challenge
from app.neighbourhoods.models import Neighbourhood
from app.platform.accounts import record_platform_audit
from app.platform.models import PlatformAdmin
from app.slugs import slugify
from app.sparring.desk import OfferData
from app.sparring.models import SparringOffer
from app.sparring.offers import create_offer, reinstate_offer, retire_offer, update_offer
from app.tenancy.context import PLATFORM_OPTION, in_municipality, platform_scope
from app.tenancy.hosts import forget_hosts
from app.tenancy.models import Municipality
from app.tenancy.services import create_municipality

AREA_COLUMNS_REQUIRED = ("name", "population")
AREA_COLUMNS_OPTIONAL = ("slug", "includes_da", "includes_en", "population_year", "source_da", "source_en")
MAX_AREAS = 200
INVITE_DAYS = 7


def _require(actor: object) -> PlatformAdmin:
    if not isinstance(actor, PlatformAdmin):
        raise PermissionDenied(_l("Only a platform administrator can do this."))
    return actor


# --- a new municipality -----------------------------------------------------------------------


@dataclass(frozen=True)
class AreaRow:
    slug: str
    name: str
    population: int
    population_year: int | None
    includes_da: str
    includes_en: str
    source_da: str
    source_en: str


def _reader(text: str) -> csv.DictReader[str]:
    try:
        delimiter = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    missing = [c for c in AREA_COLUMNS_REQUIRED if c not in columns]
    if missing:
        raise ValidationError(
            _l("The areas file needs the columns %(columns)s in its first line.", columns=", ".join(missing)),
            field="areas",
        )
    return reader


def _area_row(row: dict[str, str], number: int) -> AreaRow:
    def refuse(message: LazyString) -> ValidationError:
        return ValidationError(message, field="areas")

    name = row.get("name", "")
    if not name or len(name) > 120:
        raise refuse(_l("Line %(n)s: give the area a name (at most 120 characters).", n=number))
    population = row.get("population", "").replace(".", "").replace(" ", "")
    if not population.isdigit() or int(population) <= 0:
        raise refuse(_l("Line %(n)s: the population must be a positive whole number.", n=number))
    year = row.get("population_year", "")
    if year and not (year.isdigit() and 1900 <= int(year) <= 2100):
        raise refuse(_l("Line %(n)s: the population year must be a year.", n=number))
    slug = slugify(row.get("slug") or name)[:60]
    if not slug:
        raise refuse(_l("Line %(n)s: the area needs a name with letters.", n=number))
    return AreaRow(
        slug=slug,
        name=name,
        population=int(population),
        population_year=int(year) if year else None,
        includes_da=row.get("includes_da", "")[:255],
        includes_en=row.get("includes_en", "")[:255],
        source_da=row.get("source_da", ""),
        source_en=row.get("source_en", ""),
    )


def parse_areas_csv(text: str) -> list[AreaRow]:
    """The areas of a new municipality from a CSV (comma or semicolon, as Excel writes it): `name`
    and `population` columns, optionally slug, includes_da/en, population_year, source_da/en.
    Every error names its line."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ValidationError(_l("The areas file is empty."), field="areas")
    rows: list[AreaRow] = []
    seen: set[str] = set()
    for number, raw in enumerate(_reader(text), start=2):
        row = {str(k).strip().lower(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(row.values()):
            continue
        area = _area_row(row, number)
        if area.slug in seen or area.name.lower() in seen:
            raise ValidationError(_l("Line %(n)s: this area is in the file twice.", n=number), field="areas")
        seen |= {area.slug, area.name.lower()}
        rows.append(area)
    if not rows:
        raise ValidationError(_l("The areas file has no areas."), field="areas")
    if len(rows) > MAX_AREAS:
        raise ValidationError(_l("At most %(n)s areas in one file.", n=MAX_AREAS), field="areas")
    return rows


@dataclass(frozen=True)
class NewMunicipality:
    slug: str
    name: str
    inhabitants: int
    inhabitants_year: int | None
    inhabitants_source: str
    host_name: str | None
    areas: list[AreaRow]
    admin_email: str
    admin_alias: str


def open_municipality(*, actor: object, data: NewMunicipality) -> Municipality:
    """Create a municipality with its areas and invite its first administrator (a one-time link
    by mail, valid INVITE_DAYS): all in one transaction, so a refusal leaves nothing behind."""
    admin = _require(actor)
    with platform_scope(), write_transaction():
        municipality = create_municipality(
            slug=data.slug,
            name=data.name,
            inhabitants=data.inhabitants,
            inhabitants_year=data.inhabitants_year,
            inhabitants_source=data.inhabitants_source,
            host_name=data.host_name,
        )
        db.session.flush()
        with in_municipality(municipality):
            for row in data.areas:
                db.session.add(Neighbourhood(**asdict(row)))
            invite_admin(
                email=data.admin_email,
                alias=data.admin_alias,
                municipality_name=municipality.name,
                valid_days=INVITE_DAYS,
            )
            db.session.flush()  # the new rows take this municipality
        record_platform_audit(
            actor=admin,
            verb="create",
            object_type="municipality",
            object_id=municipality.slug,
            object_label=municipality.name,
            after={
                "slug": municipality.slug,
                "name": municipality.name,
                "inhabitants": municipality.inhabitants,
                "host_name": municipality.host_name,
                "areas": len(data.areas),
                "first_admin": data.admin_email.strip().lower(),
            },
        )
    forget_hosts()  # its address may have been asked for (and not found) a moment ago
    return municipality


def set_municipality_active(*, actor: object, slug: str, active: bool) -> Municipality:
    """An inactive municipality answers nowhere (its address is a 404); nothing is deleted."""
    admin = _require(actor)
    with platform_scope(), write_transaction():
        municipality = db.session.scalar(
            select(Municipality).where(Municipality.slug == slug).execution_options(**{PLATFORM_OPTION: True})
        )
        if municipality is None:
            raise NotFound(_l("That municipality does not exist."))
        if municipality.active != active:
            municipality.active = active
            record_platform_audit(
                actor=admin,
                verb="activate" if active else "deactivate",
                object_type="municipality",
                object_id=municipality.slug,
                object_label=municipality.name,
                before={"active": not active},
                after={"active": active},
            )
    forget_hosts()  # this process at once; the others within HOST_CACHE_SECONDS
    return municipality


# --- the national catalogue -------------------------------------------------------------------


def _national_action(action_id: int) -> Action:
    action = db.session.scalar(select(Action).where(Action.id == action_id, Action.municipality_id.is_(None)))
    if action is None:
        raise NotFound(_l("That action is not in the national catalogue."))
    return action


def national_action(action_id: int) -> Action:
    with platform_scope():
        return _national_action(action_id)


def national_actions() -> list[Action]:
    with platform_scope():
        return list(
            db.session.scalars(
                select(Action).where(Action.municipality_id.is_(None)).order_by(Action.sort_order, Action.id)
            )
        )


def create_national_action(*, actor: object, data: ActionData) -> Action:
    """Add an action every municipality has at once (each may retire it or adjust it locally)."""
    admin = _require(actor)
    check_action(data)
    with platform_scope(), write_transaction():
        action = add_action(data)
        record_platform_audit(
            actor=admin,
            verb="create",
            object_type="action",
            object_id=action.slug,
            object_label=action.name_da,
            after=snapshot(action, ACTION_FIELDS),
        )
    new_generation(CATALOGUE_GENERATION)
    return action


def update_national_action(*, actor: object, action_id: int, data: ActionData) -> Action:
    """Edit a national action: its CO2e figure and source are the one source of truth for every
    municipality; new points and caps apply to new logs only (the ledger keeps what was logged)."""
    admin = _require(actor)
    check_action(data)
    with platform_scope(), write_transaction():
        action = _national_action(action_id)
        before, after = apply_action_data(action, data)
        changed = {k for k in after if after[k] != before[k]}
        if changed:
            record_platform_audit(
                actor=admin,
                verb="update",
                object_type="action",
                object_id=action.slug,
                object_label=action.name_da,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
    new_generation(CATALOGUE_GENERATION)
    return action


def set_national_action_active(*, actor: object, action_id: int, active: bool) -> Action:
    """Retire a national action everywhere (logs keep counting) or bring it back."""
    admin = _require(actor)
    with platform_scope(), write_transaction():
        action = _national_action(action_id)
        if action.is_active != active:
            action.is_active = active
            record_platform_audit(
                actor=admin,
                verb="reactivate" if active else "retire",
                object_type="action",
                object_id=action.slug,
                object_label=action.name_da,
                before={"is_active": not active},
                after={"is_active": active},
            )
    new_generation(CATALOGUE_GENERATION)
    return action


# --- national sparring offers -----------------------------------------------------------------

OFFER_FIELDS = ("provider", "title", "description", "cost", "scope", "url", "source", "plan_area")


def _national_offer(offer_id: int) -> SparringOffer:
    offer = db.session.scalar(
        select(SparringOffer).where(SparringOffer.id == offer_id, SparringOffer.municipality_id.is_(None))
    )
    if offer is None:
        raise NotFound(_l("That offer is not a national offer."))
    return offer


def national_offer(offer_id: int) -> SparringOffer:
    with platform_scope():
        return _national_offer(offer_id)


def national_offers() -> list[SparringOffer]:
    with platform_scope():
        return list(
            db.session.scalars(
                select(SparringOffer)
                .where(SparringOffer.municipality_id.is_(None))
                .order_by(SparringOffer.sort_order, SparringOffer.id)
            )
        )


def save_national_offer(*, actor: object, data: OfferData, offer_id: int | None = None) -> SparringOffer:
    """Create (no id) or edit an offer shown in every municipality beside its own."""
    admin = _require(actor)
    with platform_scope(), write_transaction():
        if offer_id is None:
            offer = create_offer(actor=None, **asdict(data))
            db.session.flush()
            record_platform_audit(
                actor=admin,
                verb="create",
                object_type="sparring_offer",
                object_id=offer.slug,
                object_label=offer.title,
                after=snapshot(offer, OFFER_FIELDS),
            )
            return offer
        offer = _national_offer(offer_id)
        before = snapshot(offer, OFFER_FIELDS)
        update_offer(offer=offer, actor=None, **asdict(data))
        after = snapshot(offer, OFFER_FIELDS)
        changed = {k for k in after if after[k] != before[k]}
        if changed:
            record_platform_audit(
                actor=admin,
                verb="update",
                object_type="sparring_offer",
                object_id=offer.slug,
                object_label=offer.title,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
    return offer


def set_national_offer_active(
    *, actor: object, offer_id: int, active: bool, now: datetime | None = None
) -> SparringOffer:
    admin = _require(actor)
    with platform_scope(), write_transaction():
        offer = _national_offer(offer_id)
        if offer.is_active != active:
            if active:
                reinstate_offer(offer=offer, actor=None)
            else:
                retire_offer(offer=offer, actor=None, now=now)
            record_platform_audit(
                actor=admin,
                verb="reactivate" if active else "retire",
                object_type="sparring_offer",
                object_id=offer.slug,
                object_label=offer.title,
                before={"is_active": not active},
                after={"is_active": active},
            )
    return offer


# --- inter-municipal challenges ---------------------------------------------------------------


def open_inter_challenge(*, actor: object, data: InterChallengeInput, today: date) -> InterChallenge:
    """A challenge between the municipalities (app/intermunicipal): they opt in before it starts."""
    admin = _require(actor)
    with platform_scope(), write_transaction():
        challenge = create_inter_challenge(data, today=today)
        record_platform_audit(
            actor=admin,
            verb="create",
            object_type="inter_challenge",
            object_id=challenge.slug,
            object_label=challenge.title_da,
            after={
                "starts_on": data.starts_on,
                "ends_on": data.ends_on,
                "metric": data.metric,
                "target_value": data.target_value,
                "actions": list(data.action_slugs),
            },
        )
    return challenge
