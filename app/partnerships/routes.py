"""The public side of partnerships: the municipality's catalogue and one page per partnership
(published only; an unpublished one is a 404 for everyone here)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, make_response, render_template, request
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from app.partnerships.charts import kpi_chart
from app.partnerships.forms import PublicFilterForm, status_choices
from app.partnerships.labels import STATUS_NAMES
from app.partnerships.queries import kpi_status, published_partnership, published_partnerships
from app.plan.queries import themes
from app.settings import local_today
from app.web.htmx import render
from app.web.http_cache import public
from app.web.templating import localised

bp = Blueprint("partnerships", __name__)


def _filter() -> tuple[PublicFilterForm, dict[str, str | None]]:
    form = PublicFilterForm(request.args)
    form.tema.choices = [
        SelectChoice("", _("All themes")),
        *(SelectChoice(t.slug, localised(t, "name")) for t in themes()),
    ]
    form.status.choices = status_choices(blank=_("All statuses"))
    if not request.args or not form.validate():
        return form, {}
    return form, {"theme_slug": form.tema.data or None, "status": form.status.data or None}


@bp.get("/partnerskaber")
@public(max_age=60)
def index() -> Response:
    """The published partnerships, filtered by theme and status (GET; htmx swaps the list)."""
    form, wanted = _filter()
    return render(
        "partnerships/index.html",
        "partnerships/_list.html",
        status=422 if form.errors else 200,
        form=form,
        partnerships=published_partnerships(**wanted),
        status_names=STATUS_NAMES,
    )


@bp.get("/partnerskaber/<partnership_slug>")
@public(max_age=60)
def detail(partnership_slug: str) -> Response:
    partnership = published_partnership(partnership_slug)
    if partnership is None:
        abort(404)
    today = local_today()
    kpis = [
        (
            kpi_status(partnership, kpi, today),
            kpi_chart([(c.on_date, c.value) for c in kpi.check_ins], target=kpi.target),
        )
        for kpi in partnership.kpis
    ]
    return make_response(
        render_template(
            "partnerships/detail.html", partnership=partnership, kpis=kpis, status_names=STATUS_NAMES
        )
    )
