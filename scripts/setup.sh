#!/usr/bin/env bash
# Prepares this machine for working on Pantau: the Debian packages the app, the tests and the build need, a .venv
# with Python >= 3.11, the locked versions from requirements.lock and an editable install of pantau. Safe to run
# again: it only does what is missing, and returns in about a second when nothing is.
#
#   scripts/setup.sh [--gui] [--net-tests] [--build]
#     --gui        also what a real window under Xvfb needs (xcb libraries, xvfb, xauth)
#     --net-tests  also what the test suite needs beyond Qt: the network-namespace tools (iproute2, procps, nftables,
#                  fping), poppler-utils (pdftotext/pdfinfo read the PDF reports back), snmpd (a real SNMP agent)
#                  and postgresql (a real server for the shared store's tests)
#     --build      also what PyInstaller needs (objdump; the Python shared library)
#
# Without root, missing Debian packages are not installed: it prints the one command an administrator runs and
# stops (exit 1) before touching .venv. Environment: PYTHON=/path/to/python3.x picks the interpreter for a new .venv.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

want_gui=0
want_net=0
want_build=0
for arg in "$@"; do
    case "$arg" in
        --gui) want_gui=1 ;;
        --net-tests) want_net=1 ;;
        --build) want_build=1 ;;
        -h | --help)
            sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "setup.sh: unknown option: $arg" >&2
            exit 2
            ;;
    esac
done

log() { printf '[setup] %s\n' "$*"; }

# --- the interpreter ---------------------------------------------------------------------------------------------
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
venv_works() {
    # A venv made without Debian's python3-venv has no pip; one whose base Python moved has no working python.
    [[ -x "$venv/bin/python" ]] && python_ok "$venv/bin/python" \
        && "$venv/bin/python" -c 'import pip' >/dev/null 2>&1
}

if venv_works; then
    python="$venv/bin/python"
elif ! python="$(pick_python)"; then
    echo "setup.sh: no Python >= 3.11 found (tried ${PYTHON:+$PYTHON }python3.11 python3)." >&2
    echo "setup.sh: on Debian 12 install it with: apt-get install python3; elsewhere set PYTHON=/path/to/python3.11" >&2
    exit 1
fi

# --- Debian packages ---------------------------------------------------------------------------------------------
packages=(
    # Qt with QT_QPA_PLATFORM=offscreen; without fonts every glyph is an empty box and Qt says nothing.
    libglib2.0-0 libdbus-1-3 libegl1 libgl1 libfontconfig1 libfreetype6 libx11-6 libxkbcommon0 fonts-dejavu-core
    # /etc/fonts/fonts.conf: without it every start prints "Fontconfig error: Cannot load default config file".
    fontconfig-config
    # ensurepip for Debian's python3; without it `python3 -m venv` leaves a .venv that has no pip.
    python3-venv
)
if ((want_gui)); then
    # Qt's error names libxcb-cursor0 even when another of these is the one missing: install them all.
    packages+=(
        libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0
        libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0
        # A virtual screen for run-sample.sh on a machine without a display (xvfb-run needs xauth).
        xvfb xauth
    )
fi
if ((want_net)); then
    packages+=(
        # `ip netns`, veth pairs and `tc` for the namespace test hosts.
        iproute2
        # `sysctl` run inside a namespace (ignore echo requests there, open its ping_group_range).
        procps
        # Packet loss on a test host's link (`nft ... numgen random ... drop`).
        nftables
        # The reference pinger the ICMP tests compare against.
        fping
        # pdftotext, pdfinfo and pdfimages read the contract PDF reports back.
        poppler-utils
        # The real net-snmp agent the SNMP poller is tested and benchmarked against (tests/snmp_agent.py); the
        # poller itself speaks SNMP through pysnmp, so the `snmp` command-line tools are not needed. On a machine
        # with systemd, Debian also starts its own snmpd service (127.0.0.1:161 only); the tests never use it.
        snmpd
        # initdb, pg_ctl and psql for the shared store's tests: each run starts its own server in a temporary
        # directory on 127.0.0.1 (tests/pg_server.py). Debian's own cluster and service are never used.
        postgresql
    )
