"""Named errors of the search library."""


class SearchError(Exception):
    """Base class of every error the search backends raise."""


class SearchUnavailable(SearchError):
    """The engine cannot be reached or did not answer in time; callers degrade (503, fallback)."""


class IndexDamaged(SearchUnavailable):
    """The index is missing, unreadable or fails its integrity check: rebuild it."""


class InvalidQuery(SearchError, ValueError):
    """A query, filter or document the backend cannot accept."""
