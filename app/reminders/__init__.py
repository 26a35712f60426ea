"""Reminders and the weekly digest: a citizen's choices, and the worker job that sends them."""
