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
# Late rounds in minutes less than this far apart belong to one stretch (an on-time round between them is not
# looked for); whole minutes, as the rounds are gathered per minute.
MERGE_WITHIN_S = 120.0

# The late rounds of the wanted series, first gathered per minute (a hash aggregate: a day back-filled at 1 s is
# 86 400 rounds but 1 440 minutes, and the window functions then sort minutes, not rounds); a minute opens a new
# stretch when the previous late minute is too far back, and the running sum of openings numbers the stretches.
_LATE_SQL = """
WITH wanted AS (
    SELECT se.id FROM series se
    JOIN unnest(%(targets)s::text[], %(methods)s::text[]) AS w (target, method)
      ON se.target = w.target AND se.method = w.method
    WHERE se.vantage = %(vantage)s
), minutes AS (
    SELECT s.ts_ms / 60000 AS minute, min(s.ts_ms) AS first, max(s.ts_ms) AS last,
           min(s.received_ms) AS received_first, max(s.received_ms) AS received_last, count(*) AS rounds
    FROM samples s
    WHERE s.series_id IN (SELECT id FROM wanted) AND s.ts_ms >= %(start)s AND s.ts_ms < %(end)s
      AND s.received_ms - s.ts_ms > %(threshold)s
    GROUP BY 1
), marked AS (
    SELECT *, CASE WHEN minute - lag(minute) OVER (ORDER BY minute) <= %(merge)s THEN 0 ELSE 1 END AS opens
    FROM minutes
), numbered AS (
    SELECT *, sum(opens) OVER (ORDER BY minute) AS stretch FROM marked
)
SELECT min(first), max(last), min(received_first), max(received_last), sum(rounds)
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
        "threshold": int(late_after_s * 1000), "merge": max(1, round(merge_within_s / 60))}).fetchall()
    return [(first / 1000, last / 1000, received_first / 1000, received_last / 1000, int(count))
            for first, last, received_first, received_last, count in rows]
