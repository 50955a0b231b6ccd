#!/usr/bin/env bash
# Fuzzes `pantau import` with seeded mutations of the bundled sample network file and of a spreadsheet CSV, in
# this process and through the real `pantau` command, and prints the figures: cases, crashes (goal 0), messages
# without a location, refused imports that changed the workspace, accepted inventories that did not re-import
# byte-identical. Exits 1 if any case failed; the inputs of failing cases are kept for a look.
#
#   scripts/fuzz.sh                          3,000 cases in-process + 150 through the command, seed 18
#   scripts/fuzz.sh --cases 10000 --cli 500 --seed 7
#   scripts/fuzz.sh --keep /tmp/fuzz-failures
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

bash scripts/setup.sh >/dev/null

QT_QPA_PLATFORM=offscreen exec .venv/bin/python -m tests.fuzz_import --command "$repo/.venv/bin/pantau" "$@"
