# One entry point. `make demo` and `make test` work on a fresh machine with only Python 3.11+.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Where the browser tests find Debian's Chromium (tests/conftest.py); `make browser` installs it.
CHROMIUM ?= /usr/bin/chromium
export DJANGO_SETTINGS_MODULE := sel.settings

# The cluster on loopback (issue #16): HAProxy, two app servers, two workers, PostgreSQL (DATABASE_URL,
# default postgres://postgres@127.0.0.1:5432/sel_cluster) and a Redis of its own; Ctrl-C stops it all.
cluster: install
	DEBUG=1 $(PY) manage.py cluster --port $(PORT) $(CLUSTER_ARGS)

.PHONY: cluster browser demo test lint types check-migrations catalogues messages bench clean install

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed catalogues

# Compiles the gettext catalogues with Babel, so no GNU gettext is needed.
catalogues: $(VENV)/.installed
	$(PY) -m sel.core.catalogues compile

# Re-extracts every translatable string into the apps' English catalogues (Babel, no GNU gettext).
messages: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py catalogues update

demo: install
	mkdir -p var
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py createcachetable
	DEBUG=$${DEBUG:-1} $(PY) manage.py demo_data
	DEBUG=$${DEBUG:-1} $(PY) manage.py rundemo --port $(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	DEBUG=1 $(VENV)/bin/mypy sel tests bench

check-migrations: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Debian's chromium for the browser tests, installed with apt (as root or by sudo) when missing;
# otherwise one line says what to run, before anything else of `make test` runs.
browser:
	@sh scripts/ensure_chromium.sh "$(CHROMIUM)"

test: browser install lint check-migrations
	DEBUG=1 $(PY) manage.py catalogues check
	DEBUG=1 $(PY) -m pytest $(PYTEST_ARGS)

bench: install
	$(PY) bench/login.py

clean:
	rm -rf $(VENV) var

# Front end: the Québec design system's built CSS, fonts and signature, vendored into
# sel/static/qc-sdg/ with npm (the only target that needs Node; demo and test use the committed files).
.PHONY: assets screenshots
assets:
	sh scripts/vendor_qc_sdg.sh

# docs/screenshots/*.png: the demo data on a temporary SQLite database, served and driven in
# Debian's Chromium (/usr/bin/chromium) by Playwright.
screenshots: install
	DEBUG=1 $(PY) scripts/screenshots.py
