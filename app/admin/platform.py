"""The platform administrator's area at /platform, on the platform's own address only.

A separate sign-in (app/platform/accounts.py): its session id starts with "p.", and the user
loader (app/features.py) resolves such an id only inside this blueprint, and no municipality's
account inside it. Every view carries `platform_admin_required`; the request names no municipality.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from wtforms.fields.choices import SelectChoice

from app.accounts.limits import login_limits
from app.actions.labels import category_names
from app.admin.forms import ConfirmForm, OfferForm
from app.admin.platform_forms import InterChallengeForm, MunicipalityForm, PlatformLoginForm
from app.admin.routes.common import (
    action_data,
    action_form,
    form_page,
    offer_data,
    offer_form,
    require_confirmation,
)
from app.errors import DomainError, ValidationError
from app.intermunicipal.queries import all_challenges
from app.intermunicipal.services import InterChallengeInput
from app.platform.accounts import authenticate_platform_admin, log_out_platform_admin, recent_platform_audit
from app.platform.models import PlatformAdmin
from app.platform.national import (
    NewMunicipality,
    create_national_action,
    national_action,
    national_actions,
    national_offer,
    national_offers,
    open_inter_challenge,
    open_municipality,
    parse_areas_csv,
    save_national_offer,
    set_municipality_active,
    set_national_action_active,
    set_national_offer_active,
    update_national_action,
)
from app.settings import local_today
from app.sparring.labels import sparring_labels
from app.tenancy.context import NO_MUNICIPALITY, Scope, set_request_scope
from app.tenancy.hosts import address_of, bare_host_names, request_host_name
from app.tenancy.services import all_municipalities
from app.web.security import safe_next
from app.web.submit import submit

bp = Blueprint("platform_admin", __name__, url_prefix="/platform")

F = TypeVar("F", bound=Callable[..., Any])

OBJECT_NAMES = {
    "municipality": _l("the municipality"),
    "action": _l("the national action"),
    "sparring_offer": _l("the national offer"),
    "inter_challenge": _l("the challenge between municipalities"),
}


@bp.before_request
def platform_address_only() -> None:
    """Only the platform's own address serves this area (its cookie is not a municipality's).
    The request names no municipality (nothing of one is read or written by accident, the pages
    speak of the platform); each write enters platform scope itself (app/platform/national.py)."""
    if request_host_name(request.host) not in bare_host_names():
        abort(404)
    set_request_scope(Scope(NO_MUNICIPALITY))


@bp.after_request
def never_cached(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    return response


def platform_admin_required(view: F) -> F:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not isinstance(current_user._get_current_object(), PlatformAdmin):
            if request.method != "GET":
                abort(401)
            return redirect(url_for("platform_admin.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    wrapped.platform_admin_only = True  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]


# --- signing in -------------------------------------------------------------------------------


@bp.route("/log-ind", methods=["GET", "POST"])
@login_limits
def login() -> ResponseReturnValue:
    if isinstance(current_user._get_current_object(), PlatformAdmin):
        return redirect(url_for("platform_admin.overview"))
    form = PlatformLoginForm()
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        admin = authenticate_platform_admin(email=form.email.data or "", password=form.password.data or "")
        if admin is not None:
            login_user(admin)
            flash(_("You are logged in."), "success")
            return redirect(safe_next(request.args.get("next"), url_for("platform_admin.overview")), 303)
        form.password.errors = [_("Wrong e-mail or password.")]
    return make_response(render_template("admin/platform/login.html", form=form), status)


@bp.post("/log-ud")
def logout() -> ResponseReturnValue:
    """Ends every session of the administrator (copied cookies too); signed out already, it
    simply answers the same."""
    require_confirmation()
    admin = current_user._get_current_object()
    if isinstance(admin, PlatformAdmin):
        log_out_platform_admin(admin)
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("platform.home"), 303)


# --- overview and municipalities ---------------------------------------------------------------


@bp.get("/")
@platform_admin_required
def overview() -> Response:
    municipalities = all_municipalities()
    return make_response(
        render_template(
            "admin/platform/overview.html",
            municipalities=municipalities,
            addresses={m.slug: address_of(m.slug, m.host_name) for m in municipalities},
            entries=recent_platform_audit(10),
            object_names=OBJECT_NAMES,
            confirm=ConfirmForm(),
        )
    )


@bp.get("/log")
@platform_admin_required
def audit_log() -> Response:
    return make_response(
        render_template(
            "admin/platform/audit.html", entries=recent_platform_audit(200), object_names=OBJECT_NAMES
        )
    )


def _areas_text(form: MunicipalityForm) -> str:
    upload = form.areas_file.data
    if upload is not None and upload.filename:
        raw = upload.read()
        try:
            return str(raw.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                return str(raw.decode("cp1252"))  # Excel's own "CSV" on Danish Windows
            except UnicodeDecodeError as exc:
                raise ValidationError(
                    _("The areas file must be a text (CSV) file."), field="areas_file"
                ) from exc
    return form.areas_text.data or ""


def _new_municipality(form: MunicipalityForm) -> Any:
    try:
        areas = parse_areas_csv(_areas_text(form))
    except ValidationError as error:
        raise ValidationError(error.message, field="areas_text") from error
    return open_municipality(
        actor=current_user._get_current_object(),
        data=NewMunicipality(
            slug=(form.slug.data or "").strip().lower(),
            name=(form.name.data or "").strip(),
            inhabitants=int(form.inhabitants.data or 0),
            inhabitants_year=form.inhabitants_year.data,
            inhabitants_source=(form.inhabitants_source.data or "").strip(),
            host_name=(form.host_name.data or "").strip() or None,
            areas=areas,
            admin_email=form.admin_email.data or "",
            admin_alias=(form.admin_alias.data or "").strip(),
        ),
    )


@bp.route("/kommuner/ny", methods=["GET", "POST"])
@platform_admin_required
def municipality_new() -> ResponseReturnValue:
    form = MunicipalityForm()
    done = submit(
        form,
        lambda: _new_municipality(form),
        done=lambda m: _(
            "%(name)s is created. Its first administrator has an e-mail with a link to choose a password.",
            name=m.name,
        ),
        to=url_for("platform_admin.overview"),
    )
    return done or form_page(form, "admin/platform/municipality_form.html", form=form)


@bp.post("/kommuner/<municipality_slug>/aktiv")
@platform_admin_required
def municipality_active(municipality_slug: str) -> ResponseReturnValue:
    require_confirmation()
    active = request.form.get("active") == "1"
    try:
        municipality = set_municipality_active(
            actor=current_user._get_current_object(), slug=municipality_slug, active=active
        )
    except DomainError as error:
        if error.status_code == 404:
            abort(404)
        raise
    flash(
        _("%(name)s is open again.", name=municipality.name)
        if active
        else _(
            "%(name)s is closed: its address answers 404 until it is opened again.", name=municipality.name
        ),
        "success",
    )
    return redirect(url_for("platform_admin.overview"), 303)


# --- the national catalogue ---------------------------------------------------------------------


def _national_or_404(load: Callable[[int], Any], object_id: int) -> Any:
    try:
        return load(object_id)
    except DomainError:
        abort(404)


@bp.get("/handlinger")
@platform_admin_required
def actions() -> Response:
    return make_response(
        render_template(
            "admin/platform/actions.html",
            actions=national_actions(),
            category_names=category_names(),
            confirm=ConfirmForm(),
        )
    )


@bp.route("/handlinger/ny", methods=["GET", "POST"])
@platform_admin_required
def action_new() -> ResponseReturnValue:
    form = action_form()
    done = submit(
        form,
        lambda: create_national_action(actor=current_user._get_current_object(), data=action_data(form)),
        done=lambda a: _("%(name)s was added to the national catalogue.", name=a.name_da),
        to=url_for("platform_admin.actions"),
    )
    return done or form_page(form, "admin/platform/action_form.html", form=form, action=None)


@bp.route("/handlinger/<int:action_id>", methods=["GET", "POST"])
@platform_admin_required
def action_edit(action_id: int) -> ResponseReturnValue:
    action = _national_or_404(national_action, action_id)
    form = action_form(action)
    done = submit(
        form,
        lambda: update_national_action(
            actor=current_user._get_current_object(), action_id=action.id, data=action_data(form)
        ),
        done=_("Saved for every municipality. New points and figures apply to logs from now on."),
        to=url_for("platform_admin.actions"),
    )
    return done or form_page(form, "admin/platform/action_form.html", form=form, action=action)


@bp.post("/handlinger/<int:action_id>/aktiv")
@platform_admin_required
def action_active(action_id: int) -> ResponseReturnValue:
    require_confirmation()
    action = _national_or_404(national_action, action_id)
    active = request.form.get("active") == "1"
    set_national_action_active(actor=current_user._get_current_object(), action_id=action.id, active=active)
    flash(
        _("%(name)s can be logged again.", name=action.name_da)
        if active
        else _(
            "%(name)s is retired: it can no longer be logged, and its logs keep counting.",
            name=action.name_da,
        ),
        "success",
    )
    return redirect(url_for("platform_admin.actions"), 303)


# --- national sparring offers -------------------------------------------------------------------


@bp.get("/sparring")
@platform_admin_required
def offers() -> Response:
    return make_response(
        render_template(
            "admin/platform/offers.html", offers=national_offers(), confirm=ConfirmForm(), **sparring_labels()
        )
    )


def _save_offer(form: OfferForm, offer: Any) -> ResponseReturnValue:
    done = submit(
        form,
        lambda: save_national_offer(
            actor=current_user._get_current_object(),
            data=offer_data(form),
            offer_id=offer.id if offer else None,
        ),
        done=lambda saved: _("%(title)s is saved.", title=saved.title),
        to=url_for("platform_admin.offers"),
    )
    return done or form_page(form, "admin/platform/offer_form.html", form=form, offer=offer)


@bp.route("/sparring/ny", methods=["GET", "POST"])
@platform_admin_required
def offer_new() -> ResponseReturnValue:
    return _save_offer(offer_form(), None)


@bp.route("/sparring/<int:offer_id>", methods=["GET", "POST"])
@platform_admin_required
def offer_edit(offer_id: int) -> ResponseReturnValue:
    offer = _national_or_404(national_offer, offer_id)
    return _save_offer(offer_form(offer), offer)


@bp.post("/sparring/<int:offer_id>/aktiv")
@platform_admin_required
def offer_active(offer_id: int) -> ResponseReturnValue:
    require_confirmation()
    offer = _national_or_404(national_offer, offer_id)
    active = request.form.get("active") == "1"
    set_national_offer_active(actor=current_user._get_current_object(), offer_id=offer.id, active=active)
    flash(
        _("%(title)s is back in the catalogue.", title=offer.title)
        if active
        else _(
            "%(title)s is retired: it can no longer be requested, and existing requests keep it.",
            title=offer.title,
        ),
        "success",
    )
    return redirect(url_for("platform_admin.offers"), 303)


# --- challenges between the municipalities -----------------------------------------------------


@bp.get("/faelles-udfordringer")
@platform_admin_required
def inter_challenges() -> Response:
    return make_response(
        render_template(
            "admin/platform/inter_challenges.html", challenges=all_challenges(), today=local_today()
        )
    )


def _challenge_form() -> InterChallengeForm:
    form = InterChallengeForm()
    form.actions.choices = [
        SelectChoice(a.slug, a.name(str(get_locale()))) for a in national_actions() if a.is_active
    ]
    return form


def _challenge_input(form: InterChallengeForm) -> InterChallengeInput:
    return InterChallengeInput(
        slug=(form.slug.data or "").strip().lower(),
        title_da=form.title_da.data or "",
        title_en=form.title_en.data or "",
        description_da=form.description_da.data or "",
        description_en=form.description_en.data or "",
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        metric=form.metric.data or "",
        target_value=Decimal(form.target_value.data or 0),
        action_slugs=tuple(form.actions.data or ()),
    )


@bp.route("/faelles-udfordringer/ny", methods=["GET", "POST"])
@platform_admin_required
def inter_challenge_new() -> ResponseReturnValue:
    form = _challenge_form()
    done = submit(
        form,
        lambda: open_inter_challenge(
            actor=current_user._get_current_object(), data=_challenge_input(form), today=local_today()
        ),
        done=lambda c: _(
            "%(title)s is created: the municipalities can join it before its first day.", title=c.title_da
        ),
        to=url_for("platform_admin.inter_challenges"),
    )
    return done or form_page(form, "admin/platform/inter_challenge_form.html", form=form)
