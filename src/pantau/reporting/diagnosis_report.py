"""A diagnosis report as chat-sized text (Indonesian or English) and as the stable JSON document (`version` 1).

The domain (`pantau.domain.diagnosis`) decides and keeps facts; the sentences are built in `diagnosis_sentences`
from the wording in the catalogue (`catalogue_diagnosis`), both languages side by side. Times are shown in the
network's time zone (WIB/WITA/WIT for Indonesia's zones).

The text is meant to be pasted into a WhatsApp or Telegram message: a headline, every further finding (worst
first), the probable cause, the path's hops, up to four next steps, then one evidence line per check. When a run has
many office routers that answer, or many targets known from the monitor, they are folded, so even `all` stays well
inside Telegram's 4096 characters; the JSON document always lists every check.
"""

from __future__ import annotations

from typing import Any

from pantau.domain.diagnosis import (
    CheckOutcome,
    Congestion,
    DiagnosisReport,
    Finding,
    Hop,
    Layer,
    LinkFacts,
    Scope,
    Triangulation,
    Verdict,
    congestion_text,
)
from pantau.domain.text import printable
from pantau.domain.timezones import iso_time
from pantau.reporting.catalogue import LANGS, Lang, number, t
from pantau.reporting.diagnosis_phrases import age, clock
from pantau.reporting.diagnosis_sentences import (
    also_texts,
    backup_line,
    cause_text,
    congestion_sentence,
    contract_line,
    evidence_lines,
    finding_text,
    headline,
    hop_lines,
    layer_strip,
    mark_of,
    step_text,
    vantage_lines,
)

__all__ = ["JSON_VERSION", "LANGS", "Lang", "render_json", "render_text"]

JSON_VERSION = 1

# Verdicts for which the line's contract and backup lines belong in the text; the JSON always carries them.
_LINK_VERDICTS = frozenset({Verdict.OK, Verdict.ISP_LINK, Verdict.ISP_ACCESS, Verdict.ISP_UPSTREAM,
                            Verdict.PATH_BROKEN, Verdict.DEGRADED})


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use id or en")


def render_text(report: DiagnosisReport, lang: Lang = "id") -> str:
    """The report as plain text in Indonesian (`id`) or English (`en`), sized for a chat message."""
    _check_lang(lang)
    result, context = report.result, report.context
    scope = t(lang, f"scope.{report.scope.value}", site=report.site_name or "")
    lines = [t(lang, "title", scope=scope, network=report.network_name, when=clock(report.finished, report.timezone)),
             headline(lang, report)]
    lines += [t(lang, "also", items=text) for text in also_texts(lang, report)]
    strip = layer_strip(lang, result, report.scope)
    if strip and result.verdict is not Verdict.LOCAL:
        lines.append(strip)
    if report.live_age_s is not None and report.monitored:
        lines.append(t(lang, "live", age=age(lang, report.live_age_s), n=len(report.monitored)))
    lines += vantage_lines(lang, report)
    cause = cause_text(lang, report.cause, report)
    if cause:
        lines.append(cause)
    link_matters = result.verdict in _LINK_VERDICTS
    if context is not None and link_matters and not report.cause.is_contract:
        lines.append(contract_line(lang, context.link))
    if context is not None:
        lines += [backup_line(lang, backup) for backup in context.backups[:2]
                  if link_matters or backup.reachable is not None]
    if result.unrun and not result.no_privilege:
        lines.append(t(lang, "unrun", n=len(result.unrun)))
    lines += hop_lines(lang, result)
    if report.next_steps:
        lines += ["", t(lang, "steps")]
        lines += [f"{n}. {step_text(lang, step)}" for n, step in enumerate(report.next_steps, 1)]
    evidence = evidence_lines(lang, report)
    if evidence:
        seconds = number(lang, max(0.0, report.finished - report.started), 1)
        checked = sum(1 for o in report.outcomes if o.layer is not Layer.PATH)
        lines += ["", t(lang, "evidence", n=checked, seconds=seconds), *evidence]
    # Names come from the network file and messages from remote servers: each line stays one line wherever the
    # text goes (a terminal, the clipboard, a chat).
    return "\n".join(printable(line) for line in lines)


