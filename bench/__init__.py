"""Performance benchmark: a large synthetic ledger, then timed reads and writes (`make bench`)."""
