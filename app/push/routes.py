"""The subscribe JS's endpoints (JSON, CSRF in X-CSRFToken) and removing a device (a form)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import citizen_required
from app.accounts.forms import ButtonForm
from app.errors import DomainError, NotFound
from app.push.services import remove_device, remove_endpoint, subscribe_device

bp = Blueprint("push", __name__)


def _json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


@bp.post("/konto/push/abonner")
@citizen_required
def subscribe() -> ResponseReturnValue:
    """Store this browser's PushSubscription ({endpoint, keys: {p256dh, auth}}, as
    PushSubscription.toJSON() gives it). 201 with the device's label, 422 with a message."""
    body = _json_body()
    keys = body.get("keys")
    if not isinstance(keys, dict):
        keys = {}
    try:
        row = subscribe_device(
            user=current_user,
            endpoint=_text(body.get("endpoint")),
            p256dh=_text(keys.get("p256dh")),
            auth=_text(keys.get("auth")),
            user_agent=request.user_agent.string,
        )
    except DomainError as error:
        return jsonify({"message": str(error.message), "field": error.field}), error.status_code
    return jsonify(
        {"id": row.id, "label": row.device_label, "message": _("Push is on for this device.")}
    ), 201


@bp.post("/konto/push/afmeld")
@citizen_required
def unsubscribe() -> ResponseReturnValue:
    """The browser unsubscribed this device: forget its endpoint (204 either way)."""
    remove_endpoint(user=current_user, endpoint=_text(_json_body().get("endpoint")))
    return Response(status=204)


@bp.post("/konto/push/enheder/<int:subscription_id>/fjern")
@citizen_required
def remove(subscription_id: int) -> ResponseReturnValue:
    """Remove one of the citizen's own devices; another person's device id is a 404."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        row = remove_device(user=current_user, subscription_id=subscription_id)
    except NotFound:
        abort(404)
    flash(
        _("%(device)s will no longer get notifications.", device=row.device_label or _("The device")),
        "success",
    )
    return redirect(url_for("reminders.preferences") + "#devices-title", 303)
