#!/usr/bin/env bash
# Proves that the README's two commands work on a truly fresh Debian 12, as the first-time user runs them: a machine
# that already has packages hides missing install steps, so a green CI alone cannot show it. Needs root and network
# access to the Debian mirror and PyPI; takes tens of minutes. `.ci/run` calls it when FRESH=1.
#
#   sudo bash scripts/fresh-root-check.sh [root] [user] [deb]      (default: all three)
#     root  as root in a minimal root (debootstrap minbase + git, python3, ca-certificates): run-sample.sh (the
#           window must appear), run-tests.sh, then build.sh --deb
#     user  the same two commands as a normal user made by useradd: the first run must stop with the apt line for
#           an administrator and leave no .venv; the check runs that line as root, then the user runs it again
#     deb   the .deb from `root` installed with apt on a bare minimal root (no git, no python3): pantau --selftest,
#           and pantau-gui must show its window, run by a normal user
#
# Environment: FRESH_DIR (work folder, default /var/tmp/pantau-fresh), FRESH_TIMEOUT (time limit of each README
# command, default 3600 s), FRESH_WINDOW_TIMEOUT (for the window to appear, set-up included, default 1800 s),
# FRESH_KEEP=1 keeps the roots afterwards, FRESH_MIRROR overrides the Debian mirror read from /etc/apt.
# It clones the committed HEAD of this checkout. Everything it mounts is unmounted at the end, even on failure (and
# all mounts live in a private mount namespace, so not even a killed run leaves one on the host).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${FRESH_DIR:-/var/tmp/pantau-fresh}"
command_timeout="${FRESH_TIMEOUT:-3600}"
window_timeout="${FRESH_WINDOW_TIMEOUT:-1800}"
user_name="pantau-user"

if [[ $(id -u) -ne 0 ]]; then
    echo "fresh-root-check.sh: needs root (debootstrap, chroot, mounts)" >&2
    exit 2
