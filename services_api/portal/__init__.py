"""The citizens' search page: a plain blueprint serving the page and its static files."""
