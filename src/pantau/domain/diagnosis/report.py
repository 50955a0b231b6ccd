"""A finished run in one record: verdict, contract context, cause and next steps (`build_report`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from pantau.domain.diagnosis.cause import Cause, probable_cause
from pantau.domain.diagnosis.context import ContractContext, contract_context
from pantau.domain.diagnosis.live import LiveView, monitored_outcomes, site_line_loads
from pantau.domain.diagnosis.model import CheckOutcome, Layer, Scope, Verdict
from pantau.domain.diagnosis.plan import DiagnosisPlan
from pantau.domain.diagnosis.steps import NextStep, next_steps
from pantau.domain.diagnosis.triangulate import Triangulation, VantageEvidence, seen_elsewhere, triangulate
from pantau.domain.diagnosis.verdict import VerdictResult, decide_verdict
from pantau.domain.inventory import Network


@dataclass(frozen=True)
class DiagnosisReport:
    """Everything a rendered report says. `started` and `finished` are epoch seconds; `timezone` is the network's
    IANA zone, in which the report shows times. `outcomes` are the run's own checks (and path probe); `monitored`
    the targets it took from the live view, as of `live_age_s` seconds before it finished; `baselines` the usual
    RTTs (ms) it judged against. `vantages`: what the shared store's other vantages said of the sites concerned (None
without a store)."""

    scope: Scope
    site_id: str | None
    network_name: str
    timezone: str
    started: float
    finished: float
    outcomes: tuple[CheckOutcome, ...]
    result: VerdictResult
    cause: Cause
    context: ContractContext | None
    next_steps: tuple[NextStep, ...]
    site_names: Mapping[str, str] = field(default_factory=dict)
    monitored: tuple[CheckOutcome, ...] = ()
    live_age_s: float | None = None
    baselines: Mapping[str, float] = field(default_factory=dict)
    vantages: Triangulation | None = None

    @property
    def site_name(self) -> str | None:
        return self.site_names.get(self.site_id, self.site_id) if self.site_id else None

    @property
    def fault(self) -> bool:
        """True for every verdict but ok: `pantau diagnose` exits 1."""
        return self.result.verdict is not Verdict.OK


def build_report(network: Network, plan: DiagnosisPlan, outcomes: Sequence[CheckOutcome], *, local_ok: bool,
                 started: float, finished: float, today: date,
                 backup_reachable: Mapping[str, bool] | None = None, live: LiveView | None = None,
                 baselines: Mapping[str, float] | None = None,
                 vantages: VantageEvidence | None = None) -> DiagnosisReport:
    """Verdict, contract context, cause and next steps for a finished run, in one report. `live`: the engine's
    view, for the targets the plan does not probe; `baselines`: usual RTTs (ms) by target id; `vantages`: the
    shared store's views, weighed against the offices found silent (`triangulate`)."""
    monitored = monitored_outcomes(network, plan, live, finished) if live is not None else ()
    usual = dict(baselines or {})
    result = decide_verdict([*outcomes, *monitored], network.monitoring, local_ok, plan.site_parents,
                            baselines=usual, office_sites=plan.office_sites,
                            live_silent_sites=live.silent_sites() if live is not None else (),
                            line_loads=site_line_loads(network, live, finished, today) if live is not None else None)
    seen = None
    if vantages is not None:
        concerned = [*plan.chain, *([plan.site_id] if plan.site_id else []),
                     *(site for f in result.findings if f.layer is Layer.SITE for site in f.sites)]
        seen = seen_elsewhere(vantages, concerned, finished)
        result = triangulate(result, seen)
    context = contract_context(network, plan, result, today, backup_reachable)
    cause = probable_cause(result, context, outcomes)
    steps = next_steps(result, cause, context, plan.site_names)
    return DiagnosisReport(plan.scope, plan.site_id, network.name, network.timezone, started, finished,
                           tuple(outcomes), result, cause, context, steps, dict(plan.site_names), monitored,
                           live.age_s(finished) if live is not None else None, usual, seen)
