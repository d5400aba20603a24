# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: install run test test-python test-browser tools vendor lint format messages migrate seed backup restore bench

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

# The whole suite: Python tests, then the real-browser, axe-core and Nu HTML Checker tests.
test: test-python test-browser

test-python: install tools
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -m "not browser"

test-browser: install tools
	$(PY) -m pytest -m browser

# What the tests need beyond Python: Debian's Chromium, Java (Nu HTML Checker), gettext
# (the French catalogue) and the pinned npm tools. Installed only where missing.
tools:
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
		echo "Installing$$missing with apt-get"; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	test -d node_modules || npm ci --no-audit --no-fund

# Refresh static/vendor/gcds/ from the pinned @gcds-core packages (package-lock.json).
vendor:
	bash scripts/vendor-gcds.sh

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
# database). Restore into an empty database: make restore FILE=backups/peaceops-<time>.json.gz
backup: install
	$(PY) manage.py backup

restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/peaceops-<time>.json.gz"; exit 2; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py loaddata "$(FILE)"
