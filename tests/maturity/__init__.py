"""Tests of agencies changing maturity levels: keys, single changes, imports, exports, stats."""
