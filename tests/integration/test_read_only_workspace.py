"""A workspace on read-only media is read, not refused: `status`, `export`, `contracts` and `diagnose` show it and
say it is read-only; what would write to it says why it cannot.

Read-only for real: a read-only bind mount of the workspace's folder (root only: root ignores file modes), which
is what a CD, a write-protected stick or a read-only network share looks like to Pantau.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from pantau.resources import sample_network_path
from pantau.storage.workspace import Workspace, WorkspaceError
from tests.integration.test_cli import pantau
from tests.integration.test_workspace_lock import Monitor
from tests.servers import wait_until


def _run(*command: str) -> bool:
    return subprocess.run(command, capture_output=True, check=False).returncode == 0


@pytest.fixture
def read_only_view(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(writable folder, the same folder mounted read-only)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a read-only bind mount needs root")
    source, mounted = tmp_path / "media", tmp_path / "ro"
    source.mkdir()
    mounted.mkdir()
    if not _run("mount", "--bind", str(source), str(mounted)):
        pytest.skip("bind mounts are not allowed here")
    try:
        if not _run("mount", "-o", "remount,bind,ro", str(mounted)):
            pytest.skip("a read-only remount is not allowed here")
        yield source, mounted
    finally:
        # Lazily when busy (a file still open at a failure), so that no mount outlives the test.
        if not _run("umount", str(mounted)):
            _run("umount", "-l", str(mounted))


def prepare(folder: Path) -> Path:
    path = folder / "ws.sqlite3"
    assert pantau("import", str(sample_network_path()), workspace=path).returncode == 0
    assert pantau("monitor", "--no-alerts", "--duration", "3", workspace=path).returncode == 0
    return path


def test_reading_commands_read_it_and_say_it_is_read_only(read_only_view: tuple[Path, Path]) -> None:
    source, mounted = read_only_view
    writable = prepare(source)
    path = mounted / writable.name
    note = f"pantau: note: the workspace {path} is read-only: it is shown as it is, and nothing is saved in it"
    for command in (["status", "--json"], ["export", "-"], ["contracts", "--json", "--today", "2026-11-27"]):
        expected = pantau(*command, workspace=writable)
        result = pantau(*command, workspace=path)
        assert result.returncode == expected.returncode, result.stderr
        assert result.stdout == expected.stdout, command
        assert note in result.stderr and "Traceback" not in result.stderr
    states = {row["state"] for row in json.loads(pantau("status", "--json", workspace=path).stdout)}
    assert states == {"UNKNOWN"}  # the monitor stopped cleanly and recorded it
    diagnose = pantau("diagnose", "server", "--json", "--budget", "5", workspace=path)
    assert diagnose.returncode in (0, 1) and note in diagnose.stderr, diagnose.stderr
    assert json.loads(diagnose.stdout)["scope"] == "server"


@pytest.mark.parametrize("command", [["monitor", "--no-alerts", "--duration", "2"],
                                     ["import", str(sample_network_path())],
                                     ["diagnose", "server", "--save", "--budget", "5"]])
def test_what_would_write_says_why_it_cannot(read_only_view: tuple[Path, Path], command: list[str]) -> None:
    source, mounted = read_only_view
    prepare(source)
    result = pantau(*command, workspace=mounted / "ws.sqlite3")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "Read-only file system" in result.stderr or "cannot be written" in result.stderr
    assert "`pantau status`, `export`, `contracts` and `diagnose`" in result.stderr
    assert "still read it" in result.stderr


def test_what_a_killed_monitor_left_in_the_wal_is_read_too(read_only_view: tuple[Path, Path]) -> None:
    source, mounted = read_only_view
    path = source / "ws.sqlite3"
    assert pantau("import", str(sample_network_path()), workspace=path).returncode == 0
    monitor = Monitor(path, "--duration", "60")
    monitor.wait_started()

    def up_recorded() -> bool:
        with sqlite3.connect(path) as conn:
            return bool(conn.execute("SELECT count(*) FROM events WHERE state = 'UP' AND ended IS NULL "
                                     "AND subject_kind = 'site'").fetchone()[0])

    assert wait_until(up_recorded, 30), "the monitor recorded no site UP"
    assert monitor.finish(signal.SIGKILL) == -signal.SIGKILL
    assert (source / "ws.sqlite3-wal").stat().st_size > 0  # the last batches are still in the WAL
    result = pantau("status", "--json", workspace=mounted / "ws.sqlite3")
    assert result.returncode in (0, 1), result.stderr
    assert "is read-only" in result.stderr
    assert "UP" in {row["state"] for row in json.loads(result.stdout)}


def test_the_api_refuses_writes_with_the_reason(read_only_view: tuple[Path, Path]) -> None:
    source, mounted = read_only_view
    prepare(source)
    with Workspace.open(mounted / "ws.sqlite3", read_only=True) as workspace:
        assert workspace.read_only and workspace.load_network() is not None
        assert workspace.sample_count() > 0
        with pytest.raises(WorkspaceError, match="is read-only"):
            workspace.set_setting("k", "v")
        with pytest.raises(WorkspaceError, match="is read-only"):
            workspace.submit([])
