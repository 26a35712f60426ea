"""The reminder fixtures (tests/support/reminders.py)."""

from tests.support.reminders import choose, mails, run_job

__all__ = ["choose", "mails", "run_job"]
