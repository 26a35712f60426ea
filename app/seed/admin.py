"""Admin demo: a read-only staff login and the live screen's secret link. Rerunnable."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.accounts.models import Role, User
from app.accounts.services import normalise_email, register_user
from app.db import db
from app.livescreen.services import ensure_live_screen_link

STAFF_EMAIL = "medarbejder@demo.klimadyst.dk"
STAFF_PASSWORD = "Laese-adgang-Koege-2030"  # noqa: S105 - printed demo login, read-only role


@dataclass(frozen=True)
class AdminDemo:
    staff_created: bool
    link_created: bool
    live_path: str


def seed_admin_demo(*, admin_email: str) -> AdminDemo:
    """The staff account and a live screen link; nothing is added when they exist."""
    staff_created = False
    if db.session.scalar(select(User.id).where(User.email == normalise_email(STAFF_EMAIL))) is None:
        register_user(
            email=STAFF_EMAIL,
            password=STAFF_PASSWORD,
            alias="Kommunen Medarbejder",
            neighbourhood_id=None,
            role=Role.STAFF,
        )
        staff_created = True
    admin = db.session.scalar(select(User).where(User.email == normalise_email(admin_email)))
    if admin is None:
        raise RuntimeError("seed the admin before the admin demo")
    link, link_created = ensure_live_screen_link(admin=admin)
    return AdminDemo(
        staff_created=staff_created, link_created=link_created, live_path=f"/storskaerm/{link.token}"
    )
