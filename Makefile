# Thin wrappers over scripts/: the scripts are the real thing and work without make.
.PHONY: help setup run test lint build screenshots clean distclean

help:
	@echo "make setup        Debian packages, .venv, editable install of pantau[dev]"
	@echo "make run          open Pantau on the bundled sample network (under Xvfb without a display)"
	@echo "make test         pytest without a screen, then ruff, mypy and lint-imports (as CI runs them)"
	@echo "make lint         ruff, mypy and lint-imports only"
	@echo "make build        PyInstaller onedir bundle in dist/pantau/ and its --selftest"
	@echo "make screenshots  regenerate docs screenshots (when scripts/screenshots.sh exists)"
	@echo "make clean        remove build output and tool caches (keeps .venv)"
	@echo "make distclean    clean, and remove .venv and the sample workspace"

setup:
	bash scripts/setup.sh --gui

run:
	bash scripts/run-sample.sh

test:
	bash scripts/run-tests.sh

lint:
	bash scripts/setup.sh
	.venv/bin/ruff check src tests $(wildcard benchmarks)
	.venv/bin/mypy
	.venv/bin/lint-imports --no-cache --no-logo

build:
	bash scripts/build.sh

screenshots:
	@if [ -f scripts/screenshots.sh ]; then bash scripts/screenshots.sh; \
	else echo "scripts/screenshots.sh does not exist yet"; exit 1; fi

clean:
	rm -rf build dist .pytest_cache .ruff_cache .mypy_cache
	find src tests benchmarks -name __pycache__ -type d -prune -exec rm -rf {} + 2>/dev/null || true

distclean: clean
	rm -rf .venv .sample-workspace
