"""Seed data for the catalogue: committed data files, the importer that builds them, the loader."""
