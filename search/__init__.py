"""Vietnamese full-text search over administrative procedures: one contract, two backends."""
