"""The sentences of a diagnosis report, built from the domain's facts: headline and findings, the probable cause,
contract and backup lines, next steps, the path's hops, what the other vantages see (`vantage_lines`) and one
evidence line per check.

`diagnosis_report` puts them together as the chat text and the JSON document; the wording itself is in
the catalogue (`catalogue_diagnosis`).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from pantau.domain.contracts import ContractStatus
from pantau.domain.diagnosis import (
    CallPurpose,
    Cause,
    CauseKind,
    CheckOutcome,
    Congestion,
    ContractFacts,
    DiagnosisReport,
    Finding,
    Layer,
    LayerStatus,
    LinkFacts,
    NextStep,
    OtherView,
    Scope,
    ServiceFault,
    StepKind,
    Verdict,
    VerdictResult,
    service_fault,
)
from pantau.domain.samples import ErrorKind
from pantau.domain.states import HealthState
from pantau.reporting.catalogue import Lang, ago, cap, day_text, join, left, number, t
from pantau.reporting.diagnosis_phrases import age, rtt
from pantau.reporting.idformat import format_bandwidth

# Office routers that answer are folded into one evidence line beyond this many, to keep a chat message short; so
# are the targets known from the monitor.
MAX_OFFICE_LINES = 6
MAX_NAMES = 6

# The layers a scope asks about: only these are worth saying "not checked" about.
_SCOPE_LAYERS: dict[Scope, frozenset[Layer]] = {
    Scope.SERVER: frozenset({Layer.LAN, Layer.SERVER, Layer.DNS}),
    Scope.ISP: frozenset({Layer.LAN, Layer.SERVER, Layer.ISP, Layer.UPSTREAM, Layer.DNS}),
    Scope.SITE: frozenset(Layer),
    Scope.ALL: frozenset(Layer),
}
_CONGESTION_PLACES = {Layer.ISP: "cong.isp", Layer.UPSTREAM: "cong.upstream", Layer.LAN: "cong.lan"}
# The certificate problems the HTTP probe names (`detail["tls_problem"]`) that have a sentence.
_TLS_KEYS = frozenset(f"tls.{name}" for name in ("self-signed", "expired", "not-yet-valid", "wrong-name",
                                                  "untrusted", "pin-mismatch", "ca-file"))


def mark_of(verdict: Verdict) -> str:
    return "✓" if verdict is Verdict.OK else "⚠" if verdict is Verdict.DEGRADED else "✗"


def _ref(lang: Lang, link: LinkFacts, facts: ContractFacts) -> str:
    return t(lang, "ref", number=facts.number, provider=link.provider, circuit=link.circuit_id or "-")


def _fine(lang: Lang, result: VerdictResult, skip: Layer | None = None) -> str:
    layers = [layer for layer in result.fine_layers() if layer is not skip]
    if not layers:
        return ""
    names = [t(lang, f"layer.{layer.value}") for layer in layers]
    return t(lang, "fine", layers=join(lang, names), are="is" if len(names) == 1 else "are")


def _services(lang: Lang, outcomes: Sequence[CheckOutcome]) -> str:
    return join(lang, [t(lang, "service.on", method=o.method, target=o.target_name) for o in outcomes])


def _seconds(lang: Lang, outcome: CheckOutcome) -> str:
    elapsed = outcome.detail.get("elapsed_ms")
    seconds = float(elapsed) / 1000 if elapsed else outcome.duration_ms / 1000
    return number(lang, seconds, 0 if seconds >= 10 or float(round(seconds)) == round(seconds, 1) else 1)


def tls_problem(lang: Lang, outcome: CheckOutcome) -> str:
    problem = outcome.detail.get("tls_problem", "untrusted")
    return t(lang, f"tls.{problem}") if f"tls.{problem}" in _TLS_KEYS else problem



def service_item(lang: Lang, outcome: CheckOutcome) -> str:
    """What a failing service of a host that is up answered, as a clause: "http://… on X redirects to …"."""
    fault = service_fault(outcome)
    facts = {"method": outcome.method, "target": outcome.target_name}
    if fault is ServiceFault.REDIRECT:
        url = outcome.detail.get("redirected_to") or outcome.detail.get("redirected_to_host", "")
        return t(lang, "svc.redirect", url=url, **facts)
    if fault is ServiceFault.CERTIFICATE:
        return t(lang, "svc.certificate", problem=tls_problem(lang, outcome), **facts)
    if fault is ServiceFault.NO_ANSWER:
        return t(lang, "svc.no-answer", seconds=_seconds(lang, outcome), **facts)
    if fault is ServiceFault.HTTP_ERROR:
        status = outcome.message if outcome.message.startswith("HTTP") else outcome.detail.get("status", "?")
        return t(lang, "svc.http-error", status=status, **facts)
    return t(lang, f"svc.{fault.value}", **facts)


def _degradation_items(lang: Lang, report: DiagnosisReport) -> list[str]:
    """The degradations a congested line does not account for, as clauses."""
    items = []
    for d in report.result.degradations:
        o = d.outcome
        if d.explained:
            continue
        loss, value = number(lang, o.loss_percent or 0.0, 0), rtt(lang, o.rtt_ms or 0.0)
        usual = rtt(lang, d.baseline_ms) if d.baseline_ms is not None else None
        if d.passing:
            items.append(t(lang, "deg.passing", target=o.target_name))
        elif d.silent:
            items.append(t(lang, "deg.silent", target=o.target_name, method=o.method))
        elif o.monitored:
            items.append(t(lang, "deg.monitored", target=o.target_name))
        elif d.loss_high and d.rtt_high:
            key = "deg.both.usual" if usual else "deg.both"
            items.append(t(lang, key, loss=loss, rtt=value, usual=usual, target=o.target_name))
        elif d.loss_high:
            items.append(t(lang, "deg.loss", loss=loss, target=o.target_name))
        else:
            items.append(t(lang, "deg.rtt.usual" if usual else "deg.rtt", rtt=value, usual=usual,
                           target=o.target_name))
    return items


def congestion_sentence(lang: Lang, report: DiagnosisReport, congestion: Congestion) -> str:
    """"The ISP line is saturated: RTT 640 ms vs 2.0 ms usual, loss 20%"."""
    key = _CONGESTION_PLACES.get(congestion.layer, "cong.site")
    site = report.site_names.get(congestion.site_id or "", congestion.target_name)
    suffix = ".full" if congestion.line is not None else "" if congestion.saturated else ".loss"
    place = t(lang, f"{key}{suffix}", site=site)
    figures = []
    if congestion.line is not None and congestion.line.use_percent is not None:
        figures.append(t(lang, "cong.use", use=number(lang, congestion.line.use_percent, 0),
                         rate=format_bandwidth(congestion.line.committed_kbps, lang)))
    if congestion.rtt_ms is not None and congestion.saturated:
        if congestion.baseline_ms is not None:
            figures.append(t(lang, "cong.rtt.usual", rtt=rtt(lang, congestion.rtt_ms),
                             usual=rtt(lang, congestion.baseline_ms)))
        else:
            figures.append(t(lang, "cong.rtt", rtt=rtt(lang, congestion.rtt_ms)))
    if congestion.loss_percent:
        figures.append(t(lang, "cong.loss", loss=number(lang, congestion.loss_percent, 0)))
    text = f"{place}: {', '.join(figures)}" if figures else place
    if congestion.hop_silent:
        from_beyond = congestion.rtt_ms is not None or congestion.loss_percent is not None
        text += t(lang, "cong.silent" if from_beyond else "cong.full.silent", target=congestion.target_name)
    return text


def finding_text(lang: Lang, report: DiagnosisReport, finding: Finding, fine: str) -> str:
    """One finding as a sentence; `fine` is the "LAN and server are fine; " prefix (empty for a second finding)."""
    result = report.result
    where = join(lang, finding.where)
    does = "does" if len(finding.where) == 1 else "do"
    verdict = finding.verdict
    if verdict is Verdict.LOCAL:
        return t(lang, "head.local.privilege" if result.no_privilege else "head.local")
    if verdict is Verdict.LAN:
        return cap(t(lang, "head.lan", where=where, does=does))
    if verdict is Verdict.SERVER:
        return cap(t(lang, "head.server", fine=fine, where=where, does=does))
    if verdict is Verdict.SERVER_SERVICE:
        items = join(lang, [service_item(lang, o) for o in finding.outcomes])
        return cap(t(lang, "head.services.answer", fine=fine, items=items))
    if verdict is Verdict.ISP_ACCESS:
        gateway = all(result.layers.get(layer) in (LayerStatus.OK, LayerStatus.DEGRADED)
                      for layer in (Layer.ISP, Layer.UPSTREAM))
        return cap(t(lang, "head.access", fine="" if gateway else fine,
                     gateway=t(lang, "access.gateway") if gateway else "", n=len(finding.sites),
                     total=finding.total))
    line_down = t(lang, "line.down") if finding.lines_down else ""
    sites = join(lang, [report.site_names.get(site, site) for site in finding.sites])
    if verdict is Verdict.PATH_BROKEN:
        link = report.cause.link if report.cause.kind is CauseKind.PROVIDER_PATH else None
        link = link or (report.context.link if report.context else None)
        via = t(lang, "path.via", provider=link.provider) if link is not None and link.provider else ""
        here = vantage_names(report, (report.vantages.here,) if report.vantages else (), lang)
        heard = join(lang, [t(lang, "vantage.agent", site=report.site_names.get(v, v)) for v in finding.heard_from])
        return cap(t(lang, "head.path", fine=fine, where=where, does=does, sites=sites, here=here, heard=heard,
                     via=via))
    if verdict is Verdict.ISP_LINK and finding.layer is Layer.SITE:
        everywhere = t(lang, "head.everywhere", vantages=vantage_names(
            report, finding.silent_from, lang)) if finding.silent_from else ""
        return cap(t(lang, "head.office", fine=fine, where=where, does=does, sites=sites)) + line_down + everywhere
    if verdict is Verdict.ISP_LINK:
        return cap(t(lang, "head.isp", fine=fine, where=where, does=does)) + line_down
    if verdict is Verdict.ISP_UPSTREAM:
        gateway = result.layers.get(Layer.ISP) in (LayerStatus.OK, LayerStatus.DEGRADED)
        return cap(t(lang, "head.upstream" if gateway else "head.upstream.nogw", fine=fine, n=len(finding.where)))
    if verdict is Verdict.DNS:
        return cap(t(lang, "head.dns", fine=fine, checks=_services(lang, finding.outcomes)))
    return _degraded_text(lang, report, finding)


def _degraded_text(lang: Lang, report: DiagnosisReport, finding: Finding) -> str:
    result = report.result
    if result.recovering and finding.sites:
        names = join(lang, [report.site_names.get(site, site) for site in finding.sites])
        return t(lang, "head.recovering", sites=names, age=age(lang, report.live_age_s or 0.0),
                 they=t(lang, "they.one" if len(finding.sites) == 1 else "they.many"))
    congestion = result.congestion
    items = _degradation_items(lang, report)
    if congestion is None:
        return t(lang, "head.degraded", items=join(lang, items))
    text = congestion_sentence(lang, report, congestion)
    return t(lang, "head.congestion.more" if items else "head.congestion", text=text, items=join(lang, items))


def headline(lang: Lang, report: DiagnosisReport) -> str:
    """The verdict's mark and sentence: "✗ LAN and server are fine; …"."""
    result = report.result
    if result.verdict is Verdict.OK or result.finding is None:
        return f"✓ {t(lang, 'head.ok', n=result.checked)}"
    skip = Layer.ISP if result.verdict in (Verdict.ISP_UPSTREAM, Verdict.ISP_ACCESS) else None
    fine = _fine(lang, result, skip)
    return f"{mark_of(result.verdict)} {finding_text(lang, report, result.finding, fine)}"


