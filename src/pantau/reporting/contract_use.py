"""What each line of a contract carried over the contract's period, read from the workspace and said in words.

`read_contract_use` reads the hourly rollups of every line the contract pays for that has an SNMP interface
(`domain.contract_traffic`); `use_lines` writes each line's figures for the contract report and the contracts
panel, and `line_full_warnings` the warning for a line that sat full in office hours on most working days
("line link-waru full 09–16 WITA on 18 of 22 working days"). A line without SNMP is not listed: not measured is not
idle.
"""

from __future__ import annotations

from pantau.domain.contract_traffic import (
    OFFICE_END_HOUR,
    OFFICE_START_HOUR,
    ContractTraffic,
    contract_traffic,
    period_bounds,
)
from pantau.domain.contracts import cost_per_mbps_month_idr
from pantau.domain.inventory import Contract, Link, Network
from pantau.domain.timezones import zone
from pantau.reporting.catalogue import Lang, number, t
from pantau.reporting.idformat import ZONE_ABBREVIATIONS, format_bandwidth, format_rupiah
from pantau.storage.workspace import Workspace

DAY_S = 86_400


def measured_links(network: Network, contract: Contract) -> list[Link]:
    return [link for link in network.links if contract.id in link.contracts and link.snmp is not None]


def read_contract_use(network: Network, workspace: Workspace, contract: Contract) -> list[tuple[Link, ContractTraffic]]:
    """Each measured line of the contract with its use over the contract's period (worker thread: reads the disk)."""
    tz = zone(network.timezone)
    start, end = period_bounds(contract, tz)
    return [(link, contract_traffic(contract, workspace.traffic_rollups(link.id, "1h", start, end), tz))
            for link in measured_links(network, contract)]


def use_lines(lang: Lang, contract: Contract, link: Link, used: ContractTraffic) -> list[str]:
    """A line's figures in sentences: how much was measured, mean / p95 / peak, full hours, cost per Mbps."""
    if used.mean_bps is None:
        return [t(lang, "report.use.nothing", link=link.id)]
    lines = [t(lang, "report.use.measured", link=link.id, days=number(lang, used.measured_s / DAY_S, 1),
               period=round(used.period_s / DAY_S), share=number(lang, used.measured_share * 100, 1),
               rate=format_bandwidth(contract.bandwidth_kbps, lang)),
             t(lang, "report.use.figures", mean=number(lang, used.percent(used.mean_bps) or 0.0, 0),
               p95=number(lang, used.percent(used.p95_bps) or 0.0, 0),
               peak=number(lang, used.percent(used.peak_bps) or 0.0, 0), hours=used.hours_full)]
    if contract.bandwidth_kbps > 0 and contract.end >= contract.start:
        paid = cost_per_mbps_month_idr(contract)
        committed_bps = contract.bandwidth_kbps * 1000
        lines.append(t(lang, "report.use.cost", paid=format_rupiah(paid),
                       used=format_rupiah(round(paid * committed_bps / used.mean_bps))))
    return lines


def line_full_warnings(lang: Lang, network: Network, uses: list[tuple[Link, ContractTraffic]]) -> list[str]:
    """The office-hours warning of each line that sat full on most measured working days."""
    zone_name = ZONE_ABBREVIATIONS.get(network.timezone, network.timezone)
    return [t(lang, "warning.line-full", link=link.id, start=f"{OFFICE_START_HOUR:02d}", end=f"{OFFICE_END_HOUR:02d}",
              zone=zone_name, full=used.working_days_full, days=used.working_days_measured)
            for link, used in uses if used.full_in_office_hours]
