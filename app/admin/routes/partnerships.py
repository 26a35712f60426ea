"""The municipality's climate partnerships (admins write, staff read), "Gør til partnerskab" from
a completed sparring request, and every municipality's published partnerships."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from app.accounts.access import admin_required, staff_required
from app.admin.forms import ConfirmForm
from app.admin.routes import bp
from app.admin.routes.common import form_page, require_confirmation
from app.audit.queries import entries_for
from app.business.queries import all_companies
from app.errors import DomainError
from app.partnerships.charts import kpi_chart
from app.partnerships.forms import (
    CheckInForm,
    ElsewhereFilterForm,
    KpiForm,
    PartnerForm,
    PartnershipForm,
    PublicFilterForm,
    StatusForm,
    status_choices,
)
from app.partnerships.labels import STATUS_NAMES
from app.partnerships.models import Partnership
from app.partnerships.queries import (
    is_overdue,
    kpi_status,
    own_partnership,
    own_partnerships,
    prefill_from_request,
    published_everywhere,
)
from app.partnerships.rules import allowed_next
from app.partnerships.services import (
    PartnershipInput,
    add_check_in,
    add_kpi,
    add_partner,
    change_status,
    remove_partner,
    save_partnership,
    set_published,
)
from app.plan.queries import themes
from app.settings import local_today
from app.tenancy.hosts import address_of
from app.web.forms import apply_domain_error
from app.web.params import is_number
from app.web.submit import attempt, submit
from app.web.templating import localised


def _theme_choices(blank: str) -> list[SelectChoice]:
    return [SelectChoice(0, blank), *(SelectChoice(t.id, localised(t, "name")) for t in themes())]


@bp.get("/partnerskaber")
@staff_required
def partnerships() -> Response:
    """Every partnership of the municipality with its status, theme and an overdue badge;
    filtered by status and theme (GET)."""
    form = PublicFilterForm(request.args)
    form.tema.choices = [
        SelectChoice("", _("All themes")),
        *(SelectChoice(str(t.id), localised(t, "name")) for t in themes()),
    ]
    form.status.choices = status_choices(blank=_("All statuses"))
    valid = form.validate() if request.args else True
    rows = own_partnerships(
        status=(form.status.data or None) if valid else None,
        theme_id=int(form.tema.data) if valid and form.tema.data else None,
    )
    today = local_today()
    return make_response(
        render_template(
            "admin/partnerships.html",
            form=form,
            rows=[(p, is_overdue(p, today)) for p in rows],
            status_names=STATUS_NAMES,
        ),
        200 if valid else 422,
    )


def _form(partnership: Partnership | None, prefill: PartnershipInput | None = None) -> PartnershipForm:
    form = PartnershipForm(obj=partnership if partnership is not None else prefill)
    form.theme_id.choices = _theme_choices(_("No theme"))
    if not form.is_submitted():
        form.theme_id.data = (partnership.theme_id if partnership else None) or 0
        if prefill is not None and prefill.from_request_id:
            form.from_request_id.data = str(prefill.from_request_id)
    # The municipality writes its partnerships in Danish, whatever the page's language.
    for name in ("title", "how_it_arose", "what_it_does", "advice", "contact_role"):
        form[name].render_kw = {"lang": "da"}
    return form


def _save(form: PartnershipForm, partnership: Partnership | None) -> ResponseReturnValue:
    done = submit(
        form,
        lambda: save_partnership(
            admin=current_user, data=form.to_input(), partnership_id=partnership.id if partnership else None
        ),
        done=lambda saved: _("%(title)s is saved.", title=saved.title),
        to=lambda saved: url_for("admin.partnership_detail", partnership_id=saved.id),
    )
    return done or form_page(form, "admin/partnership_form.html", form=form, partnership=partnership)


def _request_arg() -> int | None:
    raw = request.args.get("sparring", "")
    if not raw:
        return None
    if not is_number(raw) or len(raw) > 9:
        abort(404)
    return int(raw)


@bp.route("/partnerskaber/ny", methods=["GET", "POST"])
@admin_required
def partnership_new() -> ResponseReturnValue:
    """A new partnership; `?sparring=<id>` of a completed sparring request fills in its topic,
    its message and (on saving) its company as a partner. Any other request: 409."""
    request_id = _request_arg()
    prefill = prefill_from_request(request_id) if request_id is not None else None
    return _save(_form(None, prefill), None)


def _own_or_404(partnership_id: int) -> Partnership:
    partnership = own_partnership(partnership_id)  # another municipality's is not found here
    if partnership is None:
        abort(404)
    return partnership


@bp.route("/partnerskaber/<int:partnership_id>/rediger", methods=["GET", "POST"])
@admin_required
def partnership_edit(partnership_id: int) -> ResponseReturnValue:
    partnership = _own_or_404(partnership_id)
    return _save(_form(partnership), partnership)


def _check_in_form(kpi_id: int, *, bound: bool = False) -> CheckInForm:
    prefix = f"k{kpi_id}"
    return CheckInForm(prefix=prefix) if bound else CheckInForm(formdata=None, prefix=prefix)


def _detail_page(partnership: Partnership, status: int = 200, **given: Any) -> Response:
    today = local_today()
    partner_form = given.get("partner_form") or PartnerForm(formdata=None)
    partner_form.company_id.choices = [
        SelectChoice(0, _("No company")),
        *(SelectChoice(c.id, c.name) for c in all_companies()),
    ]
    status_form = given.get("status_form") or StatusForm(formdata=None)
    status_form.new_status.choices = [
        SelectChoice(s.value, STATUS_NAMES[s]) for s in allowed_next(partnership.status)
    ]
    kpis = [
        (
            kpi_status(partnership, kpi, today),
            kpi_chart([(c.on_date, c.value) for c in kpi.check_ins], target=kpi.target),
        )
        for kpi in partnership.kpis
    ]
    return make_response(
        render_template(
            "admin/partnership.html",
            partnership=partnership,
            kpis=kpis,
            overdue=is_overdue(partnership, today),
            status_names=STATUS_NAMES,
            partner_form=partner_form,
            kpi_form=given.get("kpi_form") or KpiForm(formdata=None),
            status_form=status_form,
            check_in_form=given.get("check_in_form"),
            check_in_kpi_id=given.get("check_in_kpi_id"),
            fresh_check_in_form=_check_in_form,
            confirm=ConfirmForm(),
            admin_view=True,
            history=entries_for("partnership", partnership.id),
        ),
        status,
    )


@bp.get("/partnerskaber/<int:partnership_id>")
@staff_required
def partnership_detail(partnership_id: int) -> Response:
    return _detail_page(_own_or_404(partnership_id))


def _form_write(
    partnership: Partnership, name: str, form: FlaskForm, call: Any, done: str, **extra: Any
) -> ResponseReturnValue:
    """Validate `form`, run the service; on success flash and 303 to the page, else the page
    again with the form's errors (422, nothing saved)."""
    if form.validate_on_submit():
        try:
            call()
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(done, "success")
            return redirect(url_for("admin.partnership_detail", partnership_id=partnership.id), 303)
    fresh = _own_or_404(partnership.id)
    return _detail_page(fresh, 422, **{name: form}, **extra)