fi
scenarios=("$@")
((${#scenarios[@]})) || scenarios=(root user deb)
for scenario in "${scenarios[@]}"; do
    case "$scenario" in
        root | user | deb) ;;
        *) echo "fresh-root-check.sh: unknown scenario '$scenario' (root, user, deb)" >&2; exit 2 ;;
    esac
done

# Every mount below is made in a private mount namespace: the host never sees them, and they vanish with the run.
if [[ "${PANTAU_FRESH_IN_NS:-}" != 1 ]]; then
    PANTAU_FRESH_IN_NS=1 exec unshare --mount --propagation private bash "${BASH_SOURCE[0]}" "$@"
fi

log() { printf '[fresh] %s\n' "$*" >&2; }
results=()
record() { results+=("$(printf '%-5s %-34s %s' "$1" "$2" "$3")"); log "RESULT $1 $2: $3"; }

mkdir -p "$work/logs" "$work/screens" /var/cache/pantau-fresh/debs
rm -f "$work"/logs/* "$work"/screens/*

# --- mounts and clean-up --------------------------------------------------------------------------------------------
kill_inside() {
    # Whatever still runs inside a root (Xvfb, the app, a test) is ended before its mounts go.
    local root=$1 pid
    for pid in $(ls /proc | grep -E '^[0-9]+$'); do
        [[ "$(readlink "/proc/$pid/root" 2>/dev/null)" == "$root" ]] && kill -KILL "$pid" 2>/dev/null || true
    done
}

unmount_root() {
    local root=$1 target
    kill_inside "$root"
    # Deepest first: namespaces that tests left in /run/netns, then /dev/pts, /dev, /proc, ... and the root itself.
    while read -r target; do
        umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || true
    done < <(findmnt -rn -o TARGET | grep -E "^${root}(/|$)" | sort -r)
}

mounted_under() { findmnt -rn -o TARGET | grep -qE "^$1(/|$)"; }

remove_root() {
    local root=$1
    unmount_root "$root"
    if mounted_under "$root"; then
        # Never rm -rf through a bind mount of /dev or /proc.
        log "warning: $root still has mounts; left on disk"
        return
    fi
    rm -rf "$root"
}

cleanup() {
    local root
    for root in "$work"/base-min "$work"/base "$work"/root "$work"/user "$work"/deb; do
        [[ -d "$root" ]] || continue
        unmount_root "$root"
        if mounted_under "$root"; then log "warning: mounts remain under $root"; fi
        if [[ "${FRESH_KEEP:-0}" != 1 ]]; then remove_root "$root"; fi
    done
    log "unmounted everything under $work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # so that the clean-up runs on Ctrl-C and kill too

mount_root() {
    local root=$1
    mount --bind "$root" "$root"  # `ip netns exec` needs / to be a mount point
    mount -t proc proc "$root/proc"
    mount -t sysfs sys "$root/sys"
    mount --bind /dev "$root/dev"
    mount --bind /dev/pts "$root/dev/pts"
    mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
    mount -t tmpfs tmpfs "$root/run"
    mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
}

in_root() {
    # A clean environment, as a login would give: nothing of this host's shell leaks in.
    local root=$1
    shift
    chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        LANG=C.UTF-8 TERM=dumb "$@"
}

as_user() {
    local root=$1
    shift
    chroot "$root" /usr/sbin/runuser -u "$user_name" -- /usr/bin/env -i HOME="/home/$user_name" \
        PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TERM=dumb USER="$user_name" "$@"
}

# --- the minimal roots ----------------------------------------------------------------------------------------------
mirror() {
    if [[ -n "${FRESH_MIRROR:-}" ]]; then echo "$FRESH_MIRROR"; return; fi
    local uri
    uri="$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security \
        | head -1 || true)"
    [[ -n "$uri" ]] || uri="$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | grep -v security \
        | awk '{print $2}' | head -1 || true)"
    echo "${uri:-http://deb.debian.org/debian}"
}

make_base_min() {
    local root="$work/base-min"
    remove_root "$root"
    command -v debootstrap >/dev/null 2>&1 || { log "installing debootstrap on the host"; \
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap </dev/null; }
    local started=$SECONDS
    log "debootstrap --variant=minbase bookworm from $(mirror)"
    debootstrap --variant=minbase --cache-dir=/var/cache/pantau-fresh/debs bookworm "$root" "$(mirror)" \
        >"$work/logs/debootstrap.log" 2>&1 || { tail -20 "$work/logs/debootstrap.log"; exit 1; }
    # The host's mirrors, and its CA certificates and pip settings, so apt and pip inside trust the same chain.
    rm -f "$root/etc/apt/sources.list"
    cp -r /etc/apt/sources.list* "$root/etc/apt/" 2>/dev/null || true
    mkdir -p "$root/usr/local/share/ca-certificates"
    cp -r /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
    cp /etc/pip.conf "$root/etc/" 2>/dev/null || true
    mount_root "$root"
    in_root "$root" sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends ca-certificates >/dev/null && update-ca-certificates >/dev/null' \
        >>"$work/logs/debootstrap.log" 2>&1
    unmount_root "$root"
    log "minimal root ready in $((SECONDS - started)) s ($(du -sh "$root" | cut -f1))"
}

make_base() {
    # What the issue's first-time user starts from: the minimal root plus git and python3, nothing else.
    local root="$work/base"
    remove_root "$root"
    cp -a "$work/base-min" "$root"
    mount_root "$root"
    in_root "$root" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends git \
        python3 >/dev/null' >>"$work/logs/debootstrap.log" 2>&1
    unmount_root "$root"
}

copy_root() {
    local from=$1 to=$2
    remove_root "$to"
    cp -a "$from" "$to"
    mount_root "$to"
}

# --- the window -----------------------------------------------------------------------------------------------------
block_host_displays() {
    # Xvfb also listens on an abstract socket, which a chroot shares with the host: mark the host's displays and
    # the usual ones (xvfb-run -a starts at 99) taken inside the root, so `xvfb-run -a` there picks a number that
    # clashes with nothing on the host.
    local root=$1 number
    for number in $(seq 99 149) $(grep -oE '@/tmp/\.X11-unix/X[0-9]+' /proc/net/unix | grep -oE '[0-9]+$' | sort -u); do
        : >"$root/tmp/.X${number}-lock"
    done
}

find_xvfb() {
    # Prints "DISPLAY AUTHFILE" of the Xvfb running inside the root, if any.
    local root=$1 pid args
    for pid in $(ls /proc | grep -E '^[0-9]+$'); do
        [[ "$(readlink "/proc/$pid/root" 2>/dev/null)" == "$root" ]] || continue
        args="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
        if [[ "$args" =~ (^|/)Xvfb\ (:[0-9]+).*-auth\ ([^ ]+) ]]; then
            echo "${BASH_REMATCH[2]} ${BASH_REMATCH[3]}"
            return 0
        fi
    done
    return 1
}

runs_inside() {
    local root=$1 pattern=$2 pid
    for pid in $(ls /proc | grep -E '^[0-9]+$'); do
        [[ "$(readlink "/proc/$pid/root" 2>/dev/null)" == "$root" ]] || continue
        tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qE "$pattern" && return 0
    done
    return 1
}

xwd_to_png() {
    # xwd's format is simple enough to read here; numpy and Qt come from this checkout's .venv (a PNG to look at).
    # Xvfb's depth-24 screen comes as 24 bits a pixel (B, G, R) in lines padded to bytes_per_line.
    "$repo/.venv/bin/python" - "$1" "$2" <<'EOF'
import struct, sys
import numpy as np
from PySide6.QtGui import QImage
data = open(sys.argv[1], "rb").read()
h = struct.unpack(">25I", data[:100])
header_size, width, height, byte_order, bits, stride, ncolors = h[0], h[4], h[5], h[7], h[11], h[12], h[19]
if bits not in (24, 32) or byte_order != 0:
    sys.exit(f"xwd: {bits} bits per pixel, byte order {byte_order}: expected 24 or 32, LSB first")
size = bits // 8
rows = np.frombuffer(data, dtype=np.uint8, count=stride * height, offset=header_size + 12 * ncolors)
pixels = np.ascontiguousarray(rows.reshape(height, stride)[:, :width * size].reshape(height, width, size)[:, :, :3])
QImage(pixels.tobytes(), width, height, width * 3, QImage.Format.Format_BGR888).save(sys.argv[2])
print(len(np.unique(pixels.reshape(-1, 3), axis=0)))
EOF
}

# Waits for a top-level window named Pantau on the Xvfb inside the root, then saves a screenshot. Prints a line
# describing it and returns 0, or returns 1 when the deadline passes or the program ended first.
check_window() {
    local root=$1 label=$2 started=$3 runner_pid=$4 display auth listing id geometry
    while ((SECONDS - started < window_timeout)); do
        if ! kill -0 "$runner_pid" 2>/dev/null; then
            log "$label: the program ended before its window appeared"
            return 1
        fi
        if read -r display auth < <(find_xvfb "$root") && runs_inside "$root" 'bin/pantau|pantau-gui'; then
            # The checker's own X tools, installed only now so they cannot hide a package the app lacks.
            if [[ ! -x "$root/usr/bin/xwininfo" || ! -x "$root/usr/bin/xwd" ]]; then
                if ! runs_inside "$root" '^(apt-get|dpkg|/usr/bin/dpkg) '; then
                    in_root "$root" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                        --no-install-recommends x11-utils x11-apps >/dev/null' >>"$work/logs/checker-tools.log" 2>&1 \
                        || true
                fi
            fi
            # Qt also makes small helper windows named after the app; the main window is the big one.
            listing="$(in_root "$root" env DISPLAY="$display" XAUTHORITY="$auth" xwininfo -root -tree 2>/dev/null \
                | awk '/^ +0x[0-9a-f]+ "Pantau/ { if (match($0, /[0-9]+x[0-9]+\+/)) { split(substr($0, RSTART,
                    RLENGTH - 1), size, "x"); if (size[1] >= 400 && size[2] >= 300) { print; exit } } }' || true)"
            if [[ -n "$listing" ]]; then
                id="$(awk '{print $1}' <<<"$listing")"
                if in_root "$root" env DISPLAY="$display" XAUTHORITY="$auth" xwininfo -id "$id" 2>/dev/null \
                    | grep -q 'Map State: IsViewable'; then
                    sleep 3  # let it paint its first frames before the picture
                    geometry="$(grep -m1 -oE '[0-9]+x[0-9]+\+[0-9-]+\+[0-9-]+' <<<"$listing")"
                    in_root "$root" env DISPLAY="$display" XAUTHORITY="$auth" xwd -root -silent -out /tmp/screen.xwd
                    local colours
                    colours="$(xwd_to_png "$root/tmp/screen.xwd" "$work/screens/$label.png")"
                    log "$label: window $id viewable, $geometry, $colours colours on screen; $work/screens/$label.png"
                    echo "window shown after $((SECONDS - started)) s ($geometry, $colours colours)"
                    return 0
                fi
            fi
        fi
        sleep 2
    done
    log "$label: no Pantau window within $window_timeout s"
    return 1
}

stop_program() {
    # The app first (SIGTERM, as a desktop logout would), so xvfb-run can tidy up; then whatever is left in the root.
    local root=$1 runner_pid=$2 pid waited=0
    for pid in $(ls /proc | grep -E '^[0-9]+$'); do
        [[ "$(readlink "/proc/$pid/root" 2>/dev/null)" == "$root" ]] || continue
        tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qE 'bin/pantau|pantau-gui' && kill -TERM "$pid" 2>/dev/null
    done
    while kill -0 "$runner_pid" 2>/dev/null && ((waited < 30)); do sleep 1; waited=$((waited + 1)); done
    kill_inside "$root"
}

# Runs the README's first command (or another GUI command) in the background, waits for the window, then stops it.
# Records the outcome.
gui_step() {
    local scenario=$1 label=$2 root=$3 runner=$4
    shift 4
    local logfile="$work/logs/$label.log" started=$SECONDS status outcome
    block_host_displays "$root"
    "$runner" "$root" timeout "$command_timeout" "$@" </dev/null >"$logfile" 2>&1 &
    local pid=$!
    if outcome="$(check_window "$root" "$label" "$started" "$pid")"; then
        stop_program "$root" "$pid"
        wait "$pid" && status=0 || status=$?
        record "$scenario" "$label" "$outcome; then stopped by the check (exit $status)"
        return 0
    fi
    stop_program "$root" "$pid"
    wait "$pid" && status=0 || status=$?
    record "$scenario" "$label" "FAILED: no window (exit $status after $((SECONDS - started)) s); see $logfile"
    tail -25 "$logfile" | sed 's/^/    /' >&2
    return 1
}

# Runs a command to its end under the time limit; records exit code, time and pytest's counts when there are some.
run_step() {
    local scenario=$1 label=$2 root=$3 runner=$4
    shift 4
    local logfile="$work/logs/$label.log" started=$SECONDS status counts
    "$runner" "$root" timeout "$command_timeout" "$@" </dev/null >"$logfile" 2>&1 && status=0 || status=$?
    counts="$(grep -E '^=*.*[0-9]+ (passed|failed|skipped|error)' "$logfile" | tail -1 | tr -d '=' | xargs || true)"
    record "$scenario" "$label" "exit $status in $((SECONDS - started)) s${counts:+; $counts}"
    if ((status != 0)); then tail -25 "$logfile" | sed 's/^/    /' >&2; fi
    return "$status"
}

# Runs the root-only line a step printed for the administrator (`su -c '...'`), as root inside the root.
run_admin_line() {
    local scenario=$1 label=$2 root=$3 from_log=$4 line
    line="$(grep -E "^ +(su -c|sudo) " "$from_log" | tail -1 | sed 's/^ *//' || true)"
    if [[ -z "$line" ]]; then
        record "$scenario" "$label" "FAILED: the user's run printed no command for an administrator"
        return 1
    fi
    log "$label: the administrator runs: $line"
    run_step "$scenario" "$label" "$root" in_root sh -c "$line"
}

