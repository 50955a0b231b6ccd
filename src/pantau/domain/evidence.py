"""When evidence is captured by itself: a diagnosis in the background as soon as a site or a key role goes DOWN.

The moment an outage starts is the moment its evidence is freshest, and the officer is often not at the screen.
So the engine's DOWNs start a diagnosis on their own, saved with the outage (the outage list, the alert and the
contract report name its verdict):

- One run per outage cluster: the DOWNs of one engine update (a cut uplink, a regency-wide cut) are one cluster.
- Rate-limited: one run at a time, and a new one at most every `min_gap_s`. DOWNs that arrive meanwhile are kept
  and merged into a single follow-up run once the gap has passed, so a flapping line cannot keep the prober busy.
- The scope: a lone office gets its own site scope (which also checks the data centre, the ISP gateway and its way
  in); a cluster of several sites, or one holding the central server or the ISP gateway, gets `all`.

Pure and clock-free: `feed` and `tick` take the time; the caller runs the diagnosis and calls `finished`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pantau.domain.inventory import Network, TargetRole
from pantau.domain.states import HealthState, StateChange

SUBJECT_SITE = "site"
SUBJECT_TARGET = "target"
KEY_ROLES = frozenset({TargetRole.SERVER, TargetRole.ISP_GATEWAY})


@dataclass(frozen=True)
class EvidenceRequest:
    """A diagnosis to run: `scope` ("site" or "all"), the site for the site scope, and the DOWN sites it is the
    evidence for (their alerts wait for it)."""

    scope: str
    site_id: str | None
    sites: tuple[str, ...]


class EvidencePlanner:
    """Feed it state changes and the clock; it says when to run which diagnosis. See the module docstring."""

    def __init__(self, network: Network, *, min_gap_s: float = 60.0) -> None:
        self.min_gap_s = min_gap_s
        self._site_of_target = {target.id: target.site for target in network.targets}
        self._key_targets = {target.id for target in network.targets if target.role in KEY_ROLES}
        self._key_sites = {target.site for target in network.targets if target.role in KEY_ROLES}
        self._waiting: list[str] = []
        self._busy = False
        self._last_start: float | None = None

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def waiting(self) -> tuple[str, ...]:
        """The DOWN sites whose evidence has not been started yet."""
        return tuple(self._waiting)

    def feed(self, changes: Iterable[StateChange], now: float) -> EvidenceRequest | None:
        """Take one engine update's changes; returns the run to start now, if any."""
        for change in changes:
            site = self._down_site(change)
            if site is not None and site not in self._waiting:
                self._waiting.append(site)
        return self.tick(now)

    def tick(self, now: float) -> EvidenceRequest | None:
        """The run to start now, if DOWN sites are waiting and neither a run nor the gap holds them back."""
        if self._busy or not self._waiting:
            return None
        if self._last_start is not None and now - self._last_start < self.min_gap_s:
            return None
        sites, self._waiting = tuple(self._waiting), []
        self._busy = True
        self._last_start = now
        if len(sites) == 1 and sites[0] not in self._key_sites:
            return EvidenceRequest("site", sites[0], sites)
        return EvidenceRequest("all", None, sites)

    def finished(self, now: float) -> EvidenceRequest | None:
        """The run started last has ended (saved or failed); returns a follow-up run due now, if any."""
        self._busy = False
        return self.tick(now)

    def _down_site(self, change: StateChange) -> str | None:
        if change.current is not HealthState.DOWN:
            return None
        if change.subject_kind == SUBJECT_SITE:
            return change.subject
        if change.subject_kind == SUBJECT_TARGET and change.subject in self._key_targets:
            return self._site_of_target.get(change.subject)
        return None
