"""What the database holds about one person, table by table, as readable export rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.privacy.footprint.activity import (
    account,
    always_do,
    api_tokens,
    badges,
    cap_hits,
    challenge_credits,
    challenge_participations,
    daily_activity,
    feed_events,
    flags,
    inter_challenge_participations,
    logs,
    scores,
    usual_day,
)
from app.privacy.footprint.base import Row, Subject, owned_rows_exporter, plain
from app.privacy.footprint.business import (
    companies,
    company_invitations,
    company_memberships,
    solution_adoptions,
    sparring_comments,
    sparring_requests,
    sparring_state_changes,
    team_memberships,
)
from app.privacy.footprint.notifications import push_devices, reminder_preferences
from app.privacy.footprint.records import (
    audit_entries,
    cases_written,
    challenges_created,
    emails,
    kpi_check_ins_recorded,
    live_screen_links,
    setting_changes,
    vision_targets,
)

__all__ = ["EXPORTERS", "Row", "Subject", "plain"]

EXPORTERS: dict[str, Callable[[Subject], Any]] = {
    "users": account,
    "action_logs": logs,
    "usual_day_items": usual_day,
    "always_do_marks": always_do,
    "daily_activity": daily_activity,
    "user_scores": scores,
    "user_badges": badges,
    "feed_events": feed_events,
    "cap_hits": cap_hits,
    "flags": flags,
    "team_memberships": team_memberships,
    "api_tokens": api_tokens,
    "challenge_participants": challenge_participations,
    "inter_challenge_participants": inter_challenge_participations,
    "challenge_credits": challenge_credits,
    "company_members": company_memberships,
    "companies": companies,
    "company_invitations": company_invitations,
    "sparring_requests": sparring_requests,
    "sparring_state_changes": sparring_state_changes,
    "sparring_comments": sparring_comments,
    "solution_adoptions": solution_adoptions,
    "outbox_messages": emails,
    "audit_log": audit_entries,
    "setting_changes": setting_changes,
    "live_screen_links": live_screen_links,
    "vision_targets": vision_targets,
    "challenges": challenges_created,
    "cases": cases_written,
    "kpi_check_ins": kpi_check_ins_recorded,
    "password_reset_tokens": owned_rows_exporter("password_reset_tokens"),
    "email_verification_tokens": owned_rows_exporter("email_verification_tokens"),
    "reminder_preferences": reminder_preferences,
    "push_subscriptions": push_devices,
}
