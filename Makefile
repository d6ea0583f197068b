# The two set-up commands of the README: `make run` and `make test`. Both build the virtual
# environment from the hash-pinned lock file first, so they work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out/examples

.PHONY: run test test-fast lint lock clean

$(BIN)/armswatch: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . || \
		$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

run: $(BIN)/armswatch  ## analyse the bundled examples
	$(BIN)/armswatch analyze examples --out $(OUT)
	@echo "dossier: $(OUT)/dossier.json  (run summary: $(OUT)/run.json)"

test: $(BIN)/armswatch  ## the whole test suite, corpus tests included
	$(BIN)/python -m pytest -q

test-fast: $(BIN)/armswatch  ## unit tests only
	$(BIN)/python -m pytest -q -m "not corpus"

lint: $(BIN)/armswatch
	$(BIN)/ruff check src tests scripts

lock:  ## re-pin every dependency by version and hash
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) out .pytest_cache
