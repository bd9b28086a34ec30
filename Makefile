# Pacer: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo organisation lives in FY24: serve it as of a day in FY24-Q3.
DEMO_TODAY ?= 2023-09-15
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
CELERY_TEST_BROKER_URL ?= redis://127.0.0.1:6379/15
SERVICE_MARKS := browser or celery or redis or postgres
# The tests that start a worker, a browser or a server, or share Redis, run one at a time;
# the rest run on TEST_WORKERS processes (pytest-xdist; each has a test database of its own).
PROCESS_MARKS := browser or celery or redis
TEST_WORKERS ?= auto
PG_PYTEST := DATABASE_URL=$(PG_URL) CELERY_TEST_BROKER_URL=$(CELERY_TEST_BROKER_URL) $(PY) -m pytest -q

.PHONY: run test test-sqlite test-postgres lint audit bench bench-scale screenshots clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	PACER_TODAY=$(DEMO_TODAY) $(PY) manage.py seed_demo
	PACER_TODAY=$(DEMO_TODAY) $(PY) manage.py seed_framework_demo
	PACER_TODAY=$(DEMO_TODAY) DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs twice: on the embedded SQLite default without the service tests, then on
# PostgreSQL with everything (Redis, a real Celery worker, Chromium).
test: test-sqlite test-postgres lint audit

test-sqlite: $(VENV)/.installed
	$(PY) -m pytest -q -n $(TEST_WORKERS) -m "not ($(SERVICE_MARKS))"

test-postgres: $(VENV)/.installed
	$(PG_PYTEST) -n $(TEST_WORKERS) -m "not ($(PROCESS_MARKS))"
	$(PG_PYTEST) -m "$(PROCESS_MARKS)"

# Each page at desktop and phone width, as the demo logins see it, into screenshots/.
screenshots: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	PACER_TODAY=$(DEMO_TODAY) $(PY) manage.py seed_demo
	PACER_TODAY=$(DEMO_TODAY) $(PY) manage.py screenshots

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

# Production settings must pass Django's deployment checks; dependencies are audited.
audit: $(VENV)/.installed
	PRODUCTION=1 DEBUG=0 SECRET_KEY=ci-only-$$(date +%s%N)-not-a-real-secret-0123456789abcdef \
		ALLOWED_HOSTS=pacer.example $(PY) manage.py check --deploy --fail-level WARNING
	@# On a closed network pip-audit reaches no vulnerability data and still exits 0: say so.
	@out=$$($(VENV)/bin/pip-audit --progress-spinner off --skip-editable 2>&1); status=$$?; \
		echo "$$out"; \
		if echo "$$out" | grep -q "could not be audited"; then \
			echo "WARNING: pip-audit reached no vulnerability data: dependencies NOT audited"; fi; \
		[ $$status -eq 0 ] || { echo "pip-audit found known vulnerabilities"; exit 1; }

# Not part of `make test`: minutes of work at 100,000 and 1,000,000 rows; writes bench/RESULTS.md.
# BENCH_ARGS sizes the run, e.g. --history-size 100000 --history-weeks 13 --sync-size 100000
# (defaults: 13 weekly imports of 1,000,000, a sync of 1,000,000); BENCH_PORT is gunicorn's.
BENCH_DB ?= postgres://postgres@127.0.0.1:5432/pacer_bench
# Where the benchmark's imports queue their recompute (flushed after each size).
BENCH_BROKER ?= redis://127.0.0.1:6379/7
bench: $(VENV)/.installed
	command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	DATABASE_URL=$(BENCH_DB) CELERY_TEST_BROKER_URL=$(BENCH_BROKER) $(PY) -m bench.run $(BENCH_ARGS)

# Optional, not in `make bench` nor `make test`: 100,000 → 1,000,000 → 5,000,000 deals and 5,000
# people (hours on 2 cores); prints each cost's growth per 10×. SCALE_ARGS e.g. --sizes 2000 20000.
bench-scale: $(VENV)/.installed
	DATABASE_URL=$(BENCH_DB) CELERY_TEST_BROKER_URL=$(BENCH_BROKER) $(PY) -m bench.scale $(SCALE_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache .ruff_cache
