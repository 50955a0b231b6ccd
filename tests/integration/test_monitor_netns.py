"""`pantau monitor --json` as an on-call box runs it: a real cut shows within 5 s, the recovery after it."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.storage.workspace import Workspace
from tests.netns import NamespaceLab, namespace_lab

pytestmark = [pytest.mark.netns, pytest.mark.slow]
SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def lab() -> Iterator[NamespaceLab]:
    with namespace_lab() as made:
        yield made


def next_state(lines: queue.SimpleQueue[dict[str, Any]], subject: str, state: str, timeout_s: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"no {subject} → {state} within {timeout_s} s")
        try:
            line = lines.get(timeout=remaining)
        except queue.Empty:
            continue
        if line.get("subject") == subject and line.get("to") == state:
            return line


def test_monitor_prints_a_cut_within_5_s_and_the_recovery(lab: NamespaceLab, tmp_path: Path) -> None:
    host = lab.add_host("isp")
    workspace_path = tmp_path / "ws.sqlite3"
    network = Network("t", sites=[Site("pop", "POP", SiteKind.ISP_POP),
                                  Site("dc", "DC", SiteKind.DATACENTER, parent="pop")],
                      targets=[Target("gw", "pop", host.address, TargetRole.ISP_GATEWAY),
                               Target("srv", "dc", "127.0.0.1", TargetRole.SERVER)])
    with Workspace.open(workspace_path) as workspace:
        workspace.replace_network(network)
    process = subprocess.Popen([sys.executable, "-m", "pantau", "--workspace", str(workspace_path), "monitor",
                                "--json", "--duration", "60"], stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(SRC)})
    lines: queue.SimpleQueue[dict[str, Any]] = queue.SimpleQueue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(json.loads(line))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        next_state(lines, "pop", "UP", 10)
        cut_at = time.time()
        host.cut("far")
        down = next_state(lines, "pop", "DOWN", 8)
        assert time.time() - cut_at < 5.0
        assert down["ts"] - cut_at < 5.0
        host.restore()
        next_state(lines, "pop", "UP", 15)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
        reader.join()
        assert process.stdout is not None
        process.stdout.close()
    with Workspace.open(workspace_path) as workspace:
        states = [e.state.value for e in workspace.events(subject="pop")]
        assert "DOWN" in states and states[-1] == "UNKNOWN", "stopped cleanly: monitoring stopped is on record"
