"""One writer per workspace: the OS file lock a monitoring Pantau holds beside the workspace file.

`pantau monitor` and a window that probes take `WorkspaceLock` on "<workspace>.lock" before they start, and keep it
until they stop. The lock is the operating system's (`fcntl.flock` on POSIX, `msvcrt.locking` on Windows), so it
goes with the process however it ends, SIGKILL included; the file itself stays behind and holds who took it last
(pid, host, since, as JSON). Whether the lock is held is asked of the OS, never read from the file, so a file left
by a killed process does not block anyone. A second monitor is refused with the holder's pid, host and start time;
a window finds the holder with `lock_holder` and watches instead of probing twice.

The file is never deleted: a process that unlinked it could leave another holding a lock on a file nobody else
can find any more.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from pantau.storage.schema import WorkspaceError

if sys.platform == "win32":
    import msvcrt

    # Windows locks byte ranges and then refuses reads of them: lock a byte far past the holder's JSON.
    _WINDOWS_LOCK_OFFSET = 1 << 20

    def _try_lock(handle: IO[bytes], shared: bool) -> bool:
        handle.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(handle: IO[bytes], shared: bool) -> bool:
        try:
            fcntl.flock(handle.fileno(), (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@dataclass(frozen=True)
class LockHolder:
    """Who holds a workspace: as the holder wrote it when it took the lock (unknown fields empty or 0)."""

    pid: int
    host: str
    since: float
    command: str

    def describe(self) -> str:
        since = time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(self.since)) if self.since else "an unknown time"
        who = self.command or "another Pantau"
        return f"{who} (pid {self.pid or '?'} on {self.host or 'an unknown host'}, since {since})"


class WorkspaceLockedError(WorkspaceError):
    """Another process monitors this workspace; `holder` says who."""

    def __init__(self, path: Path, holder: LockHolder) -> None:
        super().__init__(f"the workspace {path} is already being monitored by {holder.describe()}. One Pantau "
                         f"monitors a workspace at a time: stop that one first, or use another workspace")
        self.holder = holder


def lock_path(workspace_path: Path) -> Path:
    return workspace_path.with_name(workspace_path.name + ".lock")


def _read_holder(handle: IO[bytes]) -> LockHolder:
    handle.seek(0)
    try:
        data = json.loads(handle.read(4096) or b"{}")
    except (ValueError, OSError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    pid, since = data.get("pid"), data.get("since")
    return LockHolder(pid if isinstance(pid, int) else 0, str(data.get("host", "")),
                      float(since) if isinstance(since, int | float) else 0.0, str(data.get("command", "")))


class WorkspaceLock:
    """The lock on one workspace, taken with `acquire()` (or `with`) and given back with `release()`."""

    def __init__(self, workspace_path: Path, command: str) -> None:
        self.path = lock_path(Path(workspace_path))
        self._workspace_path = Path(workspace_path)
        self._command = command
        self._handle: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> None:
        """Take the lock, or raise `WorkspaceLockedError` naming the holder (`WorkspaceError` when the lock file
        cannot be made: a read-only folder)."""
        if self._handle is not None:
            return
        try:
            # "a+": created when missing, never truncated before we hold the lock (the holder's JSON must stay).
            handle = open(self.path, "a+b")  # noqa: SIM115 - held open for the lock's lifetime
        except OSError as error:
            raise WorkspaceError(
                f"cannot make the lock file {self.path} ({error.strerror or error}): only one Pantau may write to "
                f"a workspace, and that needs a lock beside it. On read-only media `pantau status`, `export`, "
                f"`contracts` and `diagnose` can still read it") from None
        if not _try_lock(handle, shared=False):
            holder = _read_holder(handle)
            handle.close()
            raise WorkspaceLockedError(self._workspace_path, holder)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": time.time(),
                                     "command": self._command}).encode())
            handle.flush()
        except OSError:
            # Who holds it is a courtesy for the next one; the lock itself is what counts.
            pass
        self._handle = handle

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            _unlock(handle)
        finally:
            handle.close()

    def __enter__(self) -> WorkspaceLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def lock_holder(workspace_path: Path) -> LockHolder | None:
    """Who holds the workspace's lock now; None when nobody does (or there is no lock file). Never takes it for
    longer than the question (a shared lock, so two windows asking at once do not see each other as holders), and
    works on a read-only folder."""
    path = lock_path(Path(workspace_path))
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError:
        return None
    try:
        if _try_lock(handle, shared=True):
            _unlock(handle)
            return None
        return _read_holder(handle)
    finally:
        handle.close()
