"""Builds seeds/data from the national procedure crawl: `python -m seeds.importer`."""
