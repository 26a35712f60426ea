"""Account use cases: register, authenticate, change password, privacy settings, move, delete."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import signals
from app.accounts.models import Role, User
from app.accounts.passwords import (
    hash_password,
    needs_rehash,
    verify_password,
    verify_unknown_account,
    weakness,
)
from app.clock import local_date, utcnow
from app.db import db, write_transaction
from app.errors import ConflictError, PermissionDenied, ValidationError
from app.neighbourhoods.models import Neighbourhood
from app.settings import setting, timezone

ALIAS_PATTERN = re.compile(r"^[\wæøåÆØÅ][\w æøåÆØÅ.\-]{1,38}[\wæøåÆØÅ.]$")
EMAIL_MAX = 254
ALIAS_MAX = 40


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _check_password_strength(password: str, *, personal: tuple[str, ...]) -> None:
    reason = weakness(password, min_length=int(setting("PASSWORD_MIN_LENGTH")), personal=personal)
    messages = {
        "too_short": _l("Use at least %(n)s characters.", n=setting("PASSWORD_MIN_LENGTH")),
        "common": _l("That password is one of the most used ones. Choose another."),
        "one_char": _l("Use a wider mix of characters."),
        "personal": _l("The password must not contain your e-mail or alias."),
    }
    if reason is not None:
        raise ValidationError(messages[reason], field="password")
    if len(password) > 128:
        raise ValidationError(_l("Use at most 128 characters."), field="password")


def _check_alias(alias: str, *, exclude_user_id: int | None = None) -> str:
    alias = alias.strip()
    if not ALIAS_PATTERN.match(alias):
        raise ValidationError(_l("An alias is 3-40 letters, digits, spaces, dots or hyphens."), field="alias")
    clash = db.session.scalar(select(User.id).where(User.alias_key == alias.lower()))
    if clash is not None and clash != exclude_user_id:
        raise ConflictError(_l("That alias is taken. Choose another."), field="alias")
    return alias


def prepare_account(*, email: str, password: str, alias: str) -> tuple[str, str, str]:
    """Shape checks and the (slow, on purpose) hash, done before taking the write lock."""
    email = normalise_email(email)
    if not email or len(email) > EMAIL_MAX or "@" not in email:
        raise ValidationError(_l("Enter a valid e-mail address."), field="email")
    alias = alias.strip()
    _check_password_strength(password, personal=(email.split("@")[0], alias))
    return email, alias, hash_password(password)


def add_new_user(
    *,
    email: str,
    password_hash: str,
    alias: str,
    neighbourhood_id: int | None,
    role: Role,
    show_in_rankings: bool,
    verified_at: datetime | None,
) -> User:
    """Inside a write transaction: check the alias and area, then add the account."""
    alias = _check_alias(alias)
    if role == Role.CITIZEN and (
        neighbourhood_id is None or db.session.get(Neighbourhood, neighbourhood_id) is None
    ):
        raise ValidationError(_l("Choose your neighbourhood."), field="neighbourhood_id")
    user = User(
        email=email,
        password_hash=password_hash,
        alias=alias,
        alias_key=alias.lower(),
        role=role,
        neighbourhood_id=neighbourhood_id if role == Role.CITIZEN else None,
        show_in_rankings=show_in_rankings,
        email_verified_at=verified_at,
    )
    db.session.add(user)
    return user


def register_user(
    *,
    email: str,
    password: str,
    alias: str,
    neighbourhood_id: int | None,
    role: Role = Role.CITIZEN,
    show_in_rankings: bool = False,
    email_verified: bool = True,
) -> User:
    """Create an account whose address its creator vouches for (CLI, seed data): verified
    unless told otherwise. E-mails are unique regardless of case (a ConflictError says so);
    citizens need a neighbourhood. The public sign-up forms use `lifecycle.sign_up`, which
    never reveals whether an address has an account."""
    email, alias, password_hash = prepare_account(email=email, password=password, alias=alias)
    try:
        with write_transaction():
            if db.session.scalar(select(User.id).where(User.email == email)) is not None:
                raise ConflictError(_l("An account with this e-mail already exists."), field="email")
            user = add_new_user(
                email=email,
                password_hash=password_hash,
                alias=alias,
                neighbourhood_id=neighbourhood_id,
                role=role,
                show_in_rankings=show_in_rankings,
                verified_at=utcnow() if email_verified else None,
            )
    except IntegrityError as exc:  # a simultaneous registration won the race
        raise ConflictError(
            _l("An account with this e-mail or alias already exists."), field="email"
        ) from exc
    return user


def authenticate(*, email: str, password: str, now: datetime | None = None) -> User | None:
    """The user for these credentials, or None. Upgrades old hashes and stamps the login.

    A suspended account with the right password is refused with PermissionDenied (code
    `account_suspended`): only someone who knows the password learns of the suspension."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        verify_unknown_account(password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if user.is_suspended:
        raise PermissionDenied(
            _l(
                "Your account is suspended, so you cannot log in. Contact the municipality "
                "if you think this is a mistake."
            ),
            code="account_suspended",
        )
    with write_transaction():
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        user.last_login_at = now or utcnow()
    return user


def change_password(*, user: User, current_password: str, new_password: str) -> User:
    """Replace the password; every other session and remember-me cookie is signed out."""
    if not verify_password(user.password_hash, current_password):
        raise ValidationError(_l("Your current password is not correct."), field="current_password")
    _check_password_strength(new_password, personal=(user.email.split("@")[0], user.alias))
    with write_transaction():
        user.password_hash = hash_password(new_password)
        user.session_version += 1
    return user


