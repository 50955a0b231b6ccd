#!/usr/bin/env bash
# Opens Pantau on the bundled sample network (loopback addresses only). On first launch the app creates the
# workspace from the sample; it lives inside this checkout, so trying the sample never touches your own workspace.
# Without a display the app runs under Xvfb. Arguments go to `pantau`.
#
#   scripts/run-sample.sh [pantau args]
#   PANTAU_WORKSPACE=/tmp/ws.sqlite3 scripts/run-sample.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

bash scripts/setup.sh --gui

export PANTAU_WORKSPACE="${PANTAU_WORKSPACE:-$repo/.sample-workspace/workspace.sqlite3}"
mkdir -p "$(dirname "$PANTAU_WORKSPACE")"
echo "[sample] workspace: $PANTAU_WORKSPACE"

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    echo "[sample] no display: running under Xvfb"
    exec xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/pantau "$@"
fi
exec .venv/bin/pantau "$@"