@bp.post("/partnerskaber/<int:partnership_id>/partnere")
@admin_required
def partnership_partner_add(partnership_id: int) -> ResponseReturnValue:
    partnership = _own_or_404(partnership_id)
    form = PartnerForm()
    form.company_id.choices = [SelectChoice(0, ""), *(SelectChoice(c.id, c.name) for c in all_companies())]
    return _form_write(
        partnership,
        "partner_form",
        form,
        lambda: add_partner(
            admin=current_user,
            partnership_id=partnership_id,
            company_id=form.company_id.data or None,
            organisation=form.organisation.data or "",
            role=form.role.data or "",
        ),
        _("The partner is added."),
    )


@bp.post("/partnerskaber/<int:partnership_id>/partnere/<int:partner_id>/fjern")
@admin_required
def partnership_partner_remove(partnership_id: int, partner_id: int) -> ResponseReturnValue:
    require_confirmation()
    _own_or_404(partnership_id)
    attempt(
        lambda: remove_partner(admin=current_user, partnership_id=partnership_id, partner_id=partner_id),
        done=_("The partner is removed."),
    )
    return redirect(url_for("admin.partnership_detail", partnership_id=partnership_id), 303)


@bp.post("/partnerskaber/<int:partnership_id>/kpi")
@admin_required
def partnership_kpi_add(partnership_id: int) -> ResponseReturnValue:
    partnership = _own_or_404(partnership_id)
    form = KpiForm()
    return _form_write(
        partnership,
        "kpi_form",
        form,
        lambda: add_kpi(admin=current_user, partnership_id=partnership_id, data=form.to_input()),
        _("The KPI is added."),
    )


