"""Background work for widgets: run a blocking function on a thread and hear about it on the GUI thread.

`TaskRunner` owns the threads. A task is a function that may report progress; its progress, its result or its
error reach the GUI thread through the runner's own signals, which are queued because the runner lives on the GUI
thread while they are emitted from the task's thread. The callbacks therefore run on the GUI thread and may touch
widgets; the task itself never does.

Why Python threads and not QThreadPool: code running on a thread Python did not start registers a
`threading._DummyThread` the first time anything asks for the current thread (logging, `threading.Thread()`,
`ThreadPoolExecutor` all do), and on Python 3.11 such a dummy counts as alive forever. A Python thread ends
cleanly and can be joined, which is what closing a window needs (`wait`).
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

T = TypeVar("T")
Progress = Callable[[object], None]


@dataclass
class _Task:
    thread: threading.Thread
    on_result: Callable[[Any], None]
    on_error: Callable[[Exception], None]
    on_progress: Callable[[Any], None] | None


class TaskRunner(QObject):
    """Runs functions on their own Python threads and calls back on the GUI thread, in the order reported."""

    _progressed = Signal(int, object)
    _ended = Signal(int, object, object)  # task id, result, the exception (or None)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._tasks: dict[int, _Task] = {}
        self._progressed.connect(self._deliver_progress)
        self._ended.connect(self._deliver_end)

    def submit(self, fn: Callable[[Progress], T], on_result: Callable[[T], None], *,
               on_error: Callable[[Exception], None], on_progress: Callable[[Any], None] | None = None,
               name: str = "pantau-task") -> int:
        """Start `fn(progress)` on a new thread; returns the task id. Call from the GUI thread.

        `progress(value)` may be called from any thread while `fn` runs; each value reaches `on_progress`.
        Then exactly one of `on_result(value)` or `on_error(exception)` is called.
        """
        task_id = next(self._ids)

        def progress(value: object) -> None:
            # RuntimeError: the runner's C++ side was deleted (its window closed without waiting), nobody to tell.
            with contextlib.suppress(RuntimeError):
                self._progressed.emit(task_id, value)

        def body() -> None:
            try:
                result = fn(progress)
            except Exception as error:
                self._end(task_id, None, error)
            else:
                self._end(task_id, result, None)

        thread = threading.Thread(target=body, name=name, daemon=True)
        self._tasks[task_id] = _Task(thread, on_result, on_error, on_progress)
        thread.start()
        return task_id

    def pending(self) -> int:
        """Tasks whose end has not yet been delivered."""
        return len(self._tasks)

    def wait(self, timeout_s: float | None = None) -> bool:
        """Join every task's thread (within `timeout_s` in all); True when all have ended.

        Their end is still delivered later, by the event loop, unless the runner is gone by then.
        """
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        for task in list(self._tasks.values()):
            task.thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
        return not any(task.thread.is_alive() for task in self._tasks.values())

    def _end(self, task_id: int, result: object, error: Exception | None) -> None:
        with contextlib.suppress(RuntimeError):  # as in `progress`: the runner is gone
            self._ended.emit(task_id, result, error)

    @Slot(int, object)
    def _deliver_progress(self, task_id: int, value: object) -> None:
        task = self._tasks.get(task_id)
        if task is not None and task.on_progress is not None:
            task.on_progress(value)

    @Slot(int, object, object)
    def _deliver_end(self, task_id: int, result: object, error: object) -> None:
        task = self._tasks.pop(task_id, None)
        if task is None:
            return
        if isinstance(error, Exception):
            task.on_error(error)
        else:
            task.on_result(result)
