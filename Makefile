# Gongkai: two commands for people — `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install test-sqlite test-postgres lint clean-venv load-test

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

lint: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

clean-venv:
	rm -rf $(VENV)

# The load test of bench/README.md in one command, for a quiet machine: 100,000 items and cases, a published
# report, 20,000 咨询 and 10,000 subscribers; gunicorn + a Celery worker on PostgreSQL and Redis (db 10, 11),
# Locust at 10–100 users. Prints p95 per page (home, item, column, search, report, 咨询) against 300 ms.
LOAD_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
LOAD_USERS ?= 10,25,50,100
load-test: install
	$(PY) -m pip install -q --disable-pip-version-check -e '.[bench]'
	DATABASE_URL=$(LOAD_DATABASE_URL) $(PY) bench/load_test.py --items 100000 --cases 100000 \
		--users $(LOAD_USERS) --seconds 40
