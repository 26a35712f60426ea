"""Push use cases: store and remove a device's subscription, send a notice to a person's devices."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.clock import utcnow
from app.db import db, write_transaction
from app.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from app.push.models import PushSubscription
from app.push.rules import device_label, endpoint_allowed, key_bytes
from app.settings import setting
from app.single_line import to_single_line

if TYPE_CHECKING:  # pywebpush, py_vapid and requests (about 23 MB) load only where push is sent
    import requests
    from py_vapid import Vapid02

log = logging.getLogger("klimadyst.push")

# The push service says the subscription is gone for good: the device unsubscribed, the app was
# removed or the browser data cleared. Any other failure may pass (a 5xx, a timeout, a 429).
GONE_STATUSES = frozenset({404, 410})


@dataclass(frozen=True)
class Notice:
    """The payload the service worker shows (the contract with /sw.js)."""

    title: str
    body: str
    url: str
    tag: str

    def as_json(self) -> str:
        return json.dumps({"title": self.title, "body": self.body, "url": self.url, "tag": self.tag})


@dataclass
class PushReport:
    delivered: int = 0
    removed: int = 0  # subscriptions deleted after a 404/410
    failed: int = 0  # other errors: logged, the subscription kept
    devices_left: int = 0


def allowed_hosts(config: Mapping[str, Any]) -> list[str]:
    """PUSH_SERVICE_HOSTS as a list (an environment override arrives as "a.com,b.net")."""
    hosts = config.get("PUSH_SERVICE_HOSTS") or []
    if isinstance(hosts, str):
        hosts = hosts.split(",")
    return [str(host).strip() for host in hosts if str(host).strip()]


def push_configured() -> bool:
    """Push can be offered only with a VAPID key pair in the configuration."""
    return bool(setting("VAPID_PUBLIC_KEY")) and bool(setting("VAPID_PRIVATE_KEY"))


def subscribe_device(
    *, user: User, endpoint: str, p256dh: str, auth: str, user_agent: str = "", now: datetime | None = None
) -> PushSubscription:
    """Store the device's subscription for `user` (one row per endpoint).

    Only citizens, only when push is configured, only an endpoint the allow rule accepts
    (app/push/rules.py:endpoint_allowed) and well-formed keys (a P-256 point of 65 bytes, a
    16-byte auth secret). The same endpoint again updates its keys; an endpoint stored for
    another account moves to this one (the device is now signed in as this person).
    """
    if not user.is_citizen:
        raise PermissionDenied(_l("Only citizens can receive reminders."))
    if not push_configured():
        raise ValidationError(_l("Push notifications are not set up on this server."), field="endpoint")
    endpoint = (endpoint or "").strip()
    if not endpoint_allowed(
        endpoint,
        allowed_hosts=allowed_hosts(current_app.config),
        allow_local_standin=bool(current_app.config.get("PUSH_ALLOW_LOCAL_STANDIN")),
    ):
        raise ValidationError(_l("This browser's push address is not one we can send to."), field="endpoint")
    public_key = key_bytes(p256dh, length=65)
    if public_key is None or public_key[0] != 4 or key_bytes(auth, length=16) is None:
        raise ValidationError(_l("The browser sent incomplete push keys. Try again."), field="keys")
    moment = now or utcnow()
    label = to_single_line(device_label(user_agent or ""))
    user_id = user.id
    try:
        with write_transaction():
            row = db.session.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint))
            if row is None:
                row = PushSubscription(endpoint=endpoint, created_at=moment, user_id=user_id)
                db.session.add(row)
            row.user_id = user_id
            row.p256dh = p256dh
            row.auth = auth
            row.device_label = label
            db.session.flush()
    except IntegrityError as exc:  # the same browser subscribed twice at the same moment
        raise ConflictError(_l("This device was just added. Reload the page."), field="endpoint") from exc
    return row


def remove_device(*, user: User, subscription_id: int) -> PushSubscription:
    """Remove one of the user's own devices; someone else's is reported as not found."""
    with write_transaction():
        row = db.session.get(PushSubscription, subscription_id)
        if row is None or row.user_id != user.id:
            raise NotFound(_l("There is no such device."))
        db.session.delete(row)
    return row


def remove_endpoint(*, user: User, endpoint: str) -> bool:
    """The browser unsubscribed: forget its endpoint if it is the user's. True if a row went."""
    with write_transaction():
        result = db.session.execute(
            delete(PushSubscription)
            .where(PushSubscription.user_id == user.id, PushSubscription.endpoint == (endpoint or "").strip())
            .execution_options(synchronize_session=False)
        )
    return bool(getattr(result, "rowcount", 0))


