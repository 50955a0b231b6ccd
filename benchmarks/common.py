"""Helpers shared by the engine benchmarks (run as `PYTHONPATH=src python benchmarks/NAME.py`)."""

from __future__ import annotations

import os
import threading
from pathlib import Path


def thread_cpu() -> dict[str, float]:
    """CPU seconds of each live thread of this process by name (Linux /proc; empty elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK")
    found: dict[str, float] = {}
    for thread in threading.enumerate():
        try:
            stat = Path(f"/proc/self/task/{thread.native_id}/stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        name = thread.name.split(" ")[0]
        found[name] = found.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / ticks
    return found
