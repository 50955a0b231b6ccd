#!/usr/bin/env bash
# Regenerates requirements.lock: the exact versions, with hashes, of everything pantau[dev] installs (the app's
# dependencies, PyInstaller, the test tools). scripts/setup.sh installs exactly these into .venv, so the tests and
# scripts/build.sh run on the same set on every machine and on every day.
#
#   scripts/update-lock.sh                  keep every pin that still satisfies pyproject.toml, add what is new
#   scripts/update-lock.sh --upgrade        move every package to its newest allowed version
#   scripts/update-lock.sh --upgrade-package NAME [--upgrade-package NAME ...]   move only these
#
# The lock is universal (Linux, Windows, macOS; Python 3.11 and later, with environment markers), made by uv's
# resolver; pip installs it (`pip install --require-hashes -r requirements.lock`). Review the diff, run
# scripts/run-tests.sh and scripts/build.sh, and commit the lock with the change that needed it.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

# uv itself is pinned so the same inputs give the same lock; it lives in a throwaway venv, never in .venv.
UV_VERSION=0.13.9
python="${PYTHON:-python3}"
tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
"$python" -m venv "$tools/venv"
"$tools/venv/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"

# --no-config: no user or machine uv settings change the result. The system CA bundle (when there is one) lets uv
# through an HTTPS proxy that the system trusts.
if [[ -z "${SSL_CERT_FILE:-}" && -r /etc/ssl/certs/ca-certificates.crt ]]; then
    export SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
fi
"$tools/venv/bin/uv" pip compile --no-config --quiet pyproject.toml --extra dev --universal --python-version 3.11 \
    --generate-hashes --custom-compile-command "bash scripts/update-lock.sh" -o requirements.lock "$@"
echo "[lock] requirements.lock: $(grep -c '^[a-z0-9]' requirements.lock) packages"
