#!/usr/bin/env bash
# Runs the whole check: the pytest suite without a screen, then ruff, mypy and lint-imports (the import contracts in
# pyproject.toml). Every step runs even when an earlier one fails, and the script exits non-zero if any failed.
# Arguments go to pytest.
#
#   scripts/run-tests.sh [pytest args]      e.g. scripts/run-tests.sh -x tests/unit
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

bash scripts/setup.sh --gui --net-tests

failed=()

set +e
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest "$@"
status=$?
set -e
case $status in
    0) ;;
    5) echo "[tests] pytest collected no tests: that is a failure"; failed+=(pytest) ;;
    *) failed+=(pytest) ;;
esac

lint_paths=()
for path in src tests benchmarks; do
    if [[ -d $path ]]; then lint_paths+=("$path"); fi
done
echo "[tests] ruff check ${lint_paths[*]}"
.venv/bin/ruff check "${lint_paths[@]}" || failed+=(ruff)

echo "[tests] mypy (packages from pyproject.toml)"
.venv/bin/mypy || failed+=(mypy)

# --no-cache: the graph takes well under a second to build, and no cache directory is left in the checkout.
echo "[tests] lint-imports (import contracts from pyproject.toml)"
.venv/bin/lint-imports --no-cache --no-logo || failed+=(lint-imports)

if ((${#failed[@]})); then
    echo "[tests] FAILED: ${failed[*]}"
    exit 1
fi
echo "[tests] all passed: pytest, ruff, mypy, lint-imports"
