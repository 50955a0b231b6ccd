"""A full disk under a running monitor: said once, monitoring goes on, recent samples wait in memory within a
bound (state changes first), writes are retried, and what was lost is said when writing works again or the
monitor ends.

The disk is really full: the workspace lives on a small tmpfs (root only) that a filler file fills up while the
engine probes loopback targets; deleting the filler frees it again.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pantau import secrets
from pantau.alerts.delivery import AlertDelivery
from pantau.alerts.service import senders_for
from pantau.domain.alerts import AlertPlanner, AlertRules
from pantau.domain.inventory import AlertChannels, Network, Site, SiteKind, TelegramChannel
from pantau.domain.samples import Sample
from pantau.domain.states import HealthState, StateChange
from pantau.reporting.alert_text import ALERT_SENTENCES
from pantau.resources import sample_network_path
from pantau.storage.backlog import WriteHealth
from pantau.storage.workspace import Workspace, WorkspaceError
from tests.integration.test_alert_channels import TOKEN, Clock, FakeBotApi, bot_api  # noqa: F401
from tests.integration.test_cli import pantau
from tests.integration.test_workspace_lock import Monitor
from tests.servers import wait_until


class SmallDisk:
    """A tmpfs of `size_mb`, and a filler file that takes every free byte of it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.filler = root / "filler"

    def fill(self) -> None:
        # Unbuffered, in ever smaller blocks, so that not a byte is left.
        with self.filler.open("ab", buffering=0) as file:
            for size in (1 << 20, 65536, 4096, 512, 1):
                try:
                    while True:
                        file.write(b"\0" * size)
                except OSError:
                    pass

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    root = tmp_path / "disk"
    root.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(root)], capture_output=True,
                          check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield SmallDisk(root)
    finally:
        subprocess.run(["umount", "-l", str(root)], check=False)


