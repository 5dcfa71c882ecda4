"""Open-data exports of the catalogue with its maturity levels, as CSV and XLSX."""
