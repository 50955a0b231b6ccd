"""`pantau --install-desktop` and `pantau --grant-icmp`: Pantau as a desktop program for one Linux user.

It owns the per-user desktop integration: the `.desktop` entry and the icons in the XDG data directory
(`$XDG_DATA_HOME`, else `~/.local/share`), with an `Exec=` line that starts this very installation (the frozen
bundle's `pantau-gui`, or the one beside this Python). It explains how this user may send ICMP, and, only when asked
and allowed, gives the frozen executables `cap_net_raw` with `setcap` run from an argument list (never a shell).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import platformdirs

from pantau.probing.privilege import IcmpMode, open_icmp_socket
from pantau.resources import resource_root

DESKTOP_FILE = "pantau.desktop"
ICON_NAME = "pantau"
# Characters that make an Exec= argument need quoting (Desktop Entry Specification, "The Exec key").
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
SYSCTL_COMMAND = 'sudo sysctl -w net.ipv4.ping_group_range="0 2147483647"'


class DesktopInstallError(Exception):
    """Something the user must fix; the message says what and where."""


def exec_quote(argument: str) -> str:
    """One argument as the Exec= key wants it: double-quoted when needed, `"`, `` ` ``, `$` and `\\` escaped, `%`
    doubled; then backslashes doubled once more, because the key is a string value first."""
    if "\n" in argument:
        raise DesktopInstallError(f"a path with a line break cannot go in a desktop entry: {argument!r}")
    quoted = argument.replace("%", "%%")
    if any(char in _EXEC_RESERVED for char in argument):
        quoted = '"' + "".join("\\" + c if c in '"`$\\' else c for c in quoted) + '"'
    return quoted.replace("\\", "\\\\")


def gui_command() -> list[str]:
    """The command that opens this installation's window."""
    here = Path(sys.executable).resolve().parent if getattr(sys, "frozen", False) else Path(sys.executable).parent
    beside = here / ("pantau-gui.exe" if sys.platform == "win32" else "pantau-gui")
    if beside.is_file():
        return [str(beside.absolute())]
    found = shutil.which("pantau-gui")
    if found:
        return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "pantau", "gui"]


def desktop_entry(template: str, command: Sequence[str]) -> str:
    """The shipped entry with its Exec= (and TryExec=) pointing at `command`."""
    lines = [line for line in template.splitlines() if not line.startswith(("Exec=", "TryExec="))]
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("Type=")), 1)
    lines[at:at] = [f"TryExec={exec_quote(command[0])}", "Exec=" + " ".join(exec_quote(arg) for arg in command)]
    return "\n".join(lines) + "\n"


def data_home() -> Path:
    """`$XDG_DATA_HOME` (platformdirs honours it), else `~/.local/share`."""
    return Path(platformdirs.user_data_dir())


def install_desktop(emit: Callable[[str], None], home: Path | None = None) -> list[Path]:
    """Write the desktop entry and the icons for this user; returns the files written."""
    if not sys.platform.startswith("linux"):
        raise DesktopInstallError("--install-desktop is for Linux desktops (freedesktop.org menus); on this "
                                  "system, make a shortcut to the pantau-gui program instead")
    target = home or data_home()
    resources = resource_root()
    icons = {
        resources / "icons" / "pantau.svg": target / "icons" / "hicolor" / "scalable" / "apps" / f"{ICON_NAME}.svg",
        resources / "icons" / "pantau.png": target / "icons" / "hicolor" / "256x256" / "apps" / f"{ICON_NAME}.png",
    }
    entry = target / "applications" / DESKTOP_FILE
    text = desktop_entry((resources / DESKTOP_FILE).read_text(encoding="utf-8"), gui_command())
    written: list[Path] = []
    try:
        for source, destination in icons.items():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            written.append(destination)
        entry.parent.mkdir(parents=True, exist_ok=True)
        partial = entry.with_name(entry.name + ".part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(entry)
        written.append(entry)
    except OSError as error:
        raise DesktopInstallError(f"cannot write {error.filename or target}: {error.strerror or error}") from None
    for path in written:
        emit(f"wrote {path}")
    emit("Pantau is now in your desktop's application menu (log out and in again if the menu does not show it yet).")
    return written


def frozen_executables() -> list[Path]:
    """The bundle's two programs, which `setcap` may give raw sockets; empty when not frozen."""
    if not getattr(sys, "frozen", False):
        return []
    folder = Path(sys.executable).resolve().parent
    return [path for path in (folder / "pantau", folder / "pantau-gui") if path.is_file()]


def explain_icmp(emit: Callable[[str], None]) -> None:
    """Say whether this user may ping, and the exact commands that would allow it."""
    sock, mode, _ = open_icmp_socket()
    if sock is not None:
        sock.close()
        how = "raw sockets" if mode is IcmpMode.RAW else "unprivileged ping sockets"
        emit(f"ICMP: this user may ping ({how}); nothing to do.")
        return
    emit("ICMP: this user may not ping yet, so ICMP-only offices would show UNKNOWN. Either of these fixes it:")
    emit(f"  - for every user of this computer:  {SYSCTL_COMMAND}")
    emit("    (to keep it after a restart: put net.ipv4.ping_group_range = 0 2147483647 in /etc/sysctl.d/pantau.conf)")
    programs = frozen_executables()
    if programs:
        quoted = " ".join(shlex.quote(str(path)) for path in programs)
        emit(f"  - for Pantau only (raw sockets for these two programs):  sudo setcap cap_net_raw+ep {quoted}")
        emit(f"    or let Pantau run that itself:  sudo {shlex.quote(str(programs[0]))} --grant-icmp")
    else:
        emit("  - setcap would have to go on the Python interpreter itself, giving every Python program raw "
             "sockets; prefer the sysctl, or use the built executable (scripts/build.sh) and setcap that.")


def grant_icmp(emit: Callable[[str], None]) -> int:
    """`setcap cap_net_raw+ep` on the bundle's executables; 0 when done, 2 when it cannot be done here."""
    programs = frozen_executables()
    if not programs:
        emit("pantau: --grant-icmp works on the built executable only (dist/pantau/ or /opt/pantau); "
             f"from Python, use: {SYSCTL_COMMAND}")
        return 2
    setcap = shutil.which("setcap") or next(
        (str(p) for p in (Path("/usr/sbin/setcap"), Path("/sbin/setcap")) if p.is_file()), None)
    if setcap is None:
        emit("pantau: setcap is not installed (Debian package libcap2-bin)")
        return 2
    if os.geteuid() != 0:
        emit("pantau: giving a program a capability needs root; run: sudo "
             + " ".join(shlex.quote(part) for part in (str(programs[0]), "--grant-icmp")))
        return 2
    failed = 0
    for program in programs:
        done = subprocess.run([setcap, "cap_net_raw+ep", str(program)], capture_output=True, text=True, check=False)
        if done.returncode == 0:
            emit(f"gave {program} cap_net_raw: it may now ping with raw sockets")
        else:
            failed += 1
            emit(f"pantau: setcap on {program} failed: {done.stderr.strip() or done.returncode}")
    return 0 if failed == 0 else 1


def run_options(install: bool, grant: bool, emit: Callable[[str], None], complain: Callable[[str], None]) -> int:
    """The two command-line options: install the desktop entry and explain ICMP, and/or grant the capability."""
    status = 0
    if install:
        try:
            install_desktop(emit)
        except DesktopInstallError as error:
            complain(f"pantau: {error}")
            return 2
        explain_icmp(emit)
    if grant:
        status = grant_icmp(complain)
    return status
