"""When the shared store received a series' rounds, as stretches: rounds that came in more than a threshold after
they were taken (an agent's back-fill after a WAN cut) are merged into intervals in SQL, so a month of rounds a
second comes back as a handful of rows instead of 2.6 million (received, taken) pairs.

Runs on the caller's connection (`PgStore.delivered_late` holds its lock).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# A round received this long after it was taken came in late: more than the forwarder's batching (seconds) and a
# store's short pause, less than any cut worth showing.
LATE_AFTER_S = 60.0
# Late rounds less than this far apart belong to one stretch (an on-time round between them is not looked for).
MERGE_WITHIN_S = 120.0

# Late rows of the wanted series, each opening a new stretch when the previous late row is too far back; the running
# sum of openings numbers the stretches.
_LATE_SQL = """
WITH wanted AS (
    SELECT se.id FROM series se
    JOIN unnest(%(targets)s::text[], %(methods)s::text[]) AS w (target, method)
      ON se.target = w.target AND se.method = w.method
    WHERE se.vantage = %(vantage)s
), late AS (
    SELECT s.ts_ms, s.received_ms,
           CASE WHEN s.ts_ms - lag(s.ts_ms) OVER (ORDER BY s.ts_ms) <= %(merge)s THEN 0 ELSE 1 END AS opens
    FROM samples s
    WHERE s.series_id IN (SELECT id FROM wanted) AND s.ts_ms >= %(start)s AND s.ts_ms < %(end)s
      AND s.received_ms - s.ts_ms > %(threshold)s
), numbered AS (
    SELECT ts_ms, received_ms, sum(opens) OVER (ORDER BY ts_ms) AS stretch FROM late
)
SELECT min(ts_ms), max(ts_ms), min(received_ms), max(received_ms), count(*)
FROM numbered GROUP BY stretch ORDER BY 1
"""


def read_late(conn: Any, series: Sequence[tuple[str, str]], vantage: str, start: float, end: float,
              late_after_s: float = LATE_AFTER_S, merge_within_s: float = MERGE_WITHIN_S
              ) -> list[tuple[float, float, float, float, int]]:
    """(first round, last round, first received, last received, rounds) of each late stretch of the (target,
    method) `series` seen from `vantage` in [start, end), oldest first; times in epoch seconds."""
    if not series:
        return []
    rows = conn.execute(_LATE_SQL, {
        "targets": [target for target, _ in series], "methods": [method for _, method in series],
        "vantage": vantage, "start": int(start * 1000), "end": int(end * 1000),
        "threshold": int(late_after_s * 1000), "merge": int(merge_within_s * 1000)}).fetchall()
    return [(first / 1000, last / 1000, received_first / 1000, received_last / 1000, int(count))
            for first, last, received_first, received_last, count in rows]
