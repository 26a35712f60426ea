"""The texts of a reminder and a digest: the e-mail (with its unsubscribe link) and the push notice."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import ngettext

from app.accounts.models import User
from app.i18n import day, decimal
from app.outbox.services import absolute_url
from app.push.services import Notice
from app.reminders.queries import Digest, co2e_kg
from app.reminders.tokens import Topic, unsubscribe_token
from app.web.templating import localised


@dataclass(frozen=True)
class MailText:
    subject: str
    body: str
    list_unsubscribe: str


def _unsubscribe_url(user: User, topic: Topic) -> str:
    return absolute_url("reminders.unsubscribe_link", token=unsubscribe_token(user_id=user.id, topic=topic))


def _footer(user: User, topic: Topic, unsubscribe: str) -> str:
    why = (
        _("You get this reminder because you turned it on.")
        if topic is Topic.REMINDER
        else _("You get this weekly digest because you turned it on.")
    )
    footer: str = _(
        "%(why)s Turn it off with one click:\n%(unsubscribe)s\nChange your choices:\n%(preferences)s",
        why=why,
        unsubscribe=unsubscribe,
        preferences=absolute_url("reminders.preferences"),
    )
    return "\n\n-- \n" + footer


def reminder_mail(user: User, *, streak_days: int) -> MailText:
    unsubscribe = _unsubscribe_url(user, Topic.REMINDER)
    streak = (
        ngettext(
            "Your streak is %(num)s day: log today to keep it going.",
            "Your streak is %(num)s days: log today to keep it going.",
            streak_days,
        )
        if streak_days
        else _("One log today starts a streak.")
    )
    body = _(
        "Hi %(alias)s,\n\nDid you do something green today? Log it in two taps:\n%(link)s\n\n%(streak)s",
        alias=user.alias,
        link=absolute_url("actions.home"),
        streak=streak,
    )
    return MailText(
        subject=_("Your Klimadyst reminder: log today's green actions"),
        body=body + _footer(user, Topic.REMINDER, unsubscribe),
        list_unsubscribe=unsubscribe,
    )


def _path(endpoint: str) -> str:
    """A same-site path for the service worker to open (it opens it on this site's origin)."""
    return urlsplit(absolute_url(endpoint)).path


def reminder_notice() -> Notice:
    return Notice(
        title=_("Klimadyst reminder"),
        body=_("Did you do something green today? Log it in two taps."),
        url=_path("actions.home"),
        tag="klimadyst-reminder",
    )


def _week_number(week: str) -> str:
    return str(int(week.rpartition("W")[2]))


def _digest_lines(digest: Digest) -> list[str]:
    lines = [
        _("Points last week: %(points)s", points=decimal(digest.points, 0)),
        _("Estimated CO2e saved: %(kg)s kg", kg=decimal(co2e_kg(digest.co2e_g), 1)),
        ngettext("Your streak: %(num)s day", "Your streak: %(num)s days", digest.streak_days),
    ]
    if digest.area_name and digest.area_rank is not None:
        lines.append(
            _(
                "%(area)s came %(rank)s of %(of)s neighbourhoods (by the fair score, which allows for size).",
                area=digest.area_name,
                rank=digest.area_rank,
                of=digest.ranked_areas,
            )
        )
    elif digest.area_name:
        lines.append(
            _("%(area)s is not ranked yet: it needs more active participants.", area=digest.area_name)
        )
    if digest.challenge is not None:
        lines.append(
            _(
                "Running challenge: %(title)s (until %(date)s)",
                title=localised(digest.challenge, "title"),
                date=day(digest.challenge.ends_on),
            )
        )
    if digest.suggestion is not None:
        lines.append(_("Something to try this week: %(action)s", action=localised(digest.suggestion, "name")))
    return lines


def digest_mail(user: User, digest: Digest) -> MailText:
    unsubscribe = _unsubscribe_url(user, Topic.DIGEST)
    week = _week_number(digest.week)
    body = (
        _("Hi %(alias)s,\n\nThis was your week %(week)s in Klimadyst:", alias=user.alias, week=week)
        + "\n\n"
        + "\n".join(f"- {line}" for line in _digest_lines(digest))
        + "\n\n"
        + _("See everything here:\n%(link)s", link=absolute_url("gamification.impact"))
    )
    return MailText(
        subject=_("Your week %(week)s in Klimadyst", week=week),
        body=body + _footer(user, Topic.DIGEST, unsubscribe),
        list_unsubscribe=unsubscribe,
    )


def digest_notice(digest: Digest) -> Notice:
    return Notice(
        title=_("Your week %(week)s in Klimadyst", week=_week_number(digest.week)),
        body=ngettext(
            "%(points)s points last week, a streak of %(num)s day.",
            "%(points)s points last week, a streak of %(num)s days.",
            digest.streak_days,
            points=decimal(digest.points, 0),
        ),
        url=_path("gamification.impact"),
        tag="klimadyst-digest",
    )
