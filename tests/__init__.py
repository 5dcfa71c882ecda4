"""Test suite of the services API, the search library and the seeds."""