def also_texts(lang: Lang, report: DiagnosisReport) -> list[str]:
    """Each further finding, worst first, with its mark."""
    return [f"{mark_of(f.verdict)} {finding_text(lang, report, f, '')}" for f in report.result.also]


def layer_strip(lang: Lang, result: VerdictResult, scope: Scope) -> str:
    marks = {LayerStatus.OK: "✓", LayerStatus.FAILED: "✗", LayerStatus.DEGRADED: "⚠"}
    shown, unchecked, unrun = [], [], []
    for layer, status in result.layers.items():
        if layer is Layer.LOCAL or (status is LayerStatus.NOT_CHECKED and layer not in _SCOPE_LAYERS[scope]):
            continue
        name = t(lang, f"layer.{layer.value}")
        if status is LayerStatus.NOT_CHECKED:
            unchecked.append(name)
        elif status is LayerStatus.NOT_RUN:
            unrun.append(name)
        else:
            shown.append(f"{name} {marks[status]}")
    text = " · ".join(shown)
    extras = []
    if unchecked:
        extras.append(t(lang, "layers.not_checked", layers=", ".join(unchecked)))
    if unrun:
        extras.append(t(lang, "layers.not_run", layers=", ".join(unrun)))
    return f"{text} ({'; '.join(extras)})" if extras and text else text or "; ".join(extras)


