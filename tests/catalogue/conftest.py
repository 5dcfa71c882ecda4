"""The small two-agency catalogues of the maturity tests, for tests of catalogue-wide writes."""

from tests.maturity.conftest import admin, make_key, small_app, small_client  # noqa: F401
