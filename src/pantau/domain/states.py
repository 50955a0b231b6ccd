"""Health states, their order of severity, and the state-change record that becomes the outage log."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class HealthState(StrEnum):
    UP = "UP"
    DEGRADED = "DEGRADED"
    # Display only: some vantages of the shared store hear the site and others do not (domain/vantages.py). Only
    # combining vantages produces it; an engine, the outage log and the alerts never do (they judge from one
    # vantage), so it is never recorded, alerted or reported.
    PATH_BROKEN = "PATH_BROKEN"
    DOWN = "DOWN"
    UNREACHABLE = "UNREACHABLE"
    UNKNOWN = "UNKNOWN"


# Higher is worse. UNREACHABLE ranks below DOWN: the fault is elsewhere (its parent), not at this site. PATH_BROKEN
# ranks above DEGRADED (a whole path is cut, not slowed) and below UNREACHABLE and DOWN: the office itself answers,
# so its users still work with whoever hears it.
SEVERITY: dict[HealthState, int] = {
    HealthState.UP: 0,
    HealthState.UNKNOWN: 1,
    HealthState.DEGRADED: 2,
    HealthState.PATH_BROKEN: 3,
    HealthState.UNREACHABLE: 4,
    HealthState.DOWN: 5,
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


# States in which a site answers, and in which it does not; UNKNOWN is neither (no evidence either way), nor is
# PATH_BROKEN (it answers some vantages and not others).
ANSWERING_STATES = frozenset({HealthState.UP, HealthState.DEGRADED})
SILENT_STATES = frozenset({HealthState.DOWN, HealthState.UNREACHABLE})


def turned(before: Mapping[str, HealthState], after: Mapping[str, HealthState]) -> list[str]:
    """The subjects that went from answering to silent or back between two snapshots, in `after`'s order: what
    makes a diagnosis taken at `before` out of date. UP ↔ DEGRADED and anything to or from UNKNOWN do not count."""
    changed = []
    for subject, now in after.items():
        then = before.get(subject, HealthState.UNKNOWN)
        if (then in ANSWERING_STATES and now in SILENT_STATES) or (then in SILENT_STATES and now in ANSWERING_STATES):
            changed.append(subject)
    return changed
