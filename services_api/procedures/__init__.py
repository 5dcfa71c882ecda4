"""Procedures: the catalogue records, their levels and history."""
