"""The contracts overview (`pantau contracts`): days left, status, cost, warnings, coverage gaps, and each
contract's SLA terms with the credit due in the current window and over the contract so far.

`contracts_document` is the stable JSON shape; `format_contracts` renders the same document as text, so the two
outputs can never disagree. The SLA service is read by `read_services` (`site_service.read_sla_service`, the reading
the panel and the PDF share); a contract nobody monitored has no credit figure (null), never Rp 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pantau.domain.contracts import (
    contract_status,
    contract_warnings,
    cost_per_mbps_month_idr,
    days_left,
    gaps_for_link,
    monthly_cost_idr,
)
from pantau.domain.inventory import Contract, Network
from pantau.domain.sla import SlaService
from pantau.domain.sla_terms import SlaWindow
from pantau.domain.text import printable
from pantau.reporting.catalogue import t
from pantau.reporting.idformat import format_rupiah
from pantau.reporting.site_service import read_sla_service
from pantau.reporting.sla_text import current_window, window_name
from pantau.storage.workspace import Workspace


def read_services(workspace: Workspace, network: Network, today: date, now: float) -> dict[str, SlaService]:
    """Each started contract's lines per SLA window from its start until `today` (its end, if sooner). Reads the
    disk."""
    return {c.id: read_sla_service(workspace, network, c, c.start, min(today, c.end), now)
            for c in network.contracts if c.start <= today}


def _sla_document(contract: Contract, service: SlaService | None, today: date) -> dict[str, Any]:
    terms = contract.sla
    window = terms.window if terms else SlaWindow.MONTH
    document: dict[str, Any] = {
        "target_percent": contract.sla_percent,
        "window": window.value,
        "credit_percent_per_hour": terms.credit_percent_per_hour if terms and terms.has_credit_rule else None,
        "credit_cap_percent": terms.credit_cap_percent if terms and terms.has_credit_rule else None,
        "exclusions": [{"start": e.start.isoformat(), "end": e.end.isoformat(), "note": e.note}
                       for e in (terms.exclusions if terms else [])],
        "gap": service.gap if service is not None else None,
        "current_window": None,
        "credit_so_far_idr": None,
    }
    if service is None:
        return document
    watched = service.watched_s > 0
    found = current_window(service, today)
    if found is not None:
        days, lines = found
        credits = [service.credit_of(w) for w in lines]
        seen = any(w.watched_s > 0 for w in lines)
        document["current_window"] = {
            "start": days.start.isoformat(), "end": days.end.isoformat(), "name": window_name("en", days, window),
            "running": lines[0].running,
            "credit_idr": (round(sum(c for c in credits if c is not None))
                           if seen and all(c is not None for c in credits) else None),
            "lines": [{"link": w.link_id,
                       "availability_percent": (round(w.availability_percent, 4)
                                                if w.availability_percent is not None else None),
                       "monitored_share": round(w.watched_share, 4), "excess_hours": w.excess_hours,
                       "credit_idr": (round(credit) if (credit := service.credit_of(w)) is not None
                                      and w.watched_s > 0 else None)}
                      for w in lines]}
    if watched and service.credit_idr is not None:
        document["credit_so_far_idr"] = round(service.credit_idr)
    return document


def contracts_document(network: Network, today: date,
                       services: Mapping[str, SlaService] | None = None) -> dict[str, Any]:
    """The overview on `today`; `services` (from `read_services`) give the SLA credit, none: no credit figure."""
    contracts = []
    for contract in network.contracts:
        contracts.append({
            "id": contract.id,
            "provider": contract.provider,
            "number": contract.number,
            "service": contract.service,
            "bandwidth_kbps": contract.bandwidth_kbps,
            "start": contract.start.isoformat(),
            "end": contract.end.isoformat(),
            "value_idr": contract.value_idr,
            "status": contract_status(contract, today).value,
            "days_left": days_left(contract, today),
            "monthly_cost_idr": round(monthly_cost_idr(contract)),
            "cost_per_mbps_month_idr": round(cost_per_mbps_month_idr(contract)),
            "links": [link.id for link in network.links if contract.id in link.contracts],
            "sla": _sla_document(contract, (services or {}).get(contract.id), today),
        })
    gaps = [
        {"link": link.id, "start": gap.start.isoformat(), "end": gap.end.isoformat(), "days": gap.days}
        for link in network.links
        for gap in gaps_for_link(network, link)
    ]
    warnings = [
        {"contract": w.contract_id, "link": w.link_id, "kind": w.kind.value, "days": w.days, "message": w.message}
        for w in contract_warnings(network, today)
    ]
    return {"today": today.isoformat(), "contracts": contracts, "gaps": gaps, "warnings": warnings}


def format_contracts(document: dict[str, Any]) -> str:
    lines = [f"Contracts on {document['today']}", ""]
    lines.append(f"{'CONTRACT':<18} {'PROVIDER':<24} {'END':<10} {'DAYS':>6}  {'STATUS':<9} {'VALUE':>20}  LINKS")
    for c in document["contracts"]:
        lines.append(f"{c['id']:<18} {c['provider'][:24]:<24} {c['end']:<10} {c['days_left']:>6}  "
                     f"{c['status']:<9} {format_rupiah(c['value_idr']):>20}  {', '.join(c['links']) or '-'}")
    lines.append("")
    lines += _format_sla(document["contracts"])
    if document["gaps"]:
        lines.append("Coverage gaps (days with no contract):")
        for gap in document["gaps"]:
            lines.append(f"  {gap['link']}: {gap['start']} … {gap['end']} ({gap['days']} days)")
        lines.append("")
    if document["warnings"]:
        lines.append("Warnings:")
        for warning in document["warnings"]:
            lines.append(f"  [{warning['kind']}] {warning['contract']}: {warning['message']}")
    else:
        lines.append("No warnings.")
    # Ids, providers and messages come from the network file: each line stays one line on a terminal.
    return "\n".join(printable(line) for line in lines)



def _format_sla(contracts: list[dict[str, Any]]) -> list[str]:
    """"SLA credit:" with one line per contract that states a target."""
    lines = []
    for c in contracts:
        sla = c["sla"]
        if sla["target_percent"] is None:
            continue
        terms = f"{sla['target_percent']:g} % per {sla['window']}"
        if sla["credit_percent_per_hour"] is not None:
            terms += f", {sla['credit_percent_per_hour']:g} % of the monthly fee per hour, cap " \
                     f"{sla['credit_cap_percent']:g} %"
        if sla["exclusions"]:
            terms += f", {len(sla['exclusions'])} maintenance exclusion(s)"
        if sla["gap"] is not None:
            said = t("en", f"sla.gap.{sla['gap']}")
        elif sla["credit_so_far_idr"] is None:
            said = "not monitored, no figure"
        else:
            current = sla["current_window"]
            said = ""
            if current is not None:
                amount = ("not monitored" if current["credit_idr"] is None
                          else format_rupiah(current["credit_idr"]))
                said = f"{current['name']}{' (running)' if current['running'] else ''}: {amount}; "
            said += f"so far: {format_rupiah(sla['credit_so_far_idr'])}"
        lines.append(f"  {c['id']}: {terms}. {said}")
    return ["SLA credit due:", *lines, ""] if lines else []