failures=0
step() { "$@" || failures=$((failures + 1)); }

# --- scenarios ------------------------------------------------------------------------------------------------------
head_commit="$(git -C "$repo" rev-parse --short HEAD)"
log "checking commit $head_commit of $repo; logs in $work/logs"
make_base_min
if [[ " ${scenarios[*]} " =~ \ (root|user)\  ]]; then make_base; fi

if [[ " ${scenarios[*]} " == *" root "* ]]; then
    root="$work/root"
    copy_root "$work/base" "$root"
    git clone -q --no-hardlinks "$repo" "$root/root/pantau"
    step gui_step root root-run-sample "$root" in_root sh -c 'cd /root/pantau && bash scripts/run-sample.sh'
    step run_step root root-run-tests "$root" in_root sh -c 'cd /root/pantau && bash scripts/run-tests.sh'
    step run_step root root-build-deb "$root" in_root sh -c 'cd /root/pantau && bash scripts/build.sh --deb'
    cp "$root"/root/pantau/dist/pantau_*.deb "$work/" 2>/dev/null || true
    unmount_root "$root"
fi

if [[ " ${scenarios[*]} " == *" user "* ]]; then
    root="$work/user"
    copy_root "$work/base" "$root"
    in_root "$root" useradd --create-home --shell /bin/bash "$user_name"
    git clone -q --bare --no-hardlinks "$repo" "$root/srv/pantau.git"
    # The user's own copy to clone from (newer git refuses a local repository that another user owns).
    in_root "$root" chown -R "$user_name:" /srv/pantau.git
    as_user "$root" git clone -q /srv/pantau.git "/home/$user_name/pantau"
    home="$root/home/$user_name/pantau"
    # First contact: no packages yet. The command must stop with the line for the administrator and leave no .venv.
    run_step user user-run-sample-first "$root" as_user sh -c 'cd ~/pantau && bash scripts/run-sample.sh' || true
    if [[ -e "$home/.venv" ]]; then
        record user "no half-made .venv" "FAILED: .venv exists after the stopped set-up"
        failures=$((failures + 1))
    else
        record user "no half-made .venv" "ok: none after the stopped set-up"
    fi
    step run_admin_line user user-admin-installs-gui "$root" "$work/logs/user-run-sample-first.log"
    step gui_step user user-run-sample "$root" as_user sh -c 'cd ~/pantau && bash scripts/run-sample.sh'
    run_step user user-run-tests-first "$root" as_user sh -c 'cd ~/pantau && bash scripts/run-tests.sh' || true
    if grep -qE "^ +(su -c|sudo) " "$work/logs/user-run-tests-first.log"; then
        step run_admin_line user user-admin-installs-tests "$root" "$work/logs/user-run-tests-first.log"
        step run_step user user-run-tests "$root" as_user sh -c 'cd ~/pantau && bash scripts/run-tests.sh'
    elif ! grep -qE ' passed' "$work/logs/user-run-tests-first.log"; then
        failures=$((failures + 1))
    fi
    log "the user's skips, counted by reason:"
    grep -E '^SKIPPED' "$work/logs/user-run-tests.log" 2>/dev/null \
        | sed -E 's/^SKIPPED \[([0-9]+)\] [^:]+:[0-9]+: /\1 /' \
        | awk '{ n = $1; $1 = ""; count[substr($0, 2, 110)] += n } END { for (r in count) printf "    %4d  %s\n", count[r], r }' \
        | sort -rn >&2 || true
    unmount_root "$root"
