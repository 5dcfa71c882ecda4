"""Vietnamese full-text search over administrative procedures: one contract, two backends.

Choose a backend by name, as wagtail does with its search backend setting::

    backend = search.create_backend("tantivy", index_dir="instance/search-index")
    backend = search.create_backend(
        "elasticsearch", url="http://localhost:9200", index_name="procedures", timeout=2.0
    )
"""

from search.base import SearchBackend, SearchHit, SearchQuery, SearchResult
from search.errors import IndexDamaged, InvalidQuery, SearchError, SearchUnavailable

__all__ = [
    "BACKENDS",
    "IndexDamaged",
    "InvalidQuery",
    "SearchBackend",
    "SearchError",
    "SearchHit",
    "SearchQuery",
    "SearchResult",
    "SearchUnavailable",
    "create_backend",
]

BACKENDS = {
    "tantivy": "search.tantivy_backend:TantivyBackend",
    "elasticsearch": "search.elasticsearch_backend:ElasticsearchBackend",
}


def create_backend(name: str, **options) -> SearchBackend:
    """A backend by name ("tantivy" or "elasticsearch"), given its options as keywords."""
    import importlib

    try:
        module_name, class_name = BACKENDS[name].split(":")
    except KeyError:
        known = ", ".join(sorted(BACKENDS))
        raise SearchError(f"unknown search backend {name!r}; choose from {known}") from None
    backend_class = getattr(importlib.import_module(module_name), class_name)
    return backend_class(**options)