def cause_text(lang: Lang, cause: Cause, report: DiagnosisReport) -> str | None:
    kind = cause.kind
    link, facts = cause.link, cause.contract
    if kind is CauseKind.NONE:
        return None
    if cause.is_contract and link is not None and facts is not None:
        text = _contract_cause(lang, cause, link, facts)
        if cause.lines:
            text = t(lang, "cause.access.lapsed", lapsed=cause.lapsed_lines, lines=cause.lines,
                     providers=", ".join(cause.providers), text=text)
    else:
        text = _plain_cause(lang, cause, report)
    if cause.portal_host and kind is not CauseKind.PROVIDER_PORTAL:
        text += t(lang, "cause.portal.also", host=cause.portal_host)
    return t(lang, "cause" if cause.explains_fault else "note", text=text)


def _contract_cause(lang: Lang, cause: Cause, link: LinkFacts, facts: ContractFacts) -> str:
    ref = _ref(lang, link, facts)
    end = day_text(lang, facts.end)
    kind = cause.kind
    if kind is CauseKind.PAYMENT_OVERDUE:
        key = "cause.payment" if cause.explains_fault else "note.payment"
        return t(lang, key, ref=ref, days=facts.payment_overdue_days)
    if kind is CauseKind.CONTRACT_EXPIRING:
        return t(lang, "note.expiring", ref=ref, end=end, left=left(lang, facts.days_left))
    if kind is CauseKind.BUDGET_CUT and facts.status is not ContractStatus.EXPIRED:
        return t(lang, "note.budget", year=facts.budget_year, ref=ref, end=end, left=left(lang, facts.days_left))
    since = ago(lang, -facts.days_left)
    if not cause.explains_fault:
        return t(lang, "note.expired", ref=ref, ago=since, end=end)
    key = "cause.budget" if kind is CauseKind.BUDGET_CUT else "cause.expired"
    text = t(lang, key, ref=ref, ago=since, end=end, year=facts.budget_year)
    if facts.next_start:
        text += t(lang, "cause.next", start=day_text(lang, facts.next_start))
    return text


