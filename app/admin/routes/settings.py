"""Admin-editable settings: ranking minimum, throttles, backdating window, with their history."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, make_response, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.accounts.access import admin_required
from app.admin.forms import SettingForm
from app.admin.queries.settings import setting_history
from app.admin.routes import bp
from app.admin.services.settings import change_setting
from app.errors import DomainError
from app.settings import EDITABLE_SETTINGS, default_setting, editable_settings, setting

LABELS = {
    "BACKDATE_DAYS": (_l("Backdating window (days)"), _l("Citizens can log today and this many days back.")),
    "THROTTLE_MAX_LOGS": (
        _l("Throttle: most logs in the window"),
        _l("More logs than this within the window pauses the citizen's logging and raises a flag."),
    ),
    "THROTTLE_WINDOW_MINUTES": (
        _l("Throttle: window (minutes)"),
        _l("The period in which logs are counted for the throttle."),
    ),
    "THROTTLE_COOLDOWN_MINUTES": (
        _l("Throttle: pause (minutes)"),
        _l("How long logging stays paused after the throttle is hit."),
    ),
}


def _rows(forms: dict[str, SettingForm]) -> list[dict[str, Any]]:
    rows = []
    for spec in editable_settings():
        label, hint = LABELS[spec.name]
        form = forms.get(spec.name) or SettingForm(formdata=None, prefix=spec.name)
        rows.append(
            {
                "spec": spec,
                "label": label,
                "hint": hint,
                "form": form,
                "value": setting(spec.name),
                "default": default_setting(spec.name),
            }
        )
    return rows


def _page(forms: dict[str, SettingForm] | None = None, status: int = 200) -> Response:
    return make_response(
        render_template(
            "admin/settings.html", rows=_rows(forms or {}), history=setting_history(), labels=LABELS
        ),
        status,
    )


@bp.get("/indstillinger")
@admin_required
def settings() -> Response:
    return _page()


@bp.post("/indstillinger/<name>")
@admin_required
def setting_change(name: str) -> ResponseReturnValue:
    if name not in EDITABLE_SETTINGS or name not in {s.name for s in editable_settings()}:
        abort(404)
    form = SettingForm(prefix=name)
    if form.validate_on_submit():
        try:
            change = change_setting(admin=current_user, name=name, value=form.value.data)
        except DomainError as error:
            form.value.errors = [*form.value.errors, error.message]
        else:
            label = LABELS[name][0]
            if change is None:
                flash(_("%(label)s was already %(value)s.", label=label, value=setting(name)), "info")
            else:
                flash(_("%(label)s is now %(value)s.", label=label, value=setting(name)), "success")
            return redirect(url_for("admin.settings"), 303)
    return _page({name: form}, 422)
