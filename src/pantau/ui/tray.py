"""The tray icon: the worst state at a glance, the summary (and the contract warnings) as its tooltip, and a
notification when offices go down or recover.

When the window runs an alert service, the notifications are its alerts (`hold_alerts`: the same storm-free,
rule-following messages that go to Telegram and e-mail). Without one, the tray says itself which offices went down
or recovered: the window hands over every site that went down (with how many offices are cut off behind it) or
recovered in one bridge update, then calls `flush()`. UNREACHABLE sites never reach here (the bridge announces only
DOWN and recovery from it).

Either way a storm is one balloon: what came is held for a storm window (shown once nothing new came for
`storm_settle_seconds`, at most `storm_settle_max_seconds` after the first; the alert rules' values, which the
alert service gives with its alerts, and their defaults without one). A cut that takes out many offices one check
after another is then one balloon ("12 offices down: …", the offices with most behind them named first), not one
per office or per update. An office that goes down and comes back within one storm window is not mentioned.

Without a system tray (a bare X server, the offscreen platform) `StateTray.available()` is False and the window
makes no tray: closing the window then quits. The class still works without one being shown, which the tests use.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from pantau.domain.alerts import Alert, AlertKind, AlertRules
from pantau.domain.inventory import parent_chain
from pantau.domain.states import HealthState, worst
from pantau.reporting.alert_text import alert_text
from pantau.ui.state_style import state_icon

ICON_SIZE = 64
NAMES_IN_MESSAGE = 5
NAMES_IN_TOOLTIP = 2
MESSAGE_MS = 10_000


# Alerts whose balloon is a warning, not information.
_SEVERE = frozenset({AlertKind.DOWN, AlertKind.FLAPPING})


@dataclass
class _Held:
    """What waits for the storm window to close: alerts, each with the name of its subject and its text; offices
    that went down (by name, with the most offices seen cut off behind each) and recovered."""

    first: float
    alerts: list[tuple[Alert, str, str]] = field(default_factory=list)
    down: dict[str, int] = field(default_factory=dict)
    recovered: list[str] = field(default_factory=list)

    def site_went_down(self, name: str) -> None:
        if name in self.recovered:
            # Announced down before this storm, back, and down again: nothing changed for the user.
            self.recovered.remove(name)
        else:
            self.down.setdefault(name, 0)

    def site_recovered(self, name: str) -> None:
        if name in self.down:
            # Down and back within one storm window: never announced, so nothing to say.
            del self.down[name]
        else:
            self.recovered.append(name)

    def worst_down(self) -> list[str]:
        """The offices that went down, those with the most offices behind them first."""
        return sorted(self.down, key=lambda name: (-self.down[name], name.casefold()))


def offices_behind(states: Mapping[str, HealthState], parents: Mapping[str, str | None]) -> dict[str, int]:
    """For each DOWN site with UNREACHABLE sites behind it (along `parents`, the vantage's tree), how many."""
    behind: dict[str, int] = {}
    for site, now in states.items():
        if now is HealthState.UNREACHABLE:
            cause = next((up for up in parent_chain(parents, site) if states.get(up) is HealthState.DOWN), None)
            if cause is not None:
                behind[cause] = behind.get(cause, 0) + 1
    return behind


def worst_offices(states: Mapping[str, HealthState], names: Mapping[str, str],
                  parents: Mapping[str, str | None]) -> str:
    """The tooltip line naming the worst offices: the DOWN ones, those with the most offices cut off behind them
    (along `parents`, the vantage's tree) first ("Down: Dinas Kesehatan, Kantor Camat Waru (+3)"); the DEGRADED
    ones when none is down; empty when all answer."""
    behind = offices_behind(states, parents)
    for state, label in ((HealthState.DOWN, QCoreApplication.translate("StateTray", "Down: {names}")),
                         (HealthState.PATH_BROKEN, QCoreApplication.translate("StateTray", "Path broken: {names}")),
                         (HealthState.DEGRADED, QCoreApplication.translate("StateTray", "Degraded: {names}"))):
        worst_first = sorted((site for site, now in states.items() if now is state),
                             key=lambda site: (-behind.get(site, 0), names.get(site, site).casefold()))
        if worst_first:
            shown = ", ".join(names.get(site, site) for site in worst_first[:NAMES_IN_TOOLTIP])
            more = len(worst_first) - NAMES_IN_TOOLTIP
            return label.format(names=shown + (f" (+{more})" if more > 0 else ""))
    return ""


def _names(names: Sequence[str]) -> str:
    shown = ", ".join(names[:NAMES_IN_MESSAGE])
    more = len(names) - NAMES_IN_MESSAGE
    if more > 0:
        return QCoreApplication.translate("StateTray", "{names} and {count} more").format(names=shown, count=more)
    return shown


def notification_text(down: Sequence[str], recovered: Sequence[str]) -> tuple[str, str] | None:
    """(title, body) of the one message for the offices that went down and those that recovered in one update;
    None when there are neither."""
    if not down and not recovered:
        return None
    # Written so that lupdate finds every string: QCoreApplication.translate spelled out (never an alias), and the
    # count a plain name (lupdate loses a translate() whose count is a call, like len(down)).
    # Singular and plural spelled out: without an English translation file Qt would print "3 office(s) down".
    down_count, recovered_count = len(down), len(recovered)
    if down_count == 1:
        down_line = QCoreApplication.translate("StateTray", "1 office down")
    else:
        down_line = QCoreApplication.translate("StateTray", "%n offices down", "", down_count)
    if recovered_count == 1:
        recovered_line = QCoreApplication.translate("StateTray", "1 office recovered")
    else:
        recovered_line = QCoreApplication.translate("StateTray", "%n offices recovered", "", recovered_count)
    if down and recovered:
        down_text = QCoreApplication.translate("StateTray", "Down: {names}").format(names=_names(down))
        recovered_text = QCoreApplication.translate("StateTray", "Recovered: {names}").format(
            names=_names(recovered))
        return f"{down_line} · {recovered_line}", f"{down_text}\n{recovered_text}"
    if down:
        return down_line, _names(down)
    return recovered_line, _names(recovered)


class StateTray(QObject):
    """A tray icon with Show, the actions given (pause, …) and Quit in its menu.

    `showRequested` when the icon is clicked or Show is chosen; `quitRequested` for Quit.
    """

    showRequested = Signal()
    quitRequested = Signal()
    messageShown = Signal(str, str)

    def __init__(self, actions: Iterable[QAction] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Sites handed over since the last flush, by name.
        self._down: list[str] = []
        self._recovered: list[str] = []
        defaults = AlertRules()
        self._storm_window = (defaults.storm_settle_seconds, defaults.storm_settle_max_seconds)
        self._state: HealthState | None = None
        self._summary = ""
        self._contract_note = ""
        self._worst = ""
        self.last_message: tuple[str, str] | None = None
        self._held: _Held | None = None
        self._hold_timer = QTimer(self)
        self._hold_timer.setSingleShot(True)
        self._hold_timer.timeout.connect(self._show_held)
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self.show_action = QAction(self)
        self.show_action.triggered.connect(self.showRequested)
        self.quit_action = QAction(self)
        self.quit_action.triggered.connect(self.quitRequested)
        self.menu.addAction(self.show_action)
        self.menu.addSeparator()
        for action in actions:
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)
        self.retranslate_ui()
        self.set_states([], "")

    def retranslate_ui(self) -> None:
        """Set the menu's texts in the current language (the window calls this on a language change: the tray is
        not a widget, so Qt does not tell it)."""
        self.show_action.setText(self.tr("Show Pantau"))
        self.quit_action.setText(self.tr("Quit Pantau"))

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def is_visible(self) -> bool:
        return self.icon.isVisible()

    def state(self) -> HealthState | None:
        """The state the icon shows: the worst of all sites."""
        return self._state

    def set_states(self, states: Iterable[HealthState], summary: str, worst_offices: str = "") -> None:
        """The icon's state and the tooltip: the summary, then `worst_offices` (see `worst_offices()`)."""
        state = worst(states)
        if state is not self._state:
            self._state = state
            self.icon.setIcon(state_icon(state, ICON_SIZE))
        self._summary = summary
        self._worst = worst_offices
        self._show_tooltip()

    def set_contract_note(self, note: str) -> None:
        """A second tooltip line about the contracts (e.g. "2 contract warnings"); empty for none."""
        self._contract_note = note
        self._show_tooltip()

    def tooltip(self) -> str:
        return self.icon.toolTip()

    def _show_tooltip(self) -> None:
        lines = [f"Pantau — {self._summary}" if self._summary else "Pantau", self._worst, self._contract_note]
        self.icon.setToolTip("\n".join(line for line in lines if line))

    def set_storm_window(self, settle_s: float, max_s: float) -> None:
        """How long offices handed over without an alert service are held (see the module docstring)."""
        self._storm_window = (settle_s, max_s)

    def site_went_down(self, name: str) -> None:
        self._down.append(name)

    def site_recovered(self, name: str) -> None:
        self._recovered.append(name)

    def flush(self, behind: Mapping[str, int] | None = None) -> bool:
        """Hold everything handed over since the last flush for the storm's one balloon; False when there was
        nothing new. `behind`: how many offices are now cut off behind each office that is down (by name), which
        orders the held ones worst first (the offices behind a cut are found one check after another)."""
        new = bool(self._down or self._recovered)
        if new:
            held = self._hold()
            for name in self._down:
                held.site_went_down(name)
            for name in self._recovered:
                held.site_recovered(name)
            self._down, self._recovered = [], []
            self._wait(*self._storm_window)
        if self._held is not None and behind:
            for name, count in self._held.down.items():
                self._held.down[name] = max(count, behind.get(name, 0))
        return new

    def pending(self) -> bool:
        """Whether a balloon is held for the storm window to close."""
        return self._held is not None

    def _hold(self) -> _Held:
        if self._held is None:
            self._held = _Held(time.monotonic())
        return self._held

    def _wait(self, settle_s: float, max_s: float) -> None:
        """Show the held balloon once nothing new came for `settle_s`, at most `max_s` after the first held."""
        if self._held is not None:
            wait = max(0.0, min(settle_s, self._held.first + max_s - time.monotonic()))
            self._hold_timer.start(round(wait * 1000))

    def _balloon(self, message: tuple[str, str], severe: bool) -> None:
        self.last_message = message
        level = QSystemTrayIcon.MessageIcon.Warning if severe else QSystemTrayIcon.MessageIcon.Information
        if self.icon.isVisible():
            self.icon.showMessage(message[0], message[1], level, MESSAGE_MS)
        self.messageShown.emit(*message)

    def hold_alerts(self, alerts: Sequence[Alert], name: Callable[[str], str], lang: str, settle_s: float,
                    max_s: float) -> None:
        """Alerts the alert service raised (already storm-free: one per parent, flapping damped), `name` giving a
        site's name and `lang` their language. Shown as one balloon once no alert came for `settle_s`, at most
        `max_s` after the first held one."""
        self._hold().alerts += [(alert, name(alert.subject), alert_text(alert, lang)) for alert in alerts]
        self._wait(settle_s, max_s)

    def _show_held(self) -> None:
        held, self._held = self._held, None
        if held is None:
            return
        severe = bool(held.down) or any(alert.kind in _SEVERE for alert, _name, _text in held.alerts)
        if len(held.alerts) == 1 and not held.down and not held.recovered:
            # One alert says it best itself: since when, how many offices behind it, the diagnosis.
            self._balloon((self.tr("Pantau alert"), held.alerts[0][2]), severe)
            return
        down = [name for alert, name, _text in held.alerts if alert.kind is AlertKind.DOWN] + held.worst_down()
        recovered = [name for alert, name, _text in held.alerts if alert.kind is AlertKind.RECOVERED] \
            + held.recovered
        texts = [text for alert, _name, text in held.alerts
                 if alert.kind not in (AlertKind.DOWN, AlertKind.RECOVERED)]
        others = texts[:NAMES_IN_MESSAGE]
        if len(texts) > NAMES_IN_MESSAGE:
            others.append(self.tr("and {count} more").format(count=len(texts) - NAMES_IN_MESSAGE))
        counted = notification_text(down, recovered)
        if counted is None and not texts:
            # Every office that went down came back within the storm window: nothing to say.
            return
        if counted is None:
            message = (self.tr("%n Pantau alerts", "", len(texts)), "\n".join(others))
        else:
            message = (counted[0], "\n".join([counted[1], *others]))
        self._balloon(message, severe)

    def notify(self, title: str, body: str) -> None:
        """A one-off message (e.g. "still running in the tray")."""
        if self.icon.isVisible():
            self.icon.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.showRequested.emit()
