# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: install run test test-browser vendor lint format messages migrate seed

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
	$(PY) -m pytest -m "not browser"

# Real-browser, axe-core and Nu HTML Checker tests. Needs Debian's Chromium
# (apt-get install chromium), Java, and the pinned npm tools (npm ci).
test-browser: install
	@test -x /usr/bin/chromium || { echo "test-browser needs /usr/bin/chromium: apt-get install -y chromium" >&2; exit 1; }
	@command -v java >/dev/null || { echo "test-browser needs Java for the Nu HTML Checker" >&2; exit 1; }
	test -d node_modules || npm ci --no-audit --no-fund
	$(PY) -m pytest -m browser

# Refresh static/vendor/gcds/ from the pinned @gcds-core packages (package-lock.json).
vendor:
	bash scripts/vendor-gcds.sh

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
