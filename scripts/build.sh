#!/usr/bin/env bash
# Builds the onedir bundle dist/pantau/ (executables `pantau` and `pantau-gui`) from build.spec with exactly the
# versions in requirements.lock, then runs the bundle's own `pantau --selftest` without a screen; fails when the
# build or the self-test fails.
#
#   scripts/build.sh [--deb] [extra pyinstaller options]
#     --deb   also package the bundle as dist/pantau_VERSION_ARCH.deb (scripts/make-deb.sh)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

want_deb=0
pyinstaller_args=()
for arg in "$@"; do
    case "$arg" in
        --deb) want_deb=1 ;;
        *) pyinstaller_args+=("$arg") ;;
    esac
done

# --gui: the xcb libraries present on the build machine are copied into the bundle, so it can open a real window
# on a desktop that lacks them (libxcb-cursor0 is often missing). --build: objdump and the Python shared library.
bash scripts/setup.sh --gui --build

# setup.sh installed the lock; a package upgraded by hand since then would slip into the bundle unnoticed.
.venv/bin/python - requirements.lock <<'EOF'
import re
import sys
from importlib.metadata import PackageNotFoundError, version

from packaging.markers import Marker
from packaging.utils import canonicalize_name

wrong = []
for line in open(sys.argv[1], encoding="utf-8"):
    pin = re.match(r"([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$", line)
    if not pin or (pin[3] and not Marker(pin[3]).evaluate()):
        continue
    try:
        have = version(pin[1])
    except PackageNotFoundError:
        have = "not installed"
    if canonicalize_name(pin[1]) != "pantau" and have != pin[2]:
        wrong.append(f"{pin[1]} {have} (the lock says {pin[2]})")
if wrong:
    sys.exit("[build] .venv differs from requirements.lock: " + "; ".join(wrong)
             + "\n[build] remove .venv/.pantau-installed and run scripts/setup.sh again")
EOF

started=$SECONDS
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN ${pyinstaller_args[@]+"${pyinstaller_args[@]}"} build.spec
echo "[build] built dist/pantau/ ($(cat dist/pantau/VERSION)) in $((SECONDS - started)) s," \
    "$(du -sh dist/pantau | cut -f1)"

# A bundle that lost a data file or a lazily imported module only shows it when run, so run it. The timeout keeps a
# hung window from stalling CI; the workspace the self-test opens is its own temporary one.
echo "[build] dist/pantau/pantau --selftest"
QT_QPA_PLATFORM=offscreen timeout 120 dist/pantau/pantau --selftest </dev/null
echo "[build] self-test passed"

if ((want_deb)); then
    bash scripts/make-deb.sh dist/pantau
fi
