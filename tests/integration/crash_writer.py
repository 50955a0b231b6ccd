"""Run by test_workspace_crash.py: write numbered batches through the real writer until killed.

Usage: crash_writer.py WORKSPACE RUN_ID BATCH_SIZE. Batch n's samples carry the message "RUN_ID:n" and batch n's
state change the same reason. Each batch is flushed on its own, so the writer's batch n is this script's batch n,
and "COMMITTED n" is printed from the writer's on_commit callback, i.e. only once batch n is committed. Nothing
else is written to stdout.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.states import HealthState, StateChange
from pantau.storage.workspace import Workspace

TARGETS = 7


def on_commit(batch_number: int, count: int) -> None:
    # One write per line: print() writes the text and the newline separately when stdout is unbuffered
    # (PYTHONUNBUFFERED), and a kill between the two would leave half a line.
    sys.stdout.write(f"COMMITTED {batch_number}\n")
    sys.stdout.flush()


def main() -> None:
    path, run, size = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    workspace = Workspace.open(path, on_commit=on_commit)
    batch = 0
    while True:
        batch += 1
        marker = f"{run}:{batch}"
        now = time.time()
        workspace.submit(
            Sample(now + i * 0.01, f"t{i % TARGETS}", "icmp", None if i % 5 == 0 else 0.1 * i,
                   ErrorKind.TIMEOUT if i % 5 == 0 else None, marker)
            for i in range(size)
        )
        up = batch % 2 == 0
        workspace.record_state_change(StateChange(
            f"t{batch % TARGETS}", "target", HealthState.DOWN if up else HealthState.UP,
            HealthState.UP if up else HealthState.DOWN, now, marker))
        workspace.flush()


if __name__ == "__main__":
    main()
