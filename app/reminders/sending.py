"""The worker job: send every reminder and weekly digest that is due, each at most once."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale

from app.accounts.models import User
from app.clock import local_date, utcnow
from app.db import db, write_transaction
from app.gamification.queries import streak_of
from app.outbox.services import queue_mail
from app.push.services import Notice, send_notice
from app.reminders.messages import MailText, digest_mail, digest_notice, reminder_mail, reminder_notice
from app.reminders.models import Channel, ReminderPreference
from app.reminders.queries import digest_candidates, digest_for, logged_on, reminder_candidates
from app.reminders.rules import digest_due, reminder_due
from app.reminders.services import claim_digest, claim_reminder
from app.settings import setting, timezone
from app.tenancy.context import in_municipality

log = logging.getLogger("klimadyst.reminders")


@dataclass
class SendReport:
    reminders: int = 0
    digests: int = 0
    skipped_logged: int = 0  # "only if I have not logged today" and they had
    pushed: int = 0
    mailed: int = 0


def _language(user: User | None = None) -> str:
    """The person's language (chosen with the language switch while signed in), else the
    default (Danish)."""
    chosen = user.language if user is not None else None
    if chosen and chosen in current_app.config["LANGUAGES"]:
        return chosen
    return str(setting("BABEL_DEFAULT_LOCALE"))


def _mail(user: User, kind: str, text: MailText) -> None:
    queue_mail(
        to=user.email, kind=kind, subject=text.subject, body=text.body, list_unsubscribe=text.list_unsubscribe
    )


def _deliver(
    pref_channel: str, user: User, kind: str, mail: MailText, notice: Notice, report: SendReport
) -> None:
    """Push when chosen (outside any transaction); e-mail when e-mail was chosen or the person
    has no device left. The send was claimed before, so this runs once per day or week."""
    if pref_channel == Channel.PUSH:
        outcome = send_notice(user_id=user.id, notice=notice)
        if outcome.delivered or outcome.devices_left:
            report.pushed += 1
            return
        log.info("Push: user %s has no device left; %s goes by e-mail.", user.id, kind)
    with write_transaction():
        _mail(user, kind, mail)
    report.mailed += 1


def _send_reminder(pref: ReminderPreference, user: User, now: datetime, tz: str, report: SendReport) -> None:
    today = reminder_due(
        now=now,
        wall=pref.reminder_time,
        weekdays=pref.weekdays,
        sent_on=pref.reminder_sent_on,
        saved_at=pref.updated_at,
        tz=tz,
    )
    if today is None:
        return
    skip = pref.only_if_not_logged and logged_on(user.id, today)
    channel = pref.channel
    mail = reminder_mail(user, streak_days=streak_of(user.id, today).days)
    if channel == Channel.EMAIL and not skip:
        with write_transaction():  # the claim and the mail commit together, or neither
            if claim_reminder(user_id=user.id, day=today):
                _mail(user, "reminder", mail)
                report.reminders += 1
                report.mailed += 1
        return
    if not claim_reminder(user_id=user.id, day=today):
        return  # another worker took it
    if skip:
        report.skipped_logged += 1
        return
    report.reminders += 1
    _deliver(channel, user, "reminder", mail, reminder_notice(), report)


def _send_digest(pref: ReminderPreference, user: User, now: datetime, tz: str, report: SendReport) -> None:
    week = digest_due(now=now, hour=int(setting("DIGEST_HOUR")), sent_week=pref.digest_sent_week, tz=tz)
    if week is None:
        return
    digest = digest_for(user, local_date(now, tz))
    mail = digest_mail(user, digest)
    channel = pref.channel
    if channel == Channel.EMAIL:
        with write_transaction():
            if claim_digest(user_id=user.id, week=week):
                _mail(user, "digest", mail)
                report.digests += 1
                report.mailed += 1
        return
    if claim_digest(user_id=user.id, week=week):
        report.digests += 1
        _deliver(channel, user, "digest", mail, digest_notice(digest), report)


def send_due_notifications(*, now: datetime | None = None) -> SendReport:
    """Every reminder and digest due at `now` (the worker runs it every minute).

    Who is due: app/reminders/rules.py (reminder_due, digest_due). Each is claimed with a
    conditional UPDATE of its sent marker before it goes out, so several workers at once send
    it once. An e-mail is queued in the claim's transaction (both or neither); a push is sent
    after its claim is committed, so a crash in between loses that one push rather than
    repeating it.
    """
    moment = now or utcnow()
    tz = timezone()
    report = SendReport()
    db.session.rollback()
    for pref, user in reminder_candidates(moment, tz):
        # each in the person's own language and municipality (the digest reads its boards)
        with force_locale(_language(user)), in_municipality(user.municipality_id):
            _send_reminder(pref, user, moment, tz, report)
    week = digest_due(now=moment, hour=int(setting("DIGEST_HOUR")), sent_week=None, tz=tz)
    if week is not None:
        for pref, user in digest_candidates(week):
            with force_locale(_language(user)), in_municipality(user.municipality_id):
                _send_digest(pref, user, moment, tz, report)
    db.session.rollback()
    return report
