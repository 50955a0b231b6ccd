"""The monitor's latest recorded states as a `LiveView`, for a diagnosis run outside the window.

A monitor (`pantau monitor` or the window) records every state change in the workspace's event log; the open
events are the current states, and they are current only while a monitor keeps probing. The newest sample says
when that last happened: older than `FRESH_S`, the states are not used.
"""

from __future__ import annotations

from dataclasses import dataclass

from pantau.domain.diagnosis import LiveView
from pantau.storage.workspace import Workspace

# A monitor probes every target at least every few seconds; two minutes without a sample means none is running.
FRESH_S = 120.0


@dataclass(frozen=True)
class RecordedStates:
    """The view (None when too old or there is nothing), and how old the newest sample is (None: no samples)."""

    view: LiveView | None
    age_s: float | None


def recorded_live_view(workspace: Workspace, now: float, fresh_s: float = FRESH_S) -> RecordedStates:
    latest = workspace.latest_sample_per_target()
    if not latest:
        return RecordedStates(None, None)
    as_of = max(sample.ts for sample in latest.values())
    age = max(0.0, now - as_of)
    if age > fresh_s:
        return RecordedStates(None, age)
    targets = {subject: event.state for subject, event in workspace.open_events("target").items()}
    sites = {subject: event.state for subject, event in workspace.open_events("site").items()}
    return RecordedStates(LiveView(targets, sites, as_of), age)
