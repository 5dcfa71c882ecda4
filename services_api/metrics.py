"""The service's Prometheus metrics, defined once per process (prometheus-client's registry).

Under gunicorn each worker writes its values to files in PROMETHEUS_MULTIPROC_DIR (set by
gunicorn.conf.py before the app is imported) and a scrape of any worker adds them all up; in a
single process (tests, ``flask run``) they live in the default registry. ``/metrics`` is served
by ``services_api.operations``.
"""

from prometheus_client import Counter, Histogram

# Bounded label values: the URL rule, never the raw path, and the usual methods.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED_ROUTE = "unmatched"

REQUESTS = Counter(
    "services_api_http_requests",
    "HTTP requests answered, by route (URL rule), method and status",
    ["route", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "services_api_http_request_duration_seconds",
    "Time from the request's arrival in the app to its answer, by route, method and status",
    ["route", "method", "status"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
SEARCH_SECONDS = Histogram(
    "services_api_search_backend_duration_seconds",
    "Time the search engine took to answer, by operation (search, suggest)",
    ["operation"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)
ANSWER_CACHE = Counter(
    "services_api_answer_cache",
    "Public reads looked up in the worker's answer store: hit (sent as kept) or miss (built)",
    ["result"],
)
ANSWER_CACHE_HITS = ANSWER_CACHE.labels("hit")
ANSWER_CACHE_MISSES = ANSWER_CACHE.labels("miss")


def search_timer(operation: str):
    """Context manager timing one call to the search engine (failures included)."""
    return SEARCH_SECONDS.labels(operation).time()


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    labels = (route, method if method in METHODS else "OTHER", status)
    series = _request_series.get(labels)
    if series is None:  # a bounded set: URL rules x methods x statuses
        text = (*labels[:2], str(status))
        series = _request_series[labels] = (REQUESTS.labels(*text), REQUEST_SECONDS.labels(*text))
    series[0].inc()
    series[1].observe(seconds)


_request_series: dict[tuple, tuple] = {}  # the labelled children, looked up once each
