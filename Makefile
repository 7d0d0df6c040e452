# The two set-up commands of the README work on a fresh machine: they create .venv when needed.
# `make demo` has its own database (var/demo.db): it never touches var/vigie.db, where the console's
# accounts and the trainees' results live.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo test test-anytime bench lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when pyproject.toml changes (the stamp is older than it).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/vigie validate charters/fr/opalia.yaml charters/en/opalia.yaml \
		playbooks/fr/opalia.yaml playbooks/en/opalia.yaml
	rm -f var/demo.db var/demo.db-wal var/demo.db-shm
	$(BIN)/vigie replay charters/samples/opalia_day.jsonl --charter charters/fr/opalia.yaml \
		--playbook playbooks/fr/opalia.yaml --db sqlite:///var/demo.db --out out/demo

# pytest exits 5 when it collects nothing: fine for a filtered run, a broken suite otherwise.
test: $(VENV)/.installed-dev
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then \
		echo "pytest collected no test"; \
		if [ -n "$(PYTEST_ARGS)" ]; then exit 0; else exit 1; fi; \
	fi; exit $$rc

# The whole suite under libfaketime (Debian package faketime) at three instants that have broken
# clock-dependent tests before: a weekday afternoon, a Saturday morning, a Sunday night (Paris).
ANYTIME ?= "2026-12-09 15:00:00 CET" "2026-12-12 10:00:00 CET" "2026-12-13 03:00:00 CET"

test-anytime: $(VENV)/.installed-dev
	@command -v faketime >/dev/null || { echo "test-anytime needs faketime: apt-get install faketime"; exit 1; }
	@for at in $(ANYTIME); do \
		echo "== make test at $$at"; \
		faketime -m "$$at" $(MAKE) --no-print-directory test || { echo "== failed at $$at"; exit 1; }; \
	done; echo "== passed at every instant"

bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check bot tests bench
	$(BIN)/mypy

format: $(VENV)/.installed-dev
	$(BIN)/ruff format bot tests bench
	$(BIN)/ruff check --fix bot tests bench

clean:
	rm -rf $(VENV) out var .pytest_cache