fi
if ((want_build)); then
    # PyInstaller reads every library's dependencies with objdump.
    packages+=(binutils)
    # PyInstaller bundles the interpreter's shared library (sysconfig's INSTSONAME, e.g. libpython3.11.so.1.0).
    # Debian's python3 says Py_ENABLE_SHARED=1 but ships that file in the separate package libpython3.X, so look
    # for the file itself; a Python built without --enable-shared has none at all.
    libpython="$("$python" - <<'EOF'
import os, sys, sysconfig
name = sysconfig.get_config_var("INSTSONAME") or sysconfig.get_config_var("LDLIBRARY") or ""
libdir = sysconfig.get_config_var("LIBDIR") or ""
if not sysconfig.get_config_var("Py_ENABLE_SHARED"):
    print("static")
elif os.path.exists(os.path.join(libdir, name)):
    print("present")
else:
    print("missing" if sys.base_prefix == "/usr" else "absent")
EOF
)"
    case "$libpython" in
        missing) packages+=("libpython$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')") ;;
        static | absent)
            log "warning: $python has no shared libpython (PyInstaller needs one); use a Python built with"
            log "         --enable-shared or Debian's python3 (set PYTHON=... and remove .venv)"
            ;;
    esac
fi

missing_packages() {
    # One dpkg-query for all (fast when nothing is missing). `dpkg -s` would count a removed package whose
    # config files remain, so compare the status itself; an unknown package prints nothing and counts as missing.
    local -A installed=()
    local name status
    while IFS=$'\t' read -r name status; do
        [[ "$status" == "install ok installed" ]] && installed["${name%%:*}"]=1
    done < <(dpkg-query -W -f='${binary:Package}\t${Status}\n' "${packages[@]}" 2>/dev/null || true)
    local pkg
    for pkg in "${packages[@]}"; do
        [[ -n "${installed[$pkg]:-}" ]] || printf '%s\n' "$pkg"
    done
}

if command -v dpkg-query >/dev/null 2>&1; then
    mapfile -t missing < <(missing_packages)
    if ((${#missing[@]})); then
        apt_install="apt-get install -y --no-install-recommends ${missing[*]}"
        if [[ $(id -u) -eq 0 ]]; then
            log "installing Debian packages: ${missing[*]}"
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -qq
            apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
        else
            echo "[setup] these Debian packages are missing: ${missing[*]}" >&2
            echo "[setup] installing them needs root. Run this (or ask your administrator to), then run me again:" >&2
            if command -v sudo >/dev/null 2>&1; then
                echo "    sudo apt-get update && sudo $apt_install" >&2
            else
                # No sudo (a minimal Debian has none): su asks for root's password.
                echo "    su -c 'apt-get update && $apt_install'" >&2
            fi
            exit 1
        fi
    fi
else
    log "no dpkg on this system: make sure the equivalents of these are installed: ${packages[*]}"
fi

# --- Python virtual environment ------------------------------------------------------------------------------------
if ! venv_works; then
    if [[ -e "$venv" ]]; then
        log "rebuilding the unusable .venv (no working python or no pip in it) with $python"
    else
        log "creating .venv with $python ($("$python" -V 2>&1))"
    fi
    if ! "$python" -m venv --clear "$venv"; then
        # Leave nothing half-made behind: the next run starts clean instead of tripping over a venv without pip.
        rm -rf "$venv"
        echo "setup.sh: '$python -m venv' failed; on Debian install python3-venv (see above) and run me again" >&2
        exit 1
    fi
fi

# The locked versions (requirements.lock, with hashes) first, then pantau itself without dependencies, so the tests
# and the build both run on exactly the locked set. Redone only when the lock or pyproject.toml changed since the
# last successful install, or pantau is not importable.
stamp="$venv/.pantau-installed"
want_stamp="$(cat pyproject.toml requirements.lock | sha256sum | cut -d' ' -f1)"
have_stamp="$(cat "$stamp" 2>/dev/null || true)"
if [[ "$have_stamp" != "$want_stamp" ]] || ! "$venv/bin/python" -c 'import pantau' >/dev/null 2>&1; then
    log "installing the locked dependencies and pantau (editable) into .venv"
    export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
    "$venv/bin/python" -m pip install --quiet --require-hashes -r requirements.lock
    "$venv/bin/python" -m pip install --quiet --no-deps -e .
    printf '%s\n' "$want_stamp" >"$stamp"
fi
log "ready: $("$venv/bin/python" -V 2>&1) in .venv"
