"""The contracts panel's measured service: selecting a contract reads, on a worker thread, each of its lines per SLA
window by the contract's own terms (`reporting.site_service.read_sla_service`: the one reading the PDF and
`pantau contracts` share), worded by `reporting.sla_text` (the current window's worst lines, a few earlier windows,
the credit so far, or why there is no figure); the outages of its lines within its period, for the PDF; and what
each of its lines with SNMP carried over the period (`reporting.contract_use`), with the warning of a line full in
office hours."""

from __future__ import annotations

import copy
from datetime import date

from pantau.domain.contract_service import Interval, down_intervals, period_interval
from pantau.domain.contracts import DateSpan
from pantau.domain.inventory import Contract, Network
from pantau.domain.links import site_links
from pantau.domain.sla import SlaService
from pantau.domain.timezones import zone
from pantau.reporting.catalogue import lang_of
from pantau.reporting.contract_use import line_full_warnings, read_contract_use, use_lines
from pantau.reporting.site_service import read_sla_service
from pantau.reporting.sla_text import panel_lines
from pantau.storage.workspace import Workspace
from pantau.ui.contract_fields import PanelParts
from pantau.ui.workers import Progress

Outages = list[tuple[str, Interval]]


def contract_outages(workspace: Workspace, network: Network, contract: Contract, now: float) -> Outages:
    """(link id, down interval) of each line of `contract`, cut to its period, in time order. Reads the disk."""
    period = period_interval(DateSpan(contract.start, contract.end), zone(network.timezone))
    links = site_links(network)
    found: Outages = []
    for link in network.links:
        if contract.id not in link.contracts:
            continue
        subject = links.subject(link)
        events = [e for e in workspace.events(since=period.start, subject=subject) if e.subject_kind == "site"]
        found += [(link.id, Interval(max(i.start, period.start), min(i.end, period.end)))
                  for i in down_intervals(((e.state, e.started, e.ended) for e in events), now)
                  if i.end > period.start and i.start < period.end]
    return sorted(found, key=lambda item: item[1].start)


def contract_sla(workspace: Workspace, network: Network, contract: Contract, today: date, now: float) -> SlaService:
    """The contract's lines per SLA window from its start until `today` (its end, if sooner). Reads the disk."""
    return read_sla_service(workspace, network, contract, contract.start, min(today, contract.end), now)


class ServiceMeasure(PanelParts):
    """The SLA measurement of `ContractsPanel` (a part of it: see `contract_fields.PanelParts`)."""

    def _measure(self, contract: Contract | None) -> None:
        self.last_service = None
        self.service_label.clear()
        workspace = self._workspace
        self._measuring = contract.id if contract else None
        if workspace is None or contract is None or self._closed:
            return
        network = copy.deepcopy(self._network)
        measured = copy.deepcopy(contract)
        now, today, lang = self._now(), self._today(), lang_of(self._lang)
        self.service_label.setText(self.tr("Measuring the service from the outage log…"))

        def measure(progress: Progress) -> tuple[SlaService, list[str]]:
            service = contract_sla(workspace, network, measured, today, now)
            usage = read_contract_use(network, workspace, measured)
            lines = panel_lines(lang, network, service, today)
            lines += [line for link, used in usage for line in use_lines(lang, measured, link, used)]
            lines += ["⚠ " + warning for warning in line_full_warnings(lang, network, usage)]
            return service, lines

        self._tasks.submit(measure, self._on_measured, on_error=self._on_measure_error,
                           name="pantau-contracts-measure")

    def _on_measured(self, result: tuple[SlaService, list[str]]) -> None:
        service, lines = result
        if service.contract_id != self._measuring:
            return
        self.last_service = service
        self.service_label.setText("\n".join(lines))

    def _on_measure_error(self, error: Exception) -> None:
        self.service_label.setText(self.tr("Could not read the outage log: {error}").format(error=error))
