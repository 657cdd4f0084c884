# Willkommensportal: every command an editor or admin needs.
#   make serve   build the demo portal and serve it on http://localhost:8000
#   make test    run all tests
# Everything the site and its tests need is installed on first use: Python
# packages into .venv (pinned in requirements.txt / constraints.txt), and
# Debian's chromium for the browser tests (Playwright cannot download its own
# browser on every machine).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
OUTPUT ?= output
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT    := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get

.PHONY: install system-packages html serve devserver check test publish clean

install: $(STAMP)

# Debian packages the tests drive: chromium (browser tests), nginx (the strict-CSP
# gate), a Java runtime (the Nu HTML checker); and from npm (package-lock.json):
# the Nu HTML checker's jar and axe-core.
system-packages: node_modules/.installed
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing="$$missing nginx-light"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then $(APT) update -qq && $(APT) install -y -qq $$missing; fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(STAMP): requirements.txt constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $(STAMP)

html: install
	$(BIN)/python tools/portal.py build --output $(OUTPUT)

serve: html
	$(BIN)/python tools/portal.py serve --output $(OUTPUT) --port $(PORT)

devserver: install
	$(BIN)/python tools/portal.py devserver --output $(OUTPUT) --port $(PORT)

check: install
	$(BIN)/python tools/portal.py check

test: install system-packages
	$(BIN)/python -m pytest

# SITEURL (e.g. https://example.org/portal) and other settings come from the environment.
publish: install
	SITEURL="$(SITEURL)" $(BIN)/python tools/portal.py build --output $(OUTPUT)

clean:
	rm -rf $(OUTPUT) .cache .build-* .previous-* .pytest_cache node_modules
