"""Mails to the person, and what they did as staff: audit, settings, screens, targets, challenges,
cases."""

from __future__ import annotations

from sqlalchemy import or_, select

from app.audit.models import AuditEntry
from app.cases.models import Case
from app.challenges.models import Challenge
from app.db import db
from app.livescreen.models import LiveScreenLink
from app.outbox.models import OutboxMessage
from app.partnerships.models import KpiCheckIn, PartnershipKpi
from app.privacy.footprint.base import Row, Subject, as_row
from app.settings import SettingChange
from app.vision.models import VisionTarget


def emails(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == s.email).order_by(OutboxMessage.id)
    )
    return [
        as_row(
            kind=m.kind,
            to=m.to_address,
            subject=m.subject,
            body=m.body,
            status=m.status,
            created_at=m.created_at,
            sent_at=m.sent_at,
        )
        for m in rows
    ]


def audit_entries(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(AuditEntry)
        .where(
            or_(
                AuditEntry.actor_id == s.user_id,
                (AuditEntry.object_type == "user") & (AuditEntry.object_id == str(s.user_id)),
            )
        )
        .order_by(AuditEntry.id)
    )
    # An entry the person made as staff about another account names that account: not theirs.
    return [
        as_row(
            by_you=e.actor_id == s.user_id,
            verb=e.verb,
            object_type=e.object_type,
            object_id=e.object_id,
            object_label=None
            if e.object_type == "user" and e.object_id != str(s.user_id)
            else e.object_label,
            created_at=e.created_at,
        )
        for e in rows
    ]


def setting_changes(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(SettingChange).where(SettingChange.changed_by_id == s.user_id).order_by(SettingChange.id)
    )
    return [as_row(setting=r.name, value=r.value, changed_at=r.changed_at) for r in rows]


def live_screen_links(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(LiveScreenLink).where(LiveScreenLink.created_by_id == s.user_id).order_by(LiveScreenLink.id)
    )
    return [as_row(created_at=r.created_at, retired_at=r.retired_at) for r in rows]


def vision_targets(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(VisionTarget).where(VisionTarget.set_by_id == s.user_id).order_by(VisionTarget.year)
    )
    return [as_row(year=r.year, target_co2e_kg=r.target_co2e_kg, set_at=r.set_at) for r in rows]


def challenges_created(s: Subject) -> list[Row]:
    rows = db.session.scalars(
        select(Challenge).where(Challenge.created_by_id == s.user_id).order_by(Challenge.id)
    )
    return [as_row(challenge=r.slug, title=r.title_da, created_at=r.created_at) for r in rows]


def cases_written(s: Subject) -> list[Row]:
    rows = db.session.scalars(select(Case).where(Case.author_id == s.user_id).order_by(Case.id))
    return [as_row(case=r.id, title=r.title, status=r.status, created_at=r.created_at) for r in rows]


def kpi_check_ins_recorded(s: Subject) -> list[Row]:
    rows = db.session.execute(
        select(KpiCheckIn, PartnershipKpi.name)
        .join(PartnershipKpi, PartnershipKpi.id == KpiCheckIn.kpi_id)
        .where(KpiCheckIn.recorded_by_id == s.user_id)
        .order_by(KpiCheckIn.id)
    ).all()
    return [
        as_row(kpi=name, on_date=r.on_date, value=r.value, note=r.note, created_at=r.created_at)
        for r, name in rows
    ]
