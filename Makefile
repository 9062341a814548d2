# Gongkai: two commands for people — `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install test-sqlite test-postgres lint typecheck check-writes clean-venv bench-install bench-search bench-reading \
	bench-batch load-test

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --noinput -v 0
	@echo "门户网站 / portal: http://127.0.0.1:8000/    工作台 / staff: http://127.0.0.1:8000/staff/"
	$(PY) manage.py runserver 127.0.0.1:8000

test: install test-sqlite test-postgres

test-sqlite:
	$(PY) -m pytest -q -p no:cacheprovider

# The database-backed tests again on PostgreSQL when one answers (REQUIRE_POSTGRES=1 makes it mandatory).
test-postgres:
	@bash scripts/test-postgres

install: $(STAMP)
	@bash scripts/install-system-deps

$(STAMP): pyproject.toml
	@bash scripts/install-system-deps
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# Ruff, no missing migration, and the layering contract of the apps ([tool.importlinter], docs/layers.md).
lint: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

# mypy with django-stubs on the pure rule modules and every app's services ([tool.mypy] in pyproject.toml).
typecheck: install
	$(VENV)/bin/mypy

# Every database write in a service (or on scripts/check-writes.allow with its reason).
check-writes: install
	$(PY) scripts/check-writes

clean-venv:
	rm -rf $(VENV)

# Benchmarks (bench/README.md): not part of `make test`. PostgreSQL ones create and drop their own database
# on the server BENCH_DATABASE_URL names; results of the load test go to OUT.
BENCH_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
BENCH_STAMP := $(VENV)/.bench-stamp
ITEMS ?= 100000
USERS ?= 50
WORKERS ?= 4
REPORTS ?= 4000
BATCH_WORKERS ?= 1,2
BROKER ?= redis://127.0.0.1:6379/9
MIX ?= five

bench-install: $(BENCH_STAMP)

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev,bench]'
	@touch $(BENCH_STAMP)

bench-search: install
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/bench_search.py --items $(ITEMS) --json

bench-reading: install
	$(PY) bench/bench_reading.py

bench-batch: install
	$(PY) bench/bench_batch.py --reports $(REPORTS) --workers $(BATCH_WORKERS) --broker $(BROKER)

load-test: bench-install
	@test -n "$(OUT)" || (echo "OUT=<folder for the results> is required, e.g. make load-test OUT=/tmp/gongkai-load" >&2; exit 2)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/load_test.py --out $(OUT) --items $(ITEMS) --cases $(ITEMS) \
		--users $(USERS) --workers $(WORKERS) --mix $(MIX)
