# The two commands a newcomer runs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCKS := requirements/runtime.txt requirements/dev.txt requirements/build.txt
COMPILE := $(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

.PHONY: run test demo lint typecheck bench lock audit wheel-check clean

# The venv holds exactly the dev lock (hashes checked), then assure itself as an editable install.
$(STAMP): pyproject.toml requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements/dev.txt
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/assure run

demo: $(STAMP)
	$(BIN)/assure demo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest; status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest ran no tests" >&2; exit 1; fi; exit $$status

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Refresh the hashed lock files from pyproject.toml (needs PyPI); commit them with the change that needed them.
lock: $(STAMP)
	$(COMPILE) -o requirements/runtime.txt pyproject.toml
	$(COMPILE) --extra dev -o requirements/dev.txt pyproject.toml
	$(COMPILE) -o requirements/build.txt requirements/build.in

# Known vulnerabilities in the locked versions. pip-audit asks PyPI's JSON API for advisories, so this needs
# network access to pypi.org; --strict fails the run when any package could not be checked (no silent pass).
audit: $(STAMP)
	$(BIN)/pip-audit --strict --require-hashes --disable-pip -r requirements/runtime.txt -r requirements/dev.txt

# Build the wheel, install it from the runtime lock into a fresh venv outside the checkout, run it (.ci/wheel-check).
wheel-check:
	PYTHON=$(PYTHON) .ci/wheel-check

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
