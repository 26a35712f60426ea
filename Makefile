# Klimadyst: `make run` serves the living demo, `make test` runs every test (SQLite, then PostgreSQL).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run setup db demo test test-sqlite test-postgresql system-deps lint bench bench-inprocess translations clean

run: db demo ## set everything up and serve the demo on http://127.0.0.1:5000 (with the mail worker)
	@FLASK="$(FLASK)" HOST=$(HOST) PORT=$(PORT) bash scripts/run_demo.sh

setup: $(VENV)/.installed static/vendor/.installed translations

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/vendor/.installed: node_modules/.installed
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
	mkdir -p static/vendor/swagger-ui
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
		static/vendor/swagger-ui/
	@touch $@

translations: $(VENV)/.installed
	$(PY) scripts/i18n.py compile

db: setup
	$(FLASK) db upgrade

demo: db
	$(FLASK) seed-demo

system-deps: ## Chromium, PostgreSQL, Redis and Pango (PDF reports) for the test runs (apt-get, when absent)
	@bash .ci/system-deps.sh
	@bash scripts/system_deps_pdf.sh

# Two pytest-xdist workers (one per core); a test file stays on one worker, so module-scoped
# servers and browsers are started once. TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

test: setup system-deps ## every test, on SQLite and then on a throw-away PostgreSQL server
	$(PYTEST)
	KLIMADYST_TEST_DATABASE=postgresql $(PYTEST)

test-sqlite: setup
	$(PYTEST)

test-postgresql: setup
	KLIMADYST_TEST_DATABASE=postgresql $(PYTEST)

lint: setup ## ruff (check and format), mypy --strict, import-linter contracts, translations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(PY) scripts/i18n.py check

# `make bench BENCH_SIZES=10k BENCH_RUNS=1` is a quick run; BENCH_DATABASES=sqlite skips PostgreSQL;
# BENCH_PROXY=1 also runs every endpoint through nginx (deploy/nginx.conf).
BENCH_SIZES ?= 10k 100k 1M
BENCH_RUNS ?= 3
BENCH_DATABASES ?= sqlite postgresql
BENCH_PROXY ?= 0

bench: setup ## gunicorn under wrk on SQLite and PostgreSQL, 10k/100k/1M logs (bench/README.md)
	@bash bench/system-deps.sh
	$(PY) -m bench.run --sizes "$(BENCH_SIZES)" --runs $(BENCH_RUNS) --databases "$(BENCH_DATABASES)" \
		$(if $(filter 1 yes true,$(BENCH_PROXY)),--proxy)

bench-inprocess: setup ## the admin dashboard and log service timed in-process (bench/README.md)
	$(PY) -m bench.inprocess

clean:
	rm -rf $(VENV) node_modules static/vendor .pytest_cache .ruff_cache
