# Willkommensportal: every command an editor or admin needs.
#   make serve   build the demo portal and serve it on http://localhost:8000
#   make test    run all tests
# Everything the site and its tests need is installed on first use into .venv
# (Python packages, pinned in requirements.txt / constraints.txt).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
OUTPUT ?= output
STAMP  := $(VENV)/.installed

.PHONY: install html serve devserver check test publish clean

install: $(STAMP)

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

test: install
	$(BIN)/python -m pytest

# SITEURL (e.g. https://example.org/portal) and other settings come from the environment.
publish: install
	SITEURL="$(SITEURL)" $(BIN)/python tools/portal.py build --output $(OUTPUT)

clean:
	rm -rf $(OUTPUT) .cache .build-* .previous-* .pytest_cache
