"""Account lifecycle use cases: sign-up with e-mail verification, password reset, ending sessions."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import ApiToken, EmailVerificationToken, PasswordResetToken, Role, User
from app.accounts.passwords import hash_password
from app.accounts.services import _check_password_strength, add_new_user, normalise_email, prepare_account
from app.clock import utcnow
from app.db import db, write_transaction
from app.digest import secret_digest
from app.errors import ConflictError, DomainError, ValidationError
from app.outbox.services import absolute_url, queue_mail
from app.settings import setting


def _new_secret() -> tuple[str, str]:
    secret = secrets.token_urlsafe(32)
    return secret, secret_digest(secret)


def _reset_invalid() -> DomainError:
    return DomainError(
        _l(
            "This password reset link is not valid any more: it has been used, "
            "has expired or was never issued. Ask for a new one."
        ),
        code="reset_token_invalid",
    )


def _locked_user(user_id: int) -> User | None:
    """The account, row-locked on PostgreSQL (SQLite already holds the write lock). The lock is
    taken on users alone: FOR UPDATE cannot cover the eager outer join to the neighbourhood."""
    db.session.execute(select(User.id).where(User.id == user_id).with_for_update())
    return db.session.get(User, user_id)


def _verification_invalid() -> DomainError:
    return DomainError(
        _l(
            "This confirmation link is not valid any more: it has been used, "
            "has expired or was never issued. Log in and ask for a new one."
        ),
        code="verification_token_invalid",
    )


# --- sessions ----------------------------------------------------------------------------------


def _revoke_api_tokens(user_id: int, now: datetime) -> None:
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )


def end_all_sessions(*, user: User, now: datetime | None = None) -> None:
    """Sign the person out everywhere: every web session and remember-me cookie (by bumping
    session_version) and every API token (revoked). Joins the caller's transaction."""
    with write_transaction():
        user.session_version += 1
        _revoke_api_tokens(user.id, now or utcnow())


def log_out(*, user: User) -> None:
    """Logout ends the session for real: a copy of the session or remember-me cookie stops
    working. Login ids carry session_version, so bumping it signs out every browser of the
    person (all devices). Phone apps are separate sign-ins (each one a token the person can
    revoke on the account page), so live tokens are carried over to the new version."""
    with write_transaction():
        old = user.session_version
        user.session_version = old + 1
        db.session.execute(
            update(ApiToken)
            .where(
                ApiToken.user_id == user.id, ApiToken.session_version == old, ApiToken.revoked_at.is_(None)
            )
            .values(session_version=old + 1)
            .execution_options(synchronize_session=False)
        )


# --- sign-up and verification ------------------------------------------------------------------


def _queue_verification_mail(user: User, now: datetime) -> None:
    secret, digest = _new_secret()
    days = int(setting("EMAIL_VERIFICATION_VALID_DAYS"))
    db.session.add(
        EmailVerificationToken(
            user_id=user.id, token_hash=digest, created_at=now, expires_at=now + timedelta(days=days)
        )
    )
    queue_mail(
        to=user.email,
        kind="email_verification",
        subject=_("Confirm your e-mail address for Klimadyst"),
        body=_(
            "Hi %(alias)s,\n\nConfirm that this is your e-mail address by opening this link "
            "(it works once and expires in %(days)s days):\n%(link)s\n\nIf you did not "
            "create an account on Klimadyst, you can ignore this mail.",
            alias=user.alias,
            days=days,
            link=absolute_url("accounts.verify_email_form", token=secret),
        ),
    )


def _queue_registration_attempt_mail(user: User) -> None:
    with force_locale(str(setting("BABEL_DEFAULT_LOCALE"))):
        queue_mail(
            to=user.email,
            kind="registration_attempt",
            subject=_("Someone tried to sign up with your e-mail address"),
            body=_(
                "Hi %(alias)s,\n\nSomeone just tried to create a Klimadyst account with this "
                "e-mail address, but you already have one. If it was you, log in here:\n"
                "%(login)s\n\nIf you have forgotten your password, reset it here:\n%(reset)s"
                "\n\nIf it was not you, you can ignore this mail: nothing has changed.",
                alias=user.alias,
                login=absolute_url("accounts.login"),
                reset=absolute_url("accounts.forgot_password"),
            ),
        )


