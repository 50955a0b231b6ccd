"""The contracts overview (`pantau contracts`): days left, status, cost, warnings and coverage gaps.

`contracts_document` is the stable JSON shape; `format_contracts` renders the same document as text, so the two
outputs can never disagree. `warning_text` says a warning in Indonesian or English for the panel and the report.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pantau.domain.contracts import (
    ContractWarning,
    WarningKind,
    contract_status,
    contract_warnings,
    cost_per_mbps_month_idr,
    days_left,
    gaps_for_link,
    monthly_cost_idr,
    unpaid_periods,
)
from pantau.domain.inventory import Network
from pantau.domain.text import printable
from pantau.reporting.idformat import format_date, format_rupiah


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


def warning_text(network: Network, warning: ContractWarning, today: date, lang: str = "id") -> str:
    """A warning in Indonesian (`id`) or English, with dates written out (30 Juni 2017); the English `message`
    of the warning stays the stable text of `pantau contracts --json`."""
    en = lang.startswith("en")
    contract = network.contract(warning.contract_id)
    if contract is None:
        return warning.message
    end = format_date(contract.end, lang)
    days = warning.days or 0
    if warning.kind is WarningKind.EXPIRED:
        return f"expired {_days(-days, en)} ago (ended {end})" if en else f"berakhir {-days} hari lalu ({end})"
    if warning.kind is WarningKind.EXPIRING:
        if en:
            when = "today" if days == 0 else f"in {_days(days, en)}"
            return f"expires {when} ({end}), within {warning.step} days"
        when = "hari ini" if days == 0 else f"dalam {days} hari"
        return f"berakhir {when} ({end}), tahap peringatan {warning.step} hari"
    if warning.kind is WarningKind.NO_APPROVED_BUDGET:
        year = (contract.end + timedelta(days=1)).year
        if en:
            return f"no approved budget for {year} to follow this contract ({'ended' if days < 0 else 'ends'} {end})"
        return f"belum ada anggaran {year} yang disetujui untuk melanjutkan kontrak ini " \
               f"({'berakhir' if days < 0 else 'berakhir pada'} {end})"
    if warning.kind is WarningKind.PAYMENT_OVERDUE:
        unpaid = unpaid_periods(contract, today)
        if not unpaid:
            return warning.message
        span = f"{format_date(unpaid[0].start, lang)} – {format_date(unpaid[0].end, lang)}"
        if en and len(unpaid) == 1:
            return f"billing period {span} unpaid, {_days(days, en)} overdue"
        if en:
            return f"{len(unpaid)} billing periods unpaid; the oldest, {span}, is {_days(days, en)} overdue"
        return f"{len(unpaid)} periode tagihan belum dibayar; yang tertua, {span}, terlambat {days} hari"
    link = next((item for item in network.links if item.id == warning.link_id), None)
    gap = next((g for g in gaps_for_link(network, link) if g.start == contract.end + timedelta(days=1)), None) \
        if link is not None else None
    if gap is None:
        return warning.message
    if en:
        return (f"link {link.id if link else ''} has no contract from {format_date(gap.start, lang)} to "
                f"{format_date(gap.end, lang)} ({_days(gap.days, en)})")
    span = f"{format_date(gap.start, lang)} – {format_date(gap.end, lang)}"
    return f"jalur {link.id if link else ''} tanpa kontrak {span} ({gap.days} hari)"


def _days(n: int, en: bool) -> str:
    return (f"{n} day" if n == 1 else f"{n} days") if en else f"{n} hari"
