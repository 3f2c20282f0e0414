# Two commands for a newcomer: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then echo $$p; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-any-date setup catalogs migrate demo lint bench extract clean

# Migrates, then: with BOT_TOKEN, long polling; without, the browser playground (127.0.0.1:8080) with demo data.
run: setup
	$(BIN)/cohesion run

test: setup
	$(BIN)/python -m pytest

# The suite must pass whatever the machine's clock says (tests pin the one injected clock):
# run it with the wall clock a year ahead and a year back (libfaketime, Debian package
# `faketime`; an offset, because FAKETIME_DONT_FAKE_MONOTONIC breaks Python's time.sleep).
# Two more whole runs, so it is a target of its own rather than part of .ci/run.
test-any-date: setup
	@command -v faketime >/dev/null || { echo "needs faketime: apt-get install faketime"; exit 1; }
	faketime -f "+365d" $(BIN)/python -m pytest -p no:cacheprovider
	faketime -f "-365d" $(BIN)/python -m pytest -p no:cacheprovider

setup: $(STAMP) catalogs

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# .po files are in git; .mo files are built here, never committed.
catalogs: $(STAMP)
	$(BIN)/pybabel compile --statistics -d locales -D messages

# Re-extract the strings from the ui texts and merge them into both catalogs.
extract: $(STAMP)
	$(BIN)/pybabel extract --no-location --sort-output --width 100 -k _ -k __ -k N_ -k ngettext:1,2 \
		-o locales/messages.pot bot
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete --width 100 -d locales -D messages -i locales/messages.pot

migrate: setup
	$(BIN)/cohesion migrate

demo: setup
	$(BIN)/cohesion migrate
	$(BIN)/cohesion demo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Measurements, not tests (bench/README.md): the place resolver, then delivery and scale-out.
bench: setup
	$(BIN)/python bench/territory_bench.py
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) data
