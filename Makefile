# The two commands: `make run` (demo on http://127.0.0.1:5000) and `make test` (everything, as CI runs it).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 5000
# pytest-xdist workers: each has its own SQLite files and PostgreSQL databases (named after its pid). Two on two
# cores: measured on the same code, quiet machine, 2 workers 7 min 8 s against 7 min 37 s and 7 min 45 s with 3
# (the tests wait on their live server, Chromium or PostgreSQL, but a third worker's CPU costs more than it fills).
TEST_WORKERS ?= 2

.PHONY: install lint run test test-fast services bench bench-pages bench-load vendor-css vendor-js vendor-axe clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# `make run PORT=8080 HOST=0.0.0.0`: the demo logins and the URL come last, after the install and migration output.
run: install
	$(BIN)/portal db upgrade
	$(BIN)/portal demo --if-empty >/dev/null
	@echo
	@$(BIN)/portal demo --logins
	@echo "  Een code berekenen: $(BIN)/python -c \"import pyotp; print(pyotp.TOTP('TOTP-SLEUTEL').now())\""
	@echo
	@echo "Inburgeringsportaal: http://$(HOST):$(PORT)/   (stoppen: Ctrl+C)"
	@$(BIN)/portal run --host $(HOST) --port $(PORT)

# The lint gate (.ci/run runs it before the tests): ruff, the portal/dpia import contract and mypy on portal and dpia
# ([tool.mypy]); all pinned in pyproject.
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/mypy

services:
	@bash scripts/services.sh

# Bytecode is written even where PYTHONDONTWRITEBYTECODE is set: otherwise every worker compiles the app, the
# migrations (at each app's `upgrade`) and the assertion-rewritten tests again. `--dist worksteal`: an idle worker
# takes tests from the busy one, so both end together.
test: install
	@url=$$(bash scripts/services.sh | tail -n 1) && \
	  PYTHONDONTWRITEBYTECODE= TEST_POSTGRES_URL=$$url REQUIRE_ALL_BACKENDS=$${REQUIRE_ALL_BACKENDS:-1} \
	  $(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# Quick loop while developing: SQLite only, no browser.
test-fast: install
	$(BIN)/pytest --backends=sqlite -m "not browser" $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/import_bench.py --rows 100000
	$(BIN)/python bench/dashboard_bench.py
	$(BIN)/python bench/pages_bench.py
	@url=$$(bash scripts/services.sh | tail -n 1) && \
	  $(BIN)/python bench/import_bench.py --rows 100000 --database $$url && \
	  $(BIN)/python bench/dashboard_bench.py --database $$url && \
	  $(BIN)/python bench/pages_bench.py --database $$url && \
	  $(BIN)/python bench/log_bench.py --database $$url

# The main pages against a bare authenticated page (SQLite, then PostgreSQL); PAGES_ARGS="--only demo" for a quick run.
bench-pages: install
	$(BIN)/python bench/pages_bench.py $(PAGES_ARGS)
	@url=$$(bash scripts/services.sh | tail -n 1) && \
	  $(BIN)/python bench/pages_bench.py --database $$url $(PAGES_ARGS)

# Locust against gunicorn (config/gunicorn.py) on a fresh PostgreSQL database; LOAD_ARGS="--users 10 --duration 20" for a smoke run.
bench-load: install
	@url=$$(bash scripts/services.sh | tail -n 1) && \
	  $(BIN)/python bench/load.py --database $$url $(LOAD_ARGS)

vendor-css:
	bash scripts/vendor-css.sh

vendor-js:
	bash scripts/vendor-js.sh

vendor-axe:
	bash scripts/vendor-axe.sh

clean:
	rm -rf $(VENV) instance .pytest_cache test-results
