#!/usr/bin/env bash
# Brings the Indonesian translation up to date with the strings in src/pantau/ui, then compiles it.
#
#   scripts/update-translations.sh
#
# 1. pyside6-lupdate reads every tr()/translate() string of src/pantau/ui/**/*.py (subfolders too) into resources/i18n/pantau_id.ts:
#    new strings arrive unfinished, strings no longer in the code are dropped, translations already made are kept.
# 2. pyside6-lrelease compiles the .ts to resources/i18n/pantau_id.qm, which the app loads (both are committed; the
#    PyInstaller bundle ships resources/ whole).
# Translate what is unfinished (by hand in the .ts, or with .venv/bin/pyside6-linguist), following the glossary in
# docs/i18n.md, and run this again. tests/gui/test_i18n.py fails while a string is unfinished or the .qm is stale.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

ts=resources/i18n/pantau_id.ts
qm=resources/i18n/pantau_id.qm
mkdir -p resources/i18n
# Every module under ui/, in a stable order; lupdate keys strings by context (the class name), so moving a class to
# a subfolder keeps its translations.
mapfile -t sources < <(find src/pantau/ui -name '*.py' | LC_ALL=C sort)
.venv/bin/pyside6-lupdate -silent -no-obsolete -source-language en -target-language id_ID \
    "${sources[@]}" -ts "$ts"
.venv/bin/pyside6-lrelease -silent "$ts" -qm "$qm"
unfinished="$(grep -c 'type="unfinished"' "$ts" || true)"
echo "$ts: $(grep -c '<message' "$ts") strings, $unfinished unfinished; compiled to $qm"
if [ "$unfinished" -gt 0 ]; then
    echo "translate the unfinished strings (see docs/i18n.md), then run this again" >&2
fi
