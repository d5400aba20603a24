# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: install lock run test test-fast test-python test-browser tools vendor lint format messages migrate seed backup restore bench

# Exactly the versions in the lock (every one checked against its hash), then the project
# itself, which adds none.
$(INSTALLED): requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

install: $(INSTALLED)

# Pin every Python dependency, with its hashes, from pyproject.toml: requirements-dev.lock
# (everything, for make install and CI) and requirements.lock (the site alone, the same
# versions, for the Docker image). Run it after changing the dependencies in pyproject.toml
# and commit both files. Pins still allowed by pyproject.toml are kept; to move them to the
# newest releases: make lock LOCK_ARGS=--upgrade
LOCK_OPTIONS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-find-links $(LOCK_ARGS)
lock: install
	CUSTOM_COMPILE_COMMAND="make lock" $(PY) -m piptools compile $(LOCK_OPTIONS) \
		--extra dev --output-file requirements-dev.lock pyproject.toml
	CUSTOM_COMPILE_COMMAND="make lock" $(PY) -m piptools compile $(LOCK_OPTIONS) \
		--constraint requirements-dev.lock --output-file requirements.lock pyproject.toml

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_content

run: seed
	$(PY) manage.py runserver 127.0.0.1:8000

# The whole suite: Python tests, then the real-browser, axe-core and Nu HTML Checker tests,
# each in TEST_PROCESSES processes (pytest-xdist), each with its own test databases and
# Redis database (8, 9, ...: see tests/helpers/environment.py).
TEST_PROCESSES ?= 2
test: test-python test-browser

test-python: install tools
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -m "not browser" --numprocesses $(TEST_PROCESSES)

test-browser: install tools
	$(PY) -m pytest -m browser --numprocesses $(TEST_PROCESSES)

# The everyday loop: the Python tests but the browser ones and those marked slow (under a
# minute on two CPUs).
test-fast: install
	$(PY) -m pytest -m "not browser and not slow" --numprocesses $(TEST_PROCESSES)

# What the tests need beyond Python: Debian's Chromium, Java (Nu HTML Checker), gettext
# (the French catalogue) and the pinned npm tools. Only what is missing is installed: with
# apt-get, as root or through sudo. With everything there, this needs neither.
tools:
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then sudo=""; \
		elif command -v sudo >/dev/null; then sudo="sudo"; \
		else echo "make tools: missing$$missing: install them with apt-get as root" >&2; exit 1; fi; \
		echo "make tools: installing$$missing with $${sudo:+sudo }apt-get"; \
		$$sudo apt-get update -qq >/dev/null && \
		$$sudo env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@test -d node_modules || { \
		echo "make tools: installing axe-core and vnu-jar with npm ci"; \
		npm ci --no-audit --no-fund --update-notifier=false --loglevel=error >/dev/null; \
	}

# Refresh static/vendor/gcds/ from the pinned @gcds-core packages (package-lock.json).
vendor:
	bash scripts/vendor-gcds.sh

# Load test: gunicorn, production settings, PostgreSQL and wrk (see docs/performance.md).
# Not part of `make test`. Options: make bench BENCH_ARGS="--duration 30s".
bench: install
	$(PY) scripts/bench.py $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

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
