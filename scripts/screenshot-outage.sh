#!/usr/bin/env bash
# Screenshots of the real window during a real outage, as an officer would see it: Xvfb at a laptop's size with a
# window manager (openbox), `pantau` on a fresh copy of the sample, driven with real key presses (xdotool).
#
# The outage is made on loopback only: nftables drops echo requests to the sample's central server, the ISP POP
# (gateway and upstream anchors) and Kantor Camat Waru with the two villages behind it, so those addresses fall
# silent while everything else answers. The rules live in their own table, removed on exit.
#
#   sudo bash scripts/screenshot-outage.sh [WIDTHxHEIGHT] [OUT_DIR] [LANG] [SCALE]
#       defaults 1366x768, docs/, en (or id: the interface language, as the system's locale), 1 (a device pixel
#       ratio, e.g. 1.5 for a HiDPI screen, through QT_SCALE_FACTOR)
#
# The window opens as on a first launch (a fresh settings folder): its own first size, not maximised.
# Needs root (nftables) and Debian's xvfb, openbox, xdotool and imagemagick. Pictures, NAME = WIDTHxHEIGHT-LANG
# (with -xSCALE when SCALE is not 1): OUT_DIR/screenshot-outage-NAME.png (the window after the cut: the server's
# site, the POP and Waru red, the villages unreachable), and OUT_DIR/screenshot-outage-NAME-diagnosis.png (after
# Monitoring ▸ Diagnose everything, Ctrl+Shift+E).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
size="${1:-1366x768}"
out="${2:-docs}"
lang="${3:-en}"
scale="${4:-1}"
case "$lang" in
    en) locale=en_US.UTF-8 ;;
    id) locale=id_ID.UTF-8 ;;
    *) echo "screenshot-outage.sh: LANG is en or id, not '$lang'" >&2; exit 2 ;;
esac
name="$size-$lang"
[[ "$scale" == 1 ]] || name="$name-x$scale"
mkdir -p "$out"
[[ $(id -u) -eq 0 ]] || { echo "screenshot-outage.sh: needs root for nftables" >&2; exit 2; }
for tool in Xvfb openbox xdotool import nft; do
    command -v "$tool" >/dev/null || { echo "screenshot-outage.sh: $tool is missing" >&2; exit 2; }
done
bash scripts/setup.sh --gui >/dev/null

silent=(127.0.10.1 127.0.50.1 127.0.50.10 127.0.50.11 127.0.30.2 127.0.40.4 127.0.40.5)
work="$(mktemp -d)"
display=":$((90 + RANDOM % 9))"
pids=()
cleanup() {
    nft delete table inet pantau_shot 2>/dev/null || true
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
sleep 1
DISPLAY="$display" openbox >/dev/null 2>&1 &
pids+=($!)
sleep 1

export DISPLAY="$display" QT_QPA_PLATFORM=xcb PANTAU_WORKSPACE="$work/workspace.sqlite3" XDG_CONFIG_HOME="$work/config"
export LANG="$locale" LC_ALL="$locale" QT_SCALE_FACTOR="$scale"
.venv/bin/pantau >"$work/pantau.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do
    xdotool search --name "^Pantau" >/dev/null 2>&1 && break
    sleep 0.5
done
window="$(xdotool search --name "^Pantau" | sed -n 1p)"
sleep 8  # every office answers first: the outage starts from a healthy network

nft add table inet pantau_shot
nft add chain inet pantau_shot out "{ type filter hook output priority 0; }"
for address in "${silent[@]}"; do
    nft add rule inet pantau_shot out ip daddr "$address" icmp type echo-request drop
done
echo "[shot] cut: ${silent[*]}"
sleep 20
xdotool windowactivate --sync "$window" 2>/dev/null || true
import -window root "$out/screenshot-outage-$name.png"
# Real key presses to the focused window (`--window` would send synthetic events, which Qt ignores).
xdotool windowactivate --sync "$window" key ctrl+shift+e
sleep 18
import -window root "$out/screenshot-outage-$name-diagnosis.png"
echo "[shot] wrote $out/screenshot-outage-$name.png and $out/screenshot-outage-$name-diagnosis.png"
