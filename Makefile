# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: install run test lint format messages migrate seed backup restore bench

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(INSTALLED)

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_content

run: seed
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

# Load test: gunicorn, production settings, PostgreSQL and wrk (see "Performance" in
# README.md). Not part of `make test`. Options: make bench BENCH_ARGS="--duration 30s".
bench: install
	$(PY) scripts/bench.py $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Rebuild the French message catalogue after changing interface text.
messages: install
	$(PY) manage.py makemessages --locale fr --no-obsolete --ignore ".venv/*" --ignore "node_modules/*"
	$(PY) manage.py compilemessages --locale fr --ignore ".venv/*" --ignore "node_modules/*"

# A timestamped copy of every record and its history in backups/ (DATABASE_URL picks the
# database). Restore into an empty database: make restore FILE=backups/peaceops-<time>.xml.gz
backup: install
	$(PY) manage.py backup

restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/peaceops-<time>.xml.gz"; exit 2; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py loaddata "$(FILE)"
