"""The versioned JSON API for phone apps (/api/v1): a thin door onto the same services and queries."""