def _plain_cause(lang: Lang, cause: Cause, report: DiagnosisReport) -> str:
    kind = cause.kind
    finding = report.result.finding
    if kind is CauseKind.PROVIDER_PORTAL:
        return t(lang, "cause.portal", host=cause.portal_host)
    if kind is CauseKind.PROVIDER_PATH:
        here = report.vantages.here if report.vantages else ""
        return t(lang, "cause.path", provider=", ".join(cause.providers) or t(lang, "cause.path.provider"),
                 here=vantage_names(report, (here,), lang),
                 sites=join(lang, [report.site_names.get(site, site) for site in finding.sites] if finding else []))
    if kind is CauseKind.PROVIDER_NETWORK:
        return t(lang, "cause.access", providers=", ".join(cause.providers) or "-",
                 n=len(finding.sites) if finding else cause.lines)
    if kind is CauseKind.LINE_FAULT:
        if finding is not None and finding.layer is Layer.SITE:
            return t(lang, "cause.line.office")
        facts = cause.contract
        in_force = facts is not None and facts.status in (ContractStatus.ACTIVE, ContractStatus.EXPIRING)
        return t(lang, "cause.line.contract" if in_force else "cause.line")
    if kind is CauseKind.SERVICE_DOWN and finding is not None:
        faults = {service_fault(o) for o in finding.outcomes}
        for fault, key in ((ServiceFault.REDIRECT, "cause.service.redirect"),
                           (ServiceFault.CERTIFICATE, "cause.service.certificate"),
                           (ServiceFault.NO_ANSWER, "cause.service.hang")):
            if faults == {fault}:
                return t(lang, key)
    keys = {CauseKind.DEVICE_DOWN: "cause.device", CauseKind.SERVICE_DOWN: "cause.service",
            CauseKind.DNS_FAILURE: "cause.dns", CauseKind.CONGESTION: "cause.congestion",
            CauseKind.NO_ROUTE: "cause.route", CauseKind.NO_PRIVILEGE: "cause.privilege"}
    return t(lang, keys.get(kind, "cause.line"))


