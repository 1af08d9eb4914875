# Two commands do everything:  `make site` builds the site, `make test` runs every test.
# Each sets up its own virtual environment in .venv first. PyICU (collation) is compiled
# there against the system's ICU: on Debian, `apt-get install libicu-dev pkg-config g++` first
# (.ci/run does).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site check test serve clean

site: $(STAMP)
	$(BIN)/sitegen build --strict

check: $(STAMP)
	$(BIN)/sitegen check content

serve: $(STAMP)
	$(BIN)/sitegen serve

test: $(STAMP)
	$(BIN)/python -m pytest

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) site build
