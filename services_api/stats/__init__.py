"""Maturity statistics for the province."""
