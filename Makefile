# The two everyday commands: `make run` (the service on SQLite + Tantivy, catalogue seeded)
# and `make test` (the whole suite). Both create the virtualenv on first use.
VENV ?= .venv
BIND ?= 127.0.0.1:8000
WORKERS ?= 2

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

.PHONY: install run test lint openapi
install: $(VENV)/.installed

run: install
	$(VENV)/bin/gunicorn --workers $(WORKERS) --bind $(BIND) wsgi:app

test: install
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .

openapi: install
	SERVICES_API_AUTO_SEED=false $(VENV)/bin/flask --app wsgi openapi write --format=json openapi/openapi.json
