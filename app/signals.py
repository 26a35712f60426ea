"""Every signal a lower layer sends so that a higher feature can react, without importing it.

A lower feature (accounts, actions) may not import a higher one (leaderboards, challenges,
gamification, moderation, privacy): `lint-imports` enforces that. When something in a lower
feature must set off work in a higher one, the lower one sends one of the signals below and the
higher feature connects its receiver in its `connect_signals()` function, which
`app.features.register_features` calls from `create_app`. This module is the whole list: grep
for a signal's name to find who sends it and who receives it.

Receivers run synchronously, in the sender's transaction (a receiver that raises rolls the
sender's write back). A value a receiver returns reaches the sender through blinker's
`send()` result, e.g. the badges a log earned.
"""

from __future__ import annotations

from dataclasses import dataclass

from blinker import Namespace

_signals = Namespace()


@dataclass(frozen=True)
class LogOutcome:
    """What a `log_settled` receiver returns for the log's result: codes of badges it earned,
    the level it reached, and the toast's texts (in the request's language)."""

    badges: tuple[str, ...] = ()
    new_level: int | None = None
    celebrations: tuple[str, ...] = ()


log_requested = _signals.signal(
    "log-requested",
    doc="""\
Sent by `app.actions.services.log_action` inside the log transaction, after the citizen's row is
locked and before any rule is checked. Sender: the `User`; kwargs: `now`. A receiver refuses the
log by raising a `DomainError` (the moderation throttle raises `Throttled`).""",
)

log_refused = _signals.signal(
    "log-refused",
    doc="""\
Sent by `log_action` after a refused log's transaction rolled back. Sender: the `User`; kwargs:
`error` (the `DomainError` raised), `now`. Receivers record the refusal as their own commit
(moderation: the burst flag, the cap-refusal count).""",
)

log_counted = _signals.signal(
    "log-counted",
    doc="""\
Sent by `log_action` inside the log transaction once the ledger row is written, before its
score rows. Sender: the new `LogEntry`; kwargs: `today`. Receivers that earn the log extra
points (challenge credit) return them; `log_action` adds them to the score rows with the log's
own points, in the same statements.""",
)

log_settled = _signals.signal(
    "log-settled",
    doc="""\
Sent by `log_action` inside the log transaction after `log_counted`, when every point the log
brings is in the score rows. Sender: the `LogEntry`; kwargs: `user`, `today`, `now`, `bonus`.
Receivers write the game effects (tallies, feed, milestones, outlier flag, badges, level) and
may return a `LogOutcome`.""",
)

log_taken_back = _signals.signal(
    "log-taken-back",
    doc="""\
Sent by `app.actions.services.take_back_entry` (undo and voiding) inside the caller's
transaction, before the log's own score rows are subtracted. Sender: the `LogEntry` (status
already changed). Receivers take back what they added for the log (challenge credit and its
bonus, per-action tallies).""",
)

neighbourhood_changed = _signals.signal(
    "neighbourhood-changed",
    doc="""\
Sent by `app.accounts.services.change_neighbourhood` inside the move's transaction. Sender: the
`User` (already in the new area); kwargs: `neighbourhood_id`. Leaderboards points the citizen's
score rows at the new area.""",
)

challenge_target_reached = _signals.signal(
    "challenge-target-reached",
    doc="""\
Sent by `app.challenges.credits` inside the log transaction when a log's credit carries a
challenge past its target. Sender: the `Challenge`. Gamification writes the feed line.""",
)

day_bonus_wanted = _signals.signal(
    "day-bonus-wanted",
    doc="""\
Sent by `app.actions.queries.my_numbers` (a read). Sender: the user id; kwargs: `day`.
Challenges returns the bonus points of the citizen's counted logs of that day, so "points
today" matches the score rows, which include the bonus.""",
)

__all__ = [
    "LogOutcome",
    "challenge_target_reached",
    "day_bonus_wanted",
    "log_counted",
    "log_refused",
    "log_requested",
    "log_settled",
    "log_taken_back",
    "neighbourhood_changed",
]
