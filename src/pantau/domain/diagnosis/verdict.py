"""The verdict: what a run's outcomes (probed, monitored and path) say, by the rules in the package docstring."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from pantau.domain.diagnosis.evidence import (
    Congestion,
    Degradation,
    Finding,
    congestion_of,
    far_above,
    is_beyond,
    passing_hops,
    path_answers,
)
from pantau.domain.diagnosis.model import LAYER_ORDER, CheckOutcome, Hop, Layer, LayerStatus, Verdict
from pantau.domain.inventory import INTERNET, MonitoringSettings, parent_chain
from pantau.domain.traffic import LineLoad

# At least this many offices, and at least half of those judged, silent at once: the provider's access network,
# not one office's line.
ISP_ACCESS_MIN_OFFICES = 3

# What each layer needs working before its own checks mean anything; a failure there makes this layer's failures
# consequences rather than findings of their own. DNS depends on the LAN only: a resolver that fails while the
# upstream is down is still said (its forwarders may be beyond the cut, or it may be down itself).
_DEPENDS_ON: dict[Layer, frozenset[Layer]] = {
    Layer.LOCAL: frozenset(),
    Layer.LAN: frozenset({Layer.LOCAL}),
    Layer.SERVER: frozenset({Layer.LOCAL, Layer.LAN}),
    Layer.SITE: frozenset({Layer.LOCAL, Layer.LAN}),
    Layer.ISP: frozenset({Layer.LOCAL, Layer.LAN}),
    Layer.UPSTREAM: frozenset({Layer.LOCAL, Layer.LAN, Layer.ISP}),
    Layer.DNS: frozenset({Layer.LOCAL, Layer.LAN}),
    Layer.PATH: frozenset(),
}

# Worst first: what cuts off the most people for the longest. A single office's line ranks below the whole
# regency's internet.
_SEVERITY: tuple[tuple[Verdict, Layer | None], ...] = (
    (Verdict.LOCAL, None), (Verdict.LAN, None), (Verdict.SERVER, None), (Verdict.ISP_ACCESS, None),
    (Verdict.ISP_LINK, Layer.ISP), (Verdict.ISP_UPSTREAM, None), (Verdict.ISP_LINK, Layer.SITE),
    (Verdict.PATH_BROKEN, None),
    (Verdict.SERVER_SERVICE, None), (Verdict.DNS, None), (Verdict.DEGRADED, None),
)


def severity(finding: Finding) -> int:
    for rank, (verdict, layer) in enumerate(_SEVERITY):
        if finding.verdict is verdict and layer in (None, finding.layer):
            return rank
    return len(_SEVERITY)


@dataclass(frozen=True)
class VerdictResult:
    """The verdict with its finding; `also` holds the other independent findings, worst first. `recovering`: sites
    the live view had silent that answer this run's checks."""

    verdict: Verdict
    failing_layer: Layer | None
    summary: str
    finding: Finding | None
    also: tuple[Finding, ...]
    layers: Mapping[Layer, LayerStatus]
    degradations: tuple[Degradation, ...]
    unrun: tuple[CheckOutcome, ...]
    checked: int
    no_privilege: bool = False
    last_hop: str | None = None
    path_toward: str | None = None
    congestion: Congestion | None = None
    hops: tuple[Hop, ...] = ()
    recovering: tuple[str, ...] = ()

    @property
    def failing_sites(self) -> tuple[str, ...]:
        return self.finding.sites if self.finding else ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, worst first."""
        return (self.finding, *self.also) if self.finding else ()

    def fine_layers(self) -> tuple[Layer, ...]:
        """The checked layers before the failing one that are fine: "LAN and server are fine; …"."""
        before = LAYER_ORDER[:LAYER_ORDER.index(self.failing_layer)] if self.failing_layer else LAYER_ORDER
        return tuple(layer for layer in before if layer is not Layer.LOCAL
                     and self.layers.get(layer) in (LayerStatus.OK, LayerStatus.DEGRADED))


def _names(outcomes: Sequence[CheckOutcome]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(o.target_name for o in outcomes))


def _by_target(outcomes: Sequence[CheckOutcome]) -> dict[str, list[CheckOutcome]]:
    grouped: dict[str, list[CheckOutcome]] = {}
    for outcome in outcomes:
        grouped.setdefault(outcome.target_id or outcome.target_name, []).append(outcome)
    return grouped


def decide_verdict(outcomes: Sequence[CheckOutcome], thresholds: MonitoringSettings, local_ok: bool,
                   site_parents: Mapping[str, str | None] | None = None, *,
                   baselines: Mapping[str, float] | None = None, office_sites: Sequence[str] = (),
                   live_silent_sites: Sequence[str] = (),
                   line_loads: Mapping[str, LineLoad] | None = None) -> VerdictResult:
    """The verdict for a run's outcomes, by the rules in the package docstring.

    `site_parents` (`DiagnosisPlan.site_parents`, the vantage's tree) lets an office failure name only the office
    nearest the vantage and tells which targets lie beyond a hop; without it every silent office is named.
    `baselines` are usual RTTs (ms) by target id; `office_sites` the network's offices (`DiagnosisPlan`);
    `live_silent_sites` the sites the live view has DOWN or UNREACHABLE. `line_loads`: the fresh measured load of
    the line serving each site, the internet uplink under `INTERNET` (`live.site_line_loads`): a silent office
    whose line is full is congestion ("line full"), not a cut; an interface reporting down is named with the cut.
    """
    parents = site_parents or {}
    usual = baselines or {}
    path = [o for o in outcomes if o.layer is Layer.PATH]
    checks = [o for o in outcomes if o.layer is not Layer.PATH]
    ran = [o for o in checks if o.ran]
    probed = [o for o in ran if not o.monitored]
    unrun = tuple(o for o in checks if not o.ran)
    no_privilege = local_ok and not probed and bool(unrun)
    in_layer = {layer: [o for o in ran if o.layer is layer] for layer in LAYER_ORDER}
    # A target answers when any check of it answers, or its address answered a path probe; dns checks are judged
    # on their own, after the rest.
    groups = _by_target([o for o in ran if o.layer not in (Layer.DNS, Layer.LOCAL)])
    heard = path_answers(path)
    silent = {tid for tid, group in groups.items()
              if not any(o.answered or (not o.monitored and o.address in heard) for o in group)}
    passing = passing_hops(groups, silent, [*ran, *(p for p in path if p.ok)], parents)
    silent -= passing.keys()

    findings: list[Finding] = []
    partial: list[Degradation] = []
    local_failed = [o for o in in_layer[Layer.LOCAL] if not o.ok]
    if not local_ok or local_failed or no_privilege:
        findings.append(Finding(Verdict.LOCAL, Layer.LOCAL, tuple(local_failed), ()))
    findings += _host_findings(Layer.LAN, Verdict.LAN, in_layer[Layer.LAN], silent, partial)
    findings += _host_findings(Layer.SERVER, Verdict.SERVER, in_layer[Layer.SERVER], silent, partial)
    findings += _site_findings(in_layer[Layer.SITE], silent, parents, partial, office_sites)
    findings += _host_findings(Layer.ISP, Verdict.ISP_LINK, in_layer[Layer.ISP], silent, partial)
    findings += _upstream_findings(in_layer[Layer.UPSTREAM], silent, partial)
    dns_failed = [o for o in in_layer[Layer.DNS] if not o.ok and o.target_id not in silent]
    if dns_failed:
        findings.append(Finding(Verdict.DNS, Layer.DNS, tuple(dns_failed), _names(dns_failed)))

    loads = line_loads or {}
    findings, full_silent = _weigh_lines(findings, loads)
    degradations = _degradations(ran, partial, passing.keys(), thresholds, usual)
    congestion = congestion_of(degradations, passing, usual, thresholds)
    degradations = _explain(congestion, degradations, parents)
    congestion = _with_line(congestion, loads)
    if degradations:
        degraded = tuple(d.outcome for d in degradations)
        findings.append(Finding(Verdict.DEGRADED, degradations[0].outcome.layer, degraded, _names(degraded)))
    if full_silent is not None:
        finding, load = full_silent
        findings.append(finding)
        if congestion is None or congestion.line is None:
            hop = finding.outcomes[0]
            congestion = Congestion(finding.layer, hop.target_id, hop.target_name, hop.site_id, None, None, None,
                                    True, True, load)

    kept = _independent(findings)
    recovering = _recovering(live_silent_sites, probed, kept)
    if recovering and not kept:
        answering = tuple(o for o in probed if o.site_id in recovering)
        layer = answering[0].layer if answering else Layer.SITE
        kept = [Finding(Verdict.DEGRADED, layer, answering, _names(answering), recovering)]
    primary = kept[0] if kept else None
    statuses = _layer_statuses(checks, findings, local_ok)
    verdict = primary.verdict if primary else Verdict.OK
    last_hop = next((o.detail["last_hop"] for o in path if o.detail.get("last_hop")), None)
    hops = next((o.hops for o in path if o.hops), ())
    return VerdictResult(
        verdict=verdict, failing_layer=primary.layer if primary else None,
        summary=_summary(verdict, primary, statuses, len(probed), no_privilege, degradations, congestion,
                         recovering),
        finding=primary, also=tuple(kept[1:]), layers=statuses, degradations=tuple(degradations), unrun=unrun,
        checked=len(probed), no_privilege=no_privilege, last_hop=last_hop,
        path_toward=path[0].target_name if path else None, congestion=congestion, hops=hops,
        recovering=recovering)


def _line_of(finding: Finding, loads: Mapping[str, LineLoad]) -> list[tuple[str, LineLoad]]:
    """The measured lines behind a cut: each silent office's own line, or the internet uplink for the ISP."""
    if finding.verdict is not Verdict.ISP_LINK:
        return []
    if finding.layer is Layer.SITE:
        return [(site, loads[site]) for site in finding.sites if site in loads]
    return [(INTERNET, loads[INTERNET])] if finding.layer is Layer.ISP and INTERNET in loads else []


def _weigh_lines(findings: list[Finding], loads: Mapping[str, LineLoad]
                 ) -> tuple[list[Finding], tuple[Finding, LineLoad] | None]:
    """The cut findings checked against the lines' measured load: a silent place whose line is full is congestion
    (taken out of the cut, returned as a degraded finding with its load); a line whose interface reports down is
    kept with the cut as its evidence."""
    weighed: list[Finding] = []
    full_silent: tuple[Finding, LineLoad] | None = None
    for finding in findings:
        lines = _line_of(finding, loads)
        full = {place: load for place, load in lines if load.full and not load.interface_down}
        if full and full_silent is None:
            place, load = next(iter(full.items()))
            outcomes = tuple(o for o in finding.outcomes if finding.layer is not Layer.SITE or o.site_id == place)
            full_silent = (Finding(Verdict.DEGRADED, finding.layer, outcomes, _names(outcomes),
                                   (place,) if finding.layer is Layer.SITE else ()), load)
            remaining = tuple(site for site in finding.sites if site != place)
            if finding.layer is Layer.ISP or not remaining:
                continue
            kept = tuple(o for o in finding.outcomes if o.site_id in remaining)
            finding = replace(finding, outcomes=kept, where=_names(kept), sites=remaining)
        down = tuple(load for _, load in lines if load.interface_down)
        weighed.append(replace(finding, lines_down=down) if down else finding)
    return weighed, full_silent


def _with_line(congestion: Congestion | None, loads: Mapping[str, LineLoad]) -> Congestion | None:
    """The congestion with its line's load when the line is measured full: the proof it is the line."""
    if congestion is None:
        return None
    load = loads.get(congestion.site_id or "")
    if load is None and congestion.layer in (Layer.ISP, Layer.UPSTREAM):
        load = loads.get(INTERNET)
    if load is None or not load.full:
        return congestion
    return replace(congestion, line=load, saturated=True)


def _independent(findings: Sequence[Finding]) -> list[Finding]:
    """The findings that do not follow from another one, worst first; a local fault leaves nothing else standing."""
    faulty: set[Layer] = set()
    kept = []
    for finding in sorted(findings, key=lambda f: LAYER_ORDER.index(f.layer)):
        if _DEPENDS_ON[finding.layer] & faulty:
            continue
        kept.append(finding)
        if finding.verdict is not Verdict.DEGRADED:
            faulty.add(finding.layer)
    kept.sort(key=severity)
    if kept and kept[0].verdict is Verdict.LOCAL:
        return kept[:1]
    return kept


def _recovering(live_silent: Sequence[str], probed: Sequence[CheckOutcome], kept: Sequence[Finding]) -> tuple[str, ...]:
    """Sites the live view has silent whose probed targets all answer now, and that no fault names."""
    named = {site for f in kept if f.verdict is not Verdict.DEGRADED
             for site in (*f.sites, *(o.site_id for o in f.outcomes if o.site_id))}
    by_site: dict[str, list[CheckOutcome]] = {}
    for outcome in probed:
        if outcome.site_id and outcome.layer not in (Layer.DNS, Layer.LOCAL):
            by_site.setdefault(outcome.site_id, []).append(outcome)
    return tuple(site for site in dict.fromkeys(live_silent) if site not in named and by_site.get(site)
                 and all(o.answered for o in by_site[site]))


def _host_findings(layer: Layer, verdict: Verdict, outcomes: list[CheckOutcome], silent: set[str],
                   partial: list[Degradation]) -> list[Finding]:
    """Silent targets of a layer; and, for the server layer, failing services of targets that answer."""
    findings = []
    dead = [o for o in outcomes if o.target_id in silent]
    if dead:
        findings.append(Finding(verdict, layer, tuple(dead), _names(dead)))
    alive = [o for o in outcomes if o.target_id not in silent and not o.ok]
    services = [o for o in alive if o.service]
    if services and layer is Layer.SERVER:
        findings.append(Finding(Verdict.SERVER_SERVICE, layer, tuple(services), _names(services)))
    partial.extend(Degradation(o, silent=True) for o in alive if layer is not Layer.SERVER or not o.service)
    return findings


def _site_findings(outcomes: list[CheckOutcome], silent: set[str], parents: Mapping[str, str | None],
                   partial: list[Degradation], offices: Sequence[str]) -> list[Finding]:
    by_site: dict[str, list[CheckOutcome]] = {}
    for outcome in outcomes:
        by_site.setdefault(outcome.site_id or "", []).append(outcome)
    down = {site for site, group in by_site.items() if all(o.target_id in silent for o in group)}
    judged = [site for site in offices if site in by_site] or list(by_site)
    silent_offices = [site for site in judged if site in down]
    findings = []
    if len(silent_offices) >= ISP_ACCESS_MIN_OFFICES and 2 * len(silent_offices) >= len(judged):
        dead = [o for site in silent_offices for o in by_site[site]]
        findings.append(Finding(Verdict.ISP_ACCESS, Layer.SITE, tuple(dead), _names(dead), tuple(silent_offices),
                                len(judged)))
    else:
        roots = [site for site in by_site if site in down
                 and not any(parent in down for parent in parent_chain(parents, site))]
        if roots:
            dead = [o for site in roots for o in by_site[site]]
            findings.append(Finding(Verdict.ISP_LINK, Layer.SITE, tuple(dead), _names(dead), tuple(roots)))
    # At an office that answers, a failing service is a fault; a silent router beside an answering service target,
    # or ICMP ignored while services answer, is only a degradation.
    failing = [o for site, group in by_site.items() if site not in down for o in group if not o.ok]
    services = [o for o in failing if o.service]
    if services:
        findings.append(Finding(Verdict.SERVER_SERVICE, Layer.SITE, tuple(services), _names(services)))
    partial.extend(Degradation(o, silent=True) for o in failing if not o.service)
    return findings


def _upstream_findings(outcomes: list[CheckOutcome], silent: set[str],
                       partial: list[Degradation]) -> list[Finding]:
    targets = {o.target_id for o in outcomes}
    if targets and targets <= silent:
        return [Finding(Verdict.ISP_UPSTREAM, Layer.UPSTREAM, tuple(outcomes), _names(outcomes))]
    partial.extend(Degradation(o, silent=True) for o in outcomes if not o.ok)
    return []


def _degradations(ran: Sequence[CheckOutcome], partial: Sequence[Degradation], passing: Collection[str],
                  thresholds: MonitoringSettings, usual: Mapping[str, float]) -> list[Degradation]:
    """Partial silences (a passing hop marked so), answers past the thresholds or far above their usual RTT, and
    targets the live view has DEGRADED."""
    found = [replace(d, passing=d.outcome.target_id in passing) for d in partial]
    for outcome in ran:
        if not outcome.ok or outcome.layer is Layer.LOCAL:
            continue
        if outcome.monitored:
            if outcome.detail.get("state") == "DEGRADED":
                found.append(Degradation(outcome))
            continue
        baseline = usual.get(outcome.target_id or "") if outcome.method == "icmp" else None
        rtt = outcome.rtt_ms
        loss_high = (outcome.loss_percent or 0.0) >= thresholds.degraded_loss_percent
        rtt_high = rtt is not None and (rtt >= thresholds.degraded_rtt_ms
                                        or (baseline is not None and far_above(rtt, baseline)))
        if loss_high or rtt_high:
            found.append(Degradation(outcome, loss_high=loss_high, rtt_high=rtt_high, baseline_ms=baseline))
    found.sort(key=lambda d: LAYER_ORDER.index(d.outcome.layer))
    return found


def _explain(congestion: Congestion | None, degradations: list[Degradation],
             parents: Mapping[str, str | None]) -> list[Degradation]:
    """The degradations with those a congested line accounts for marked: its hop's, and those beyond it that show
    nothing else (a slow anchor behind a saturated line; not a slow anchor behind a line that only loses packets)."""
    if congestion is None:
        return degradations
    hop = next(d.outcome for d in degradations if d.outcome.target_id == congestion.target_id)

    def covered(d: Degradation) -> bool:
        if d.outcome.target_id == hop.target_id:
            return True
        return (is_beyond(hop, d.outcome, parents) and not d.silent and (d.rtt_high or d.loss_high)
                and (not d.rtt_high or congestion.saturated) and (not d.loss_high or bool(congestion.loss_percent)))

    return [replace(d, explained=True) if covered(d) else d for d in degradations]


def _layer_statuses(checks: Sequence[CheckOutcome], findings: Sequence[Finding],
                    local_ok: bool) -> dict[Layer, LayerStatus]:
    failed = {f.layer for f in findings if f.verdict is not Verdict.DEGRADED}
    degraded = {o.layer for f in findings if f.verdict is Verdict.DEGRADED for o in f.outcomes}
    statuses: dict[Layer, LayerStatus] = {}
    for layer in LAYER_ORDER:
        if layer is Layer.PATH:
            continue
        present = [o for o in checks if o.layer is layer]
        if layer is Layer.LOCAL:
            statuses[layer] = LayerStatus.OK if local_ok and Layer.LOCAL not in failed else LayerStatus.FAILED
        elif not present:
            statuses[layer] = LayerStatus.NOT_CHECKED
        elif not any(o.ran for o in present):
            statuses[layer] = LayerStatus.NOT_RUN
        elif layer in failed:
            statuses[layer] = LayerStatus.FAILED
        elif layer in degraded:
            statuses[layer] = LayerStatus.DEGRADED
        else:
            statuses[layer] = LayerStatus.OK
    return statuses


def _ms(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def congestion_text(congestion: Congestion) -> str:
    """"ISP link saturated: RTT 640 ms vs 2.0 ms usual, loss 20 %" (short English machine text)."""
    what = "full" if congestion.line else "saturated" if congestion.saturated else "losing packets"
    place = {Layer.ISP: "ISP link", Layer.LAN: "LAN gateway", Layer.UPSTREAM: "upstream beyond the ISP gateway"}.get(
        congestion.layer, f"line to {congestion.target_name}")
    figures = []
    if congestion.line is not None and congestion.line.use_percent is not None:
        figures.append(f"{congestion.line.use_percent:.0f} % of {congestion.line.committed_kbps} kbit/s in use")
    if congestion.rtt_ms is not None and congestion.saturated:
        usual = f" vs {_ms(congestion.baseline_ms)} ms usual" if congestion.baseline_ms is not None else ""
        figures.append(f"RTT {_ms(congestion.rtt_ms)} ms{usual}")
    if congestion.loss_percent:
        figures.append(f"loss {congestion.loss_percent:.0f} %")
    silent = f" ({congestion.target_name} does not answer itself)" if congestion.hop_silent else ""
    return f"{place} {what}: {', '.join(figures)}{silent}"


def _summary(verdict: Verdict, finding: Finding | None, statuses: Mapping[Layer, LayerStatus], ran: int,
             no_privilege: bool, degradations: Sequence[Degradation], congestion: Congestion | None,
             recovering: Sequence[str]) -> str:
    where = ", ".join(finding.where) if finding else ""
    if verdict is Verdict.OK:
        return f"ok: {ran} checks answered"
    if verdict is Verdict.LOCAL:
        if no_privilege:
            return "local: this computer may not send ICMP, so no check could run"
        return "local: this computer has no usable route"
    if verdict is Verdict.LAN:
        return f"lan: LAN gateway silent: {where}"
    if verdict is Verdict.SERVER:
        return f"server: server silent: {where}"
    assert finding is not None
    if verdict is Verdict.SERVER_SERVICE:
        failing = ", ".join(f"{o.target_name} {o.method}" for o in finding.outcomes)
        return f"server-service: the host answers but a service fails: {failing}"
    if verdict is Verdict.ISP_ACCESS:
        fine = statuses.get(Layer.ISP) in (LayerStatus.OK, LayerStatus.DEGRADED) and statuses.get(
            Layer.UPSTREAM) in (LayerStatus.OK, LayerStatus.DEGRADED)
        return (f"isp-access: {'ISP gateway and internet fine; ' if fine else ''}{len(finding.sites)} of "
                f"{finding.total} office lines silent")
    interface = " (the router interface reports the line down)" if finding.lines_down else ""
    if verdict is Verdict.ISP_LINK and finding.layer is Layer.SITE:
        return f"isp-link: office link down, silent: {where}{interface}"
    if verdict is Verdict.ISP_LINK:
        return f"isp-link: ISP gateway silent: {where}{interface}"
    if verdict is Verdict.ISP_UPSTREAM:
        gateway = {LayerStatus.OK: "ISP gateway answers", LayerStatus.DEGRADED: "ISP gateway answers"}.get(
            statuses.get(Layer.ISP, LayerStatus.NOT_CHECKED), "ISP gateway not checked")
        return f"isp-upstream: {gateway}; all {len(finding.where)} upstream anchors silent"
    if verdict is Verdict.DNS:
        failing = ", ".join(f"{o.target_name} {o.method}" for o in finding.outcomes)
        return f"dns: addresses answer but DNS checks fail: {failing}"
    items = [congestion_text(congestion)] if congestion else []
    items += [f"{degradation_text(d)} at {d.outcome.target_name} ({d.outcome.method})"
              for d in degradations if not d.explained]
    if recovering and not degradations:
        items.append(f"the monitor had {', '.join(recovering)} silent; they answer now")
    return "degraded: " + "; ".join(items)


def degradation_text(degradation: Degradation) -> str:
    outcome = degradation.outcome
    if degradation.passing:
        return "no answer to ping, but traffic passes"
    if degradation.silent:
        return "no answer"
    if outcome.monitored:
        return "degraded in the monitor"
    parts = []
    if degradation.loss_high:
        parts.append(f"loss {outcome.loss_percent:.0f}%")
    if degradation.rtt_high:
        usual = f" (usual {_ms(degradation.baseline_ms)} ms)" if degradation.baseline_ms is not None else ""
        parts.append(f"rtt {outcome.rtt_ms:.0f} ms{usual}")
    return ", ".join(parts)
