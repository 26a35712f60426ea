"""Moderation: the flag queue, accounts and their logs, voiding with a reason, suspension."""

from __future__ import annotations

from flask import Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import admin_required
from app.accounts.models import Role, User
from app.actions.models import LogEntry
from app.admin.forms import ReasonForm, UserSearchForm
from app.admin.queries.moderation import recent_voids, search_users, suspended_users, user_logs
from app.admin.routes import bp
from app.audit.queries import entries_for
from app.db import db
from app.errors import DomainError
from app.gamification.queries import flags_of, open_flags
from app.moderation.services import set_suspended, void_log
from app.web.forms import apply_domain_error
from app.web.htmx import is_partial_request
from app.web.params import day_arg, page_arg
from app.web.submit import submit


@bp.get("/moderation")
@admin_required
def moderation() -> Response:
    return make_response(
        render_template(
            "admin/moderation.html",
            flags=open_flags(),
            flag_resolvable=True,
            voids=recent_voids(),
            suspended=suspended_users(),
            search=UserSearchForm(formdata=None),
        )
    )


@bp.get("/brugere")
@admin_required
def users() -> Response:
    form = UserSearchForm(request.args)
    form.validate()
    text = form.q.data or "" if not form.q.errors else ""
    return make_response(
        render_template("admin/users.html", search=form, users=search_users(text), query=text)
    )


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.role not in (Role.CITIZEN, Role.BUSINESS):
        abort(404)
    return user


def _user_page(user: User, *, suspend_form: ReasonForm | None = None, status: int = 200) -> Response:
    day = day_arg("dag")
    return make_response(
        render_template(
            "admin/user.html",
            user=user,
            logs=user_logs(user.id, page=page_arg(), day=day),
            day=day,
            suspend_form=suspend_form or ReasonForm(formdata=None, prefix="suspend"),
            history=entries_for("user", user.id),
            void_form=ReasonForm(formdata=None),
            flags=flags_of(user.id),
        ),
        status,
    )


@bp.get("/brugere/<int:user_id>")
@admin_required
def user(user_id: int) -> Response:
    return _user_page(_user(user_id))


@bp.post("/brugere/<int:user_id>/suspension")
@admin_required
def user_suspension(user_id: int) -> ResponseReturnValue:
    target = _user(user_id)
    form = ReasonForm(prefix="suspend")
    suspend = request.form.get("suspend-action") != "unsuspend"
    done = submit(
        form,
        lambda: set_suspended(
            admin=current_user, user_id=target.id, suspended=suspend, reason=form.reason.data or ""
        ),
        done=_("%(alias)s is suspended.", alias=target.alias)
        if suspend
        else _("%(alias)s can log again.", alias=target.alias),
        to=url_for("admin.user", user_id=target.id),
    )
    if done is not None:
        return done
    return _user_page(target, suspend_form=form, status=422)


@bp.post("/registreringer/<int:log_id>/annuller")
@admin_required
def log_void(log_id: int) -> ResponseReturnValue:
    entry = db.session.get(LogEntry, log_id)
    if entry is None or entry.user_id is None:
        abort(404)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            entry = void_log(admin=current_user, log_id=entry.id, reason=form.reason.data or "")
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            message = _("The log was voided. Scores are updated.")
            if is_partial_request():
                return make_response(
                    render_template(
                        "admin/_log_row.html",
                        entry=entry,
                        void_form=ReasonForm(formdata=None),
                        message=message,
                    )
                )
            flash(message, "success")
            return redirect(url_for("admin.user", user_id=entry.user_id) + f"#log-{entry.id}", 303)
    if is_partial_request():
        return make_response(render_template("admin/_log_row.html", entry=entry, void_form=form), 422)
    owner = _user(entry.user_id)  # type: ignore[arg-type]
    flash(" ".join(str(e) for e in form.reason.errors) or _("The log could not be voided."), "error")
    return _user_page(owner, status=422)
