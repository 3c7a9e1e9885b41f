# Every target creates .venv from pyproject.toml first if it is missing or out of date.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test bench eval run sync soak lint format clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

demo: install
	$(PY) run_bot.py demo

test: install
	$(PY) -m pytest -q

soak: install
	$(PY) -m pytest -q -m soak -o addopts=""

bench: install
	$(PY) tools/bench.py
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
	rm -rf $(VENV) .pytest_cache .ruff_cache
