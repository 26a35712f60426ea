"""What each badge and level is called and the exact words saying how to earn it."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_babel.speaklater import LazyString

from app.gamification.badges import BADGE_CODES, CYCLING_KM, LONG_STREAK, PLANT_DAYS, SHORT_STREAK
from app.gamification.levels import LEVEL_THRESHOLDS
from app.i18n import decimal


@dataclass(frozen=True)
class BadgeInfo:
    code: str
    symbol: str  # decorative; the name always stands beside it
    name: LazyString
    how: LazyString  # the whole rule, as shown on the badge's page


BADGES: dict[str, BadgeInfo] = {
    info.code: info
    for info in (
        BadgeInfo("first-log", "🌱", _l("First step"), _l("Log your first green action.")),
        BadgeInfo(
            "streak-7",
            "🔥",
            _l("One week streak"),
            _l("Reach a streak of %(n)s logged days.", n=SHORT_STREAK),
        ),
        BadgeInfo(
            "streak-30",
            "🏅",
            _l("One month streak"),
            _l("Reach a streak of %(n)s logged days.", n=LONG_STREAK),
        ),
        BadgeInfo(
            "cycled-100km",
            "🚲",
            _l("100 km by bike"),
            _l("Log %(km)s km in total of 'Cycled instead of driving'.", km=int(CYCLING_KM)),
        ),
        BadgeInfo(
            "all-categories",
            "🧭",
            _l("All-rounder"),
            _l(
                "Log at least one action in every category of the catalogue: transport, "
                "food, home and energy, waste, consumption and community."
            ),
        ),
        BadgeInfo(
            "plant-days-10",
            "🥦",
            _l("Ten plant-based days"),
            _l("Log 'A plant-based day' on %(n)s different days.", n=PLANT_DAYS),
        ),
        BadgeInfo(
            "challenge-taker",
            "🤝",
            _l("Challenge taker"),
            _l("Join a challenge and log an action that counts toward it."),
        ),
    )
}
if tuple(BADGES) != BADGE_CODES:  # pragma: no cover - a programming error caught at import
    raise RuntimeError("every badge rule needs its published text")

LEVEL_NAMES: dict[int, LazyString] = {
    1: _l("Seed"),
    2: _l("Sprout"),
    3: _l("Seedling"),
    4: _l("Shrub"),
    5: _l("Young tree"),
    6: _l("Tree"),
    7: _l("Grove"),
    8: _l("Forest"),
}
if set(LEVEL_NAMES) != {level for level, _ in LEVEL_THRESHOLDS}:  # pragma: no cover
    raise RuntimeError("every level needs a name")


def badge_name(code: str) -> str:
    info = BADGES.get(code)
    return str(info.name) if info else code


def celebration_messages(badges: tuple[str, ...], new_level: int | None, bonus: int) -> list[str]:
    """What the toast after a log says: new badges, a new level, challenge bonus points."""
    messages = [str(_l("New badge: %(name)s!", name=badge_name(code))) for code in badges]
    if new_level is not None:
        messages.append(
            str(_l("You reached level %(level)s: %(name)s!", level=new_level, name=LEVEL_NAMES[new_level]))
        )
    if bonus:
        messages.append(
            ngettext(
                "+%(points)s challenge bonus point.",
                "+%(points)s challenge bonus points.",
                bonus,
                points=decimal(bonus),
            )
        )
    return messages