def _session() -> requests.Session:
    """A push service answers; it never sends us elsewhere (a redirect could point at an
    internal address): a redirect raises TooManyRedirects before it is followed."""
    import requests

    session = requests.Session()
    session.max_redirects = 0
    return session


def _vapid() -> Vapid02:
    from py_vapid import Vapid02

    return Vapid02.from_string(str(setting("VAPID_PRIVATE_KEY")))


@dataclass(frozen=True)
class _Device:
    id: int
    endpoint: str
    p256dh: str
    auth: str


def _deliver(row: _Device, notice: Notice, vapid: Vapid02, session: requests.Session) -> int | None:
    """POST the encrypted notice to one device: None when delivered, else the HTTP status
    (0 for a network error)."""
    import requests
    from pywebpush import WebPushException, webpush

    try:
        webpush(
            subscription_info={"endpoint": row.endpoint, "keys": {"p256dh": row.p256dh, "auth": row.auth}},
            data=notice.as_json(),
            vapid_private_key=vapid,
            vapid_claims={"sub": str(setting("VAPID_SUBJECT"))},
            ttl=int(setting("PUSH_TTL_SECONDS")),
            timeout=float(setting("PUSH_TIMEOUT_SECONDS")),
            requests_session=session,
        )
    except WebPushException as exc:
        status = exc.response.status_code if exc.response is not None else 0
        log.warning("Push to device %s failed: %s", row.id, to_single_line(str(exc))[:300])
        return int(status)
    except (requests.RequestException, ValueError) as exc:
        log.warning("Push to device %s failed: %s: %s", row.id, type(exc).__name__, exc)
        return 0
    return None


def send_notice(*, user_id: int, notice: Notice, now: datetime | None = None) -> PushReport:
    """Send `notice` to every device of the person, outside any transaction (a slow push
    service holds no lock). A 404 or 410 deletes that subscription; any other failure is
    logged and the subscription kept. Delivered devices get last_used_at."""
    report = PushReport()
    if not push_configured():
        return report
    db.session.rollback()
    rows = [
        _Device(*row)
        for row in db.session.execute(
            select(
                PushSubscription.id, PushSubscription.endpoint, PushSubscription.p256dh, PushSubscription.auth
            ).where(PushSubscription.user_id == user_id)
        )
    ]
    db.session.rollback()
    vapid = _vapid()
    delivered: list[int] = []
    gone: list[int] = []
    with _session() as session:
        for row in rows:
            status = _deliver(row, notice, vapid, session)
            if status is None:
                delivered.append(row.id)
            elif status in GONE_STATUSES:
                gone.append(row.id)
            else:
                report.failed += 1
    with write_transaction():
        if gone:
            db.session.execute(
                delete(PushSubscription)
                .where(PushSubscription.id.in_(gone))
                .execution_options(synchronize_session=False)
            )
        if delivered:
            db.session.execute(
                update(PushSubscription)
                .where(PushSubscription.id.in_(delivered))
                .values(last_used_at=now or utcnow())
                .execution_options(synchronize_session=False)
            )
    report.delivered = len(delivered)
    report.removed = len(gone)
    report.devices_left = len(rows) - len(gone)
    return report
