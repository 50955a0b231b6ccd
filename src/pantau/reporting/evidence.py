"""Evidence captured by itself: the background thread that diagnoses an outage the moment it starts, and saves it.

`domain.evidence.EvidencePlanner` decides when and what; this runs it: it listens to the engine (its listener only
queues), runs the diagnosis on its own thread with the engine's ICMP pinger, and saves the report in the workspace
(text in the network's report language and the JSON document, marked `"trigger": {"kind": "auto", ...}`). It
judges with the engine's live view (offices the run does not probe) and the targets' usual RTTs. There the
graphs' outage list and the contract report find it by time and scope. Listeners hear when a run starts (the
alert service holds the DOWN alerts of those sites for it) and when it is saved (their alerts then name the
verdict). Used by the window and by `pantau monitor` alike.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pantau.domain.diagnosis import DiagnosisError, DiagnosisReport, plan_diagnosis
from pantau.domain.evidence import EvidencePlanner, EvidenceRequest
from pantau.domain.inventory import Network
from pantau.domain.states import StateChange
from pantau.probing.diagnose import DiagnoseSettings, run_diagnosis
from pantau.probing.engine import EngineEvent, ProbeEngine, StateChanges
from pantau.reporting.diagnosis_report import Lang, render_json, render_text
from pantau.storage.baselines import rtt_baselines
from pantau.storage.workspace import Workspace

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CapturedEvidence:
    """A saved automatic diagnosis: the request it answered, the report and its id in the workspace."""

    request: EvidenceRequest
    report: DiagnosisReport
    saved_id: int


# Called on the collector's thread: before a run, with the DOWN sites it is for and when it ends at the latest
# (epoch seconds); after a run, with what was saved. Both must return quickly.
StartedListener = Callable[[tuple[str, ...], float], None]
CapturedListener = Callable[[CapturedEvidence], None]


class EvidenceCollector:
    """Diagnoses DOWNs of one engine in the background. `start()` / `stop()` from any thread."""

    def __init__(self, network: Network, engine: ProbeEngine, workspace: Workspace, *, lang: Lang = "id",
                 settings: DiagnoseSettings | None = None, min_gap_s: float = 60.0, tick_s: float = 1.0,
                 clock: Callable[[], float] = time.time) -> None:
        self.network = network
        self.lang: Lang = lang
        self.settings = settings or DiagnoseSettings()
        self._engine = engine
        self._workspace = workspace
        self._planner = EvidencePlanner(network, min_gap_s=min_gap_s)
        self._tick_s = tick_s
        self._clock = clock
        self._inbox: queue.SimpleQueue[Sequence[StateChange] | None] = queue.SimpleQueue()
        self._started: list[StartedListener] = []
        self._captured: list[CapturedListener] = []
        self._thread: threading.Thread | None = None
        self._unsubscribe: Callable[[], None] | None = None

    def subscribe(self, *, started: StartedListener | None = None,
                  captured: CapturedListener | None = None) -> None:
        if started is not None:
            self._started.append(started)
        if captured is not None:
            self._captured.append(captured)

    def on_event(self, event: EngineEvent) -> None:
        """The engine listener: returns at once."""
        if isinstance(event, StateChanges):
            self._inbox.put(event.changes)

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the evidence collector is already running")
        self._unsubscribe = self._engine.subscribe(self.on_event)
        self._thread = threading.Thread(target=self._run, name="pantau-evidence")
        self._thread.start()

    def stop(self, timeout_s: float | None = None) -> None:
        """Stop after the run in progress (a diagnosis ends within its time budget)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._thread is None:
            return
        self._inbox.put(None)
        self._thread.join(timeout_s if timeout_s is not None else self.settings.budget_s + 10)
        self._thread = None

    def _run(self) -> None:
        while True:
            try:
                item = self._inbox.get(timeout=self._tick_s)
            except queue.Empty:
                item = ()
            if item is None:
                return
            request = self._planner.feed(item, self._clock()) if item else self._planner.tick(self._clock())
            while request is not None:
                self._capture(request)
                request = self._planner.finished(self._clock())

    def _capture(self, request: EvidenceRequest) -> None:
        try:
            plan = plan_diagnosis(self.network, request.scope, request.site_id)
        except DiagnosisError as error:
            log.warning("no evidence for %s: %s", ", ".join(request.sites), error)
            return
        if plan.empty:
            return
        now = self._clock()
        deadline = now + self.settings.budget_s
        for started in list(self._started):
            self._safely(started, request.sites, deadline)
        try:
            baselines = rtt_baselines(self._workspace, [c.target_id for c in plan.checks if c.method == "icmp"], now)
            report = run_diagnosis(self.network, plan, self._engine.pinger, self.settings,
                                   live=self._engine.live_view(), baselines=baselines)
            saved_id = self._save(request, report)
        except Exception:
            # A failed capture must not end capturing for the session, nor hold the alerts: they wait until
            # `deadline` at most.
            log.exception("capturing evidence for %s failed", ", ".join(request.sites))
            return
        evidence = CapturedEvidence(request, report, saved_id)
        for captured in list(self._captured):
            self._safely(captured, evidence)

    def _save(self, request: EvidenceRequest, report: DiagnosisReport) -> int:
        document = render_json(report, self.lang)
        document["trigger"] = {"kind": "auto", "sites": list(request.sites)}
        scope = f"site {request.site_id}" if request.scope == "site" else request.scope
        return self._workspace.save_diagnosis(created=report.finished, scope=scope,
                                              verdict=report.result.verdict.value, lang=self.lang,
                                              report_text=render_text(report, self.lang),
                                              report_json=json.dumps(document, ensure_ascii=False))

    @staticmethod
    def _safely(listener: Callable[..., None], *args: object) -> None:
        try:
            listener(*args)
        except Exception:
            log.exception("an evidence listener failed")
