"""One writer per workspace: a second `pantau monitor` is refused, naming who holds the workspace, and the OS lock
goes with its holder however it ends (a clean stop, SIGKILL). Real subprocesses and real signals."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pantau.resources import sample_network_path
from pantau.storage.lock import WorkspaceLock, WorkspaceLockedError, lock_holder, lock_path
from tests.integration.test_cli import SRC, pantau


class Monitor:
    """`pantau monitor` in the background, its stdout and stderr collected line by line as they come."""

    def __init__(self, workspace: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pantau", "--workspace", str(workspace), "monitor", "--no-alerts", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.lines: list[str] = []
        self.err_lines: list[str] = []
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self._pumps = [threading.Thread(target=lines.extend, args=(pipe,), daemon=True)
                       for lines, pipe in ((self.lines, self.proc.stdout), (self.err_lines, self.proc.stderr))]
        for pump in self._pumps:
            pump.start()

    @property
    def stderr(self) -> str:
        return "".join(self.err_lines)

    def wait_for(self, condition: Callable[[], bool], what: str, timeout_s: float = 30) -> None:
        deadline = time.monotonic() + timeout_s
        while not condition():
            assert self.proc.poll() is None, f"the monitor ended before {what}: {self.stderr}"
            assert time.monotonic() < deadline, f"no {what} within {timeout_s:g} s: {self.stderr}"
            time.sleep(0.05)

    def wait_started(self, timeout_s: float = 30) -> None:
        self.wait_for(lambda: any(line.startswith("Monitoring ") for line in self.lines), "start", timeout_s)

    def finish(self, sig: int | None = signal.SIGTERM, timeout_s: float = 30) -> int:
        if sig is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
        code = self.proc.wait(timeout_s)
        for pump in self._pumps:
            pump.join(5)
        for pipe in (self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()
        return code


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "ws.sqlite3"
    assert pantau("import", str(sample_network_path()), workspace=path).returncode == 0
    return path


@pytest.mark.slow
def test_a_second_monitor_is_refused_naming_the_first(workspace: Path) -> None:
    first = Monitor(workspace, "--duration", "60")
    try:
        first.wait_started()
        second = pantau("monitor", "--no-alerts", "--duration", "3", workspace=workspace)
        assert second.returncode == 2
        assert second.stdout == ""
        message = second.stderr
        assert "Traceback" not in message
        assert f"the workspace {workspace} is already being monitored by pantau monitor " \
               f"(pid {first.proc.pid} on {socket.gethostname()}, since " in message
        assert "stop that one first, or use another workspace" in message
        assert first.proc.poll() is None, "the refusal must not disturb the first monitor"
        status = pantau("status", workspace=workspace)
        assert f"\nMonitored now by pantau monitor (pid {first.proc.pid} on {socket.gethostname()}, since " \
            in status.stdout, status.stdout
        assert f"\nWorkspace {workspace}: " in status.stdout and " MB a day for 31 checks " in status.stdout
        holder = lock_holder(workspace)
        assert holder is not None and holder.pid == first.proc.pid and holder.command == "pantau monitor"
        assert abs(holder.since - time.time()) < 120
    finally:
        assert first.finish() == 0
    # Released on a clean exit: the next one starts.
    assert lock_holder(workspace) is None
    assert "No Pantau monitors this workspace now" in pantau("status", workspace=workspace).stdout
    again = pantau("monitor", "--no-alerts", "--duration", "2", workspace=workspace)
    assert again.returncode == 0, again.stderr


@pytest.mark.slow
def test_the_lock_goes_with_a_sigkilled_monitor_and_its_stale_file_blocks_nobody(workspace: Path) -> None:
    first = Monitor(workspace, "--duration", "60")
    first.wait_started()
    assert first.finish(signal.SIGKILL) == -signal.SIGKILL
    stale = json.loads(lock_path(workspace).read_text())
    assert stale["pid"] == first.proc.pid  # the file is left behind, naming the dead holder
    assert lock_holder(workspace) is None  # but the OS lock went with the process
    second = Monitor(workspace, "--duration", "60")
    try:
        second.wait_started()
        holder = lock_holder(workspace)
        assert holder is not None and holder.pid == second.proc.pid
    finally:
        assert second.finish(signal.SIGINT) == 0


def test_the_lock_in_one_process(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"
    assert lock_holder(path) is None  # no lock file at all
    with WorkspaceLock(path, "the Pantau window"):
        holder = lock_holder(path)
        assert holder is not None and holder.pid == os.getpid() and holder.command == "the Pantau window"
        # A lock is per open file: a second one in this very process is refused like another process's.
        with pytest.raises(WorkspaceLockedError, match=rf"the Pantau window \(pid {os.getpid()} on "):
            WorkspaceLock(path, "pantau monitor").acquire()
    assert lock_holder(path) is None
    # The holder's note may be garbage (a crash mid-write): it still blocks nobody, and the next holder rewrites it.
    lock_path(path).write_bytes(b"\x00{not json")
    with WorkspaceLock(path, "pantau monitor") as lock:
        assert lock.held
        holder = lock_holder(path)
        assert holder is not None and holder.command == "pantau monitor"
