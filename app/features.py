"""Where the features hook into core and into the lower features: signals, loaders, jobs.

Core and the lower features import no higher feature (`lint-imports`, ARCHITECTURE.md); each
higher feature's reaction is connected here, once per process, so this file lists them all.
"""

from __future__ import annotations

from flask import Flask, has_request_context, request

from app.accounts.models import User
from app.accounts.queries import account_state, user_by_login_id
from app.actions.queries import ledger_groups
from app.challenges import receivers as challenge_receivers
from app.challenges.credits import rebuild_challenge_totals
from app.challenges.queries import counted_bonus_groups
from app.db import write_transaction
from app.extensions import login_manager
from app.gamification import receivers as game_receivers
from app.gamification.services import rebuild_action_tallies
from app.intermunicipal import receivers as inter_receivers
from app.intermunicipal.credits import rebuild_inter_challenges
from app.intermunicipal.queries import own_standings
from app.leaderboards import receivers as leaderboard_receivers
from app.leaderboards.rebuild import RebuildReport, rebuild_scores
from app.moderation import receivers as moderation_receivers
from app.outbox.worker import PeriodicJob, register_periodic_job
from app.partnerships.plan_items import partnerships_by_theme
from app.plan.contributions import register_contributor
from app.platform.accounts import platform_admin_by_login_id
from app.platform.models import LOGIN_ID_PREFIX, PlatformAdmin
from app.privacy.retention import purge_retention
from app.reminders.sending import send_due_notifications
from app.settings import local_today
from app.solutions.panels import template_globals as solution_globals
from app.solutions.plan_items import pledges_by_theme, solutions_by_theme
from app.sparring.plan_items import sparring_by_theme
from app.tenancy.context import platform_scope
from app.web.personal_cache import use_account_state

PLATFORM_ADMIN_AREA = "platform_admin"  # the blueprint of app/admin/platform.py


def load_signed_in(login_id: str) -> User | PlatformAdmin | None:
    """Flask-Login's loader: a platform administrator ("p.<id>.<version>") only inside the
    platform's area, a municipality's account only outside it. A session of the one kind is
    simply not signed in where the other kind works."""
    in_platform_area = has_request_context() and request.blueprint == PLATFORM_ADMIN_AREA
    if login_id.startswith(LOGIN_ID_PREFIX):
        return platform_admin_by_login_id(login_id) if in_platform_area else None
    return None if in_platform_area else user_by_login_id(login_id)


def register_features(app: Flask) -> None:
    """Connect every receiver (blinker ignores a second connect of the same function, so many
    apps in one process, as in the tests, connect each once)."""
    login_manager.user_loader(load_signed_in)
    use_account_state(app, account_state)  # a kept personal page is served only while this holds
    # Order of the log signals' receivers is the order of the signals (app/signals.py), never
    # the order of these lines: no receiver depends on another of the same signal.
    leaderboard_receivers.connect_signals()
    moderation_receivers.connect_signals()
    challenge_receivers.connect_signals()
    game_receivers.connect_signals()
    inter_receivers.connect_signals()
    app.jinja_env.globals["inter_standings"] = lambda: own_standings(local_today())  # templates
    # What feeds each climate-plan theme (app/plan/contributions.py): the plan imports none of
    # these features, they add their items here. Solutions and pledges: the same call.
    register_contributor("partnerships", partnerships_by_theme)
    register_contributor("sparring", sparring_by_theme)
    register_contributor("solutions", solutions_by_theme)
    register_contributor("pledges", pledges_by_theme)
    # Adoption counts and contact requests on the business and sparring pages (below solutions).
    app.jinja_env.globals.update(solution_globals())
    register_periodic_job(PeriodicJob("retention-purge", 3600, purge_retention))
    # Reminders at the minute each citizen chose, and the Monday digest (app/reminders/rules.py).
    register_periodic_job(PeriodicJob("reminders", 60, send_due_notifications))


def rebuild_derived_rows() -> RebuildReport:
    """`flask scores rebuild`: every counter derived from the counted ledger, each rebuilt by
    the feature that owns it, in one transaction: score rows and per-day aggregates (with the
    challenge bonus), challenge totals, per-action tallies. In platform scope: the derived tables
    have no municipality column, so a rebuild is always of every municipality at once."""
    with platform_scope(), write_transaction():
        report = rebuild_scores(ledger_groups(bonuses=counted_bonus_groups()))
        rebuild_challenge_totals()
        rebuild_action_tallies()
        rebuild_inter_challenges()
    return report