def contract_line(lang: Lang, link: LinkFacts) -> str:
    facts = link.contract
    if facts is None:
        return t(lang, "contract.none", provider=link.provider, circuit=link.circuit_id or "-")
    end = day_text(lang, facts.end)
    if facts.status is ContractStatus.EXPIRED:
        state = t(lang, "contract.expired", end=end, ago=ago(lang, -facts.days_left))
    elif facts.status is ContractStatus.EXPIRING:
        state = t(lang, "contract.expiring", end=end, left=left(lang, facts.days_left))
    elif facts.status is ContractStatus.UPCOMING:
        state = t(lang, "contract.upcoming", start=day_text(lang, facts.start))
    else:
        state = t(lang, "contract.active", end=end)
    return t(lang, "contract", ref=_ref(lang, link, facts), state=state)


def backup_line(lang: Lang, backup: LinkFacts) -> str:
    state = {True: "backup.up", False: "backup.down", None: "backup.unknown"}[backup.reachable]
    return t(lang, "backup", circuit=backup.circuit_id or backup.link_id, provider=backup.provider,
             medium=backup.medium.value, state=t(lang, state))


def step_text(lang: Lang, step: NextStep) -> str:
    kind, link = step.kind, step.link
    facts = link.contract if link else None
    contract_number = facts.number if facts else "-"
    if kind is StepKind.CALL_PROVIDER and link is not None:
        ref = t(lang, "step.ref", circuit=link.circuit_id or "-", number=contract_number)
        purpose = step.purpose or CallPurpose.REPORT_FAULT
        return t(lang, f"step.call.{purpose.value}", provider=link.provider, ref=ref)
    if kind is StepKind.USE_BACKUP and link is not None:
        state = t(lang, "step.backup.up") if link.reachable else ""
        return t(lang, "step.backup", circuit=link.circuit_id or link.link_id, provider=link.provider,
                 medium=link.medium.value, state=state)
    if kind is StepKind.RENEW_CONTRACT and facts is not None:
        if facts.status is ContractStatus.EXPIRED:
            return t(lang, "step.renew", number=contract_number, provider=facts.provider)
        return t(lang, "step.renew.before", number=contract_number, provider=facts.provider,
                 end=day_text(lang, facts.end))
    if kind is StepKind.ASK_BUDGET and facts is not None:
        return t(lang, "step.budget", year=facts.budget_year, number=contract_number)
    if kind is StepKind.ASK_PAYMENT and facts is not None:
        return t(lang, "step.payment", number=contract_number, provider=facts.provider)
    if kind is StepKind.CHECK_REDIRECT:
        return t(lang, "step.redirect", method=step.method, target=step.target, url=step.detail)
    if kind is StepKind.FIX_CERTIFICATE:
        problem = t(lang, f"tls.{step.detail}") if f"tls.{step.detail}" in _TLS_KEYS else step.detail
        return t(lang, "step.certificate", target=step.target, problem=problem)
    keys = {StepKind.CHECK_DEVICE: "step.device", StepKind.ASK_OFFICE: "step.office",
            StepKind.RESTART_SERVICE: "step.service", StepKind.OPEN_PORTAL: "step.portal",
            StepKind.CHECK_LOCAL: "step.local", StepKind.GRANT_PRIVILEGE: "step.privilege",
            StepKind.CHECK_DNS: "step.dns", StepKind.WATCH: "step.watch"}
    if kind in keys:
        return t(lang, keys[kind], target=step.target, site=step.site, method=step.method, host=step.host)
    return step.summary