# ---- JSON ----


def _contract_json(link: LinkFacts) -> dict[str, Any]:
    facts = link.contract
    document: dict[str, Any] = {
        "link": link.link_id, "site": link.site_id, "far_end": link.far_end, "provider": link.provider,
        "circuit_id": link.circuit_id, "medium": link.medium.value, "role": link.role.value,
        "id": None, "number": None, "service": None, "status": None, "start": None, "end": None, "days_left": None,
        "next_start": None, "payment_overdue": False, "payment_overdue_days": None, "unpaid_periods": 0,
        "budget_cut": False, "budget_year": None,
    }
    if facts is not None:
        document.update({
            "id": facts.contract_id, "provider": facts.provider, "number": facts.number, "service": facts.service,
            "status": facts.status.value, "start": facts.start.isoformat(), "end": facts.end.isoformat(),
            "days_left": facts.days_left, "next_start": facts.next_start.isoformat() if facts.next_start else None,
            "payment_overdue": facts.payment_overdue_days is not None,
            "payment_overdue_days": facts.payment_overdue_days, "unpaid_periods": facts.unpaid_periods,
            "budget_cut": facts.budget_cut, "budget_year": facts.budget_year,
        })
    return document


def _backup_json(link: LinkFacts) -> dict[str, Any]:
    return {"link": link.link_id, "provider": link.provider, "circuit_id": link.circuit_id,
            "medium": link.medium.value, "reachable": link.reachable,
            "contract_status": link.contract.status.value if link.contract else None}


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _check_json(outcome: CheckOutcome, baselines: dict[str, float]) -> dict[str, Any]:
    baseline = baselines.get(outcome.target_id or "") if outcome.method == "icmp" else None
    return {
        "layer": outcome.layer.value, "target": outcome.target_id, "name": outcome.target_name,
        "address": outcome.address, "method": outcome.method, "ok": outcome.ok,
        "rtt_ms": _round(outcome.rtt_ms, 3), "loss_percent": _round(outcome.loss_percent, 1),
        "error": outcome.error.value if outcome.error else None, "message": outcome.message,
        "detail": dict(outcome.detail), "duration_ms": round(outcome.duration_ms, 1),
        "baseline_ms": _round(baseline, 3),
    }


def _hop_json(hop: Hop) -> dict[str, Any]:
    return {"ttl": hop.ttl, "address": hop.address, "rtt_ms": _round(hop.rtt_ms, 3),
            "loss_percent": round(hop.loss_percent, 1), "reached": hop.reached}


def _finding_json(finding: Finding) -> dict[str, Any]:
    document = {"verdict": finding.verdict.value, "layer": finding.layer.value, "where": list(finding.where),
                "sites": list(finding.sites)}
    # The other vantages' word, only when they said something (a report without a store stays as it was).
    if finding.heard_from:
        document["heard_from"] = list(finding.heard_from)
    if finding.silent_from:
        document["silent_from"] = list(finding.silent_from)
    return document


def _congestion_json(lang: Lang, report: DiagnosisReport, congestion: Congestion) -> dict[str, Any]:
    return {"layer": congestion.layer.value, "target": congestion.target_id, "name": congestion.target_name,
            "site": congestion.site_id, "rtt_ms": _round(congestion.rtt_ms, 1),
            "baseline_ms": _round(congestion.baseline_ms, 3), "loss_percent": _round(congestion.loss_percent, 1),
            "hop_silent": congestion.hop_silent, "saturated": congestion.saturated,
            "line": None if congestion.line is None else {
                "link": congestion.line.link_id, "use_percent": _round(congestion.line.use_percent, 1),
                "committed_kbps": congestion.line.committed_kbps},
            "summary": congestion_text(congestion), "text": congestion_sentence(lang, report, congestion)}


