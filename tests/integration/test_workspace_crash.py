"""SIGKILL the real writer again and again: the file stays sound and no committed batch is ever lost.

A subprocess (crash_writer.py) writes numbered batches into one workspace file and reports each commit; the test
kills it at a random moment, checks the file, and starts the next run on the same file so damage would accumulate.
"""

from __future__ import annotations

import os
import random
import re
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pantau.storage.minute_pack import unpack
from pantau.storage.workspace import Workspace

SCRIPT = Path(__file__).with_name("crash_writer.py")
SRC = Path(__file__).resolve().parents[2] / "src"
KILLS = 24
BATCH = 150
COMMITTED = re.compile(r"COMMITTED (\d+)\n")


def run_and_kill(path: Path, run_id: str, delay_s: float, after_first_commit: bool, stderr: Path) -> list[int]:
    """Start the writer, SIGKILL it `delay_s` after it started (or after its first commit); the batches it
    reported committed."""
    lines: list[str] = []
    first_commit = threading.Event()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    with stderr.open("w") as err, subprocess.Popen(
        [sys.executable, str(SCRIPT), str(path), run_id, str(BATCH)],
        stdout=subprocess.PIPE, stderr=err, env=env, text=True,
    ) as proc:
        assert proc.stdout is not None
        stdout = proc.stdout

        def pump() -> None:
            for line in stdout:
                lines.append(line)
                first_commit.set()

        pump_thread = threading.Thread(target=pump)
        pump_thread.start()
        try:
            if after_first_commit:
                assert first_commit.wait(20), f"no commit within 20 s: {stderr.read_text()}"
            # The random moment is the point of the test; there is no condition to wait for instead.
            time.sleep(delay_s)
        finally:
            proc.kill()
            proc.wait()
            pump_thread.join()
    assert proc.returncode == -9, f"the writer died by itself ({proc.returncode}): {stderr.read_text()}"
    if lines and not lines[-1].endswith("\n"):
        # Cut short by the kill mid-write: that batch counts as committed but unreported, which the checks allow.
        lines.pop()
    reported = []
    for line in lines:
        match = COMMITTED.fullmatch(line)
        assert match, f"unexpected output {line!r}"
        reported.append(int(match[1]))
    assert reported == list(range(1, len(reported) + 1))
    return reported


def check_file(path: Path, run_id: str, reported: list[int]) -> None:
    if not path.exists():
        assert not reported
        return
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        if not conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'samples'").fetchone()[0]:
            assert not reported, "killed before the schema existed, yet batches were reported"
            return
        counts = {int(message.split(":")[1]): count for message, count in conn.execute(
            "SELECT message, count(*) FROM samples WHERE message LIKE ? GROUP BY message", (f"{run_id}:%",))}
        # Every batch present is present in full: a batch is one transaction.
        assert all(count == BATCH for count in counts.values()), counts
        # Batches commit in order; the one committed just before the kill may not have been reported yet.
        assert sorted(counts) == list(range(1, len(counts) + 1))
        assert len(reported) <= len(counts) <= len(reported) + 1
        events = conn.execute("SELECT count(*) FROM events WHERE reason LIKE ?", (f"{run_id}:%",)).fetchone()[0]
        assert events == len(counts), "state changes and samples of a batch must commit together"
        assert conn.execute("SELECT subject FROM events WHERE ended IS NULL GROUP BY subject_kind, subject "
                            "HAVING count(*) > 1").fetchall() == []
        # The purges delete only the target "old" (its hour rollups stay): leave it out of the comparison.
        packets, lost = conn.execute(
            "SELECT total(sent), total(lost) FROM samples WHERE series_id IN (SELECT id FROM series "
            "WHERE target != 'old')").fetchone()
        assert conn.execute(
            "SELECT total(count), total(failures) FROM rollup_1h WHERE series_id IN (SELECT id FROM series "
            "WHERE target != 'old')").fetchone() == (packets, lost), "rollup_1h disagrees with the raw samples"
        # The packed minutes (each hour's row rewritten in the batch's transaction) agree with them too.
        minutes = [minute for (blob,) in conn.execute(
            "SELECT minutes FROM rollup_1m_hours WHERE series_id IN (SELECT id FROM series WHERE target != 'old')")
            for minute in unpack(blob)]
        assert (float(sum(m[1] for m in minutes)), float(sum(m[2] for m in minutes))) == (packets, lost), \
            "the packed minute rollups disagree with the raw samples"
    finally:
        conn.close()


@pytest.mark.slow
def test_sigkill_never_loses_a_committed_batch(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite3"
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    total_reported = 0
    for run in range(KILLS):
        run_id = f"r{run}"
        # Every fourth kill is timed from the start, so some land while the file is being opened or migrated.
        after_first_commit = run % 4 != 0
        delay_s = rng.uniform(0.05, 0.4)
        context = f"seed {seed}, run {run}, delay {delay_s:.3f} s, after first commit: {after_first_commit}"
        try:
            reported = run_and_kill(path, run_id, delay_s, after_first_commit, tmp_path / "stderr.txt")
            check_file(path, run_id, reported)
        except AssertionError as error:
            raise AssertionError(f"{context}: {error}") from error
        total_reported += len(reported)
    assert total_reported >= KILLS // 2, "too few commits for the kills to have tested anything"
    with Workspace.open(path) as workspace:
        assert workspace.sample_count() >= total_reported * BATCH
