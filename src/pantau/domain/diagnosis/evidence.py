"""What answers prove beyond the check that got them: which silent hops pass traffic, which round-trip times are far
above usual, and where a line is congested.

A *hop* is a target that traffic to others passes through: the LAN gateway (to the offices, the ISP and beyond), the
ISP gateway (to the upstream anchors and whatever is reached through its site) and an office router (to the
office's services and the offices behind it, along the vantage's tree). Any answer from beyond a hop — an anchor's
echo reply, an HTTP answer, a path-probe reply — proves the hop passes traffic, whatever it says to ping itself.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pantau.domain.diagnosis.model import CheckOutcome, Layer, Verdict
from pantau.domain.inventory import MonitoringSettings, TargetRole, parent_chain
from pantau.domain.traffic import LineLoad

HOP_ROLES = frozenset({TargetRole.LAN_GATEWAY, TargetRole.ISP_GATEWAY, TargetRole.OFFICE_ROUTER})
# An RTT is far above its usual value (the target's baseline from history) at this many times it and this much
# more: 2 ms usual and 640 ms now is; 30 ms and 70 ms is not.
FAR_ABOVE_FACTOR = 3.0
FAR_ABOVE_MIN_MS = 100.0
_BEYOND_LAN = frozenset({Layer.SITE, Layer.ISP, Layer.UPSTREAM})


@dataclass(frozen=True)
class Finding:
    """One fault (or the degradations) in one layer: the checks behind it and the targets to name. `sites`: the
    offices concerned (site faults); `total`: how many offices were judged (isp-access: "26 of 26")."""

    verdict: Verdict
    layer: Layer
    outcomes: tuple[CheckOutcome, ...]
    where: tuple[str, ...]
    sites: tuple[str, ...] = ()
    total: int = 0
    # The measured lines behind a cut whose router interface reports down (SNMP): direct evidence of the cut.
    lines_down: tuple[LineLoad, ...] = ()
    # The other vantages' word (`triangulate`): those that hear the sites of a path-broken finding, and those that
    # find an office silent too ("silent from every vantage").
    heard_from: tuple[str, ...] = ()
    silent_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class Degradation:
    """An answering check past a threshold, or a partial silence (`silent`: some anchors, ICMP only, or a hop that
    passes traffic while it ignores ping: `passing`). `baseline_ms` is the target's usual RTT when known;
    `explained`: accounted for by the congested line (its hop, or a target beyond it)."""

    outcome: CheckOutcome
    loss_high: bool = False
    rtt_high: bool = False
    silent: bool = False
    passing: bool = False
    baseline_ms: float | None = None
    explained: bool = False


@dataclass(frozen=True)
class Congestion:
    """A slow or lossy line, where and how much: the hop nearest the vantage whose own figures (or, when it gives
    no answer itself, the figures of the targets beyond it) are past the thresholds or far above usual.
    `saturated`: the RTT is up, so packets queue (a full line), not only lost."""

    layer: Layer
    target_id: str | None
    target_name: str
    site_id: str | None
    rtt_ms: float | None
    baseline_ms: float | None
    loss_percent: float | None
    hop_silent: bool
    saturated: bool
    # The line's measured load when it is full (SNMP): the congestion explains itself ("line full: 97 %").
    line: LineLoad | None = None


def far_above(rtt_ms: float, baseline_ms: float) -> bool:
    return rtt_ms >= max(FAR_ABOVE_FACTOR * baseline_ms, baseline_ms + FAR_ABOVE_MIN_MS)


def is_beyond(hop: CheckOutcome, other: CheckOutcome, parents: Mapping[str, str | None]) -> bool:
    """Whether traffic to `other`'s target passes `hop`'s target (see the module docstring)."""
    if other.target_id == hop.target_id or hop.role not in HOP_ROLES:
        return False
    if hop.role is TargetRole.LAN_GATEWAY:
        return other.layer in _BEYOND_LAN or other.role in (TargetRole.OFFICE_ROUTER, TargetRole.ISP_GATEWAY,
                                                            TargetRole.UPSTREAM, TargetRole.SERVICE)
    behind = hop.site_id is not None and other.site_id is not None and other.site_id != hop.site_id and (
        hop.site_id in parent_chain(parents, other.site_id))
    if hop.role is TargetRole.ISP_GATEWAY:
        return behind or (other.role is TargetRole.UPSTREAM and other.site_id == hop.site_id)
    return behind or (other.role is TargetRole.SERVICE and other.site_id == hop.site_id)


def path_answers(path: Iterable[CheckOutcome]) -> set[str]:
    """Addresses that answered a path probe (time exceeded, or the target's own reply)."""
    return {hop.address for outcome in path for hop in outcome.hops if hop.address}


def passing_hops(groups: Mapping[str, Sequence[CheckOutcome]], silent: set[str], evidence: Sequence[CheckOutcome],
                 parents: Mapping[str, str | None]) -> dict[str, tuple[CheckOutcome, ...]]:
    """The silent hops with answers from beyond them, each with those answers. `evidence` holds every outcome that
    can witness (checks and path probes that reached their target); the live view's states do not: only this run's
    own answers prove that a hop passes traffic now."""
    passing: dict[str, tuple[CheckOutcome, ...]] = {}
    for target_id in silent:
        hop = groups[target_id][0]
        if hop.role not in HOP_ROLES:
            continue
        beyond = tuple(o for o in evidence if o.answered and not o.monitored and o.target_id not in silent
                       and is_beyond(hop, o, parents))
        if beyond:
            passing[target_id] = beyond
    return passing


def _figures(outcomes: Sequence[CheckOutcome],
             baselines: Mapping[str, float]) -> tuple[float | None, float | None, float | None]:
    """(median RTT, median usual RTT, mean loss) of the ICMP answers among `outcomes`."""
    echoes = [o for o in outcomes if o.method == "icmp" and o.ok and not o.monitored]
    rtts = [o.rtt_ms for o in echoes if o.rtt_ms is not None]
    usual = [baselines[o.target_id] for o in echoes if o.target_id is not None and o.target_id in baselines]
    losses = [o.loss_percent for o in echoes if o.loss_percent is not None]
    return (statistics.median(rtts) if rtts else None, statistics.median(usual) if usual else None,
            statistics.fmean(losses) if losses else None)


def congestion_of(degradations: Sequence[Degradation], passing: Mapping[str, Sequence[CheckOutcome]],
                  baselines: Mapping[str, float], thresholds: MonitoringSettings) -> Congestion | None:
    """The congested line nearest the vantage, or None (`degradations` come in layer order)."""
    for degradation in degradations:
        outcome = degradation.outcome
        if outcome.monitored or not (outcome.role in HOP_ROLES or outcome.role is TargetRole.UPSTREAM):
            continue
        if degradation.passing:
            rtt, usual, loss = _figures(passing.get(outcome.target_id or "", ()), baselines)
            slow = rtt is not None and (rtt >= thresholds.degraded_rtt_ms or (usual is not None
                                                                             and far_above(rtt, usual)))
            if slow or (loss is not None and loss >= thresholds.degraded_loss_percent):
                return Congestion(outcome.layer, outcome.target_id, outcome.target_name, outcome.site_id, rtt, usual,
                                  loss, True, slow)
        elif degradation.loss_high or degradation.rtt_high:
            return Congestion(outcome.layer, outcome.target_id, outcome.target_name, outcome.site_id, outcome.rtt_ms,
                              degradation.baseline_ms, outcome.loss_percent, False, degradation.rtt_high)
    return None
