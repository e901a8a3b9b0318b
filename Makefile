# make run: open the UI on the local demo.  make test: lint, type-check, test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench mutate mutate-again clean

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

# Hypothesis runs its "ci" profile here (tests/conftest.py): derandomized, 300 examples.
test: lint
	HYPOTHESIS_PROFILE=ci $(BIN)/pytest -q

# Every script runs, each printing its figures; make fails at the end if any missed a target.
bench: $(STAMP)
	@status=0; for name in core tui receiver readback check history; do \
		echo "== tests/bench_$$name.py"; $(BIN)/python tests/bench_$$name.py || status=1; \
	done; exit $$status

# Mutation testing of core/ with mutmut (issue 12; slow, not part of CI). mutmut runs in a
# copy where core/ sits at src/smarthook/core/, so mutants import as smarthook.core.*.
# Configuration: [tool.mutmut] in pyproject.toml; equivalent mutants: tests/mutation/.
MUTATION := build/mutation
MUTATE_JOBS ?= 8
MUTMUT := HYPOTHESIS_PROFILE=mutation ../../$(BIN)/mutmut run --max-children $(MUTATE_JOBS)
SCORE := ../../$(BIN)/python ../../tests/mutation/score.py

$(VENV)/.mutmut: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,mutation]'
	touch $@

# The copy of the tree (its mutants and results stay). The receiver's ASGI entry stays
# unmutated (a pragma in the copy): mutmut's wrapper takes any arguments, so uvicorn would
# call it with none and take it for an app factory.
define mutation_copy
	rm -rf $(MUTATION)/src $(MUTATION)/tests $(MUTATION)/presets
	mkdir -p $(MUTATION)/src/smarthook
	cp -r core presets $(MUTATION)/src/smarthook/
	cp -r presets tests pyproject.toml $(MUTATION)/
	sed -i 's/^\(    async def __call__(self, scope.*:\)$$/\1  # pragma: no mutate block/' \
		$(MUTATION)/src/smarthook/core/receiver.py
	grep -q 'no mutate block' $(MUTATION)/src/smarthook/core/receiver.py \
		|| { echo "make mutate: Receiver.__call__ not found in core/receiver.py"; exit 1; }
endef

mutate: $(VENV)/.mutmut
	rm -rf $(MUTATION)
	$(mutation_copy)
	date +%s > $(MUTATION)/started
	cd $(MUTATION) && $(MUTMUT) > mutmut.log 2>&1 || { tail -n 40 mutmut.log; exit 1; }
	cd $(MUTATION) && $(SCORE)

# After new tests or a change in core/: the last run's results stand, and only the mutants
# of changed functions and the survivors are checked again (minutes, not an hour). First
# mutmut's own incremental run (changed functions); then, with every test traced afresh
# (a new function is otherwise known only to the new tests), the survivors by name.
mutate-again: $(VENV)/.mutmut
	test -d $(MUTATION)/mutants || { echo "make mutate-again: no run to go on from (make mutate)"; exit 1; }
	$(mutation_copy)
	cd $(MUTATION) && $(MUTMUT) > again.log 2>&1 || { tail -n 40 again.log; exit 1; }
	rm -f $(MUTATION)/mutants/mutmut-stats.json
	cd $(MUTATION) && names=$$($(SCORE) --survivors) && { test -z "$$names" \
		|| $(MUTMUT) $$names >> again.log 2>&1 || { tail -n 40 again.log; exit 1; }; }
	cd $(MUTATION) && $(SCORE)

clean:
	rm -rf $(VENV) build *.egg-info
