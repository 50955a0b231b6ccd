"""The contracts panel's measured service: selecting a contract reads the outage log on a worker thread (with a
workspace) and judges it by `domain.contract_service` (a link's outages are those of the site that hangs off it):
availability of the worst link against the SLA, downtime, and a credit estimate when the host passes a
`CreditRule` (none is stored with a contract); and what each of its lines with SNMP carried over the period
(`reporting.contract_use`), with the warning of a line full in office hours."""

from __future__ import annotations

import copy
from zoneinfo import ZoneInfo

from pantau.domain.contract_service import (
    ContractService,
    Interval,
    contract_service,
    down_intervals,
    period_interval,
)
from pantau.domain.contracts import (
    DateSpan,
)
from pantau.domain.inventory import (
    Contract,
)
from pantau.domain.links import site_links
from pantau.reporting.catalogue import lang_of
from pantau.reporting.contract_use import line_full_warnings, read_contract_use, use_lines
from pantau.reporting.idformat import format_rupiah
from pantau.ui.contract_fields import PanelParts
from pantau.ui.workers import Progress


class ServiceMeasure(PanelParts):
    """The SLA measurement of `ContractsPanel` (a part of it: see `contract_fields.PanelParts`)."""

    def _measure(self, contract: Contract | None) -> None:
        self.last_service = None
        self._last_outages = []
        self.service_label.clear()
        workspace = self._workspace
        self._measuring = contract.id if contract else None
        if workspace is None or contract is None or self._closed:
            return
        network = copy.deepcopy(self._network)
        measured = copy.deepcopy(contract)
        now, rule, lang = self._now(), self._credit_rule, lang_of(self._lang)
        self.service_label.setText(self.tr("Measuring the service from the outage log…"))

        def measure(progress: Progress) -> tuple[ContractService, list[tuple[str, Interval]], list[str]]:
            period = period_interval(DateSpan(measured.start, measured.end), ZoneInfo(network.timezone))
            events = workspace.events(since=period.start)
            down: dict[str, list[Interval]] = {}
            links = site_links(network)
            for link in network.links:
                subject = links.subject(link)
                down[link.id] = down_intervals(((e.state, e.started, e.ended) for e in events
                                                if e.subject == subject and e.subject_kind == "site"), now)
            watched = Interval(min((e.started for e in events), default=now), now)
            outages = sorted(((link_id, Interval(max(i.start, period.start), min(i.end, period.end)))
                              for link_id, spans in down.items()
                              if any(link.id == link_id and measured.id in link.contracts for link in network.links)
                              for i in spans if i.end > period.start and i.start < period.end),
                             key=lambda item: item[1].start)
            usage = read_contract_use(network, workspace, measured)
            lines = [line for link, used in usage for line in use_lines(lang, measured, link, used)]
            lines += ["⚠ " + warning for warning in line_full_warnings(lang, network, usage)]
            return contract_service(network, measured, down, watched, rule), outages, lines

        self._tasks.submit(measure, self._on_measured, on_error=self._on_measure_error,
                           name="pantau-contracts-measure")

    def _on_measured(self, result: tuple[ContractService, list[tuple[str, Interval]], list[str]]) -> None:
        service, outages, use = result
        if service.contract_id != self._measuring:
            return
        self._last_outages = outages
        self.last_service = service
        worst = service.worst_availability_percent
        if worst is None:
            self.service_label.setText("\n".join([self.tr("No monitoring history within this contract's period."),
                                                  *use]))
            return
        sla = service.sla_percent
        text = self.tr("Measured availability (worst link): {percent} %").format(percent=f"{worst:.2f}")
        if sla is not None:
            verdict = self.tr("meets the SLA") if service.meets_sla else self.tr("below the SLA")
            text += " · " + self.tr("SLA {percent} %: {verdict}").format(percent=f"{sla:g}", verdict=verdict)
        text += " · " + self.tr("downtime {hours} h").format(hours=f"{service.downtime_hours:.1f}")
        if service.credit_idr is not None:
            text += " · " + self.tr("credit estimate {amount}").format(amount=format_rupiah(service.credit_idr))
        self.service_label.setText("\n".join([text, *use]))

    def _on_measure_error(self, error: Exception) -> None:
        self.service_label.setText(self.tr("Could not read the outage log: {error}").format(error=error))
