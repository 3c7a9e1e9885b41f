# Every target creates .venv from pyproject.toml first if it is missing or out of date.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo check test faults typecheck bench eval run sync soak mutate lint format clean

# Some environments (Docker images among them) set PYTHONDONTWRITEBYTECODE: then every
# interpreter the suite starts (pytest's workers, each `run_bot.py` subprocess) compiles the bot
# and rewrites the tests' asserts again, a third of the suite's CPU. Caches go to __pycache__/.
unexport PYTHONDONTWRITEBYTECODE

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

demo: install
	$(PY) run_bot.py demo

# What CI runs (.ci/run): lint, types, the whole suite with coverage; then `make faults`.
check: lint typecheck test

# Tests run in parallel (pytest-xdist: no test binds a fixed port or shares a file; idle workers
# take queued tests from busy ones, and tests/conftest.py deals the tests marked slow over the
# first half of each worker's share so that none trails) and print the line and branch coverage of
# feeds/ and bot/. Two workers per core: part of the suite's time is spent waiting
# (subprocesses, timeouts, kills), so a second worker per core fills it. The full-length kill
# runs are `make faults`. TEST_WORKERS=0 runs the tests in one process. coverage prints the
# table (failing tests or not) and fails below fail_under: pytest-cov's own report analyses
# every file twice (once for the total, once for the table), 1.5 s more at the end of the run.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) * 2 )))
test: install
	rm -f .coverage .coverage.*
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist worksteal --durations=15 \
		--cov --cov-report= --cov-fail-under=0; tests=$$?; \
		$(PY) -m coverage report; covered=$$?; \
		if [ $$tests -ne 0 ]; then exit $$tests; fi; exit $$covered

typecheck: install
	$(VENV)/bin/mypy

# The full-length SIGKILL runs (20 kills of PostgreSQL workers, 40 of the bot mid-cycle, 40 of
# the store writer): a minute of kills that `make test` runs short (3, 4 and 10 kills, enough
# to catch broken recovery). CI runs them after `make check`.
faults: install
	$(PY) -m pytest -q -m faults -o addopts="" -n 2 --durations=5

# Longer still (100 and 200 kills, kills with the webhook receiver on): by hand, before a release.
soak: install
	$(PY) -m pytest -q -m soak -o addopts=""

# Do the tests catch broken code? Flips comparisons, and/or, conditions, booleans and returned
# values in the feed normalizers, the matcher and the outbox, one at a time, and prints the share
# of those mutants the tests kill and the ones they miss (tools/mutate.py; about half an hour).
# Mutants that change nothing (tools/equivalent_mutants.py, each with its reason) are listed apart.
mutate: install
	$(PY) tools/mutate.py

bench: install
	$(PY) tools/bench.py
	$(PY) tools/bench_delivery.py
	$(PY) tools/bench_pg.py

eval: install
	$(PY) tools/eval.py

run: install
	$(PY) run_bot.py run

sync: install
	$(PY) run_bot.py sync

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .coverage