fi

if [[ " ${scenarios[*]} " == *" deb "* ]]; then
    deb="$(ls "$work"/pantau_*.deb 2>/dev/null | head -1 || true)"
    if [[ -z "$deb" ]]; then
        record deb "install" "FAILED: no .deb (the root scenario builds it)"
        failures=$((failures + 1))
    else
        root="$work/deb"
        copy_root "$work/base-min" "$root"
        cp "$deb" "$root/tmp/pantau.deb"
        step run_step deb deb-apt-install "$root" in_root sh -c \
            'DEBIAN_FRONTEND=noninteractive apt-get install -y /tmp/pantau.deb'
        record deb "capability" "$(in_root "$root" sh -c 'getcap /opt/pantau/pantau 2>&1 || echo "no getcap"')"
        step run_step deb deb-selftest "$root" in_root env QT_QPA_PLATFORM=offscreen pantau --selftest
        in_root "$root" useradd --create-home --shell /bin/bash "$user_name"
        # The capability at work: a normal user pings the sample's loopback addresses with raw sockets.
        step run_step deb deb-user-monitor "$root" as_user sh -c 'pantau import \
            /opt/pantau/_internal/pantau/_resources/sample/network.toml && pantau monitor --json --duration 3'
        record deb "user's ICMP mode" "$(grep -o '"icmp_mode": "[a-z]*"' "$work/logs/deb-user-monitor.log" \
            || echo 'not reported')"
        # A screen for the check only (the package itself needs none): Xvfb and xauth.
        in_root "$root" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xvfb \
            xauth >/dev/null' >>"$work/logs/checker-tools.log" 2>&1
        step gui_step deb deb-pantau-gui-as-user "$root" as_user \
            xvfb-run -a -s "-screen 0 1600x1000x24" pantau-gui
        unmount_root "$root"
    fi
fi

echo
echo "=== fresh Debian 12 root, commit $head_commit ==="
printf '%s\n' "${results[@]}"
echo "screenshots: $work/screens/ (kept); logs: $work/logs/"
if ((failures)); then
    echo "fresh-root check: $failures step(s) FAILED"
    exit 1
fi
echo "fresh-root check: every step passed"
