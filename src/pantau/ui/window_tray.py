"""The main window's tray integration: what the tray icon (ui/tray.py) hears of the window's session.

The icon follows the states (the worst state, the summary and the worst offices as its tooltip) and the contract
risks (a tooltip line). The balloons follow the alerts when the session runs an alert service, else the offices
that went down or recovered (with how many offices are cut off behind each): one balloon per storm either way. The
tray also says when monitoring stopped and, once, that closing the window leaves Pantau in the tray. Show and Quit
in its menu go back to the window.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from pantau.domain.alerts import Alert, AlertRules
from pantau.domain.contract_risk import RiskLevel, SiteContractRisk
from pantau.domain.inventory import Network
from pantau.domain.reachability import build_site_graph
from pantau.ui.tray import StateTray, offices_behind, worst_offices

if TYPE_CHECKING:
    from pantau.ui.main_window import MainWindow


class WindowTray(QObject):
    """Connects `tray` to `window`'s session; the window calls `show_states()` when its summary changes."""

    def __init__(self, window: MainWindow, tray: StateTray) -> None:
        super().__init__(window)
        self._window = window
        self.tray = tray
        self._told_about_tray = False
        # The vantage's tree of sites, worked out once per network, not at every state update.
        self._tree_of: Network | None = None
        self._tree: dict[str, str | None] = {}
        tray.showRequested.connect(window.show_from_tray)
        tray.quitRequested.connect(window.request_quit)
        session = window.session
        session.contractRisksChanged.connect(self.show_contract_risks)
        session.alertsRaised.connect(self._on_alerts)
        session.siteWentDown.connect(self._on_site_down)
        session.siteRecovered.connect(self._on_site_recovered)
        session.updated.connect(self._on_updated)
        session.engineFailed.connect(lambda reason: self.tray.notify(self.tr("Pantau stopped monitoring"), reason))

    def retranslate(self) -> None:
        self.tray.retranslate_ui()
        self.show_contract_risks(self._window.session.contract_risks)

    def show_states(self, summary: str) -> None:
        """The icon's state and the tooltip: `summary`, then the worst offices."""
        states = self._window.session.states
        self.tray.set_states(states.values(), summary, worst_offices(states, self._names(), self._parents()))

    def _parents(self) -> dict[str, str | None]:
        network = self._window.session.network
        if self._tree_of is not network:
            self._tree_of, self._tree = network, build_site_graph(network).site_parents()
        return self._tree

    def _names(self) -> dict[str, str]:
        return {site.id: site.name for site in self._window.session.network.sites}

    def show_contract_risks(self, risks: Mapping[str, SiteContractRisk]) -> None:
        """The tooltip's contract line, from the risks the session works out."""
        at_risk = sum(1 for risk in risks.values() if risk.level >= RiskLevel.AT_RISK)
        if at_risk == 0:
            note = ""
        elif at_risk == 1:
            note = self.tr("Contracts: 1 office lapsed or at risk")
        else:
            note = self.tr("Contracts: %n offices lapsed or at risk", "", at_risk)
        self.tray.set_contract_note(note)

    def tell_still_monitoring(self) -> None:
        """Once per run, when the window first hides to the tray."""
        if not self._told_about_tray:
            self._told_about_tray = True
            self.tray.notify(self.tr("Pantau is still monitoring"),
                             self.tr("Closing the window keeps Pantau in the tray. Choose Quit to stop."))

    def _on_alerts(self, alerts: list[Alert]) -> None:
        """Alerts raised by the alert service: one tray message for those of one storm window (the service has
        already summarised each parent's storm and damped flapping; this gathers the offices that go down one
        check after another)."""
        session = self._window.session
        service = session.alert_service
        rules = service.rules if service is not None else AlertRules()
        self.tray.hold_alerts(alerts, session.site_name, self._window.language(), rules.storm_settle_seconds,
                              rules.storm_settle_max_seconds)

    def _on_updated(self, _when: float) -> None:
        """The end of one bridge update: the offices handed over go into the storm's balloon, with how many
        offices are cut off behind each office down by now (the balloon names those with most first)."""
        if self._window.session.alert_service is not None and not self.tray.pending():
            return  # nothing is handed over: the alerts have their own storm window
        names = self._names()
        behind = offices_behind(self._window.session.states, self._parents())
        self.tray.flush({names.get(site, site): count for site, count in behind.items()})

    def _on_site_down(self, site_id: str) -> None:
        session = self._window.session
        # With an alert service the tray shows its alerts instead (storms summarised, the rules followed).
        if session.alert_service is None:
            self.tray.site_went_down(session.site_name(site_id))

    def _on_site_recovered(self, site_id: str) -> None:
        session = self._window.session
        if session.alert_service is None:
            self.tray.site_recovered(session.site_name(site_id))