def sign_up(
    *,
    email: str,
    password: str,
    alias: str,
    neighbourhood_id: int | None,
    role: Role = Role.CITIZEN,
    show_in_rankings: bool = False,
    now: datetime | None = None,
) -> User | None:
    """Public registration (citizens and business accounts) with e-mail verification.

    The new account is created unverified (email_verified_at NULL) and a verification link
    (valid EMAIL_VERIFICATION_VALID_DAYS, single use) is mailed. The form's own rules (password
    strength, alias taken, area) are checked first, for every address alike. If the address
    already has an account nothing is created: its owner is mailed instead and None is
    returned, so the caller can answer exactly as for a new account and nobody learns from
    the form which addresses are registered.
    """
    moment = now or utcnow()
    email, alias, password_hash = prepare_account(email=email, password=password, alias=alias)
    try:
        with write_transaction():
            existing = db.session.scalar(select(User).where(User.email == email))
            user = add_new_user(
                email=email,
                password_hash=password_hash,
                alias=alias,
                neighbourhood_id=neighbourhood_id,
                role=role,
                show_in_rankings=show_in_rankings,
                verified_at=None,
            )
            if existing is not None:
                db.session.expunge(user)  # checked like a new account, but never stored
                _queue_registration_attempt_mail(existing)
                return None
            db.session.flush()
            _queue_verification_mail(user, moment)
    except IntegrityError as exc:  # a simultaneous registration took the alias or address
        raise ConflictError(_l("That alias is taken. Choose another."), field="alias") from exc
    return user


def send_verification_mail(*, user: User, now: datetime | None = None) -> None:
    """Mail a new verification link. Earlier links keep working until they expire.
    An address that is already verified is a ConflictError (code `already_verified`)."""
    if user.email_verified_at is not None:
        raise ConflictError(_l("Your e-mail address is already confirmed."), code="already_verified")
    with write_transaction():
        _queue_verification_mail(user, now or utcnow())


def verification_for_token(token: str, *, now: datetime | None = None) -> EmailVerificationToken:
    """The open verification link for `token`; a DomainError (400, code
    `verification_token_invalid`) when unknown, used or expired."""
    # Joined to the (scoped) account: a link of another municipality's person is unknown here.
    row = db.session.scalar(
        select(EmailVerificationToken)
        .join(User, User.id == EmailVerificationToken.user_id)
        .where(EmailVerificationToken.token_hash == secret_digest(token))
    )
    if row is None or row.used_at is not None or row.expires_at <= (now or utcnow()):
        raise _verification_invalid()
    return row


def verify_email(*, token: str, now: datetime | None = None) -> User:
    """Follow the link in the verification mail: the address is confirmed, the link and any
    other open verification link of the account are used up."""
    moment = now or utcnow()
    with write_transaction():
        row = verification_for_token(token, now=moment)
        user = _locked_user(row.user_id)
        if user is None:  # pragma: no cover - the FK cascades; kept for the type checker
            raise _verification_invalid()
        if user.email_verified_at is None:
            user.email_verified_at = moment
        db.session.execute(
            update(EmailVerificationToken)
            .where(EmailVerificationToken.user_id == user.id, EmailVerificationToken.used_at.is_(None))
            .values(used_at=moment)
            .execution_options(synchronize_session=False)
        )
    return user


# --- password reset ----------------------------------------------------------------------------


def request_password_reset(*, email: str, now: datetime | None = None) -> None:
    """'Forgot password': mail a reset link (valid PASSWORD_RESET_VALID_MINUTES, single use)
    when the address has an active account; otherwise do nothing. The caller answers the same
    either way. Both paths create a secret, hash it and build the mail text, so they take
    about the same time; only the insert is skipped for an unknown address."""
    moment = now or utcnow()
    minutes = int(setting("PASSWORD_RESET_VALID_MINUTES"))
    secret, digest = _new_secret()
    address = normalise_email(email)
    user = db.session.scalar(select(User).where(User.email == address)) if address else None
    subject = _("Reset your Klimadyst password")
    body = _(
        "Hi %(alias)s,\n\nSomeone (we hope you) asked to reset the password of your "
        "Klimadyst account. Choose a new password here (the link works once and expires "
        "in %(minutes)s minutes):\n%(link)s\n\nIf you did not ask for this, ignore this "
        "mail: your password stays as it is.",
        alias=user.alias if user else "",
        minutes=minutes,
        link=absolute_url("accounts.reset_password_form", token=secret),
    )
    if user is None or user.is_suspended:
        db.session.rollback()  # end the read like the write path does
        return
    with write_transaction():
        db.session.add(
            PasswordResetToken(
                user_id=user.id,
                token_hash=digest,
                created_at=moment,
                expires_at=moment + timedelta(minutes=minutes),
            )
        )
        queue_mail(to=user.email, subject=subject, body=body, kind="password_reset")


