"""Case reads. Published cases are read ACROSS municipalities here, and only here: the queries
below opt out of the tenant criteria (PLATFORM_OPTION) and name their own criterion instead,
`status = 'published'`. Everything else (own drafts, challenges to write about, the actions a
copy maps to) is read in the current municipality as usual."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, or_, select

from app.actions.effective import loggable_here
from app.actions.models import Action
from app.cases.models import Case, CaseKind, CaseStatus
from app.cases.rules import copied_window
from app.cases.services import CaseInput
from app.challenges.models import Challenge
from app.challenges.queries import challenge_totals
from app.challenges.rules import ChallengeState, state_on
from app.challenges.services import ChallengeInput
from app.db import db
from app.tenancy.context import PLATFORM_OPTION
from app.tenancy.models import Municipality

# How many cases a list shows at most (newest first); the filters narrow it down.
LIST_LIMIT = 200
_SEARCHED = ("title", "summary", "what_was_done", "results", "advice")


@dataclass(frozen=True)
class CaseEntry:
    """A published case with the municipality that published it."""

    case: Case
    municipality_slug: str
    municipality_name: str
    municipality_host: str | None


def _published() -> Select[Case, str, str, str | None]:
    return (
        select(Case, Municipality.slug, Municipality.name, Municipality.host_name)
        .join(Municipality, Municipality.id == Case.municipality_id)
        .where(Case.status == CaseStatus.PUBLISHED, Municipality.active.is_(True))
        .execution_options(**{PLATFORM_OPTION: True})
    )


def published_cases(
    *, kind: str | None = None, text: str | None = None, municipality: str | None = None
) -> list[CaseEntry]:
    """Published cases of every active municipality, newest first (then by id); `kind`,
    `municipality` (a slug) and `text` (in the title or any text field, case-insensitive for
    ASCII letters on SQLite) narrow the list. At most LIST_LIMIT."""
    statement = _published()
    if kind:
        statement = statement.where(Case.kind == kind)
    if municipality:
        statement = statement.where(Municipality.slug == municipality)
    if text and text.strip():
        needle = text.strip()
        statement = statement.where(
            or_(*(getattr(Case, f).icontains(needle, autoescape=True) for f in _SEARCHED))
        )
    rows = db.session.execute(
        statement.order_by(Case.published_at.desc(), Case.id.desc()).limit(LIST_LIMIT)
    ).all()
    return [CaseEntry(case, slug, name, host) for case, slug, name, host in rows]


def published_case(case_id: int) -> CaseEntry | None:
    """One published case of any active municipality; None for a draft or an unknown id."""
    row = db.session.execute(_published().where(Case.id == case_id)).first()
    if row is None:
        return None
    case, slug, name, host = row
    return CaseEntry(case, slug, name, host)


def publishing_municipalities() -> list[tuple[str, str]]:
    """(slug, name) of every active municipality with a published case, by name."""
    rows = db.session.execute(
        select(Municipality.slug, Municipality.name)
        .join(Case, Case.municipality_id == Municipality.id)
        .where(Case.status == CaseStatus.PUBLISHED, Municipality.active.is_(True))
        .distinct()
        .order_by(Municipality.name)
        .execution_options(**{PLATFORM_OPTION: True})
    ).all()
    return [(slug, name) for slug, name in rows]


# --- The current municipality's own --------------------------------------------------------


def own_cases() -> list[Case]:
    """The municipality's cases, drafts and published, last changed first."""
    return list(db.session.scalars(select(Case).order_by(Case.updated_at.desc(), Case.id.desc())))


def own_case(case_id: int) -> Case | None:
    """One of the municipality's own cases. A SELECT, not session.get: a published case of
    another municipality read earlier in the request sits in the identity map, and get() would
    hand it back without the tenant criteria."""
    return db.session.scalar(select(Case).where(Case.id == case_id))


def finished_challenges(today: date) -> list[Challenge]:
    """The municipality's finished challenges, latest first: what a challenge case is about."""
    challenges = db.session.scalars(
        select(Challenge)
        .where(Challenge.ends_on < today)
        .order_by(Challenge.ends_on.desc(), Challenge.id.desc())
    )
    return list(challenges)


def case_from_challenge(challenge_id: int, today: date) -> CaseInput | None:
    """A draft case about one of the municipality's finished challenges, its figures from the
    challenge's participant totals: active participants, points (with the bonus) and kg CO2e."""
    challenge = db.session.scalar(select(Challenge).where(Challenge.id == challenge_id))  # scoped
    if challenge is None or (
        state_on(starts_on=challenge.starts_on, ends_on=challenge.ends_on, today=today)
        is not ChallengeState.FINISHED
    ):
        return None
    totals = challenge_totals(challenge.id)
    return CaseInput(
        kind=CaseKind.CHALLENGE,
        language="da",
        title=challenge.title_da,
        summary=challenge.description_da,
        participants=totals.active,
        points_total=totals.points,
        co2e_kg=round(totals.co2e_g / 1000),
        challenge_id=challenge.id,
    )


# --- Copying a challenge case ------------------------------------------------------------------


@dataclass(frozen=True)
class CopyPlan:
    """The challenge a copy starts from in the viewer's municipality, and the names of the
    original's covered actions that this municipality's catalogue does not have (not copied)."""

    challenge: ChallengeInput
    missing_actions: list[str]


def _decimal(value: Any) -> Decimal | None:
    return Decimal(str(value)) if value not in (None, "") else None


def copy_plan(template: dict[str, Any], today: date) -> CopyPlan:
    """The template mapped onto this municipality: covered actions by slug to its active actions
    (national or its own), the window from next Monday for as many days as the original. The
    slug and texts are the original's; the admin changes them on the form before saving."""
    slugs = [str(s) for s in template.get("action_slugs") or []]
    found = {
        a.slug: a.id
        for a in db.session.scalars(select(Action).where(Action.slug.in_(slugs), loggable_here()))
    }
    names = template.get("action_names") or {}
    starts_on, ends_on = copied_window(today, int(template.get("duration_days") or 7))
    return CopyPlan(
        challenge=ChallengeInput(
            slug=str(template.get("slug") or ""),
            title_da=str(template.get("title_da") or ""),
            title_en=str(template.get("title_en") or ""),
            description_da=str(template.get("description_da") or ""),
            description_en=str(template.get("description_en") or ""),
            starts_on=starts_on,
            ends_on=ends_on,
            action_ids=[found[s] for s in slugs if s in found],
            reward_kind=str(template.get("reward_kind") or "bonus"),
            reward_value=_decimal(template.get("reward_value")),
            target_metric=template.get("target_metric") or None,
            target_value=_decimal(template.get("target_value")),
        ),
        missing_actions=[str(names.get(s) or s) for s in slugs if s not in found],
    )