def hop_lines(lang: Lang, result: VerdictResult) -> list[str]:
    """"Path toward X (last hop that answers: Y):" and one line per TTL."""
    toward = result.path_toward or "-"
    if not result.hops:
        return [t(lang, "path", target=toward, hop=result.last_hop)] if result.last_hop else []
    if not any(hop.address for hop in result.hops):
        return [t(lang, "path.hops.none", target=toward)]
    lines = [t(lang, "path.hops", target=toward, hop=result.last_hop or "-")]
    for hop in result.hops:
        if hop.address is None:
            lines.append(t(lang, "hop.silent", ttl=hop.ttl))
            continue
        loss = t(lang, "hop.loss", loss=number(lang, hop.loss_percent, 0)) if hop.loss_percent else ""
        address = hop.address + (t(lang, "hop.target") if hop.reached else "")
        value = rtt(lang, hop.rtt_ms) if hop.rtt_ms is not None else "-"
        lines.append(t(lang, "hop", ttl=hop.ttl, address=address, rtt=value, loss=loss))
    return lines


def _confirm_text(lang: Lang, outcome: CheckOutcome) -> str:
    confirm = outcome.detail.get("confirm_round")
    if not confirm:
        return ""
    received, _, sent = confirm.partition("/")
    if outcome.ok:
        return t(lang, "ev.confirm.some", received=received, sent=sent)
    return t(lang, "ev.confirm.none", sent=sent)


def result_text(lang: Lang, outcome: CheckOutcome, baseline_ms: float | None = None) -> str:
    if outcome.ok:
        text = f"{rtt(lang, outcome.rtt_ms)} ms" if outcome.rtt_ms is not None else "ok"
        if outcome.rtt_ms is not None and baseline_ms is not None:
            text += t(lang, "ev.usual", usual=rtt(lang, baseline_ms))
        if outcome.loss_percent:
            text += ", " + t(lang, "ev.loss", loss=number(lang, outcome.loss_percent, 0))
        return text + _confirm_text(lang, outcome)
    fault = service_fault(outcome)
    if fault is ServiceFault.REDIRECT:
        url = outcome.detail.get("redirected_to")
        return t(lang, "ev.redirect.url", url=url) if url else t(lang, "ev.redirect",
                                                                 host=outcome.detail["redirected_to_host"])
    if fault is ServiceFault.CERTIFICATE:
        return t(lang, "ev.tls", problem=tls_problem(lang, outcome))
    if fault is ServiceFault.NO_ANSWER:
        return t(lang, "ev.accepted", seconds=_seconds(lang, outcome))
    error = outcome.error or ErrorKind.OTHER
    text = t(lang, f"err.{error.value}")
    if error in (ErrorKind.BAD_RESPONSE, ErrorKind.OTHER) and outcome.message:
        text += f": {outcome.message}"
    return text + _confirm_text(lang, outcome)


