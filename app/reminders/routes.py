"""The reminder preferences page and the unsubscribe link of every reminder and digest mail."""

from __future__ import annotations

from datetime import time

from flask import Blueprint, Response, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import citizen_required
from app.accounts.forms import ButtonForm
from app.extensions import csrf
from app.push.queries import device_count, devices_of
from app.push.services import push_configured
from app.reminders.forms import PreferencesForm
from app.reminders.models import Channel
from app.reminders.queries import person_is_here, preferences_of
from app.reminders.rules import weekdays_of
from app.reminders.services import save_preferences, unsubscribe
from app.reminders.tokens import Topic, UnsubscribeTokenInvalid, read_unsubscribe_token
from app.settings import setting
from app.web.submit import form_status, submit

bp = Blueprint("reminders", __name__)


def _form() -> PreferencesForm:
    """The saved choices (or the defaults) on a GET; the posted ones on a POST."""
    pref = preferences_of(current_user.id)
    if request.method == "POST" or pref is None:
        return PreferencesForm()
    form = PreferencesForm(formdata=None, obj=pref)
    form.weekdays.data = weekdays_of(pref.weekdays)
    if form.channel.data == Channel.PUSH and not device_count(current_user.id):
        form.channel.data = Channel.EMAIL  # no device left: what the worker does anyway
    return form


def _page(form: PreferencesForm, status: int = 200) -> Response:
    return make_response(
        render_template(
            "reminders/preferences.html",
            form=form,
            devices=devices_of(current_user.id),
            push_available=push_configured(),
            vapid_public_key=setting("VAPID_PUBLIC_KEY"),
            digest_hour=int(setting("DIGEST_HOUR")),
            remove_form=ButtonForm(formdata=None),
        ),
        status,
    )


@bp.route("/konto/paamindelser", methods=["GET", "POST"])
@citizen_required
def preferences() -> ResponseReturnValue:
    form = _form()
    done = submit(
        form,
        lambda: save_preferences(
            user=current_user,
            reminder_enabled=bool(form.reminder_enabled.data),
            weekdays=form.weekdays.data or [],
            reminder_time=form.reminder_time.data or time(19, 0),
            only_if_not_logged=bool(form.only_if_not_logged.data),
            digest_enabled=bool(form.digest_enabled.data),
            channel=form.channel.data or "email",
        ),
        done=_("Your reminder choices are saved."),
        to=url_for("reminders.preferences"),
    )
    return done or _page(form, form_status())


def _invalid_link(error: UnsubscribeTokenInvalid) -> Response:
    message = (
        _("This unsubscribe link has expired. Log in and change your choices on the reminders page.")
        if error.expired
        else _("This unsubscribe link is not valid. Log in and change your choices on the reminders page.")
    )
    response = make_response(render_template("reminders/unsubscribe.html", invalid=message), 400)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/afmeld/<token>", methods=["GET", "POST"])
def unsubscribe_link(token: str) -> ResponseReturnValue:
    """GET shows a confirm button (mail scanners follow links, and GET never changes state);
    POST turns the reminder or digest off. The POST is exempt from CSRF on purpose: a mail
    client's RFC 8058 one-click POST (List-Unsubscribe=One-Click) carries no CSRF token, and
    the signed token in the URL is the proof. All it can do is switch one mailing off."""
    try:
        link = read_unsubscribe_token(token)
        if not person_is_here(link.user_id):  # a genuine link of another municipality's person
            raise UnsubscribeTokenInvalid(expired=False)
    except UnsubscribeTokenInvalid as error:
        return _invalid_link(error)
    if request.method == "POST":
        unsubscribe(user_id=link.user_id, topic=link.topic)
        if request.form.get("List-Unsubscribe") == "One-Click":
            return Response(status=204)
        return redirect(url_for("reminders.unsubscribe_link", token=token, done=1), 303)
    response = make_response(
        render_template(
            "reminders/unsubscribe.html",
            topic=link.topic,
            Topic=Topic,
            done=request.args.get("done") == "1",
            token=token,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


# The one view without CSRF (see its docstring); Flask-WTF ships no type hints for exempt().
csrf.exempt(unsubscribe_link)
