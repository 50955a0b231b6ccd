"""The engine's live view inside a diagnosis: what the monitor knows about the targets a run does not probe.

A scoped run (`server`, `isp`) probes a handful of targets, yet the officer asks about the whole network: the engine
already knows whether the 26 office routers answer. `LiveView` is that knowledge at one moment; the window hands over
the running engine's, `pantau diagnose` reads the workspace's latest recorded states when a monitor keeps them
fresh. Each target the run does not probe becomes a *monitored* outcome (method `monitor`), judged by the same rules
as a probed one; a probed target is always judged on the run's own, fresher answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from pantau.domain.diagnosis.model import CheckOutcome
from pantau.domain.diagnosis.plan import ROLE_LAYER, DiagnosisPlan
from pantau.domain.inventory import INTERNET, Network, TargetRole
from pantau.domain.links import site_links
from pantau.domain.samples import ErrorKind
from pantau.domain.states import HealthState
from pantau.domain.traffic import LineLoad

MONITOR_METHOD = "monitor"
# A site in one of these states in the live view is not answering.
_SILENT_STATES = frozenset({HealthState.DOWN, HealthState.UNREACHABLE})
_ANSWERING_STATES = frozenset({HealthState.UP, HealthState.DEGRADED})


@dataclass(frozen=True)
class LiveView:
    """The engine's states of targets and sites, as of `as_of` (epoch seconds: the newest round behind them)."""

    target_states: Mapping[str, HealthState]
    site_states: Mapping[str, HealthState]
    as_of: float
    # The measured load of the links with SNMP, by link id (the link poller's latest; empty without SNMP).
    line_loads: Mapping[str, LineLoad] = field(default_factory=dict)

    def age_s(self, now: float) -> float:
        return max(0.0, now - self.as_of)

    def silent_sites(self) -> tuple[str, ...]:
        """Sites DOWN or UNREACHABLE in this view."""
        return tuple(site for site, state in self.site_states.items() if state in _SILENT_STATES)


def monitored_outcomes(network: Network, plan: DiagnosisPlan, live: LiveView, now: float) -> tuple[CheckOutcome, ...]:
    """An outcome for each enabled target the plan does not probe and the live view knows: UP or DEGRADED answers,
    DOWN (or an unknown target at a DOWN or UNREACHABLE site) is silent. Unknown targets are left out: no data is
    not an answer either way."""
    probed = {check.target_id for check in plan.checks}
    age = live.age_s(now)
    outcomes = []
    for target in network.targets:
        if not target.enabled or target.id in probed:
            continue
        state = live.target_states.get(target.id, HealthState.UNKNOWN)
        if state is HealthState.UNKNOWN and live.site_states.get(target.site) in _SILENT_STATES:
            state = HealthState.DOWN
        if state is HealthState.UNKNOWN:
            continue
        ok = state in _ANSWERING_STATES
        outcomes.append(CheckOutcome(
            layer=ROLE_LAYER[target.role], target_id=target.id, target_name=target.name or target.id,
            address=target.address, method=MONITOR_METHOD, ok=ok, rtt_ms=None, loss_percent=None,
            error=None if ok else ErrorKind.TIMEOUT, message=f"{state.value} in the monitor {age:.0f} s ago",
            detail={"state": state.value, "age_s": f"{age:.0f}"}, service=target.role is TargetRole.SERVICE,
            site_id=target.site, role=target.role, monitored=True))
    return tuple(outcomes)


def site_line_loads(network: Network, live: LiveView, now: float, on: date) -> dict[str, LineLoad]:
    """The fresh load of the line that serves each site, by site id; the uplinks to the internet under the
    `INTERNET` key. A load older than a few poll intervals says nothing about now and is left out."""
    if not live.line_loads:
        return {}
    fresh = {link_id: load for link_id, load in live.line_loads.items() if load.fresh(now)}
    loads = {site: fresh[link.id] for site, link in site_links(network).serving_all(on).items() if link.id in fresh}
    uplink = next((fresh[link.id] for link in network.links if link.b == INTERNET and link.id in fresh), None)
    if uplink is not None:
        loads[INTERNET] = uplink
    return loads
