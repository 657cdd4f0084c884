# Willkommensportal: every command an editor or admin needs.
#   make serve   build the demo portal and serve it on http://localhost:8000
#   make test    run all tests
#   make new TYPE=offer SLUG=… [LANG=en] · make report [STRICT=1] · make schemas
# Everything the site and its tests need is installed on first use: Python
# packages into .venv (pinned in requirements.txt / constraints.txt), npm's
# packages (package-lock.json: Pagefind, which every build runs, and the gates'
# checkers) with Node.js and npm from Debian where npm is missing, and Debian's
# chromium for the browser tests (Playwright cannot download its own browser on
# every machine).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
OUTPUT ?= output
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT    := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get

.PHONY: install system-packages html serve devserver check test publish clean \
        new report schemas import migrate-data rsync_upload vendor-admin bench screenshots brochure

install: $(STAMP) node_modules/.installed

# Debian packages the tests drive: chromium (browser tests), nginx (the strict-CSP
# gate, the host recipes), Apache's binary alone (the .htaccess recipe; no service), a Java runtime (the Nu HTML checker), rsync (make rsync_upload); for
# make brochure, WeasyPrint's Pango and the Noto fonts (Arabic and Farsi too), and
# poppler-utils, whose pdftotext and pdffonts its tests read the PDFs with; and from
# npm (package-lock.json): the Nu HTML checker's jar, axe-core and Lighthouse.
system-packages: node_modules/.installed
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing="$$missing nginx-light"; \
	[ -x /usr/sbin/apache2 ] || missing="$$missing apache2-bin"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v rsync >/dev/null 2>&1 || missing="$$missing rsync"; \
	for package in libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core; do \
		dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	done; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then $(APT) update -qq && $(APT) install -y -qq $$missing; fi

# Node.js and npm come from Debian where npm is missing (python:3.11-bookworm, the CI
# image, has neither); an existing Node installation with its npm is used as it is.
# Decided when make reads this file, so `make -n` shows what would be installed.
NPM_MISSING := $(shell command -v npm >/dev/null 2>&1 || echo yes)

node_modules/.installed: package.json package-lock.json
	$(if $(NPM_MISSING),$(APT) update -qq && $(APT) install -y -qq nodejs npm)
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
	SITEURL="$(SITEURL)" $(BIN)/python tools/portal.py build --publish --output $(OUTPUT)

# Editors: a new document with every field, commented (LANG=… for a translation).
# LANG counts only when given on the command line: the shell's LANG is a locale.
new: install
	$(BIN)/python tools/portal.py new --type "$(TYPE)" --slug "$(SLUG)" $(if $(filter command line,$(origin LANG)),--lang "$(LANG)")

# The freshness report; STRICT=1 exits non-zero on any finding (for CI).
report: install
	$(BIN)/python tools/portal.py report $(if $(filter-out 0 no false,$(STRICT)),--strict)

# Partners' proposed offers → draft offers: make import FILE=imports/<export>.json|.csv|.eml
# (keep such files in imports/, which git ignores: they hold the senders' own data).
import: install
	$(BIN)/python tools/portal.py import "$(FILE)"

# data/organisations.yaml, places.yaml, links.yaml → one file per record in data/organisations/ …
# (the shape the CMS at /admin/ edits; see the README).
migrate-data: install
	$(BIN)/python tools/portal.py migrate-data

# JSON Schemas for editors' tools (schemas/, .vscode/settings.json) from the contract.
schemas: install
	$(BIN)/python tools/portal.py schemas

# Build for SITEURL and copy the site over ssh: RSYNC_TARGET=user@host:/var/www/portal/
# (SSH_PORT, RSYNC_OPTIONS optional). --delete removes files the site no longer has.
SSH_PORT ?= 22
rsync_upload:
	@test -n "$(RSYNC_TARGET)" || { echo "make rsync_upload: set RSYNC_TARGET, e.g. RSYNC_TARGET=user@example.org:/var/www/portal/" >&2; exit 2; }
	@test -n "$(SITEURL)" || { echo "make rsync_upload: set SITEURL, e.g. SITEURL=https://example.org/portal" >&2; exit 2; }
	$(MAKE) publish
	rsync -e "ssh -p $(SSH_PORT)" --recursive --checksum --compress --delete --itemize-changes \
		$(RSYNC_OPTIONS) "$(OUTPUT)/" "$(RSYNC_TARGET)"

# The CMS at /admin/ (Decap CMS, js-yaml), vendored from npm at these versions (needs npm).
DECAP_VERSION := 3.16.3
JS_YAML_VERSION := 5.5.0
vendor-admin:
	tools/vendor-admin.sh $(DECAP_VERSION) $(JS_YAML_VERSION) plugins/portal_editors/vendor

# A PDF per language of every current offer, training, event and donation need, with
# cover, contents and QR codes, into brochure/ (needs SITEURL: the printed addresses).
brochure: install system-packages
	@test -n "$(SITEURL)" || { echo "make brochure: set SITEURL, e.g. make brochure SITEURL=https://example.org/portal (the brochure prints each item's address and QR code)" >&2; exit 2; }
	$(MAKE) --no-print-directory publish SITEURL="$(SITEURL)" OUTPUT="$(OUTPUT)"
	$(BIN)/python tools/portal.py brochure --output $(OUTPUT) --into brochure

# The README's "Look" section: home, listing, offer, form and notice at 360 and 1280 px,
# in de, ar and uk, light and dark, into docs/look/ (needs Chromium: system-packages).
screenshots: install system-packages
	$(BIN)/python tools/screenshots.py --folder docs/look --readme README.md

clean:
	rm -rf $(OUTPUT) .cache .build-* .previous-* .pytest_cache node_modules

# Our build side by side with plain Pelican on generated portals of N items x 6
# languages (medians of REPEAT runs); writes the table to BENCHMARKS.md.
# A quick run: make bench N=50
N      ?= 200,2000
REPEAT ?= 3
BENCH_REPORT ?= BENCHMARKS.md
bench: install system-packages
	$(BIN)/python -m tools.bench --sizes $(N) --repeat $(REPEAT) --report $(BENCH_REPORT) \
		--command "make bench N=$(N) REPEAT=$(REPEAT)"
