"""Spreadsheet imports: many maturity levels changed at once, validated first, all or nothing."""
