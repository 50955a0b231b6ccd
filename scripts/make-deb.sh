#!/usr/bin/env bash
# Packages a built onedir bundle as a Debian package: the bundle in /opt/pantau, `pantau` and `pantau-gui` linked
# from /usr/bin, the desktop entry and the icons in /usr/share, and a post-install step that gives the two programs
# raw ICMP sockets (setcap cap_net_raw+ep) where the system allows it. Called by `scripts/build.sh --deb`.
#
#   scripts/make-deb.sh [BUNDLE_DIR]      default dist/pantau; writes dist/pantau_VERSION_ARCH.deb
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

bundle="${1:-dist/pantau}"
if [[ ! -x "$bundle/pantau" || ! -x "$bundle/pantau-gui" || ! -f "$bundle/VERSION" ]]; then
    echo "make-deb.sh: $bundle is not a built bundle (run scripts/build.sh first)" >&2
    exit 2
fi
for tool in dpkg-deb dpkg; do
    command -v "$tool" >/dev/null 2>&1 || { echo "make-deb.sh: $tool is missing (Debian's dpkg)" >&2; exit 2; }
done

version="$(cat "$bundle/VERSION")"
arch="$(dpkg --print-architecture)"
out="dist/pantau_${version}_${arch}.deb"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"  # the package's "./": mktemp's 0700 would go into the package

mkdir -p "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" "$stage/DEBIAN" \
    "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/share/icons/hicolor/256x256/apps"
cp -a "$bundle" "$stage/opt/pantau"
ln -s /opt/pantau/pantau "$stage/usr/bin/pantau"
ln -s /opt/pantau/pantau-gui "$stage/usr/bin/pantau-gui"
# The shipped entry runs `pantau-gui` from PATH, which is the /usr/bin link.
install -m 0644 resources/pantau.desktop "$stage/usr/share/applications/pantau.desktop"
install -m 0644 resources/icons/pantau.svg "$stage/usr/share/icons/hicolor/scalable/apps/pantau.svg"
install -m 0644 resources/icons/pantau.png "$stage/usr/share/icons/hicolor/256x256/apps/pantau.png"

# What the bundle does not carry: libGL/libEGL (PyInstaller leaves the system's graphics stack alone), the
# fontconfig configuration its bundled libfontconfig reads, and a font.
# The glibc the bundle was built against (getconf, not `ldd --version | head`: under pipefail ldd's SIGPIPE once
# ended the whole build with exit 141 and no message).
glibc="$(getconf GNU_LIBC_VERSION)"
depends=("libc6 (>= ${glibc#glibc })" libgl1 libegl1 fontconfig-config
    "fonts-dejavu-core | fonts-liberation2")
# With cap_net_raw (postinst) the programs run in the kernel's secure-execution mode, where the dynamic loader
# ignores LD_LIBRARY_PATH: the system libraries the bundle copied (libsqlite3, libxcb-cursor, ...) are then looked up
# in the system's own directories only, so a normal user's start fails with "libsqlite3.so.0: cannot open shared
# object file" unless they are installed there too. Depend on the Debian packages that own them on this (Debian 12)
# build machine; libpython is loaded by full path and needs no package.
mapfile -t copied < <(find "$bundle/_internal" -maxdepth 1 -name 'lib*.so*' ! -name 'libpython*' -printf '*/%f\n')
if ((${#copied[@]})); then
    mapfile -t owners < <(dpkg -S "${copied[@]}" 2>/dev/null | cut -d: -f1 | sort -u)
    depends+=("${owners[@]}")
fi
depends_line="$(printf '%s, ' "${depends[@]}")"
depends_line="${depends_line%, }"
cat >"$stage/DEBIAN/control" <<EOF
Package: pantau
Version: $version
Architecture: $arch
Maintainer: Pantau developers <dev@pantau.invalid>
Installed-Size: $(du -sk "$stage" | cut -f1)
Depends: $depends_line
Recommends: libcap2-bin
Section: net
Priority: optional
Description: live watch over a regency's office network links
 Pantau shows at a glance whether every office's network link is up, finds
 where a fault is, and warns months ahead when a bandwidth contract lapses.
 This package holds the self-contained build (Python and Qt inside) in
 /opt/pantau, with the commands pantau and pantau-gui.
EOF

# setcap fails in some containers and on file systems without extended attributes: then ping needs the sysctl
# instead, which the program itself explains. It never makes the installation fail.
cat >"$stage/DEBIAN/postinst" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
    if command -v setcap >/dev/null 2>&1 \
        && setcap cap_net_raw+ep /opt/pantau/pantau && setcap cap_net_raw+ep /opt/pantau/pantau-gui; then
        echo "pantau: gave /opt/pantau/pantau and pantau-gui raw ICMP sockets (cap_net_raw)"
    else
        echo "pantau: could not give Pantau raw ICMP sockets (setcap missing or not permitted here);" >&2
        echo "pantau: to ping as a normal user: sudo sysctl -w net.ipv4.ping_group_range=\"0 2147483647\"" >&2
    fi
fi
exit 0
EOF
chmod 0755 "$stage/DEBIAN/postinst"

# gzip rather than dpkg-deb's default xz: a quarter of a gigabyte compresses in seconds instead of minutes.
dpkg-deb --root-owner-group -Zgzip --build "$stage" "$out" >/dev/null
echo "[deb] built $out ($(du -h "$out" | cut -f1)); install with: sudo apt-get install ./$out"