def invite_admin(
    *, email: str, alias: str, municipality_name: str, valid_days: int = 7, now: datetime | None = None
) -> User:
    """The first administrator of a new municipality (the platform admin's form): an account with
    no usable password and a one-time link, mailed to `email`, that chooses one (the password
    reset page; valid `valid_days`). Joins the caller's transaction; run it in the municipality."""
    moment = now or utcnow()
    address = normalise_email(email)
    if not address or len(address) > 254 or "@" not in address:
        raise ValidationError(_l("Enter a valid e-mail address."), field="admin_email")
    secret, digest = _new_secret()
    with write_transaction():
        if db.session.scalar(select(User.id).where(User.email == address)) is not None:
            raise ConflictError(_l("An account with this e-mail already exists."), field="admin_email")
        try:
            user = add_new_user(
                email=address,
                password_hash=hash_password(secrets.token_urlsafe(32)),  # nobody knows it
                alias=alias,
                neighbourhood_id=None,
                role=Role.ADMIN,
                show_in_rankings=False,
                verified_at=moment,  # the link proves the address when it is used
            )
        except DomainError as error:  # the alias: name the invite form's own field
            raise type(error)(error.message, field="admin_alias", code=error.code) from error
        db.session.flush()
        db.session.add(
            PasswordResetToken(
                user_id=user.id,
                token_hash=digest,
                created_at=moment,
                expires_at=moment + timedelta(days=valid_days),
            )
        )
        queue_mail(
            to=address,
            subject=_("You are the administrator of %(name)s on Klimadyst", name=municipality_name),
            body=_(
                "Hi %(alias)s,\n\n%(name)s is now on Klimadyst, and you are its first "
                "administrator. Choose your password here (the link works once and expires in "
                "%(days)s days):\n%(link)s\n\nThen log in with this e-mail address and invite "
                "your colleagues.",
                alias=user.alias,
                name=municipality_name,
                days=valid_days,
                link=absolute_url("accounts.reset_password_form", token=secret),
            ),
            kind="admin_invite",
        )
    return user


def reset_for_token(token: str, *, now: datetime | None = None) -> PasswordResetToken:
    """The open reset link for `token`; a DomainError (400, code `reset_token_invalid`) when
    unknown, used or expired."""
    # Joined to the (scoped) account: a link of another municipality's person is unknown here.
    row = db.session.scalar(
        select(PasswordResetToken)
        .join(User, User.id == PasswordResetToken.user_id)
        .where(PasswordResetToken.token_hash == secret_digest(token))
    )
    if row is None or row.used_at is not None or row.expires_at <= (now or utcnow()):
        raise _reset_invalid()
    return row


def reset_password(*, token: str, new_password: str, now: datetime | None = None) -> User:
    """Set a new password from a reset link (the same strength rules as at sign-up).

    The link and every other open reset link of the account are used up; every session,
    remember-me cookie and API token of the account stops working. Following the link proves
    the mailbox is the person's, so the address counts as confirmed.
    """
    moment = now or utcnow()
    user = db.session.get(User, reset_for_token(token, now=moment).user_id)
    if user is None:  # pragma: no cover - the FK cascades
        raise _reset_invalid()
    _check_password_strength(new_password, personal=(user.email.split("@")[0], user.alias))
    password_hash = hash_password(new_password)
    with write_transaction():
        row = reset_for_token(token, now=moment)  # again under the lock: the link works once
        user = _locked_user(row.user_id)
        if user is None:  # pragma: no cover
            raise _reset_invalid()
        user.password_hash = password_hash
        if user.email_verified_at is None:
            user.email_verified_at = moment
        db.session.execute(
            update(PasswordResetToken)
            .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
            .values(used_at=moment)
            .execution_options(synchronize_session=False)
        )
        end_all_sessions(user=user, now=moment)
    return user
