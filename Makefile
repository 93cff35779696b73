# openassembly: `make demo` to try it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
PYTEST_ARGS ?=

.PHONY: demo test test-pg test-slow serve install install-test lint format bench clean chromium lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Pinned installs: requirements/base.lock to run, requirements/test.lock to test as well.
$(VENV)/.installed-base: $(BIN)/python requirements/base.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements/base.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-base requirements/test.lock
	$(BIN)/pip install --quiet -r requirements/test.lock
	touch $@

install: $(VENV)/.installed-base
install-test: $(VENV)/.installed-test

var:
	mkdir -p var

# The demo runs the background worker and a tick each minute beside the development server,
# so mail (printed to the console) and scheduled work happen without a second terminal; both
# stop when the server does.
demo: install var
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/openassembly migrate --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/openassembly load-demo
	@echo "Serving http://$(HOST):$(PORT)/ with a background worker (Ctrl-C to stop)"
	export DJANGO_SETTINGS_MODULE=config.settings.dev SITE_URL=http://$(HOST):$(PORT); \
	$(BIN)/openassembly db-worker --no-reload --no-startup-delay --verbosity 0 & worker=$$!; \
	$(BIN)/openassembly tick --every 60 --verbosity 0 & ticker=$$!; \
	trap 'kill $$worker $$ticker 2>/dev/null; wait $$worker $$ticker 2>/dev/null' EXIT; \
	$(BIN)/openassembly runserver $(HOST):$(PORT)

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

test: install-test chromium
	CHROMIUM=$(CHROMIUM) $(BIN)/pytest $(PYTEST_ARGS)

# The same suite on PostgreSQL; DATABASE_URL names a server the test run may create a database on.
test-pg: install-test chromium
	@if [ -z "$$DATABASE_URL" ]; then echo "set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/postgres"; exit 2; fi
	CHROMIUM=$(CHROMIUM) $(BIN)/pytest $(PYTEST_ARGS)

# The slow tests: the SIGKILL durability test and the closing-night load test, each serving real
# HTTP from gunicorn on loopback against PostgreSQL; the load test writes docs/performance.md.
test-slow: install-test
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
	  $(BIN)/pytest -m slow -p no:cacheprovider tests/slow $(PYTEST_ARGS)

# A production-style server: gunicorn, whitenoise static files, settings from the environment.
# Beside it run `openassembly db-worker` as a service (one or more) and `openassembly tick` from
# cron each minute: see docs/operations.md. Behind a TLS proxy set OPENASSEMBLY_TRUSTED_PROXIES=1;
# to try it over plain HTTP on loopback, SECURE_SSL_REDIRECT=0 INSECURE_COOKIES=1.
serve: install var
	@if [ -z "$$SECRET_KEY" ]; then echo "set SECRET_KEY (and DATABASE_URL, ALLOWED_HOSTS, SITE_URL, EMAIL_*)"; exit 2; fi
	DJANGO_SETTINGS_MODULE=config.settings.prod $(BIN)/openassembly migrate --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.prod $(BIN)/openassembly collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.prod $(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) \
	  --workers $${WEB_CONCURRENCY:-3} -c python:config.gunicorn_conf

lint: install-test
	$(BIN)/ruff check .

format: install-test
	$(BIN)/ruff format .

bench: install-test
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python bench/import_members.py
	$(BIN)/python bench/ledger.py
	$(BIN)/python bench/count.py
	# These serve real HTTP from gunicorn on PostgreSQL (DATABASE_URL, default local).
	$(BIN)/python bench/divisions.py
	$(BIN)/python bench/ballots.py

# Refresh the lock files from pyproject.toml (needs the package index).
lock:
	rm -rf var/lock-venv && $(PYTHON) -m venv var/lock-venv
	var/lock-venv/bin/pip install --quiet --upgrade pip
	var/lock-venv/bin/pip install --quiet -e .
	var/lock-venv/bin/pip freeze --exclude-editable | grep -v '^-e\|^openassembly' > requirements/base.lock
	var/lock-venv/bin/pip install --quiet -e ".[test]"
	var/lock-venv/bin/pip freeze --exclude-editable | grep -v '^-e\|^openassembly' > requirements/test.lock
	rm -rf var/lock-venv

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
