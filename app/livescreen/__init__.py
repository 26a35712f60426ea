"""The public live screen's secret link: its table, reads and rotation (the admin pages call these)."""
