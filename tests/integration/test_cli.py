"""The `pantau` command end to end, as a subprocess on real workspace files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pantau.resources import sample_network_path
from pantau.storage.workspace import Workspace
from tests.privilege import requires_icmp

SRC = Path(__file__).resolve().parents[2] / "src"
BROKEN = Path(__file__).resolve().parents[1] / "unit" / "test_networkfile.py"


def pantau(*args: str, workspace: Path | None = None, stdin: str = "",
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    command = [sys.executable, "-m", "pantau"]
    if workspace is not None:
        command += ["--workspace", str(workspace)]
    return subprocess.run([*command, *args], input=stdin, capture_output=True, text=True, env=full_env,
                          timeout=60, check=False)


def test_export_import_export_is_byte_identical(tmp_path: Path) -> None:
    first = tmp_path / "first.sqlite3"
    assert pantau("import", str(sample_network_path()), workspace=first).returncode == 0
    exported = tmp_path / "exported.toml"
    assert pantau("export", str(exported), workspace=first).returncode == 0
    second = tmp_path / "second.sqlite3"
    result = pantau("import", str(exported), workspace=second)
    assert result.returncode == 0, result.stderr
    assert "Imported" in result.stdout
    again = tmp_path / "again.toml"
    assert pantau("export", str(again), workspace=second).returncode == 0
    assert again.read_bytes() == exported.read_bytes()
    assert pantau("export", "-", workspace=second).stdout.encode() == exported.read_bytes()


def test_a_bad_file_gives_every_problem_exit_2_and_leaves_the_workspace_alone(tmp_path: Path) -> None:
    from tests.unit.test_networkfile import FOUR_PROBLEMS

    workspace = tmp_path / "ws.sqlite3"
    assert pantau("import", str(sample_network_path()), workspace=workspace).returncode == 0
    with Workspace.open(workspace) as opened:
        before = opened.load_network()
    bad = tmp_path / "bad.toml"
    bad.write_text(FOUR_PROBLEMS)
    result = pantau("import", str(bad), workspace=workspace)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(bad))]
    assert len(lines) == 4, result.stderr
    assert "Traceback" not in result.stderr
    assert "4 problems; the workspace was not changed." in result.stderr
    with Workspace.open(workspace) as opened:
        assert opened.load_network() == before


def test_status_on_a_fresh_workspace_lists_every_site_unknown(tmp_path: Path) -> None:
    workspace = tmp_path / "ws.sqlite3"
    pantau("import", str(sample_network_path()), workspace=workspace)
    result = pantau("status", "--json", workspace=workspace)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) >= 20
    assert {row["state"] for row in rows} == {"UNKNOWN"}


def test_contracts_json_reports_the_2017_gap_and_warnings(tmp_path: Path) -> None:
    workspace = tmp_path / "ws.sqlite3"
    pantau("import", str(sample_network_path()), workspace=workspace)
    result = pantau("contracts", "--json", "--today", "2026-11-27", workspace=workspace)
    document = json.loads(result.stdout)
    assert any(gap["start"] == "2017-07-01" for gap in document["gaps"]), document["gaps"]
    assert document["warnings"]
    assert result.returncode == 1


def test_missing_workspace_is_a_usage_error(tmp_path: Path) -> None:
    result = pantau("status", workspace=tmp_path / "nothing.sqlite3")
    assert result.returncode == 2
    assert "no workspace at" in result.stderr


def test_a_file_that_is_not_a_workspace_is_named(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not sqlite" * 100)
    result = pantau("status", workspace=junk)
    assert result.returncode == 2
    assert str(junk) in result.stderr and "Traceback" not in result.stderr


def test_secret_set_without_a_keyring_says_so(tmp_path: Path) -> None:
    result = pantau("secret", "set", "pantau/telegram", stdin="123:ABC\n",
                    env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    assert result.returncode == 2
    assert "No OS keyring" in result.stderr
    assert "123:ABC" not in result.stderr + result.stdout


def test_secret_set_stores_in_the_keyring_and_never_in_files(tmp_path: Path, memory_keyring: object,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from pantau import cli

    workspace = tmp_path / "ws.sqlite3"
    assert cli.main(["--workspace", str(workspace), "import", str(sample_network_path())]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("s3cr3t-token-value\n"))
    assert cli.main(["secret", "set", "pantau/telegram"]) == 0
    from pantau.secrets import get_secret

    assert get_secret("pantau/telegram") == "s3cr3t-token-value"
    export = tmp_path / "out.toml"
    assert cli.main(["--workspace", str(workspace), "export", str(export)]) == 0
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"s3cr3t-token-value" not in path.read_bytes(), path


def test_selftest_passes_from_source() -> None:
    result = pantau("--selftest", env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout


@requires_icmp
def test_monitor_json_prints_every_sample_site_up_and_stops_flushed(tmp_path: Path) -> None:
    workspace = tmp_path / "ws.sqlite3"
    pantau("import", str(sample_network_path()), workspace=workspace)
    result = pantau("monitor", "--json", "--duration", "4", workspace=workspace)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["event"] == "started" and lines[0]["icmp_mode"] in ("raw", "datagram")
    up = {line["subject"] for line in lines if line["event"] == "state" and line["to"] == "UP"}
    with Workspace.open(workspace) as opened:
        network = opened.load_network()
        assert network is not None
        assert up == {site.id for site in network.sites}
        assert opened.sample_count() >= len(network.targets)
        assert {e.state.value for e in opened.open_events(subject_kind="site").values()} == {"UNKNOWN"}
