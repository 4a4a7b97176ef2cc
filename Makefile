# Two commands for a fresh machine: `make demo` and `make test`.
# Both create (or reuse) the virtualenv in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
# pytest-xdist workers for `make test` (0: one process); a test file stays in one worker (--dist loadfile), so
# its module fixtures (a TLS scan, a Chromium launch, a corpus lint) run once
PYTEST_WORKERS ?= 2

.PHONY: demo test lint setup clean bench bench-monitor

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/cgcomply demo

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1; } || true
	# the Word test converts with LibreOffice headless and reads the PDF with poppler (tests/test_tender_docx.py)
	{ command -v libreoffice >/dev/null && command -v pdftotext >/dev/null && /usr/bin/python3 -c 'import uno' 2>/dev/null; } || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && (apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=600 libreoffice-writer-nogui poppler-utils python3-uno) >/dev/null 2>&1; } || true
	# the monitor's store and workers are tested on a throwaway PostgreSQL cluster (tests/postgres.py)
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && (apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=600 postgresql) >/dev/null 2>&1; } || true
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile

bench: $(STAMP)
	$(BIN)/python bench/run_bench.py --with-redocly --max-minutes 27

# 1,000 deployments on loopback, `monitor run` twice on SQLite and twice on PostgreSQL: bench/MONITOR_RESULTS.md
bench-monitor: $(STAMP)
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && (apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=600 postgresql) >/dev/null 2>&1; } || true
	$(BIN)/python bench/monitor_bench.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache cgcomply-demo
