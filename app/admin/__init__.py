"""The municipality's admin: dashboard, exports, management, moderation, live screen."""
