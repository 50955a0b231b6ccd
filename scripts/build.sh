#!/usr/bin/env bash
# Builds the onedir bundle dist/pantau/ (executables `pantau` and `pantau-gui`) from build.spec, then runs the
# bundle's own `pantau --selftest` without a screen; fails when the build or the self-test fails.
#
#   scripts/build.sh [extra pyinstaller options]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

# --gui: the xcb libraries present on the build machine are copied into the bundle, so it can open a real window
# on a desktop that lacks them (libxcb-cursor0 is often missing).
bash scripts/setup.sh --gui

started=$SECONDS
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN "$@" build.spec
echo "[build] built dist/pantau/ ($(cat dist/pantau/VERSION)) in $((SECONDS - started)) s," \
    "$(du -sh dist/pantau | cut -f1)"

# A bundle that lost a data file or a lazily imported module only shows it when run, so run it. The timeout keeps a
# hung window from stalling CI; the workspace the self-test opens is its own temporary one.
echo "[build] dist/pantau/pantau --selftest"
QT_QPA_PLATFORM=offscreen timeout 120 dist/pantau/pantau --selftest </dev/null
echo "[build] self-test passed"
