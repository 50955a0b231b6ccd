"""The contracts overview (`pantau contracts`): days left, status, cost, warnings and coverage gaps.

`contracts_document` is the stable JSON shape; `format_contracts` renders the same document as text, so the two
outputs can never disagree.
"""

from __future__ import annotations

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
from pantau.domain.inventory import Network
from pantau.domain.text import printable
from pantau.reporting.idformat import format_rupiah


def contracts_document(network: Network, today: date) -> dict[str, Any]:
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

