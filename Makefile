# make run: open the UI on the local demo.  make test: lint, type-check, test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/smarthook

# mypy and import-linter see the installed layout (smarthook.core, smarthook.tui) through links.
TREE := $(VENV)/tree/smarthook
$(TREE):
	mkdir -p $@
	ln -sfn $(CURDIR)/core $@/core
	ln -sfn $(CURDIR)/tui $@/tui
	ln -sfn $(CURDIR)/presets $@/presets

lint: $(STAMP) $(TREE)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy core
	MYPYPATH=$(VENV)/tree $(BIN)/mypy -p smarthook.tui
	PYTHONPATH=$(VENV)/tree $(BIN)/lint-imports

test: lint
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python tests/bench_core.py
	$(BIN)/python tests/bench_tui.py
	$(BIN)/python tests/bench_receiver.py
	$(BIN)/python tests/bench_readback.py
	$(BIN)/python tests/bench_check.py
	$(BIN)/python tests/bench_history.py

clean:
	rm -rf $(VENV) build *.egg-info
