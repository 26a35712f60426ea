"""Fairness: the burst throttle, flags for the moderators, voiding logs, suspending accounts."""
