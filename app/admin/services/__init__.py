"""Admin use cases that are the admin's own; every one checks the actor is an admin
(app.accounts.permissions.require_admin) and appends to the audit log in its transaction."""
