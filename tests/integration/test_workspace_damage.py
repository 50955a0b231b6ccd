"""A workspace with damaged pages: every command says so (naming the file, exit 2) and changes nothing; `import`
builds a fresh workspace beside a kept copy; `workspace repair` salvages what SQLite can still read.

The damage is real: pages of a real workspace file, written by the real writer, are overwritten on disk (the pages
of a table are found with SQLite's own dbstat), and `pantau` runs as a subprocess.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from pantau.resources import sample_network_path
from pantau.storage import damage
from pantau.storage.workspace import Workspace, WorkspaceDamagedError
from tests.history_fill import NOW, fill_history, history_network
from tests.integration.test_cli import pantau

SITES = 4
DAMAGED_PAGES = 3


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(path: Path) -> dict[str, int]:
    """A workspace with a month of history; returns its row counts."""
    network = history_network(SITES)
    with Workspace.open(path) as workspace:
        workspace.replace_network(network)
        fill_history(workspace, network)
    with sqlite3.connect(path) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("samples", "rollup_1m_hours", "rollup_1h", "events", "sites")}


def corrupt(path: Path, table: str, count: int) -> int:
    """Overwrite `count` leaf pages from the middle of `table` with garbage; returns the rows they held."""
    with sqlite3.connect(path) as conn:
        pages = conn.execute("SELECT pageno, ncell FROM dbstat WHERE name = ? AND pagetype = 'leaf' "
                             "ORDER BY pageno", (table,)).fetchall()
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    assert len(pages) > count + 2, f"{table} has too few pages to damage its middle"
    victims = pages[len(pages) // 2: len(pages) // 2 + count]
    with path.open("r+b") as file:
        for number, _cells in victims:
            file.seek((number - 1) * size)
            file.write(bytes([0xA5]) * size)
    return sum(cells for _number, cells in victims)


def corrupt_schema_page(path: Path) -> None:
    """Garbage over the body of page 1 (the table of contents), leaving the 100-byte file header readable."""
    with path.open("r+b") as file:
        file.seek(100)
        file.write(bytes([0x5A]) * 3000)


@pytest.fixture
def damaged(tmp_path: Path) -> tuple[Path, dict[str, int], int]:
    path = tmp_path / "ws.sqlite3"
    counts = build(path)
    lost = corrupt(path, "samples", DAMAGED_PAGES)
    return path, counts, lost


@pytest.mark.parametrize("command", [["status"], ["export", "-"], ["contracts"], ["diagnose", "server"],
                                     ["monitor", "--no-alerts", "--duration", "2"]])
def test_every_command_says_the_workspace_is_damaged_and_changes_nothing(
        damaged: tuple[Path, dict[str, int], int], command: list[str]) -> None:
    path, _counts, _lost = damaged
    before = digest(path)
    result = pantau(*command, workspace=path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"pantau: the workspace {path} is damaged (")
    assert "Nothing was changed." in result.stderr
    assert "pantau import NETWORK.toml" in result.stderr and "pantau workspace repair" in result.stderr
    assert digest(path) == before


def test_damage_met_after_a_partial_check_is_said_the_same_way(damaged: tuple[Path, dict[str, int], int],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path, _counts, _lost = damaged
    # As in a workspace too large for the whole check at open: the history tables are left to the queries.
    monkeypatch.setattr(damage, "FULL_CHECK_MAX_BYTES", 0)
    with Workspace.open(path, read_only=True) as workspace, \
            pytest.raises(WorkspaceDamagedError, match=rf"the workspace {path} is damaged"):
        for target in ("t0", "t1", "t2", "t3"):
            workspace.samples(target, NOW - 31 * 86_400, NOW)


def test_repair_salvages_everything_but_the_damaged_pages(damaged: tuple[Path, dict[str, int], int]) -> None:
    path, counts, lost = damaged
    before = digest(path)
    result = pantau("workspace", "repair", workspace=path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    [aside] = path.parent.glob("ws.damaged-*.sqlite3")
    assert f"The damaged workspace was moved to {aside} (it is kept as it was)." in result.stdout
    assert digest(aside) == before  # never changed, only renamed
    assert "damaged place(s) skipped" in result.stdout
    assert "inventory: copied (4 sites, 4 targets)" in result.stdout
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        salvaged = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in counts}
        assert conn.execute("SELECT count(*) FROM events WHERE ended IS NULL").fetchone()[0] == SITES
    # Only the rows of the damaged pages are gone, and at most one row of the b-tree's interior pages beside each
    # (an interior row lies between two leaves, and one followed by a damaged leaf cannot be told from it).
    assert counts["samples"] - lost - (DAMAGED_PAGES + 1) <= salvaged["samples"] <= counts["samples"] - lost
    assert {t: salvaged[t] for t in ("rollup_1m_hours", "rollup_1h", "events", "sites")} == \
        {t: counts[t] for t in ("rollup_1m_hours", "rollup_1h", "events", "sites")}
    status = pantau("status", workspace=path)
    assert status.returncode in (0, 1) and "s0" in status.stdout, status.stderr


def test_import_starts_fresh_beside_a_kept_copy_and_repair_from_it_adds_the_history(
        damaged: tuple[Path, dict[str, int], int]) -> None:
    path, counts, lost = damaged
    before = digest(path)
    result = pantau("import", str(sample_network_path()), workspace=path)
    assert result.returncode == 0, result.stderr
    [aside] = path.parent.glob("ws.damaged-*.sqlite3")
    assert digest(aside) == before
    assert f"it was moved to {aside}, unchanged, and a fresh workspace is made" in result.stderr
    assert f"`pantau workspace repair --from {aside}`" in result.stderr
    assert "Imported 28 sites" in result.stdout
    repaired = pantau("workspace", "repair", "--from", str(aside), workspace=path)
    assert repaired.returncode == 1, repaired.stdout + repaired.stderr
    assert "inventory: kept the one already in the workspace" in repaired.stdout
    with Workspace.open(path) as workspace:
        network = workspace.load_network()
        assert network is not None and len(network.sites) == 28  # the imported network, not the damaged one's
        assert workspace.sample_count() >= counts["samples"] - lost - (DAMAGED_PAGES + 1)
    assert digest(aside) == before


def test_a_damaged_table_of_contents_is_said_and_repair_says_nothing_could_be_read(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"
    build(path)
    corrupt_schema_page(path)
    before = digest(path)
    status = pantau("status", workspace=path)
    assert status.returncode == 2 and f"the workspace {path} is damaged" in status.stderr, status.stderr
    repaired = pantau("workspace", "repair", workspace=path)
    assert repaired.returncode == 2, repaired.stdout + repaired.stderr
    assert "nothing could be read: its table of contents is damaged" in repaired.stdout
    [aside] = tmp_path.glob("ws.damaged-*.sqlite3")
    assert digest(aside) == before


def test_repair_of_a_sound_workspace_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"
    build(path)
    before = digest(path)
    result = pantau("workspace", "repair", workspace=path)
    assert result.returncode == 0, result.stderr
    assert "passed SQLite's integrity check: there is nothing to repair" in result.stdout
    assert digest(path) == before and not list(tmp_path.glob("*.damaged-*"))
