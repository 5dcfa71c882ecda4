"""Search over the catalogue: API, index synchronisation and commands."""
