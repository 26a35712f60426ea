"""Admin reads: dashboard figures, filtered leaderboards, trends, moderation lists."""
