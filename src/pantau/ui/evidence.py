"""The window's evidence capture: one `EvidenceCollector` per engine, its news carried to the GUI thread.

The collector (`reporting.evidence`) diagnoses a DOWN in the background and saves it; this relay starts it with the
engine, tells the alert service (so the DOWN alert names the verdict), and emits `captured` on the GUI thread, where
the window refreshes the outage list and the saved reports and says so in the status bar. Stopping waits for a run
in progress (bounded by its time budget), so `detach()` hands the collector back for the caller to stop on a worker.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from pantau.alerts.service import AlertService
from pantau.domain.inventory import Network
from pantau.probing.engine import ProbeEngine
from pantau.reporting.diagnosis_report import Lang
from pantau.reporting.evidence import CapturedEvidence, EvidenceCollector
from pantau.storage.workspace import Workspace


class EvidenceRelay(QObject):
    """Emits `started(tuple[str, ...])` and `captured(CapturedEvidence)` on the GUI thread."""

    started = Signal(object)
    captured = Signal(object)

    def __init__(self, workspace: Workspace, alerts: Callable[[], AlertService | None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._alerts = alerts
        self._collector: EvidenceCollector | None = None
        self.lang: Lang = "id"

    def attach(self, network: Network, engine: ProbeEngine) -> None:
        """Capture evidence of `engine`'s DOWNs from now on (the engine must be running: its pinger is used)."""
        collector = EvidenceCollector(network, engine, self._workspace, lang=self.lang)
        collector.subscribe(started=self._on_started, captured=self._on_captured)
        collector.start()
        self._collector = collector

    def detach(self) -> EvidenceCollector | None:
        """Stop listening; returns the collector, which the caller stops (it may wait for a run to end)."""
        collector, self._collector = self._collector, None
        return collector

    def set_language(self, lang: Lang) -> None:
        self.lang = lang
        if self._collector is not None:
            self._collector.lang = lang

    def set_network(self, network: Network) -> None:
        """Judge with `network` (an edited contract) from the next run on; same sites and targets."""
        if self._collector is not None:
            self._collector.network = network

    # Both run on the collector's thread: the alert service is thread-safe for these, and the signals are queued
    # to the GUI thread.
    def _on_started(self, sites: tuple[str, ...], until: float) -> None:
        alerts = self._alerts()
        if alerts is not None:
            alerts.note_evidence_pending(sites, until)
        self.started.emit(sites)

    def _on_captured(self, evidence: CapturedEvidence) -> None:
        alerts = self._alerts()
        if alerts is not None:
            for site_id in evidence.request.sites:
                alerts.note_diagnosis(site_id, evidence.report.result.verdict.value, evidence.report.finished)
        self.captured.emit(evidence)
