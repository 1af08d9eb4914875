# Two commands do everything:  `make site` builds the site, `make test` runs every test.
# Each sets up its own virtual environment in .venv first. PyICU (collation) is compiled
# there against the system's ICU: on Debian, `apt-get install libicu-dev pkg-config g++` first
# (.ci/run does).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site check test serve lock clean

site: $(STAMP)
	$(BIN)/sitegen build --strict

check: $(STAMP)
	$(BIN)/sitegen check content

serve: $(STAMP)
	$(BIN)/sitegen serve

test: $(STAMP)
	$(BIN)/python -m pytest

# constraints.txt pins every package to the version the tests last passed with.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

# Maintenance: move the pins to the newest versions pyproject.toml allows (then `make test`).
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet '.[test]'
	{ sed -n '/^#/p' constraints.txt; .lock-venv/bin/python -m pip freeze --exclude sitegen; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf .lock-venv build/lib

clean:
	rm -rf $(VENV) site build
