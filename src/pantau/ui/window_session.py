"""The main window's wiring to its monitoring session, both ways: what the session says (states, figures, a new
or edited network, the date turning, monitoring starting, stopping or failing, an import's progress, evidence
captured) shown in the views, and what the views change (a contract edit, new alert settings, a diagnosis verdict)
handed back to the session. It also keeps the alert settings dialog, and the closed ones whose work still runs.

The views never talk to each other about the session: each is told here, from the session's signals. The tray
hears of the session by itself (ui/window_tray.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from pantau.domain.alerts import AlertRules
from pantau.domain.contract_risk import SiteContractRisk
from pantau.domain.diagnosis import DiagnosisReport
from pantau.domain.inventory import Network
from pantau.domain.states import HealthState
from pantau.reporting.diagnosis_report import render_json
from pantau.reporting.evidence import CapturedEvidence
from pantau.storage.networkfile import NetworkFileError
from pantau.storage.site_rows import SiteImportError
from pantau.ui.alert_settings import AlertSettingsDialog
from pantau.ui.office_lists import OFFICE_LIST_SUFFIXES
from pantau.ui.problems_dialog import ProblemsDialog
from pantau.ui.site_model import SiteMetrics, format_time
from pantau.ui.store_edits import store_error_text

if TYPE_CHECKING:
    from pantau.ui.main_window import MainWindow


class SessionWiring(QObject):
    """Connects `window`'s session to its views and its views' edits to the session; made once the views are."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.alert_settings_dialog: AlertSettingsDialog | None = None
        # Closed settings dialogs whose test message or save may still be running; shut down when idle.
        self._old_alert_dialogs: list[AlertSettingsDialog] = []
        session = window.session
        session.statesChanged.connect(self.show_states)
        session.metricsChanged.connect(self._show_metrics)
        session.sinceChanged.connect(window.map_view.set_site_since)
        session.notesChanged.connect(window.map_view.set_site_notes)
        session.notesChanged.connect(window.site_table.model.set_site_notes)
        session.uptimeChanged.connect(window.site_table.model.set_site_uptime)
        session.siteUseChanged.connect(window.site_table.model.set_site_use)
        session.siteUseChanged.connect(lambda _uses: window.map_view.set_link_use(window.link_use()))
        session.contractRisksChanged.connect(self.show_contract_risks)
        session.todayChanged.connect(self._on_today)
        session.networkChanged.connect(self._on_network_changed)
        session.networkEdited.connect(self._on_network_edited)
        session.siteWentDown.connect(window.map_view.pulse_site)
        session.updated.connect(self._on_updated)
        session.monitoringChanged.connect(self._on_monitoring_changed)
        session.icmpModeChanged.connect(window.status.show_icmp_mode)
        session.evidenceCaptured.connect(self._on_evidence_captured)
        session.importStarted.connect(self._on_import_started)
        session.importFinished.connect(self._on_import_finished)
        session.problem.connect(lambda message: window.statusBar().showMessage(message, 30_000))
        session.engineFailed.connect(window.failure_banner.show_failure)
        window.failure_banner.restartRequested.connect(session.restart_monitoring)
        window.contracts.network_changed.connect(session.apply_edit)
        window.contracts.save_failed.connect(self._on_contract_save_failed)
        if window.diagnostics is not None:
            window.diagnostics.runFinished.connect(self._on_diagnosis_finished)

    # --- what the session says -------------------------------------------------------------------------------

    def show_states(self, states: Mapping[str, HealthState]) -> None:
        window = self._window
        window.map_view.set_site_states(states)
        window.site_table.model.set_site_states(states)
        window.refresh_summary()
        if window.diagnostics is not None:
            window.diagnostics.set_live_states(states)

    def _show_metrics(self, metrics: Mapping[str, SiteMetrics]) -> None:
        self._window.site_table.model.set_site_metrics(metrics)
        self._window.map_view.set_site_metrics(metrics)

    def show_contract_risks(self, risks: Mapping[str, SiteContractRisk]) -> None:
        """The map's contract colouring, from the risks the session works out."""
        self._window.map_view.set_contract_risks(dict(risks), self._window.language())

    def _on_today(self, today: date) -> None:
        self._window.site_table.model.set_today(today)

    def _on_network_changed(self, network: Network) -> None:
        """A new network (an import): every view starts afresh with it."""
        window = self._window
        window.map_view.set_network(network)
        window.site_table.model.set_network(network)
        window.site_table.model.set_today(window.session.today)
        if window.diagnostics is not None:
            window.diagnostics.set_network(network)
        window.contracts.set_network(network)
        window.graphs.set_network(network)
        window.traffic.set_network(network)
        window.show_default_graphs()
        if window.alert_log is not None:
            window.alert_log.set_timezone(network.timezone)
        if window.banner is not None and not network.sample:
            window.banner.hide()
        window.update_title()
        window.show_unplaced()
        window.window_actions.update()

    def _on_network_edited(self, network: Network) -> None:
        """The same sites edited (contracts, alert channels): every view that judges with the network follows; the
        contracts panel, where contract edits start, already shows it."""
        window = self._window
        window.site_table.model.set_network(network)
        if window.diagnostics is not None:
            window.diagnostics.set_network(network)
        window.graphs.set_network(network)
        window.traffic.set_network(network)
        if window.contracts.network() is not network:
            window.contracts.set_network(network)

    def _on_updated(self, when: float) -> None:
        window = self._window
        if not window.session.paused:
            zone = window.network.timezone
            window.status.set_updated_text(lambda: self.tr("Updated {time}").format(
                time=format_time(when, zone, with_date=False)))

    def _on_monitoring_changed(self) -> None:
        self._window.window_actions.update()
        if not self._window.session.failure:
            self._window.failure_banner.clear()

    def _on_import_started(self, path: Path) -> None:
        window = self._window
        window.window_actions.update()
        # An import replaces the whole network: an edit saved meanwhile would bring the old one back.
        window.contracts.setEnabled(False)
        window.statusBar().showMessage(self.tr("Reading {file} …").format(file=path.name))

    def _on_import_finished(self, path: Path, outcome: object) -> None:
        window = self._window
        window.window_actions.update()
        window.contracts.setEnabled(True)
        if isinstance(outcome, Network):
            window.statusBar().showMessage(self.tr("Loaded {file}: {count} sites").format(
                file=path.name, count=len(outcome.sites)), 8000)
            window.importFinished.emit(True)
            return
        if outcome is None:
            window.statusBar().showMessage(self.tr("{file} was not merged").format(file=path.name), 8000)
            window.importFinished.emit(False)
            return
        # A list read well can still fail to be saved (the shared store refusing it): a list all the same.
        office_list = path.suffix.lower() in OFFICE_LIST_SUFFIXES
        title = self.tr("Office list not merged") if office_list else self.tr("Network file not imported")
        if isinstance(outcome, NetworkFileError):
            problems, count = [str(problem) for problem in outcome.problems], len(outcome.problems)
        elif isinstance(outcome, SiteImportError):
            problems, count = outcome.lines(), outcome.total
        else:
            problems, count = [store_error_text(outcome) if isinstance(outcome, Exception) else str(outcome)], 1
        window.statusBar().clearMessage()
        headline = self.tr("{file} was not imported: %n problem(s). Nothing was changed.", "",
                           count).format(file=path.name)
        window.import_dialog = ProblemsDialog(title, headline, problems, window)
        window.import_dialog.open()
        window.importFinished.emit(False)

    def _on_evidence_captured(self, evidence: CapturedEvidence) -> None:
        """A diagnosis taken by itself when sites went down: the outage list shows its cause, the saved reports
        list it, and the status bar says what it found."""
        window = self._window
        if window.is_shut_down():
            return
        window.graphs.refresh()
        if window.diagnostics is not None:
            window.diagnostics.reload_saved()
        names = ", ".join(window.session.site_name(site_id) for site_id in evidence.request.sites)
        headline = render_json(evidence.report, "en" if window.language() == "en" else "id")["headline"]
        window.statusBar().showMessage(self.tr("Evidence saved for {sites}: {headline}").format(
            sites=names, headline=headline), 30_000)

    # --- what the views change -------------------------------------------------------------------------------

    def open_alert_settings(self) -> AlertSettingsDialog | None:
        """The alert settings dialog for the current network, opened or raised; None without a workspace."""
        window = self._window
        if window.workspace is None:
            return None
        dialog = self.alert_settings_dialog
        if dialog is not None and dialog.isVisible():
            dialog.raise_()
            dialog.activateWindow()
            return dialog
        self._retire_alert_dialog()
        service = window.session.alert_service
        rules = service.rules if service is not None else None
        dialog = AlertSettingsDialog(window.network, window.workspace, rules=rules, lang=window.language(),
                                     parent=window)
        dialog.setObjectName("alertSettingsDialog")
        dialog.applied.connect(self._alert_settings_applied)
        self.alert_settings_dialog = dialog
        dialog.open()
        return dialog

    def _retire_alert_dialog(self) -> None:
        """Keep the last closed dialog until its background work ends (a test message may take seconds)."""
        if self.alert_settings_dialog is not None:
            self._old_alert_dialogs.append(self.alert_settings_dialog)
            self.alert_settings_dialog = None
        idle = [dialog for dialog in self._old_alert_dialogs if not dialog.busy()]
        for dialog in idle:
            self._old_alert_dialogs.remove(dialog)
            dialog.deleteLater()

    def shutdown_dialogs(self) -> None:
        """Wait for the alert settings dialogs' background work (the window is shutting down)."""
        for dialog in [*self._old_alert_dialogs, self.alert_settings_dialog]:
            if dialog is not None:
                dialog.shutdown()

    def _alert_settings_applied(self, network: Network, rules: AlertRules) -> None:
        """Saved in the workspace by the dialog: the session goes on with the new channels and the running alert
        service with the new rules, without forgetting the outages in progress."""
        window = self._window
        if window.is_shut_down():
            return
        window.session.apply_edit(replace(window.network, alerts=network.alerts))
        window.session.apply_alert_rules(rules)
        window.statusBar().showMessage(self.tr("Alert settings saved"), 5000)

    def _on_contract_save_failed(self, message: str) -> None:
        self._window.statusBar().showMessage(
            self.tr("The contract change was not saved: {error}").format(error=message), 30_000)

    def _on_diagnosis_finished(self, report: DiagnosisReport | None) -> None:
        self._window.window_actions.update()
        if report is not None:
            self._window.session.note_diagnosis(report)
