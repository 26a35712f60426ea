"""Register, log in and out, and the citizen's own account page."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.accounts.forms import (
    ButtonForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    MoveNeighbourhoodForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
)
from app.accounts.lifecycle import (
    log_out,
    request_password_reset,
    reset_for_token,
    reset_password,
    send_verification_mail,
    sign_up,
    verification_for_token,
    verify_email,
)
from app.accounts.limits import (
    login_limits,
    register_limits,
    reset_confirm_limits,
    reset_request_limits,
    verification_mail_limit,
)
from app.accounts.models import Role
from app.accounts.pages import account_page, signed_up, with_area_choices
from app.accounts.services import authenticate, change_neighbourhood, change_password, update_profile
from app.accounts.tokens import revoke_token
from app.errors import DomainError, PermissionDenied
from app.neighbourhoods.queries import all_neighbourhoods
from app.web.forms import apply_domain_error
from app.web.language import remember_language
from app.web.security import safe_next
from app.web.submit import attempt, submit

bp = Blueprint("accounts", __name__)


def _home() -> str:
    if current_user.is_citizen:
        return url_for("actions.home")
    if current_user.role == Role.BUSINESS:  # straight to the company dashboard
        return url_for("business.dashboard")
    if current_user.role in (Role.STAFF, Role.ADMIN):  # municipality staff work from the dashboard
        return url_for("admin.dashboard")
    return url_for("web.index")


@bp.route("/registrer", methods=["GET", "POST"])
@register_limits
def register() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(_home())
    form = RegisterForm()
    form.neighbourhood_id.choices = [(0, _("Choose…"))] + [(n.id, n.name) for n in all_neighbourhoods()]
    status = 200
    if form.validate_on_submit():
        try:
            user = sign_up(
                email=form.email.data or "",
                password=form.password.data or "",
                alias=form.alias.data or "",
                neighbourhood_id=form.neighbourhood_id.data or None,
                show_in_rankings=bool(form.show_in_rankings.data),
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return signed_up(user, email=form.email.data or "", next_url=url_for("actions.home"))
    if request.method == "POST":
        status = 422
    return make_response(render_template("accounts/register.html", form=form), status)


@bp.route("/log-ind", methods=["GET", "POST"])
@login_limits
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(_home())
    form = LoginForm()
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            user = authenticate(email=form.email.data or "", password=form.password.data or "")
        except PermissionDenied as refused:  # suspended: the password was right
            form.password.errors = [str(refused.message)]
            status = 403
        else:
            if user is not None:
                login_user(user, remember=bool(form.remember.data))
                flash(_("You are logged in."), "success")
                response = redirect(safe_next(request.args.get("next"), _home()), 303)
                if user.language:  # chosen on another device: this one follows
                    remember_language(response, user.language)
                return response
            form.password.errors = [_("Wrong e-mail or password.")]
    return make_response(render_template("accounts/login.html", form=form), status)


@bp.post("/log-ud")
def logout() -> ResponseReturnValue:
    """Ends the session for real (see lifecycle.log_out): copied cookies stop working too."""
    if current_user.is_authenticated:
        log_out(user=current_user)
    logout_user()
    # The next page tells static/js/offline.js to empty this device's log queue and caches, for
    # browsers that ignore Clear-Site-Data (base.html reads the mark once).
    session["signed_out"] = True
    flash(_("You are logged out."), "info")
    response = redirect(url_for("web.index"), 303)
    # Nothing of this person stays on a shared phone: the service worker's caches, its
    # registration and the offline log queue in IndexedDB go (the cookies are already replaced).
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


# --- forgotten password ------------------------------------------------------------------------


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"  # pages that carry a secret link or token
    return response


@bp.route("/glemt-adgangskode", methods=["GET", "POST"])
@reset_request_limits
def forgot_password() -> Response:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        request_password_reset(email=form.email.data or "")
        # The same page and status whether or not the address has an account.
        return make_response(
            render_template(
                "accounts/forgot_password.html", form=ForgotPasswordForm(formdata=None), sent=True
            )
        )
    status = 422 if request.method == "POST" else 200
    return make_response(render_template("accounts/forgot_password.html", form=form, sent=False), status)


@bp.route("/adgangskode/nulstil/<token>", methods=["GET", "POST"])
@reset_confirm_limits
def reset_password_form(token: str) -> ResponseReturnValue:
    try:
        reset_for_token(token)
    except DomainError as error:
        return _no_store(
            make_response(render_template("accounts/link_invalid.html", message=error.message), 400)
        )
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            reset_password(token=token, new_password=form.password.data or "")
        except DomainError as error:
            if error.code == "reset_token_invalid":  # used up meanwhile (e.g. another tab)
                return _no_store(
                    make_response(render_template("accounts/link_invalid.html", message=error.message), 400)
                )
            apply_domain_error(form, error)
        else:
            if current_user.is_authenticated:
                logout_user()
            flash(
                _(
                    "Your password is changed and you are logged out everywhere. "
                    "Log in with the new password."
                ),
                "success",
            )
            return redirect(url_for("accounts.login"), 303)
    status = 422 if request.method == "POST" else 200
    return _no_store(make_response(render_template("accounts/reset_password.html", form=form), status))


# --- e-mail verification -----------------------------------------------------------------------


@bp.route("/konto/bekraeft/<token>", methods=["GET", "POST"])
def verify_email_form(token: str) -> ResponseReturnValue:
    """GET only shows the button (mail scanners follow links); the POST confirms."""
    try:
        verification_for_token(token)
    except DomainError as error:
        return _no_store(
            make_response(render_template("accounts/link_invalid.html", message=error.message), 400)
        )
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            verify_email(token=token)
        except DomainError as error:
            return _no_store(
                make_response(render_template("accounts/link_invalid.html", message=error.message), 400)
            )
        flash(_("Your e-mail address is confirmed. Thank you."), "success")
        target = "accounts.account" if current_user.is_authenticated else "accounts.login"
        return redirect(url_for(target), 303)
    if request.method == "POST":
        abort(400)  # the CSRF token was missing or wrong
    return _no_store(make_response(render_template("accounts/verify_email.html", form=form)))


@bp.post("/konto/bekraeft-igen")
@login_required
@verification_mail_limit
def resend_verification() -> ResponseReturnValue:
    if not ButtonForm().validate_on_submit():
        abort(400)
    attempt(
        lambda: send_verification_mail(user=current_user),
        refused="info",
        done=_("We have sent a new mail to %(email)s. Follow the link in it.", email=current_user.email),
    )
    return redirect(safe_next(request.form.get("next"), url_for("accounts.account")), 303)


@bp.get("/konto")
@login_required
def account() -> Response:
    return account_page()


@bp.post("/konto/apps/<int:token_id>/tilbagekald")
@login_required
def revoke_app_token(token_id: int) -> ResponseReturnValue:
    """Sign a phone app out: its token stops working at once."""

    attempt(
        lambda: revoke_token(user=current_user, token_id=token_id),
        done=lambda token: _("%(name)s is signed out.", name=token.name),
    )
    return redirect(url_for("accounts.account") + "#apps-title", 303)


@bp.post("/konto/profil")
@login_required
def profile() -> ResponseReturnValue:
    form = ProfileForm()
    done = submit(
        form,
        lambda: update_profile(
            user=current_user, alias=form.alias.data or "", show_in_rankings=bool(form.show_in_rankings.data)
        ),
        done=_("Your profile is saved."),
        to=url_for("accounts.account"),
    )
    if done is not None:
        return done
    return account_page(422, profile_form=form)


@bp.post("/konto/adgangskode")
@login_required
def password() -> ResponseReturnValue:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            user = change_password(
                user=current_user,
                current_password=form.current_password.data or "",
                new_password=form.password.data or "",
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            login_user(user)  # keep this session; others were signed out by the new version
            flash(_("Your password is changed. Other devices have been logged out."), "success")
            return redirect(url_for("accounts.account"), 303)
    return account_page(422, password_form=form)


@bp.post("/konto/omraade")
@login_required
def neighbourhood() -> ResponseReturnValue:
    form = with_area_choices(MoveNeighbourhoodForm())
    status = 422
    if form.validate_on_submit():
        try:
            user = change_neighbourhood(user=current_user, neighbourhood_id=form.neighbourhood_id.data or 0)
        except DomainError as error:
            apply_domain_error(form, error)
            if isinstance(error, PermissionDenied):
                status = 403
        else:
            flash(
                _(
                    "You have moved to %(area)s. Your next logs count there.",
                    area=user.neighbourhood.name if user.neighbourhood else "",
                ),
                "success",
            )
            return redirect(url_for("accounts.account"), 303)
    return account_page(status, move_form=form)
