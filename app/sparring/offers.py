"""Sparring offers: the municipality adds, edits, retires and reinstates catalogue offers."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import User
from app.business.queries import is_municipality
from app.business.text import clean_text, clean_web_link, slugify
from app.clock import utcnow
from app.db import db, write_transaction
from app.errors import PermissionDenied, ValidationError
from app.plan.areas import PLAN_AREAS
from app.sparring.models import Cost, Scope, SparringOffer
from app.tenancy.context import current_municipality_id


def _offer_values(
    *,
    provider: str,
    title: str,
    description: str,
    cost: str,
    scope: str,
    url: str,
    source: str,
    plan_area: str | None = None,
) -> dict[str, str | None]:
    if cost not in set(Cost):
        raise ValidationError(_l("Choose the cost."), field="cost")
    if scope not in set(Scope):
        raise ValidationError(_l("Choose the scope."), field="scope")
    link = clean_web_link(url)
    if link is None:
        raise ValidationError(_l("Enter a web address starting with http:// or https://."), field="url")
    if plan_area and plan_area not in PLAN_AREAS:
        raise ValidationError(_l("Choose a plan area from the list."), field="plan_area")
    values: dict[str, str | None] = {
        "provider": clean_text(provider, max_length=160),
        "title": clean_text(title, max_length=200),
        "description": clean_text(description, max_length=3000),
        "cost": cost,
        "scope": scope,
        "url": link,
        "source": clean_text(source, max_length=1000),
        "plan_area": plan_area or None,
    }
    for field in ("provider", "title", "description"):
        if not values[field]:
            raise ValidationError(_l("This field is required."), field=field)
    return values


def _require_offer_manager(actor: User | None) -> None:
    """The municipality's staff manage its offers. National offers (actor None) are written only
    in platform scope, by the platform administrator (app/platform/national.py)."""
    if actor is None:
        if current_municipality_id() is not None:
            raise PermissionDenied(_l("Only the platform manages national sparring offers."))
        return
    if not is_municipality(actor):
        raise PermissionDenied(_l("Only the municipality manages sparring offers."))


def _require_may_change(offer: SparringOffer, actor: User | None) -> None:
    """A national offer (no municipality) is the platform's: a municipality only reads it."""
    _require_offer_manager(actor)
    if offer.municipality_id is None and actor is not None:
        raise PermissionDenied(
            _l("This is a national offer, kept by the platform: it cannot be changed by a municipality.")
        )


def create_offer(
    *,
    actor: User | None,
    provider: str,
    title: str,
    description: str,
    cost: str,
    scope: str,
    url: str,
    source: str = "",
    slug: str | None = None,
    plan_area: str | None = None,
) -> SparringOffer:
    """Add an offer to the catalogue (staff/admin). Links must be http(s); the plan area, if
    any, is one of app/plan/areas.py (it puts the offer under each municipality's theme)."""
    _require_offer_manager(actor)
    values = _offer_values(
        provider=provider,
        title=title,
        description=description,
        cost=cost,
        scope=scope,
        url=url,
        source=source,
        plan_area=plan_area,
    )
    with write_transaction():
        base = slugify(slug or str(values["title"]))
        candidate, number = base, 1
        while db.session.scalar(select(SparringOffer.id).where(SparringOffer.slug == candidate)) is not None:
            number += 1
            candidate = f"{base}-{number}"
        last = db.session.scalar(
            select(SparringOffer.sort_order).order_by(SparringOffer.sort_order.desc()).limit(1)
        )
        offer = SparringOffer(slug=candidate, sort_order=(last or 0) + 1, is_active=True, **values)
        db.session.add(offer)
    return offer


def update_offer(
    *,
    offer: SparringOffer,
    actor: User | None,
    provider: str,
    title: str,
    description: str,
    cost: str,
    scope: str,
    url: str,
    source: str = "",
    plan_area: str | None = None,
) -> SparringOffer:
    """Edit an offer (staff/admin). Requests that point to it keep pointing to it."""
    _require_may_change(offer, actor)
    values = _offer_values(
        provider=provider,
        title=title,
        description=description,
        cost=cost,
        scope=scope,
        url=url,
        source=source,
        plan_area=plan_area,
    )
    with write_transaction():
        for key, value in values.items():
            setattr(offer, key, value)
    return offer


def retire_offer(*, offer: SparringOffer, actor: User | None, now: datetime | None = None) -> SparringOffer:
    """Take an offer out of the catalogue. It is never deleted: existing requests keep it,
    but it can no longer be requested."""
    _require_may_change(offer, actor)
    with write_transaction():
        offer.is_active = False
        offer.retired_at = now or utcnow()
    return offer


def reinstate_offer(*, offer: SparringOffer, actor: User | None) -> SparringOffer:
    """Put a retired offer back in the catalogue."""
    _require_may_change(offer, actor)
    with write_transaction():
        offer.is_active = True
        offer.retired_at = None
    return offer
