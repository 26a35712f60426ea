"""The table-by-table rule for exporting and erasing a person's data (GDPR art. 15, 17, 20)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

# What replaces a deleted person's name in text that stays (comment threads, mails to others).
FORMER_MEMBER = "Tidligere medlem"
# What replaces a deleted staff member's e-mail on the audit entries they made.
FORMER_STAFF = "Tidligere medarbejder"


class Erasure(StrEnum):
    DELETE = "delete"  # the person's rows are deleted
    ANONYMISE = "anonymise"  # rows stay; the link to the person is removed, their name replaced
    REKEY = "rekey"  # rows stay; the participant reference is replaced by a fresh random value


@dataclass(frozen=True)
class TableRule:
    """One table: the export section it appears in, and what deletion does to it and why."""

    table: str
    section: str
    erasure: Erasure
    rule: LazyString


RULES: tuple[TableRule, ...] = (
    TableRule(
        "users",
        "account",
        Erasure.DELETE,
        _l("The account (e-mail, alias, password hash, settings) is deleted."),
    ),
    TableRule(
        "action_logs",
        "logs",
        Erasure.ANONYMISE,
        _l(
            "Logged actions stay so the neighbourhood's totals stay correct, but without "
            "the account and with a new random participant reference that nothing "
            "published before leads to."
        ),
    ),
    TableRule(
        "usual_day_items",
        "usual_day",
        Erasure.DELETE,
        _l("The saved usual day (actions and amounts) is deleted."),
    ),
    TableRule(
        "always_do_marks", "always_do", Erasure.DELETE, _l("The actions marked as always done are deleted.")
    ),
    TableRule(
        "daily_activity",
        "daily_activity",
        Erasure.REKEY,
        _l(
            "Daily totals stay for the neighbourhood statistics, under the same new random "
            "participant reference as the logs."
        ),
    ),
    TableRule(
        "user_scores",
        "scores",
        Erasure.DELETE,
        _l("Personal score rows are deleted; the neighbourhood's score rows are not personal and stay."),
    ),
    TableRule("user_badges", "badges", Erasure.DELETE, _l("Badges are deleted.")),
    TableRule("feed_events", "feed_events", Erasure.DELETE, _l("Feed lines about the person are deleted.")),
    TableRule("cap_hits", "cap_hits", Erasure.DELETE, _l("Counts of refused logs (daily caps) are deleted.")),
    TableRule(
        "flags",
        "flags",
        Erasure.DELETE,
        _l(
            "Fairness flags about the person are deleted; flags they resolved as staff "
            "keep the resolution without their name."
        ),
    ),
    TableRule(
        "team_memberships", "team_memberships", Erasure.DELETE, _l("Workplace team memberships are deleted.")
    ),
    TableRule(
        "api_tokens",
        "api_tokens",
        Erasure.DELETE,
        _l("App sign-ins (API tokens) are deleted and stop working at once."),
    ),
    TableRule(
        "challenge_participants",
        "challenge_participations",
        Erasure.ANONYMISE,
        _l("Challenge results stay so final results stay final, without the account."),
    ),
    TableRule(
        "inter_challenge_participants",
        "inter_challenge_participations",
        Erasure.REKEY,
        _l(
            "Counts in challenges between municipalities stay, under a new random participant "
            "reference that nothing published before leads to."
        ),
    ),
    TableRule(
        "challenge_credits",
        "challenge_credits",
        Erasure.ANONYMISE,
        _l("What each log earned in a challenge stays with the anonymous result."),
    ),
    TableRule(
        "company_members",
        "company_memberships",
        Erasure.DELETE,
        _l(
            "The company seat is deleted. If the person was the last owner, the longest "
            "serving member becomes owner."
        ),
    ),
    TableRule(
        "companies",
        "companies",
        Erasure.ANONYMISE,
        _l(
            "The company page stays (it belongs to the company). The contact name, "
            "e-mail and phone are cleared when the person was the contact, and when the "
            "last member leaves."
        ),
    ),
    TableRule(
        "company_invitations",
        "company_invitations",
        Erasure.DELETE,
        _l("Invitations the person sent or received are deleted."),
    ),
    TableRule(
        "sparring_requests",
        "sparring_requests",
        Erasure.ANONYMISE,
        _l(
            "Sparring requests stay with the company's case history, without the link to "
            "the person; their e-mail and alias in the text are replaced by "
            "'Tidligere medlem'."
        ),
    ),
    TableRule(
        "sparring_state_changes",
        "sparring_state_changes",
        Erasure.ANONYMISE,
        _l("A request's state history stays, without who made each change."),
    ),
    TableRule(
        "sparring_comments",
        "sparring_comments",
        Erasure.ANONYMISE,
        _l(
            "Comments stay so the thread still reads right; the author becomes "
            "'Tidligere medlem' and their e-mail and alias in any comment are replaced."
        ),
    ),
    TableRule(
        "solution_adoptions",
        "solution_adoptions",
        Erasure.ANONYMISE,
        _l(
            "A company's wish to do what another company does stays with the companies, "
            "without who answered the contact request."
        ),
    ),
    TableRule(
        "outbox_messages",
        "emails",
        Erasure.DELETE,
        _l(
            "E-mails to the person are deleted; in e-mails to others their e-mail and "
            "alias are replaced by 'Tidligere medlem'."
        ),
    ),
    TableRule(
        "audit_log",
        "audit_entries",
        Erasure.ANONYMISE,
        _l(
            "Audit entries keep the action but not the person: the actor's e-mail and "
            "the person's alias are replaced."
        ),
    ),
    TableRule(
        "setting_changes",
        "setting_changes",
        Erasure.ANONYMISE,
        _l("Setting changes the person made as staff stay, without who made them."),
    ),
    TableRule(
        "live_screen_links",
        "live_screen_links",
        Erasure.ANONYMISE,
        _l("Live-screen links the person created stay, without who created them."),
    ),
    TableRule(
        "vision_targets",
        "vision_targets",
        Erasure.ANONYMISE,
        _l("Yearly targets the person set stay, without who set them."),
    ),
    TableRule(
        "challenges",
        "challenges_created",
        Erasure.ANONYMISE,
        _l("Challenges the person created stay, without who created them."),
    ),
    TableRule(
        "cases",
        "cases_written",
        Erasure.ANONYMISE,
        _l("Cases the person wrote for the municipality stay, without who wrote them."),
    ),
    TableRule(
        "kpi_check_ins",
        "kpi_check_ins_recorded",
        Erasure.ANONYMISE,
        _l("Partnership check-ins the person recorded stay, without who recorded them."),
    ),
    # Tables another feature adds (account lifecycle); covered here as soon as they exist.
    TableRule(
        "password_reset_tokens",
        "password_reset_tokens",
        Erasure.DELETE,
        _l("Password reset links are deleted."),
    ),
    TableRule(
        "email_verification_tokens",
        "email_verification_tokens",
        Erasure.DELETE,
        _l("E-mail verification links are deleted."),
    ),
    TableRule(
        "reminder_preferences",
        "reminder_preferences",
        Erasure.DELETE,
        _l("Reminder and weekly-digest choices are deleted; nothing more is sent."),
    ),
    TableRule(
        "push_subscriptions",
        "push_devices",
        Erasure.DELETE,
        _l("Devices registered for push notifications are deleted; they get nothing more."),
    ),
)

RULES_BY_TABLE: dict[str, TableRule] = {rule.table: rule for rule in RULES}

# Tables with columns whose names look personal but hold no personal data, and why.
# Only tables whose columns look personal belong here (tests/privacy/test_coverage.py refuses the
# others): e.g. `action_overrides` (a municipality's points, caps and labels) needs no entry.
NOT_PERSONAL: dict[str, str] = {
    "neighbourhoods": "area names and sources are public reference data",
    "climate_goals": "the climate plan's goals and document labels",
    "climate_plans": "the municipality's published climate plan and its source",
    "plan_themes": "the climate plan's themes and the documents they come from",
    "workplace_teams": "a company's team name, chosen by the company",
    "municipalities": "a municipality's public name, address and number of inhabitants",
    "platform_admins": "the platform operator's own staff accounts, not a citizen's or a "
    "municipality's data: kept while the person holds the role, deleted by `flask platform "
    "remove-admin` (which also anonymises their platform log entries)",
    "platform_audit_log": "who of the platform's staff changed a municipality or the national "
    "catalogue; anonymised when the staff account is removed",
    "partnership_partners": "a partner organisation's public name and its role in the partnership",
    "partnership_kpis": "a partnership's goal, named by the municipality",
}

PERSONAL_COLUMN = re.compile(
    r"^(email|.*_email|name|.*_name|alias|.*_alias|to_address|address|body|.*_body|message|"
    r"ip|.*_ip|phone|.*_phone|.*_label|details|note|resolution|topic)$"
)


def looks_personal(column_name: str) -> bool:
    """Whether a column's name suggests it may hold personal data (the coverage test's net)."""
    return PERSONAL_COLUMN.match(column_name) is not None
