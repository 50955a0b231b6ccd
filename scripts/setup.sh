#!/usr/bin/env bash
# Prepares this machine for working on Pantau: the Debian libraries Qt needs without a screen, a .venv with
# Python >= 3.11 and an editable install of pantau[dev]. Safe to run again: it only does what is missing.
#
#   scripts/setup.sh [--gui] [--net-tests]
#     --gui        also what a real window under Xvfb needs (xcb libraries, xvfb, xauth)
#     --net-tests  also what the test suite needs beyond Qt: the network-namespace tools (iproute2, nftables, fping)
#                  and poppler-utils (pdftotext/pdfinfo read the PDF reports back)
#
# Environment: PYTHON=/path/to/python3.x picks the interpreter for a new .venv.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

want_gui=0
want_net=0
for arg in "$@"; do
    case "$arg" in
        --gui) want_gui=1 ;;
        --net-tests) want_net=1 ;;
        -h | --help)
            sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "setup.sh: unknown option: $arg" >&2
            exit 2
            ;;
    esac
done

log() { printf '[setup] %s\n' "$*"; }

# --- Debian packages ---------------------------------------------------------------------------------------------
packages=(
    # Qt with QT_QPA_PLATFORM=offscreen; without fonts every glyph is an empty box and Qt says nothing.
    libglib2.0-0 libdbus-1-3 libegl1 libgl1 libfontconfig1 libfreetype6 libx11-6 libxkbcommon0 fonts-dejavu-core
    # ensurepip for a Debian python3; objdump for PyInstaller.
    python3-venv binutils
)
if ((want_gui)); then
    # Qt's error names libxcb-cursor0 even when another of these is the one missing: install them all.
    packages+=(
        libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0
        libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0 xvfb xauth
    )
fi
if ((want_net)); then
    packages+=(iproute2 nftables fping poppler-utils)
fi

is_installed() {
    # `dpkg -s` succeeds for a removed package whose config files remain, so read the status word itself.
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

if command -v dpkg-query >/dev/null 2>&1; then
    missing=()
    for pkg in "${packages[@]}"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
    if ((${#missing[@]})); then
        if [[ $(id -u) -eq 0 ]]; then
            log "installing Debian packages: ${missing[*]}"
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -qq
            apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
        else
            log "missing Debian packages (not root, so not installing them):"
            log "    sudo apt-get install --no-install-recommends ${missing[*]}"
            log "continuing; whatever needs them will fail until they are installed"
        fi
    fi
else
    log "no dpkg on this system: make sure the equivalents of these are installed: ${packages[*]}"
fi

# --- Python virtual environment ------------------------------------------------------------------------------------
python_ok() {
    # A pyenv shim exists even when its version is not installed, so run the candidate instead of trusting PATH.
    "$1" -c 'import sys; raise SystemExit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

pick_python() {
    local candidate
    for candidate in ${PYTHON:-} python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

venv="$repo/.venv"
if [[ -x "$venv/bin/python" ]] && python_ok "$venv/bin/python"; then
    :
else
    if ! python="$(pick_python)"; then
        echo "setup.sh: no Python >= 3.11 found (tried ${PYTHON:+$PYTHON }python3.11 python3); set PYTHON=..." >&2
        exit 1
    fi
    if [[ -e "$venv" ]]; then
        # A venv whose interpreter no longer runs (its base Python moved or was removed) is useless: rebuild it.
        log "rebuilding the broken .venv with $python"
        "$python" -m venv --clear "$venv"
    else
        log "creating .venv with $python ($("$python" -V 2>&1))"
        "$python" -m venv "$venv"
    fi
fi

# Reinstall only when pyproject.toml changed since the last successful install (or pantau is not importable).
stamp="$venv/.pantau-installed"
want_stamp="$(sha256sum pyproject.toml | cut -d' ' -f1)"
have_stamp="$(cat "$stamp" 2>/dev/null || true)"
if [[ "$have_stamp" != "$want_stamp" ]] || ! "$venv/bin/python" -c 'import pantau' >/dev/null 2>&1; then
    log "installing pantau[dev] into .venv (editable)"
    export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
    "$venv/bin/python" -m pip install --quiet -e '.[dev]'
    printf '%s\n' "$want_stamp" >"$stamp"
fi
log "ready: $("$venv/bin/python" -V 2>&1) in .venv"