def test_the_writer_holds_what_it_can_retries_and_accounts_for_what_it_lost(small_disk: SmallDisk) -> None:
    told: list[WriteHealth] = []
    submitted = changes = 0
    t0 = time.time()

    def some(n: int) -> list[Sample]:
        nonlocal submitted
        batch = [Sample(t0 + (submitted + i) * 0.001, f"t{i % 20}", "icmp", 1.0) for i in range(n)]
        submitted += n
        return batch

    def change(workspace: Workspace) -> None:
        nonlocal changes
        up = changes % 2 == 0
        workspace.record_state_change(StateChange("o1", "site", HealthState.DOWN if up else HealthState.UP,
                                                  HealthState.UP if up else HealthState.DOWN, t0 + changes))
        changes += 1

    with Workspace.open(small_disk.root / "ws.sqlite3", on_health=told.append, retry_interval_s=0.3,
                        held_samples=3000, flush_interval_s=0.1) as workspace:
        workspace.submit(some(100))
        workspace.flush()
        small_disk.fill()
        deadline = time.monotonic() + 30
        while not told and time.monotonic() < deadline:
            workspace.submit(some(200))
            change(workspace)
            time.sleep(0.02)
        assert told and told[0].failing and told[0].reason == "the disk is full", told
        assert "database or disk is full" in told[0].detail
        for _ in range(40):  # far beyond the 3000 samples memory may hold
            workspace.submit(some(200))
            change(workspace)
        assert wait_until(lambda: workspace.writer.health().lost_samples > 0, 10)
        # On a busy machine the queue may overflow too (counted as lost as well); once the writer has taken
        # everything, the newest samples go into memory and push out the oldest.
        assert wait_until(lambda: workspace.writer.health().held_samples == 3000, 10)
        time.sleep(0.5)
        workspace.submit(some(20))
        time.sleep(0.5)
        health = workspace.writer.health()
        assert health.failing and health.held_samples == 3000 and health.lost_changes == 0
        with pytest.raises(WorkspaceError, match="the workspace cannot be written"):
            workspace.flush()
        small_disk.free()
        assert wait_until(lambda: not workspace.writer.health().failing, 10)
        workspace.flush()
        resumed = told[-1]
        assert [(h.failing, bool(h.lost_samples)) for h in told] == [(True, False), (True, True), (False, True)]
        assert resumed.held_samples == 0 and resumed.lost_changes == 0
        assert "works again after" in resumed.resumed_text(workspace.path)
        assert f"{resumed.lost_samples:,} samples from " in resumed.resumed_text(workspace.path)
        # Every state change was kept, the newest samples were, and the lost ones are the oldest held.
        assert workspace.sample_count() == submitted - resumed.lost_samples
        assert resumed.lost_to is not None and resumed.lost_from is not None
        stored_after = workspace.samples("t0", resumed.lost_to + 0.0005, t0 + 10_000)
        assert stored_after, "the newest samples were not kept"
    with sqlite3.connect(small_disk.root / "ws.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == changes
        assert conn.execute("SELECT count(*) FROM events WHERE ended IS NULL").fetchone()[0] == 1
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_samples_dropped_because_the_writer_fell_behind_are_counted_and_said(tmp_path: Path) -> None:
    """The writer thread is held busy, so the queue overflows: what `submit` dropped is on the loss account, the
    next flush says so once, and stored + lost = submitted."""
    release = threading.Event()
    busy = threading.Event()

    def hold(_conn: sqlite3.Connection) -> None:
        busy.set()
        release.wait(10)

    t0 = time.time()
    with Workspace.open(tmp_path / "ws.sqlite3", held_samples=500, flush_interval_s=0.05) as workspace:
        holder = threading.Thread(target=workspace.writer.call, args=(hold,))
        holder.start()
        assert busy.wait(5)
        for batch in range(20):
            workspace.submit([Sample(t0 + batch + i * 0.001, "t1", "icmp", 1.0) for i in range(100)])
        release.set()
        holder.join()
        with pytest.raises(WorkspaceError, match=r"writing could not keep up with the load: ([\d,]+) samples from"
                           ) as raised:
            workspace.flush()
        lost = int(str(raised.value).split(": ")[1].split(" ")[0].replace(",", ""))
        assert workspace.sample_count() == 2000 - lost and lost >= 1000
        workspace.flush()
        workspace.submit([Sample(t0 + 100, "t1", "icmp", 1.0)])
        workspace.flush()
        assert workspace.sample_count() == 2000 - lost + 1


def _prepare(small_disk: SmallDisk) -> Path:
    path = small_disk.root / "ws.sqlite3"
    assert pantau("import", str(sample_network_path()), workspace=path).returncode == 0
    return path


def _lines(monitor: Monitor, text: str) -> list[str]:
    return [line for line in monitor.err_lines if text in line]


@pytest.mark.slow
def test_monitor_says_it_once_goes_on_and_says_what_was_lost_when_space_returns(small_disk: SmallDisk) -> None:
    path = _prepare(small_disk)
    monitor = Monitor(path, "--duration", "120")
    try:
        monitor.wait_started()
        time.sleep(2)  # a few batches written normally
        small_disk.fill()
        filled = time.time()
        monitor.wait_for(lambda: bool(_lines(monitor, "cannot write to the workspace")), "full-disk message", 90)
        time.sleep(4)  # monitoring goes on meanwhile, and a few retries fail
        small_disk.free()
        freed = time.time()
        monitor.wait_for(lambda: bool(_lines(monitor, "works again")), "recovery message", 30)
        time.sleep(2)
    finally:
        code = monitor.finish(signal.SIGINT)
    assert code == 0, monitor.stderr
    [failing] = _lines(monitor, "cannot write to the workspace")
    assert failing == (f"pantau monitor: cannot write to the workspace {path}: the disk is full (database or disk "
                       "is full). Monitoring and alerts go on; the newest 100,000 samples and the state changes "
                       "are kept in memory and writing is retried every few seconds.\n")
    [resumed] = _lines(monitor, "works again")
    assert resumed.startswith(f"pantau monitor: writing to the workspace {path} works again after ")
    assert resumed.endswith("; nothing was lost.\n")
    # The other test worker may run the sample too, holding its SNMP agent's ports: that is said, and is no part of
    # what this test counts.
    said = [line for line in monitor.err_lines if not line.startswith("the sample's SNMP agent did not start")]
    assert "Traceback" not in monitor.stderr and len(said) == 2, monitor.stderr
    with sqlite3.connect(path) as conn:
        # What was probed while the disk was full was written once it was not: rounds from that time are there.
        during = conn.execute("SELECT count(*) FROM samples WHERE ts_ms > ? AND ts_ms < ?",
                              (int(filled * 1000) + 2000, int(freed * 1000) - 1000)).fetchone()[0]
        assert during > 0
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.slow
def test_monitor_ending_on_a_full_disk_says_what_was_not_saved(small_disk: SmallDisk) -> None:
    path = _prepare(small_disk)
    monitor = Monitor(path, "--duration", "120")
    try:
        monitor.wait_started()
        small_disk.fill()
        monitor.wait_for(lambda: bool(_lines(monitor, "cannot write to the workspace")), "full-disk message", 90)
        time.sleep(2)
    finally:
        code = monitor.finish(signal.SIGINT)
        small_disk.free()
    assert code == 1
    [final] = _lines(monitor, "when monitoring stopped")
    assert final.startswith(f"pantau monitor: the workspace {path} could still not be written when monitoring "
                            "stopped (the disk is full); ")
    assert " samples from " in final and final.endswith(" were lost.\n")
    assert "Traceback" not in monitor.stderr and len(monitor.stderr) < 1000, monitor.stderr


def test_alerts_go_out_from_memory_while_the_disk_is_full_and_are_saved_after(
        small_disk: SmallDisk, bot_api: FakeBotApi) -> None:  # noqa: F811
    secrets.set_secret("telegram.bot", TOKEN)
    network = Network("Kabupaten", sites=[Site(f"o{i}", f"Kantor {i}", SiteKind.DESA) for i in range(2)],
                      alerts=AlertChannels(TelegramChannel("telegram.bot", ["1001"], api_base=bot_api.base)))
    planner = AlertPlanner(network, AlertRules())
    path = small_disk.root / "ws.sqlite3"
    with Workspace.open(path) as workspace:
        t0 = time.time()
        clock = Clock(t0)
        delivery = AlertDelivery(workspace, senders_for(network.alerts),
                                 wording=ALERT_SENTENCES, lang="en", clock=clock)
        # Queued in the workspace while there is room, but not sent yet (the bot API is down).
        bot_api.stop()
        delivery.enqueue(planner.feed([StateChange("o0", "site", HealthState.UP, HealthState.DOWN, t0)], t0))
        assert delivery.deliver_due() == 0
        small_disk.fill()
        # Raised while the disk is full: kept in memory, behind the one already queued.
        delivery.enqueue(planner.feed([StateChange("o1", "site", HealthState.UP, HealthState.DOWN, t0 + 1)], t0 + 1))
        assert [row.subject for row in delivery.queued()] == ["o0", "o1"]
        bot_api.start()
        clock.now += 60  # past the channel's backoff after the failed attempt
        assert delivery.deliver_due() == 2, "alerting must go on while the disk is full"
        assert [m["text"].split(":")[0] for m in bot_api.received] == ["DOWN", "DOWN"]
        assert delivery.queued() == []
        assert delivery.deliver_due() == 0, "an alert sent but not yet on record went out twice"
        small_disk.free()
        delivery.deliver_due()
    with sqlite3.connect(path) as conn:
        assert sorted(conn.execute("SELECT subject, status FROM alert_queue").fetchall()) == [
            ("o0", "sent"), ("o1", "sent")]
        results = [row[0] for row in conn.execute("SELECT result FROM alert_log ORDER BY id")]
        assert results.count("sent") == 2 and "connection" in results
    assert len(bot_api.received) == 2