def evidence_lines(lang: Lang, report: DiagnosisReport) -> list[str]:
    degraded = {id(d.outcome) for d in report.result.degradations}
    checks = [o for o in report.outcomes if o.layer is not Layer.PATH]
    quiet_offices = [o for o in checks if o.layer is Layer.SITE and o.ok and id(o) not in degraded]
    fold = len(quiet_offices) > MAX_OFFICE_LINES
    lines = []
    for outcome in checks:
        if fold and outcome in quiet_offices:
            continue
        mark = "⚠" if id(outcome) in degraded else "✓" if outcome.ok else "✗"
        name = t(lang, "evidence.local") if outcome.layer is Layer.LOCAL else outcome.target_name
        baseline = report.baselines.get(outcome.target_id or "") if outcome.method == "icmp" else None
        lines.append(f"{mark} {name} · {outcome.method} · {result_text(lang, outcome, baseline)}")
    if fold:
        rtts = [o.rtt_ms for o in quiet_offices if o.rtt_ms is not None]
        median = rtt(lang, statistics.median(rtts)) if rtts else "-"
        lines.append("✓ " + t(lang, "evidence.offices", n=len(quiet_offices), rtt=median))
    return lines + monitored_lines(lang, report)


def monitored_lines(lang: Lang, report: DiagnosisReport) -> list[str]:
    """The targets known from the monitor, folded: the silent ones named (a few), the answering ones counted."""
    if not report.monitored:
        return []
    down = [o for o in report.monitored if not o.ok]
    up = [o for o in report.monitored if o.ok]
    lines = []
    if down:
        names = [o.target_name for o in down]
        shown = join(lang, names) if len(names) <= MAX_NAMES else t(
            lang, "live.more", names=", ".join(names[:MAX_NAMES]), n=len(names) - MAX_NAMES)
        lines.append(t(lang, "live.down", mark="✗", n=len(down), total=len(report.monitored), names=shown))
    if up:
        lines.append(t(lang, "live.up", n=len(up)))
    return lines


def vantage_names(report: DiagnosisReport, vantages: Sequence[str], lang: Lang) -> str:
    """Vantages (site ids) named by their site's name."""
    return join(lang, [report.site_names.get(vantage, vantage) for vantage in vantages])


def _view_item(lang: Lang, report: DiagnosisReport, view: OtherView) -> str:
    facts = {"vantage": report.site_names.get(view.vantage, view.vantage), "age": age(lang, view.age_s)}
    if not view.fresh:
        return t(lang, "views.stale", **facts)
    key = {HealthState.UP: "views.heard", HealthState.DEGRADED: "views.heard", HealthState.DOWN: "views.silent",
           HealthState.UNREACHABLE: "views.cut"}.get(view.state, "views.unjudged")
    return t(lang, key, **facts)


def vantage_lines(lang: Lang, report: DiagnosisReport) -> list[str]:
    """What the other vantages said of the sites concerned, one line per site; none without a store."""
    seen = report.vantages
    if seen is None:
        return []
    if seen.unavailable:
        return [t(lang, "views.unavailable", reason=seen.unavailable, here=vantage_names(report, (seen.here,), lang))]
    if not seen.sites:
        return [t(lang, "views.none")]
    lines = [t(lang, "views")]
    for site in seen.sites:
        mark = "✓" if site.heard_from else "✗" if site.silent_from else "?"
        lines.append(t(lang, "views.site", mark=mark, site=report.site_names.get(site.site, site.site),
                       items="; ".join(_view_item(lang, report, view) for view in site.views)))
    return lines
