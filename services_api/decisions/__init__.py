"""Decisions (quyết định công bố) that publish, amend, replace and rescind procedures."""
