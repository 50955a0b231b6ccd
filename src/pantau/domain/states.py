"""Health states, their order of severity, and the state-change record that becomes the outage log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class HealthState(StrEnum):
    UP = "UP"
    DEGRADED = "DEGRADED"
    DOWN = "DOWN"
    UNREACHABLE = "UNREACHABLE"
    UNKNOWN = "UNKNOWN"


# Higher is worse. UNREACHABLE ranks below DOWN: the fault is elsewhere (its parent), not at this site.
SEVERITY: dict[HealthState, int] = {
    HealthState.UP: 0,
    HealthState.UNKNOWN: 1,
    HealthState.DEGRADED: 2,
    HealthState.UNREACHABLE: 3,
    HealthState.DOWN: 4,
}


def worst(states: Iterable[HealthState]) -> HealthState:
    """The most severe state, UNKNOWN when there is none."""
    return max(states, key=SEVERITY.__getitem__, default=HealthState.UNKNOWN)


@dataclass(frozen=True)
class StateChange:
    """A subject (a target or a site) entering a new state at `ts` (epoch seconds)."""

    subject: str
    subject_kind: str  # "target" or "site"
    previous: HealthState
    current: HealthState
    ts: float
    reason: str = ""
