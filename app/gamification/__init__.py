"""Streaks, levels, badges, fairness flags, the citizen's impact page and the neighbourhood feed."""
