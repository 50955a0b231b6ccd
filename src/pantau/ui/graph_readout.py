"""What the graphs say in words about a moment and a stretch: the crosshair's read-out (local time, each line's
rtt and loss there, the primary office's state, and whether its rounds came in late) and the tooltip of a stretch
delivered late to the shared store.

Pure text from `GraphData` (no widget); the strings keep the `SiteGraphs` translation context they were written
in, and times and numbers go through `ui.formats`.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication

from pantau.storage.store import LateStretch
from pantau.ui.formats import format_moment, format_number, format_percent
from pantau.ui.graph_data import GraphData
from pantau.ui.state_style import state_label

__all__ = ["late_text", "readout"]


def readout(data: GraphData, x: float, zone: str) -> str:
    """The read-out for time `x` in the IANA zone `zone`: local time, each line's rtt and loss at x, the primary
    office's state, and "delivered late" when x lies in such a stretch."""
    parts = [format_moment(x, zone, seconds=True, zone=False)]
    for spec, series in data.series:
        if not len(series):
            continue
        # The round at or before x, or the bucket holding it (a bucket's time is its start).
        i = int(np.searchsorted(series.t, x, side="right")) - 1
        if i < 0:
            continue
        rtt, loss = series.rtt_avg[i], series.loss[i]
        rtt_text = "—" if np.isnan(rtt) else QCoreApplication.translate("SiteGraphs", "{0} ms").format(
            format_number(rtt, 1))
        loss_text = "—" if np.isnan(loss) else format_percent(loss, 1)
        parts.append(QCoreApplication.translate("SiteGraphs", "{0}: {1}, loss {2}").format(
            spec.label, rtt_text, loss_text))
    primary = data.primary
    span = next((s for s in primary.availability.spans if s.start <= x < s.end), None) if primary else None
    if span is not None:
        parts.append(state_label(span.state) if span.state is not None
                     else QCoreApplication.translate("SiteGraphs", "not monitored"))
    late = next((s for s in data.late if s.start <= x <= s.end), None)
    if late is not None:
        parts.append(QCoreApplication.translate("SiteGraphs", "delivered late, at {0}").format(
            format_moment(late.first_received, zone)))
    return " · ".join(parts)


def late_text(stretch: LateStretch, zone: str) -> str:
    """The tooltip of a stretch delivered late: which rounds, and when they reached the store."""
    return QCoreApplication.translate("SiteGraphs",
        "Delivered late: the rounds of {0} – {1} reached the store at {2} – {3} (sent after a break in the "
               "connection)").format(format_moment(stretch.start, zone), format_moment(stretch.end, zone),
                                     format_moment(stretch.first_received, zone),
                                     format_moment(stretch.last_received, zone))