def update_profile(*, user: User, alias: str, show_in_rankings: bool) -> User:
    """Change the public alias and whether the citizen appears in individual rankings."""
    with write_transaction():
        user.alias = _check_alias(alias, exclude_user_id=user.id)
        user.alias_key = user.alias.lower()
        user.show_in_rankings = show_in_rankings
    return user


def set_language(*, user: User, language: str, languages: tuple[str, ...]) -> None:
    """Remember the signed-in person's language (their mails, their other devices)."""
    if language not in languages:
        raise ValidationError(_l("Choose Danish or English."), field="lang")
    if user.language == language:
        return
    with write_transaction():
        user.language = language


def next_move_allowed_on(*, last_moved_on: date | None, min_days: int) -> date | None:
    """The first local day a citizen may move again after moving on `last_moved_on`
    (None: never moved, so any day). Pure rule: a move on day D opens the next on D + min_days."""
    if last_moved_on is None:
        return None
    return last_moved_on + timedelta(days=min_days)


def next_neighbourhood_move_on(*, user: User, now: datetime | None = None) -> date | None:
    """The local day from which `user` may change neighbourhood again, or None when they may
    do it now (or have never moved)."""
    tz = timezone()
    allowed_on = next_move_allowed_on(
        last_moved_on=None
        if user.neighbourhood_changed_at is None
        else local_date(user.neighbourhood_changed_at, tz),
        min_days=int(setting("NEIGHBOURHOOD_MOVE_MIN_DAYS")),
    )
    if allowed_on is None or local_date(now or utcnow(), tz) >= allowed_on:
        return None
    return allowed_on


def change_neighbourhood(*, user: User, neighbourhood_id: int, now: datetime | None = None) -> User:
    """Move a citizen to another neighbourhood (area).

    Rule: the move takes effect from the next log. Logs already made stay with the area they
    were logged in (that is where the action happened; no ledger row is ever rewritten), so
    that area keeps their points and still counts them as a participant in those periods;
    every later log goes to the new area. The citizen's own score rows follow them: from now
    on they are ranked within the new area.

    At most one move per NEIGHBOURHOOD_MOVE_MIN_DAYS (30) local days: after a move on day D
    the next one is allowed from day D + 30. Registration does not count as a move. Only
    citizens with a neighbourhood can move (PermissionDenied otherwise); an unknown area or
    the area they are already in is a ValidationError on `neighbourhood_id`.
    """
    now = now or utcnow()
    with write_transaction():
        # Serialise with the citizen's own logs (PostgreSQL row lock; SQLite holds the write
        # lock): a log lands either before the move, in the old area, or after it, in the new.
        db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
        if user.role != Role.CITIZEN or user.neighbourhood_id is None:
            raise PermissionDenied(_l("Only citizens with a neighbourhood can change neighbourhood."))
        if neighbourhood_id == user.neighbourhood_id:
            raise ValidationError(_l("You already belong to this neighbourhood."), field="neighbourhood_id")
        if db.session.get(Neighbourhood, neighbourhood_id) is None:
            raise ValidationError(_l("Choose your neighbourhood."), field="neighbourhood_id")
        blocked_until = next_neighbourhood_move_on(user=user, now=now)
        if blocked_until is not None:
            raise ValidationError(
                _l(
                    "You can change neighbourhood once every %(days)s days. "
                    "Your next change is possible from %(date)s.",
                    days=setting("NEIGHBOURHOOD_MOVE_MIN_DAYS"),
                    # formatted when shown, in the reader's language
                    date=LazyString(lambda: format_date(blocked_until, format="long")),
                ),
                field="neighbourhood_id",
            )
        user.neighbourhood_id = neighbourhood_id
        user.neighbourhood_changed_at = now
        # Leaderboards points the score rows at the new area (same transaction).
        signals.neighbourhood_changed.send(user, neighbourhood_id=neighbourhood_id)
    return user


def ensure_admin(*, email: str, password: str, alias: str) -> tuple[User, bool]:
    """Create an administrator, or return the existing one (True when created)."""
    existing = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if existing is not None:
        if existing.role != Role.ADMIN:
            raise ConflictError(_l("An account with this e-mail already exists."), field="email")
        return existing, False
    return register_user(
        email=email, password=password, alias=alias, neighbourhood_id=None, role=Role.ADMIN
    ), True


def update_me(
    *,
    user: User,
    alias: str | None = None,
    show_in_rankings: bool | None = None,
    neighbourhood_id: int | None = None,
    now: datetime | None = None,
) -> User:
    """Change any of alias, individual-ranking opt-in and area in one transaction: all or nothing.

    Each change follows its own rule (`update_profile`, `change_neighbourhood`, which join this
    transaction); a refusal of one - a taken alias, a move within 30 days - leaves every other
    field as it was. Moving to the area one is already in changes nothing. Nothing to change at
    all is a ValidationError.
    """
    if alias is None and show_in_rankings is None and neighbourhood_id is None:
        raise ValidationError(_l("Send at least one field to change."), code="nothing_to_change")
    with write_transaction():
        if alias is not None or show_in_rankings is not None:
            update_profile(
                user=user,
                alias=user.alias if alias is None else alias,
                show_in_rankings=(user.show_in_rankings if show_in_rankings is None else show_in_rankings),
            )
        if neighbourhood_id is not None and neighbourhood_id != user.neighbourhood_id:
            change_neighbourhood(user=user, neighbourhood_id=neighbourhood_id, now=now)
    return user
