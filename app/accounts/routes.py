"""Register, log in and out, and the citizen's own account page."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    LoginForm,
    MoveNeighbourhoodForm,
    ProfileForm,
    RegisterForm,
)
from app.accounts.models import Role
from app.accounts.services import (
    authenticate,
    change_neighbourhood,
    change_password,
    next_neighbourhood_move_on,
    register_user,
    update_profile,
)
from app.errors import DomainError, PermissionDenied
from app.neighbourhoods.queries import all_neighbourhoods
from app.web.forms import apply_domain_error
from app.web.routes import safe_next

bp = Blueprint("accounts", __name__)


def _home() -> str:
    if current_user.is_citizen:
        return url_for("actions.home")
    if current_user.role == Role.BUSINESS:  # straight to the company dashboard
        return url_for("business.dashboard")
    return url_for("web.index")


@bp.route("/registrer", methods=["GET", "POST"])
def register() -> Response:
    if current_user.is_authenticated:
        return redirect(_home())  # type: ignore[return-value]
    form = RegisterForm()
    form.neighbourhood_id.choices = [(0, _("Choose…"))] + [
        (n.id, n.name) for n in all_neighbourhoods()
    ]
    status = 200
    if form.validate_on_submit():
        try:
            user = register_user(
                email=form.email.data or "",
                password=form.password.data or "",
                alias=form.alias.data or "",
                neighbourhood_id=form.neighbourhood_id.data or None,
                show_in_rankings=bool(form.show_in_rankings.data),
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            login_user(user)
            flash(_("Welcome to Klimadyst, %(alias)s!", alias=user.alias), "success")
            return redirect(url_for("actions.home"), 303)  # type: ignore[return-value]
    if request.method == "POST":
        status = 422
    return make_response(render_template("accounts/register.html", form=form), status)


@bp.route("/log-ind", methods=["GET", "POST"])
def login() -> Response:
    if current_user.is_authenticated:
        return redirect(_home())  # type: ignore[return-value]
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(email=form.email.data or "", password=form.password.data or "")
        if user is not None:
            login_user(user, remember=bool(form.remember.data))
            flash(_("You are logged in."), "success")
            return redirect(safe_next(request.args.get("next"), _home()), 303)  # type: ignore[return-value]
        form.password.errors = [_("Wrong e-mail or password.")]
    status = 422 if request.method == "POST" else 200
    return make_response(render_template("accounts/login.html", form=form), status)


@bp.post("/log-ud")
def logout() -> Response:
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("web.index"), 303)  # type: ignore[return-value]


def _with_area_choices(form: MoveNeighbourhoodForm) -> MoveNeighbourhoodForm:
    form.neighbourhood_id.choices = [(0, _("Choose…"))] + [
        (n.id, n.name) for n in all_neighbourhoods()
    ]
    return form


def _account_page(status: int = 200, **forms: object) -> Response:
    context = {
        "profile_form": ProfileForm(obj=current_user, formdata=None),
        "password_form": ChangePasswordForm(formdata=None),
        "move_form": _with_area_choices(MoveNeighbourhoodForm(formdata=None)),
        "delete_form": DeleteAccountForm(formdata=None),
    }
    context.update(forms)
    move_allowed_on = (next_neighbourhood_move_on(user=current_user)
                       if current_user.neighbourhood_id is not None else None)
    from app.api.queries import tokens_of
    from app.clock import utcnow

    return make_response(render_template("accounts/account.html", move_allowed_on=move_allowed_on,
                                         api_tokens=tokens_of(current_user, utcnow()),
                                         **context), status)


@bp.get("/konto")
@login_required
def account() -> Response:
    return _account_page()


@bp.post("/konto/apps/<int:token_id>/tilbagekald")
@login_required
def revoke_app_token(token_id: int) -> Response:
    """Sign a phone app out: its token stops working at once."""
    from app.api.services import revoke_token

    try:
        token = revoke_token(user=current_user, token_id=token_id)
    except DomainError as error:
        flash(str(error.message), "error")
    else:
        flash(_("%(name)s is signed out.", name=token.name), "success")
    return redirect(url_for("accounts.account") + "#apps-title", 303)  # type: ignore[return-value]


@bp.post("/konto/profil")
@login_required
def profile() -> Response:
    form = ProfileForm()
    if form.validate_on_submit():
        try:
            update_profile(user=current_user, alias=form.alias.data or "",
                           show_in_rankings=bool(form.show_in_rankings.data))
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("accounts.account"), 303)  # type: ignore[return-value]
    return _account_page(422, profile_form=form)


@bp.post("/konto/adgangskode")
@login_required
def password() -> Response:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            user = change_password(user=current_user,
                                   current_password=form.current_password.data or "",
                                   new_password=form.password.data or "")
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            login_user(user)  # keep this session; others were signed out by the new version
            flash(_("Your password is changed. Other devices have been logged out."), "success")
            return redirect(url_for("accounts.account"), 303)  # type: ignore[return-value]
    return _account_page(422, password_form=form)


@bp.post("/konto/omraade")
@login_required
def neighbourhood() -> Response:
    form = _with_area_choices(MoveNeighbourhoodForm())
    status = 422
    if form.validate_on_submit():
        try:
            user = change_neighbourhood(user=current_user,
                                        neighbourhood_id=form.neighbourhood_id.data or 0)
        except DomainError as error:
            apply_domain_error(form, error)
            if isinstance(error, PermissionDenied):
                status = 403
        else:
            flash(_("You have moved to %(area)s. Your next logs count there.",
                    area=user.neighbourhood.name if user.neighbourhood else ""), "success")
            return redirect(url_for("accounts.account"), 303)  # type: ignore[return-value]
    return _account_page(status, move_form=form)


@bp.get("/konto/eksport")
@login_required
def export() -> Response:
    """Everything stored about me, as JSON (GDPR art. 15 and 20)."""
    from app.privacy.routes import export_download

    return export_download(current_user, "json")


@bp.get("/konto/eksport.zip")
@login_required
def export_csv() -> Response:
    """The same export as a zip of CSV files for Danish Excel."""
    from app.privacy.routes import export_download

    return export_download(current_user, "zip")


@bp.post("/konto/slet")
@login_required
def delete() -> Response:
    from app.privacy.services import delete_own_account

    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            delete_own_account(user=current_user, password=form.password.data or "")
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            logout_user()
            flash(_("Your account is deleted. Thank you for taking part."), "info")
            return redirect(url_for("web.index"), 303)  # type: ignore[return-value]
    return _account_page(422, delete_form=form)
