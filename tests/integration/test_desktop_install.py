"""`pantau --install-desktop` and `--grant-icmp`: real files in a temporary XDG data directory, the real command."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pantau import desktop_install
from pantau.desktop_install import DesktopInstallError, desktop_entry, exec_quote
from pantau.resources import resource_root
from tests.integration.test_cli import pantau

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG desktop entries are for Linux")


def read_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


@pytest.mark.parametrize(("argument", "expected"), [
    ("/opt/pantau/pantau-gui", "/opt/pantau/pantau-gui"),
    ("/home/Budi Santoso/pantau-gui", '"/home/Budi Santoso/pantau-gui"'),
    ("/tmp/100%/pantau-gui", "/tmp/100%%/pantau-gui"),
    ('/tmp/a"b$c/x', '"/tmp/a\\\\"b\\\\$c/x"'),
])
def test_exec_arguments_are_quoted_as_the_desktop_entry_specification_says(argument: str, expected: str) -> None:
    assert exec_quote(argument) == expected


def test_a_line_break_in_a_path_is_refused() -> None:
    with pytest.raises(DesktopInstallError, match="line break"):
        exec_quote("/tmp/a\nExec=rm")


def test_the_entry_keeps_the_shipped_keys_and_translations_and_runs_the_given_command() -> None:
    template = (resource_root() / "pantau.desktop").read_text(encoding="utf-8")
    text = desktop_entry(template, ["/home/Budi Santoso/.venv/bin/pantau-gui"])
    assert text.count("\nExec=") == 1
    assert 'Exec="/home/Budi Santoso/.venv/bin/pantau-gui"' in text.splitlines()
    shipped = [line for line in template.splitlines() if not line.startswith("Exec=")]
    assert all(line in text.splitlines() for line in shipped), "a shipped key or translation went missing"


@linux_only
def test_install_desktop_writes_the_entry_and_icons_under_xdg_data_home(tmp_path: Path) -> None:
    data_home = tmp_path / "share"
    result = pantau("--install-desktop", env={"XDG_DATA_HOME": str(data_home)})
    assert result.returncode == 0, result.stderr
    entry = data_home / "applications" / "pantau.desktop"
    svg = data_home / "icons" / "hicolor" / "scalable" / "apps" / "pantau.svg"
    png = data_home / "icons" / "hicolor" / "256x256" / "apps" / "pantau.png"
    assert svg.read_bytes() == (resource_root() / "icons" / "pantau.svg").read_bytes()
    assert png.read_bytes() == (resource_root() / "icons" / "pantau.png").read_bytes()
    keys = read_entry(entry)
    assert keys["Name"] == "Pantau" and keys["Icon"] == "pantau" and keys["Type"] == "Application"
    program = Path(keys["Exec"])
    assert program.name == "pantau-gui" and os.access(program, os.X_OK), program
    assert f"wrote {entry}" in result.stdout
    assert "ICMP:" in result.stdout
    validator = shutil.which("desktop-file-validate")
    if validator:
        checked = subprocess.run([validator, str(entry)], capture_output=True, text=True, check=False)
        assert checked.returncode == 0, checked.stdout + checked.stderr


@linux_only
def test_an_unwritable_data_directory_is_named_and_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "share"
    blocker.write_text("a file where a directory should be")
    result = pantau("--install-desktop", env={"XDG_DATA_HOME": str(blocker)})
    assert result.returncode == 2
    assert "pantau: cannot write" in result.stderr and str(blocker) in result.stderr


def test_the_icmp_advice_gives_the_exact_commands_when_ping_is_not_allowed(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Pretend to be the frozen bundle of a user without ICMP: the advice names the sysctl and the setcap line."""
    bundle = tmp_path / "opt pantau"
    bundle.mkdir()
    for name in ("pantau", "pantau-gui"):
        (bundle / name).write_text("")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle / "pantau"))
    monkeypatch.setattr(desktop_install, "open_icmp_socket", lambda: (None, desktop_install.IcmpMode.NONE, None))
    lines: list[str] = []
    desktop_install.explain_icmp(lines.append)
    text = "\n".join(lines)
    assert desktop_install.SYSCTL_COMMAND in text
    assert f"sudo setcap cap_net_raw+ep '{bundle}/pantau' '{bundle}/pantau-gui'" in text


def test_grant_icmp_from_python_refuses_and_points_to_the_sysctl() -> None:
    result = pantau("--grant-icmp")
    assert result.returncode == 2
    assert "built executable only" in result.stderr and "ping_group_range" in result.stderr
