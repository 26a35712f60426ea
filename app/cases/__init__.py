"""Cases: what a municipality did (a challenge, a partnership, a campaign), shared with the others."""