def _vantages_json(lang: Lang, report: DiagnosisReport, seen: Triangulation) -> dict[str, Any]:
    return {
        "here": seen.here, "stale_after_s": seen.stale_after_s, "unavailable": seen.unavailable or None,
        "text": vantage_lines(lang, report),
        "sites": [{"site": site.site, "name": report.site_names.get(site.site, site.site),
                   "state": site.combined.state.value, "heard_from": list(site.heard_from),
                   "silent_from": list(site.silent_from), "stale": list(site.stale),
                   "views": [{"vantage": view.vantage, "state": view.state.value, "age_s": round(view.age_s, 1),
                              "fresh": view.fresh} for view in site.views]} for site in seen.sites],
    }


def render_json(report: DiagnosisReport, lang: Lang = "en") -> dict[str, Any]:
    """The stable document (`version` 1), ready for `json.dumps`. Human texts are in `lang`; kinds and facts are
    language-neutral. `vantages` is there only when the run was given the shared store's views."""
    _check_lang(lang)
    result, cause, context = report.result, report.cause, report.context
    backup = context.backup if context else None
    baselines = dict(report.baselines)
    findings = [{**_finding_json(f), "total": f.total, "mark": mark_of(f.verdict),
                 "text": finding_text(lang, report, f, "")} for f in result.findings]
    document: dict[str, Any] = {
        "version": JSON_VERSION,
        "lang": lang,
        "network": report.network_name,
        "timezone": report.timezone,
        "scope": report.scope.value,
        "site": {"id": report.site_id, "name": report.site_name} if report.scope is Scope.SITE else None,
        "started": iso_time(report.started, report.timezone),
        "finished": iso_time(report.finished, report.timezone),
        "duration_ms": round(max(0.0, report.finished - report.started) * 1000, 1),
        "verdict": result.verdict.value,
        "failing_layer": result.failing_layer.value if result.failing_layer else None,
        "summary": result.summary,
        "headline": headline(lang, report),
        "where": list(result.finding.where) if result.finding else [],
        "layers": {layer.value: status.value for layer, status in result.layers.items()},
        "also": [_finding_json(f) for f in result.also],
        "findings": findings,
        "congestion": _congestion_json(lang, report, result.congestion) if result.congestion else None,
        "cause": {
            "kind": cause.kind.value, "explains_fault": cause.explains_fault, "summary": cause.summary,
            "text": cause_text(lang, cause, report), "link": cause.link.link_id if cause.link else None,
            "days": cause.days, "portal_host": cause.portal_host, "targets": list(cause.targets),
            "lines": cause.lines, "lapsed_lines": cause.lapsed_lines, "providers": list(cause.providers),
        },
        "contract": _contract_json(context.link) if context else None,
        "chain": [_contract_json(link) for link in context.chain] if context else [],
        "office_lines": [_contract_json(link) for link in context.office_lines] if context else [],
        "backup": _backup_json(backup) if backup else None,
        "next_steps": [{"kind": s.kind.value, "purpose": s.purpose.value if s.purpose else None,
                        "text": step_text(lang, s), "summary": s.summary, "detail": s.detail}
                       for s in report.next_steps],
        "path": ({"toward": result.path_toward, "last_hop": result.last_hop,
                  "hops": [_hop_json(hop) for hop in result.hops]} if result.last_hop or result.hops else None),
        "live": ({"age_s": round(report.live_age_s, 1), "targets": len(report.monitored),
                  "silent": [o.target_id for o in report.monitored if not o.ok],
                  "recovering": list(result.recovering)} if report.live_age_s is not None else None),
        "checks": [_check_json(o, baselines) for o in report.outcomes],
        "monitored": [_check_json(o, baselines) for o in report.monitored],
    }
    if report.vantages is not None:
        document["vantages"] = _vantages_json(lang, report, report.vantages)
    return document
