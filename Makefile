# openassembly: `make demo` to try it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
PYTEST_ARGS ?=

.PHONY: demo test test-pg serve install lint format bench clean chromium lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

var:
	mkdir -p var

demo: install var
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/openassembly migrate --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/openassembly load-demo
	@echo "Serving http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/openassembly runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; Playwright's own browser download cannot be used.
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing: install Debian's chromium package (sudo apt-get install chromium)"; exit 1; \
	  fi; \
	fi

test: install chromium
	CHROMIUM=$(CHROMIUM) $(BIN)/pytest $(PYTEST_ARGS)

# The same suite on PostgreSQL; DATABASE_URL names a server the test run may create a database on.
test-pg: install chromium
	@if [ -z "$$DATABASE_URL" ]; then echo "set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/postgres"; exit 2; fi
	CHROMIUM=$(CHROMIUM) $(BIN)/pytest $(PYTEST_ARGS)

# A production-style server: gunicorn, whitenoise static files, settings from the environment.
serve: install var
	@if [ -z "$$SECRET_KEY" ]; then echo "set SECRET_KEY (and DATABASE_URL, ALLOWED_HOSTS, EMAIL_*)"; exit 2; fi
	DJANGO_SETTINGS_MODULE=config.settings.prod $(BIN)/openassembly migrate --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.prod $(BIN)/openassembly collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.prod $(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) \
	  --workers $${WEB_CONCURRENCY:-3} --access-logfile -

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check config openassembly/core openassembly/accounts openassembly/members openassembly/bodies openassembly/record openassembly/api

format: install
	$(BIN)/ruff format .

bench: install
	$(BIN)/python bench/import_members.py
	$(BIN)/python bench/ledger.py
	$(BIN)/python bench/count.py

# Refresh the lock file from pyproject.toml (needs the network to the package index).
lock:
	rm -rf /tmp/oa-lock && $(PYTHON) -m venv /tmp/oa-lock
	/tmp/oa-lock/bin/pip install --quiet --upgrade pip
	/tmp/oa-lock/bin/pip install --quiet -e ".[test]"
	/tmp/oa-lock/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
