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

.PHONY: install system-packages html serve devserver check test publish clean bench

install: $(STAMP)

# Debian packages the tests drive: chromium (browser tests).
system-packages:
	@command -v chromium >/dev/null 2>&1 || { $(APT) update -qq && $(APT) install -y -qq chromium; }

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
	rm -rf $(OUTPUT) .cache .build-* .previous-* .pytest_cache

# Our build side by side with plain Pelican on generated portals of N items x 6
# languages (medians of REPEAT runs); writes the table to BENCHMARKS.md.
# A quick run: make bench N=50
N      ?= 200,2000
REPEAT ?= 3
BENCH_REPORT ?= BENCHMARKS.md
bench: install
	$(BIN)/python -m tools.bench --sizes $(N) --repeat $(REPEAT) --report $(BENCH_REPORT) \
		--command "make bench N=$(N) REPEAT=$(REPEAT)"
