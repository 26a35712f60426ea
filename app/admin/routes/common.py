"""Small helpers shared by the admin views."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Response, flash, make_response, redirect, render_template
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from app.actions.catalogue import ActionData
from app.actions.labels import category_names
from app.actions.models import Action, Category
from app.admin.forms import ActionForm, OfferForm
from app.plan.labels import plan_area_names
from app.sparring.desk import OfferData
from app.sparring.labels import COSTS, SCOPES
from app.sparring.models import SparringOffer
from app.web.htmx import is_partial_request


def category_choices(*, blank: str | None = None) -> list[SelectChoice]:
    names = category_names()
    choices = [SelectChoice(c.value, names.get(c.value, c.value)) for c in Category]
    return [SelectChoice("", blank), *choices] if blank is not None else choices


def done(message: str, target: str, *, partial: str | None = None, **context: Any) -> ResponseReturnValue:
    """After a successful write: the partial for a real htmx request, else flash + 303."""
    if partial is not None and is_partial_request():
        return make_response(render_template(partial, message=message, **context))
    flash(message, "success")
    return redirect(target, 303)


def form_page(form: FlaskForm, template: str, /, **context: Any) -> Response:
    """A form's page: 200 for the first GET, 422 when a submitted form has to be shown again."""
    return make_response(render_template(template, **context), 422 if form.is_submitted() else 200)


def require_confirmation() -> None:
    """A button-only POST must still carry a valid CSRF token (400 otherwise)."""
    from flask import abort

    from app.admin.forms import ConfirmForm

    if not ConfirmForm().validate_on_submit():
        abort(400)


def action_form(action: Action | None = None) -> ActionForm:
    """The action form (the municipality's own actions, the platform's national ones)."""
    form = ActionForm(obj=action)
    form.category.choices = category_choices()
    return form


def action_data(form: ActionForm) -> ActionData:
    return ActionData(
        name_da=(form.name_da.data or "").strip(),
        name_en=(form.name_en.data or "").strip(),
        category=form.category.data or "",
        unit_da=(form.unit_da.data or "").strip(),
        unit_en=(form.unit_en.data or "").strip(),
        co2e_kg_per_unit=form.co2e_kg_per_unit.data,
        source_da=(form.source_da.data or "").strip(),
        source_en=(form.source_en.data or "").strip(),
        points_per_unit=int(form.points_per_unit.data or 0),
        max_units_per_day=Decimal(form.max_units_per_day.data or 0),
        default_quantity=Decimal(form.default_quantity.data or 0),
    )


def offer_form(offer: SparringOffer | None = None) -> OfferForm:
    """The sparring offer form (the municipality's own offers, the platform's national ones)."""
    form = OfferForm(obj=offer)
    form.cost.choices = [SelectChoice(k.value, str(v)) for k, v in COSTS.items()]
    form.scope.choices = [SelectChoice(k.value, str(v)) for k, v in SCOPES.items()]
    areas = [SelectChoice(key, name) for key, name in plan_area_names().items()]
    form.plan_area.choices = [SelectChoice("", _("None")), *areas]
    return form


def offer_data(form: OfferForm) -> OfferData:
    return OfferData(
        provider=form.provider.data or "",
        title=form.title.data or "",
        description=form.description.data or "",
        cost=form.cost.data or "",
        scope=form.scope.data or "",
        url=(form.url.data or "").strip(),
        source=form.source.data or "",
        plan_area=form.plan_area.data or None,
    )
