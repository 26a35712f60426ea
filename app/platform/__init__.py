"""The platform: what the municipalities share (the national page, the comparison of municipalities)."""
