"""The admin fixtures (an admin, a staff member) for the audit tests."""

from tests.admin.conftest import admin, admin_client, staff

__all__ = ["admin", "admin_client", "staff"]
