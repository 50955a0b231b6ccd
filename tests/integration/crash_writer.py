"""Run by test_workspace_crash.py: write numbered batches through the real writer until killed.

Usage: crash_writer.py WORKSPACE RUN_ID BATCH_SIZE. Batch n's samples carry the message "RUN_ID:n" and batch n's
state change the same reason. Each batch is flushed on its own, so the writer's batch n is this script's batch n,
and "COMMITTED n" is printed from the writer's on_commit callback, i.e. only once batch n is committed. Nothing
else is written to stdout. Samples are 3-packet rounds, some with a lost packet, some lost entirely; every other
batch repeats a timestamp, so kills also land in the writer's path for samples that share a millisecond. Every
fifth batch also carries samples of the target "old" dated two days back, and is followed by a purge of history
older than a day, which deletes just those, so kills land in purges and in the page moves after them too.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.states import HealthState, StateChange
from pantau.storage.workspace import Workspace

TARGETS = 7
OLD = 2000
DAY = 86_400


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
        samples = [
            Sample(now + i * 0.01, f"t{i % TARGETS}", "icmp", None, ErrorKind.TIMEOUT, marker, sent=3, lost=3)
            if i % 5 == 0 else
            Sample(now + i * 0.01, f"t{i % TARGETS}", "icmp", 0.1 * i, None, marker, sent=3, lost=int(i % 3 == 0))
            for i in range(size)
        ]
        if batch % 2 == 0:
            samples[-1] = Sample(samples[0].ts, samples[0].target, "icmp", 1.0, None, marker, sent=3)
        if batch % 5 == 0:
            samples += [Sample(now - 2 * DAY + i, "old", "icmp", 5.0, None, "old", sent=3) for i in range(OLD)]
        up = batch % 2 == 0
        # The change goes first: a submit larger than the writer's batch size commits at once, and the change
        # must be in that commit, not in one of its own.
        workspace.record_state_change(StateChange(
            f"t{batch % TARGETS}", "target", HealthState.DOWN if up else HealthState.UP,
            HealthState.UP if up else HealthState.DOWN, now, marker))
        workspace.submit(samples)
        workspace.flush()
        if batch % 5 == 0:
            workspace.purge_history(now, raw_days=1, minute_rollup_days=1)


if __name__ == "__main__":
    main()
