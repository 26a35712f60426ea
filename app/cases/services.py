"""Case use cases: write, publish and unpublish a municipality's own cases (admins only).

The rules: a kind of challenge, partnership or campaign; one language (da or en); a title of
1–160 characters; figures, when given, are whole numbers of 0 or more. A challenge case names one
of the municipality's challenges, and is published only once that challenge has finished (its
results are final); publishing takes a snapshot of the challenge (`challenge_template`) that
other municipalities copy from. Every write is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import User
from app.accounts.permissions import require_admin
from app.audit.services import record_audit, snapshot
from app.cases.models import CASE_LANGUAGES, Case, CaseKind, CaseStatus
from app.cases.rules import duration_days
from app.challenges.models import Challenge
from app.challenges.rules import ChallengeState, state_on
from app.clock import local_date, utcnow
from app.db import db, write_transaction
from app.errors import ConflictError, NotFound, ValidationError
from app.settings import timezone

TEXT_MAX = 8000
FIGURE_MAX = 10**12
# What the audit log records of a case. The long texts stay out: the case itself shows them,
# and the log is a list of who changed what, not a second copy of every draft.
CASE_FIELDS = ("kind", "language", "title", "participants", "points_total", "co2e_kg", "challenge_id")


@dataclass(frozen=True)
class CaseInput:
    """The editable fields of a case, already shape-checked by a form."""

    kind: str
    language: str
    title: str
    summary: str = ""
    what_was_done: str = ""
    results: str = ""
    advice: str = ""
    participants: int | None = None
    points_total: int | None = None
    co2e_kg: int | None = None
    challenge_id: int | None = None


def _check_figures(data: CaseInput) -> None:
    for field in ("participants", "points_total", "co2e_kg"):
        value = getattr(data, field)
        if value is not None and not 0 <= value < FIGURE_MAX:
            raise ValidationError(_l("Enter a whole number of 0 or more."), field=field)


def _own_challenge(challenge_id: int) -> Challenge | None:
    """A scoped SELECT: session.get() would answer from the identity map without the criteria."""
    return db.session.scalar(select(Challenge).where(Challenge.id == challenge_id))


def _validate(data: CaseInput, case: Case | None) -> Challenge | None:
    if data.kind not in set(CaseKind):
        raise ValidationError(_l("Choose what kind of case this is."), field="kind")
    if data.language not in CASE_LANGUAGES:
        raise ValidationError(_l("Choose the language the case is written in."), field="language")
    if not 1 <= len(data.title.strip()) <= 160:
        raise ValidationError(_l("Enter a title of at most 160 characters."), field="title")
    for field in ("summary", "what_was_done", "results", "advice"):
        if len(getattr(data, field) or "") > TEXT_MAX:
            raise ValidationError(_l("At most %(n)s characters.", n=TEXT_MAX), field=field)
    _check_figures(data)
    if data.kind != CaseKind.CHALLENGE:
        return None
    if data.challenge_id is None:
        if case is not None and case.challenge_template:  # the challenge was deleted; the copy stays
            return None
        raise ValidationError(_l("Choose the challenge the case is about."), field="challenge_id")
    challenge = _own_challenge(data.challenge_id)
    if challenge is None:
        raise ValidationError(_l("Choose the challenge the case is about."), field="challenge_id")
    return challenge


def _apply(case: Case, data: CaseInput, challenge: Challenge | None) -> None:
    case.kind = data.kind
    case.language = data.language
    case.title = data.title.strip()
    for field in ("summary", "what_was_done", "results", "advice"):
        setattr(case, field, (getattr(data, field) or "").strip())
    case.participants = data.participants
    case.points_total = data.points_total
    case.co2e_kg = data.co2e_kg
    case.challenge_id = challenge.id if challenge is not None else None
    if data.kind != CaseKind.CHALLENGE:
        case.challenge_template = None


def _own_case(case_id: int) -> Case:
    # A scoped SELECT (not session.get, which answers from the identity map unfiltered).
    case = db.session.scalar(select(Case).where(Case.id == case_id))
    if case is None:
        raise NotFound(_l("That case does not exist."))
    return case


def save_case(
    *, admin: User, data: CaseInput, case_id: int | None = None, now: datetime | None = None
) -> Case:
    """Create (no id) or edit one of the municipality's cases by the rules above. Editing a
    published case keeps it published, with the new text; a published challenge case takes a
    fresh snapshot of its challenge, which must have finished."""
    require_admin(admin)
    now = now or utcnow()
    with write_transaction():
        case = Case(author_id=admin.id, created_at=now) if case_id is None else _own_case(case_id)
        before = None if case_id is None else snapshot(case, CASE_FIELDS)
        challenge = _validate(data, case if case_id is not None else None)
        _apply(case, data, challenge)
        if case.is_published:  # what others read and copy follows the case's challenge
            _check_publishable(case, now)
        case.updated_at = now
        if case_id is None:
            db.session.add(case)
        db.session.flush()
        after = snapshot(case, CASE_FIELDS)
        if before != after:
            record_audit(
                actor=admin,
                verb="create" if before is None else "update",
                object_type="case",
                object_id=case.id,
                object_label=case.title,
                before={k: v for k, v in before.items() if after.get(k) != v} if before else None,
                after={k: v for k, v in after.items() if before is None or before.get(k) != v},
                now=now,
            )
    return case


def challenge_template(challenge: Challenge) -> dict[str, Any]:
    """What another municipality needs to run the same challenge: texts, covered actions (by
    slug, as the catalogue names them everywhere), reward, target and length in days."""
    return {
        "slug": challenge.slug,
        "title_da": challenge.title_da,
        "title_en": challenge.title_en,
        "description_da": challenge.description_da,
        "description_en": challenge.description_en,
        "action_slugs": [a.slug for a in challenge.actions],
        "action_names": {a.slug: a.name_da for a in challenge.actions},
        "reward_kind": challenge.reward_kind,
        "reward_value": str(challenge.reward_value),
        "target_metric": challenge.target_metric,
        "target_value": str(challenge.target_value) if challenge.target_value is not None else None,
        "duration_days": duration_days(challenge.starts_on, challenge.ends_on),
    }


def _snapshot_challenge(case: Case, now: datetime) -> None:
    if case.kind != CaseKind.CHALLENGE or case.challenge_id is None:
        return
    challenge = _own_challenge(case.challenge_id)
    if challenge is None:
        return
    today = local_date(now, timezone())
    if (
        state_on(starts_on=challenge.starts_on, ends_on=challenge.ends_on, today=today)
        is not ChallengeState.FINISHED
    ):
        raise ConflictError(
            _l("A challenge case is published once the challenge has finished and its results are final."),
            field="challenge_id",
        )
    case.challenge_template = challenge_template(challenge)


def _check_publishable(case: Case, now: datetime) -> None:
    """A challenge case takes its challenge's snapshot now; it needs one to be published."""
    _snapshot_challenge(case, now)
    if case.kind == CaseKind.CHALLENGE and not case.challenge_template:
        raise ConflictError(
            _l("Choose the challenge the case is about before publishing it."), field="challenge_id"
        )


def publish_case(*, admin: User, case_id: int, now: datetime | None = None) -> Case:
    """Publish one of the municipality's cases: every municipality's admins and the platform's
    page can read it from now on. Publishing a published case changes nothing."""
    require_admin(admin)
    now = now or utcnow()
    with write_transaction():
        case = _own_case(case_id)
        if case.is_published:
            return case
        _check_publishable(case, now)
        case.status = CaseStatus.PUBLISHED
        case.published_at = now
        case.updated_at = now
        record_audit(
            actor=admin,
            verb="publish",
            object_type="case",
            object_id=case.id,
            object_label=case.title,
            now=now,
        )
    return case


def unpublish_case(*, admin: User, case_id: int, now: datetime | None = None) -> Case:
    """Take one of the municipality's cases back to a draft: nobody else reads it any more.
    Challenges others copied from it stay theirs."""
    require_admin(admin)
    now = now or utcnow()
    with write_transaction():
        case = _own_case(case_id)
        if not case.is_published:
            return case
        case.status = CaseStatus.DRAFT
        case.published_at = None
        case.updated_at = now
        record_audit(
            actor=admin,
            verb="unpublish",
            object_type="case",
            object_id=case.id,
            object_label=case.title,
            now=now,
        )
    return case
