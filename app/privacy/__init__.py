"""Privacy by law: the full export, the full erasure, retention and the privacy page."""
