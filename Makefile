# The README's two commands:
#   make demo   virtualenv, dependencies, database, demo data and users; serves http://127.0.0.1:8000
#   make test   the whole test suite (SQLite; DATABASE_URL=postgres://... for PostgreSQL)

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Installed once per version of pyproject.toml: a second `make test` starts at once.
INSTALLED := $(VENV)/.installed
ADDRESS ?= 127.0.0.1:8000

.PHONY: demo test install

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed (set PYTHON=python3.x)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

# pyproject.toml lists no packages: this installs the dependencies, the code runs from here.
$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

install: $(INSTALLED)

# The demo runs with DEBUG=1: the development secret key, console email, no HTTPS redirect.
demo: export DEBUG = 1
demo: $(INSTALLED)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo
	@echo "Serving on http://$(ADDRESS)/ (Ctrl+C stops)."
	$(BIN)/python manage.py runserver $(ADDRESS)

# Extra pytest arguments: make test ARGS="-k seed_demo -x"
test: $(INSTALLED)
	$(BIN)/pytest $(ARGS)
