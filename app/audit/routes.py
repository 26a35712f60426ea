"""Browse the audit log (read only: this blueprint has no route that changes anything)."""

from __future__ import annotations

from flask import Blueprint, Response, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from app.accounts.access import admin_required
from app.audit.forms import AuditFilterForm
from app.audit.queries import AuditFilter, audit_actors, audit_object_types, audit_page
from app.settings import timezone
from app.web.htmx import render
from app.web.params import page_arg

bp = Blueprint("audit", __name__, url_prefix="/admin/revisionslog")

OBJECT_TYPES = {
    "action": _l("Action"),
    "neighbourhood": _l("Area"),
    "setting": _l("Setting"),
    "live_screen": _l("Live screen link"),
    "log": _l("Logged action"),
    "user": _l("Account"),
    "flag": _l("Flag"),
    "challenge": _l("Challenge"),
    "vision": _l("Shared vision"),
    "sparring_offer": _l("Sparring offer"),
    "sparring_request": _l("Sparring request"),
    "company": _l("Company"),
    "solution": _l("Company solution"),
    "case": _l("Case"),
    "partnership": _l("Partnership"),
    "inter_challenge": _l("Inter-municipal challenge"),
}


@bp.get("")
@admin_required
def index() -> Response:
    form = AuditFilterForm(request.args)
    form.aktoer.choices = [
        SelectChoice("", _("Everyone")),
        *(SelectChoice(str(i), label) for i, label in audit_actors()),
    ]
    form.type.choices = [
        SelectChoice("", _("All types")),
        *(SelectChoice(t, str(OBJECT_TYPES.get(t, t))) for t in audit_object_types()),
    ]
    valid = form.validate() if request.args else True
    wanted = AuditFilter()
    if valid:
        wanted = AuditFilter(
            actor_id=int(form.aktoer.data) if form.aktoer.data else None,
            object_type=form.type.data or None,
            date_from=form.fra.data,
            date_to=form.til.data,
        )
    result = audit_page(wanted, page=page_arg(), tz=timezone())
    args = {k: v for k, v in request.args.items() if k != "side"}
    return render(
        "audit/index.html",
        "audit/_entries.html",
        status=200 if valid else 422,
        form=form,
        result=result,
        object_types=OBJECT_TYPES,
        args=args,
    )
