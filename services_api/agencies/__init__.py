"""Agencies that carry out procedures."""
