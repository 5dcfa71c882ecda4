"""Default configuration; every key can be overridden by a SERVICES_API_* environment variable."""


class Config:
    """Working defaults: SQLite in the instance folder, Tantivy on disk, the catalogue seeded."""

    DATABASE_URL = None  # None: a SQLite file in the instance folder
    DATABASE_CONNECT_TIMEOUT_SECONDS = 3  # PostgreSQL; at least 2
    DATABASE_STATEMENT_TIMEOUT_MS = 5000  # PostgreSQL, each statement; 0: no limit
    DATABASE_BUSY_TIMEOUT_MS = 5000  # SQLite: waiting for another writer's lock
    DATABASE_RETRY_AFTER_SECONDS = 5  # Retry-After of the 503 a database outage answers
    SEARCH_BACKEND = "tantivy"
    SEARCH_INDEX_DIR = None  # None: a folder in the instance folder
    ELASTICSEARCH_URL = "http://127.0.0.1:9200"
    ELASTICSEARCH_INDEX = "procedures"
    ELASTICSEARCH_CA_CERTS = None  # a secured cluster: its CA certificate (PEM file)
    ELASTICSEARCH_API_KEY = None  # an encoded API key, or else:
    ELASTICSEARCH_USERNAME = None
    ELASTICSEARCH_PASSWORD = None
    ELASTICSEARCH_MANAGEMENT_TIMEOUT_SECONDS = 30.0  # index creation, alias swaps, refresh
    SEARCH_TIMEOUT_SECONDS = 2.0
    CORS_ORIGINS = "*"  # reads, and the origins that may frame the citizen page
    CORS_WRITE_ORIGINS = ""  # PUT, POST, PATCH, DELETE from a browser: none; never * nor null
    REFERRER_POLICY = "strict-origin-when-cross-origin"
    PROVINCE_CODE = "H00"
    AUTO_SEED = True

    API_TITLE = "Thủ tục hành chính — Services API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    # The interactive docs are services_api/api_docs, from the package's own copy of Swagger UI.
    API_SPEC_OPTIONS = {
        "info": {
            "description": (
                "Catalogue of the province's administrative procedures (thủ tục hành chính) "
                "with their online-service maturity levels 1–4 and Vietnamese full-text search."
            )
        }
    }
    PUBLIC_CACHE_SECONDS = 60
    ANSWER_CACHE_BYTES = 32 * 1024 * 1024  # per worker: public answers kept until a write; 0: none
    MAX_IMPORT_BYTES = 5 * 1024 * 1024  # spreadsheets of maturity levels sent by agencies
    MAX_CONTENT_LENGTH = 1024 * 1024  # any other request body (JSON): past it, 413
    MAX_DECISION_BYTES = 32 * 1024 * 1024  # decision files: 500 national records are ~8 MB
    ZERO_RESULT_MAX_QUERIES = 10_000  # distinct queries that found nothing, kept and counted
    JSON_SORT_KEYS = False
    WEBHOOKS_BACKGROUND = True  # each worker delivers webhooks in a thread of its own
    WEBHOOKS_POLL_SECONDS = 5.0  # how often the thread looks for due deliveries
    WEBHOOKS_TIMEOUT_SECONDS = 5.0  # to connect to a receiver, and again to read its answer
    WEBHOOKS_RETRY_SECONDS = 10.0  # the first wait after a failed delivery, doubled each time
    WEBHOOKS_MAX_RETRY_SECONDS = 3600.0  # the longest wait between two attempts

    LOG_FORMAT = "plain"  # or "json": one JSON object a line
    LOG_LEVEL = "INFO"
    LOG_REQUESTS = True  # one record per answered request: method, path, status, duration
    METRICS_ENABLED = True  # requests counted and timed, served at /metrics

    TRUSTED_PROXIES = 0  # proxies in front whose X-Forwarded-For names the client
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"  # per worker; redis://host:6379 for all workers
    RATE_LIMIT_SEARCH = "120/minute"  # per client address
    RATE_LIMIT_SUGGEST = "600/minute"
    RATE_LIMIT_EXPORTS = "10/minute"
    RATE_LIMIT_IMPORTS = "10/minute"


def cors_origins(value) -> list[str] | str:
    """CORS_ORIGINS as flask-cors takes it: ``"*"``, or the list of the portal's origins."""
    if isinstance(value, list | tuple):
        return list(value)
    origins = [o.strip() for o in str(value).split(",") if o.strip()]
    return "*" if origins == ["*"] else origins
