"""A citizen's own area feed and weekly impact (the web's 'Mit område' and 'Min effekt')."""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue
from flask_babel import get_locale

from app.accounts.models import Role
from app.api.auth import current_api_user, token_required
from app.api.blueprint import api_blueprint
from app.api.pagination import decode_id_cursor, encode_cursor
from app.api.schemas import CursorQuerySchema
from app.api.schemas.feed import FeedPageSchema, ImpactSchema
from app.clock import Period
from app.gamification.equivalents import DIET_SOURCE, PETROL_CAR_SOURCE, equivalents_for
from app.gamification.queries import FeedItem, feed_page, weekly_series
from app.leaderboards.queries import user_totals
from app.settings import local_today

blp = api_blueprint("impact", "/me", "Your area's feed and your weekly impact.", tag="Me")


def feed_item_out(item: FeedItem, lang: str) -> dict[str, Any]:
    action = item.action
    return {
        "id": item.id,
        "kind": item.kind,
        "created_at": item.created_at,
        "alias": item.alias,
        "action": (
            {"slug": action.slug, "name": action.name(lang), "unit": action.unit(lang)} if action else None
        ),
        "quantity": float(str(item.quantity)) if item.quantity is not None else None,
        "points": item.points,
        "badge": item.badge_code,
        "value": item.value,
        "area": item.area_name,
        "challenge": item.challenge.slug if item.challenge else None,
    }


@blp.get("/feed")
@token_required(Role.CITIZEN)
@blp.arguments(CursorQuerySchema, location="query")
@blp.response(200, FeedPageSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(403, response="FORBIDDEN")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
def area_feed(query: dict[str, Any]) -> ResponseReturnValue:
    """Recent actions, badges, levels and milestones in your area, newest first. People appear
    by alias and only when they opted in to be shown; a log that was undone disappears."""
    user = current_api_user()
    before_id = decode_id_cursor(query["cursor"])
    items, more = feed_page(user.neighbourhood_id, page=1, page_size=query["limit"], before_id=before_id)
    lang = str(get_locale() or "da")
    return {
        "items": [feed_item_out(item, lang) for item in items],
        "next_cursor": encode_cursor([items[-1].id]) if more and items else None,
    }


@blp.get("/impact")
@token_required()
@blp.response(200, ImpactSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
def impact() -> ResponseReturnValue:
    """Your estimated CO2e saving with plain-language equivalents (each with its source), and
    your last 12 weeks."""
    user = current_api_user()
    today = local_today()
    _, co2e_g = user_totals(user.id, Period.ALL, today)
    equivalents = equivalents_for(co2e_g)
    return {
        "co2e_kg": co2e_g / 1000,
        "equivalents": {
            "car_km": equivalents.car_km,
            "car_source": str(PETROL_CAR_SOURCE),
            "diet_days": equivalents.diet_days,
            "diet_source": str(DIET_SOURCE),
        },
        "weeks": [
            {
                "key": w.key,
                "starts_on": w.starts_on,
                "points": w.points,
                "co2e_kg": w.co2e_g / 1000,
                "logs": w.logs,
            }
            for w in weekly_series(user.id, today)
        ],
    }
