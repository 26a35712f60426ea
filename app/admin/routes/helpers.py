"""Template filters and globals for the admin pages (registered app-wide by the blueprint)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.admin.routes import bp
from app.audit.models import AuditEntry
from app.gamification.models import Flag
from app.i18n import moment
from app.moderation.flagtext import flag_text

VERBS = {
    "create": _l("created"),
    "update": _l("changed"),
    "delete": _l("deleted"),
    "retire": _l("retired"),
    "reactivate": _l("reactivated"),
    "override": _l("adapted locally"),
    "reset": _l("reset to the national values"),
    "retire_locally": _l("retired locally"),
    "reactivate_locally": _l("reactivated locally"),
    "change": _l("changed"),
    "rotate": _l("made a new link"),
    "void": _l("voided"),
    "suspend": _l("suspended"),
    "unsuspend": _l("lifted the suspension"),
    "resolve": _l("resolved"),
    "assign": _l("assigned"),
    "state": _l("changed the state"),
    "comment": _l("replied"),
    "verify": _l("verified"),
    "unverify": _l("removed the verification"),
    "set_target": _l("set the target"),
    "publish": _l("published"),
    "unpublish": _l("unpublished"),
    "opt_in": _l("joined"),
    "opt_out": _l("left"),
    "activate": _l("opened"),
    "deactivate": _l("closed"),
}


@bp.app_template_filter("datetime_local")
def datetime_local(value: datetime | None, fmt: str = "d. MMM y HH:mm") -> str:
    """An aware UTC moment in the user's zone (Babel's default zone is Europe/Copenhagen)."""
    return "" if value is None else moment(value, fmt)


@bp.app_template_global("audit_verb")
def audit_verb(verb: str) -> str:
    return str(VERBS.get(verb, verb))


def _show(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


@bp.app_template_global("audit_change")
def audit_change(entry: AuditEntry) -> str:
    """'points_per_unit: 2 → 3; name_da: … → …' for the fields an entry recorded."""
    before, after = entry.before or {}, entry.after or {}
    parts = []
    for key in dict.fromkeys([*before, *after]):
        if key in before and key in after:
            parts.append(f"{key}: {_show(before[key])} → {_show(after[key])}")
        elif key in after:
            parts.append(f"{key}: {_show(after[key])}")
        else:
            parts.append(f"{key}: {_show(before[key])} → –")
    return "; ".join(parts)


@bp.app_template_global("now_local")
def now_local() -> str:
    from flask_babel import format_time

    from app.clock import utcnow

    return str(format_time(utcnow(), "HH:mm"))


FLAG_KINDS = {
    "burst": _l("Burst of logs"),
    "cap_hits": _l("Repeated daily-cap hits"),
    "outlier": _l("Unusually high day"),
}


@bp.app_template_global("flag_text")
def flag_text_global(flag: Flag) -> str:
    return flag_text(flag.code, flag.params, flag.details)


@bp.app_template_global("flag_kind")
def flag_kind(kind: str) -> str:
    return str(FLAG_KINDS.get(kind, kind))


@bp.app_template_global("setting")
def setting_global(name: str) -> Any:
    """Domain settings in templates, with the admins' overrides (never config.X directly)."""
    from app.settings import setting

    return setting(name)


@bp.app_template_filter("audit_json")
def audit_json(value: Any) -> str:
    """Before/after as readable JSON (Danish letters as they are; the template escapes it)."""
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@bp.app_template_global("plan_report_year")
def plan_report_year() -> int | None:
    """This year, for the navigation's link to the status report; None without a climate plan."""
    from app.plan.queries import climate_plan
    from app.settings import local_today

    return local_today().year if climate_plan() is not None else None
