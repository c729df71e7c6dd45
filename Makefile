# The two commands: `make run` and `make test`. Everything else is a helper of theirs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
MANAGE := $(BIN)/python manage.py
CONSTRAINTS := requirements/constraints.txt
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint audit figures check pytest test-services deploy-check bench bench-scheduler browser messages clean stack stack-stop stack-test loadtest

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Twinning needs Python 3.11 or newer" or 0)'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed-run: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(PIP) install --quiet -c $(CONSTRAINTS) -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed-run
	$(PIP) install --quiet -c $(CONSTRAINTS) -e ".[test]"
	@touch $@

messages: $(VENV)/.installed-run
	@scripts/ensure-system-packages.sh gettext
	DEBUG=true $(MANAGE) compilemessages --ignore=".venv" --verbosity 0

## make run: install, migrate, load the demo data and serve on http://127.0.0.1:8000
## (make run HOST=… PORT=… serves elsewhere; links in e-mails and feeds follow)
run: messages
	@scripts/ensure-system-packages.sh libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk
	DEBUG=true $(MANAGE) migrate --no-input --verbosity 0
	DEBUG=true $(MANAGE) demo --accounts
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	DEBUG=true TWINNING_BASE_URL=$${TWINNING_BASE_URL:-http://$(HOST):$(PORT)} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-$(HOST),127.0.0.1,localhost,[::1]} \
	$(MANAGE) runserver $(HOST):$(PORT)

browser:
	@scripts/ensure-system-packages.sh chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0

## make test: lint, Django checks and the whole pytest suite (browser tests included)
test: $(VENV)/.installed-test messages browser lint check pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/python scripts/static-checks.py bandit
	@$(MAKE) --no-print-directory audit

## make audit: pip-audit --strict on requirements/constraints.txt, from a virtual environment
## of its own; says NOT RUN (exit 0) where no vulnerability database answers, fails on a
## finding (docs/security.md, "Static analysis")
AUDIT_VENV ?= $(VENV)/pip-audit
PIP_AUDIT_VERSION := 2.10.1
audit: $(BIN)/python
	@test -x $(AUDIT_VENV)/bin/pip-audit || { $(PYTHON) -m venv $(AUDIT_VENV) && \
	  $(AUDIT_VENV)/bin/python -m pip install --quiet pip-audit==$(PIP_AUDIT_VERSION); } || \
	  echo "pip-audit could not be installed into $(AUDIT_VENV)"
	$(BIN)/python scripts/static-checks.py pip-audit --pip-audit $(AUDIT_VENV)/bin/pip-audit

## make figures: the figure column of docs/security.md's table from the last runs' figures
## (test-artifacts/figures/); make figures UPDATE=1 writes them into the table
figures: $(BIN)/python
	$(BIN)/python scripts/security-figures.py $(if $(UPDATE),--update docs/security.md)

# A throwaway passport-data key: without one, a non-DEBUG site fails check visas.E001.
CHECK_ENV := SECRET_KEY=check-only TWINNING_FIELD_KEYS=Y2hlY2stb25seS1maWVsZC1rZXktMDAwMDAwMDAwMDA=

check: $(VENV)/.installed-test
	$(CHECK_ENV) $(MANAGE) check --fail-level WARNING
	$(CHECK_ENV) $(MANAGE) makemigrations --check --dry-run

pytest: $(VENV)/.installed-test
	$(BIN)/pytest $(PYTEST_ARGS)

## The same suite against PostgreSQL and Redis (CI runs this after `make test`).
test-services: $(VENV)/.installed-test messages browser
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/15} \
	TWINNING_EXPECT_SERVICES=true \
	$(BIN)/pytest $(PYTEST_ARGS)

## Follow docs/deploy.md verbatim in a fresh virtual environment (CI runs this last).
deploy-check:
	@scripts/ensure-system-packages.sh libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk
	scripts/deploy-check.sh

## make bench: search latency and archive throughput on SQLite and PostgreSQL, then the
## meeting scheduler against its baselines and bound (docs/performance.md)
## (make bench-scheduler SCHEDULER_BENCH_ARGS=--quick: the scheduler's quick variant, as in CI)
bench: $(VENV)/.installed-test messages
	$(BIN)/python -m bench.run $(BENCH_ARGS)
	$(BIN)/python -m bench.scheduler $(SCHEDULER_BENCH_ARGS)

bench-scheduler: $(VENV)/.installed-test
	$(BIN)/python -m bench.scheduler $(SCHEDULER_BENCH_ARGS)

## The production stack on this machine: nginx, two gunicorn servers, a worker, private
## PostgreSQL and Redis (scripts/stack.sh, docs/deploy.md). Stop it with `make stack-stop`.
STACK_DIR ?= /tmp/twinning-stack
LOAD_SECONDS ?= 60
stack: $(VENV)/.installed-test messages
	STACK_DIR=$(STACK_DIR) scripts/stack.sh start

stack-stop:
	STACK_DIR=$(STACK_DIR) scripts/stack.sh stop

## make loadtest: 60 s per scenario against the stack, figures for docs/performance.md
loadtest: stack
	TWINNING_STACK_DIR=$(STACK_DIR) $(BIN)/python -m stack.load --seconds $(LOAD_SECONDS)
	$(BIN)/python scripts/security-figures.py record load $(STACK_DIR)/results/load-$(LOAD_SECONDS)s.json

## make stack-test (CI): a fresh stack, a short load, the burst and the fault tests, stopped
stack-test: $(VENV)/.installed-test messages
	@set -e; dir=$$(mktemp -d /tmp/twinning-stack-test.XXXXXX); \
	trap 'STACK_DIR='"$$dir"' scripts/stack.sh stop; rm -rf '"$$dir" EXIT; \
	STACK_DIR=$$dir scripts/stack.sh start; \
	TWINNING_STACK_DIR=$$dir $(BIN)/python -m stack.load --seconds $${STACK_LOAD_SECONDS:-5}; \
	$(BIN)/python scripts/security-figures.py record load-ci $$dir/results/load-$${STACK_LOAD_SECONDS:-5}s.json; \
	TWINNING_STACK_DIR=$$dir $(BIN)/pytest -p no:cacheprovider -s tests/stack $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache .ruff_cache .import_linter_cache