@bp.post("/partnerskaber/<int:partnership_id>/kpi/<int:kpi_id>/maaling")
@admin_required
def partnership_check_in(partnership_id: int, kpi_id: int) -> ResponseReturnValue:
    partnership = _own_or_404(partnership_id)
    if all(k.id != kpi_id for k in partnership.kpis):
        abort(404)
    form = _check_in_form(kpi_id, bound=True)
    return _form_write(
        partnership,
        "check_in_form",
        form,
        lambda: add_check_in(
            admin=current_user,
            partnership_id=partnership_id,
            kpi_id=kpi_id,
            on_date=form.on_date.data,
            value=form.value.data or Decimal(0),  # InputRequired: never None here
            note=form.note.data or "",
            today=local_today(),
        ),
        _("The check-in is saved."),
        check_in_kpi_id=kpi_id,
    )


@bp.post("/partnerskaber/<int:partnership_id>/status")
@admin_required
def partnership_status(partnership_id: int) -> ResponseReturnValue:
    partnership = _own_or_404(partnership_id)
    form = StatusForm()
    form.new_status.choices = [
        SelectChoice(s.value, STATUS_NAMES[s]) for s in allowed_next(partnership.status)
    ]
    return _form_write(
        partnership,
        "status_form",
        form,
        lambda: change_status(
            admin=current_user, partnership_id=partnership_id, new_status=form.new_status.data or ""
        ),
        _("The status is changed."),
    )


@bp.post("/partnerskaber/<int:partnership_id>/udgiv")
@admin_required
def partnership_publish(partnership_id: int) -> ResponseReturnValue:
    require_confirmation()
    _own_or_404(partnership_id)
    attempt(
        lambda: set_published(admin=current_user, partnership_id=partnership_id, published=True),
        done=_("The partnership is published: its page is public and every municipality can read it."),
    )
    return redirect(url_for("admin.partnership_detail", partnership_id=partnership_id), 303)


@bp.post("/partnerskaber/<int:partnership_id>/tilbagekald")
@admin_required
def partnership_unpublish(partnership_id: int) -> ResponseReturnValue:
    require_confirmation()
    _own_or_404(partnership_id)
    attempt(
        lambda: set_published(admin=current_user, partnership_id=partnership_id, published=False),
        done=_("The partnership is no longer published: only your municipality sees it."),
    )
    return redirect(url_for("admin.partnership_detail", partnership_id=partnership_id), 303)


@bp.get("/partnerskaber/andre-kommuner")
@staff_required
def partnerships_elsewhere() -> Response:
    """Every municipality's published partnerships (shared knowledge), read-only, filtered by
    the theme's name; each links to its municipality's public page."""
    form = ElsewhereFilterForm(request.args)
    valid = form.validate() if request.args else True
    entries = published_everywhere(theme=form.tema.data if valid else None)
    return make_response(
        render_template(
            "admin/partnerships_elsewhere.html",
            form=form,
            entries=entries,
            addresses={
                e.municipality_slug: address_of(e.municipality_slug, e.municipality_host) for e in entries
            },
            status_names=STATUS_NAMES,
        ),
        200 if valid else 422,
    )
