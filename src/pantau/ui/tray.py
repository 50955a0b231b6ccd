"""The tray icon: the worst state at a glance, the summary (and the contract warnings) as its tooltip, and a
notification when offices go down or recover.

When the window runs an alert service, the notifications are its alerts (`hold_alerts`: the same storm-free,
rule-following messages that go to Telegram and e-mail). They are held for the storm window the alert rules use
for channels (shown once no alert came for `storm_settle_seconds`, at most `storm_settle_max_seconds` after the
first), so a cut that takes out many offices one check after another is one balloon ("12 offices down: …"), not
one per office. Without an alert service, the tray says itself which offices went down or recovered, as follows.

Notifications are coalesced: the window hands over every site that went down or recovered in one bridge update,
then calls `flush()`, which shows a single message for all of them ("3 offices down: …"), so a cut that takes out a
whole district is one notification, not thirty. UNREACHABLE sites never reach here (the bridge announces only
DOWN and recovery from it).

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

from pantau.domain.alerts import Alert, AlertKind
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
    """Alerts waiting for the storm window to close, each with the name of its subject and its text."""

    first: float
    alerts: list[tuple[Alert, str, str]] = field(default_factory=list)


def worst_offices(states: Mapping[str, HealthState], names: Mapping[str, str],
                  parents: Mapping[str, str | None]) -> str:
    """The tooltip line naming the worst offices: the DOWN ones, those with the most offices cut off behind them
    (along `parents`, the vantage's tree) first ("Down: Dinas Kesehatan, Kantor Camat Waru (+3)"); the DEGRADED
    ones when none is down; empty when all answer."""
    behind: dict[str, int] = {}
    for site, now in states.items():
        if now is HealthState.UNREACHABLE:
            cause = next((up for up in parent_chain(parents, site) if states.get(up) is HealthState.DOWN), None)
            if cause is not None:
                behind[cause] = behind.get(cause, 0) + 1
    for state, label in ((HealthState.DOWN, QCoreApplication.translate("StateTray", "Down: {names}")),
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
        self._down: list[str] = []
        self._recovered: list[str] = []
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

    def site_went_down(self, name: str) -> None:
        self._down.append(name)

    def site_recovered(self, name: str) -> None:
        self._recovered.append(name)

    def flush(self) -> tuple[str, str] | None:
        """Show one message for everything handed over since the last flush; returns it (None: nothing to say)."""
        message = notification_text(self._down, self._recovered)
        severe = bool(self._down)
        self._down, self._recovered = [], []
        if message is None:
            return None
        self._balloon(message, severe)
        return message

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
        now = time.monotonic()
        if self._held is None:
            self._held = _Held(now)
        held = self._held
        held.alerts += [(alert, name(alert.subject), alert_text(alert, lang)) for alert in alerts]
        wait = max(0.0, min(settle_s, held.first + max_s - now))
        self._hold_timer.start(round(wait * 1000))

    def _show_held(self) -> None:
        held, self._held = self._held, None
        if held is None or not held.alerts:
            return
        severe = any(alert.kind in _SEVERE for alert, _name, _text in held.alerts)
        if len(held.alerts) == 1:
            # One alert says it best itself: since when, how many offices behind it, the diagnosis.
            self._balloon((self.tr("Pantau alert"), held.alerts[0][2]), severe)
            return
        down = [name for alert, name, _text in held.alerts if alert.kind is AlertKind.DOWN]
        recovered = [name for alert, name, _text in held.alerts if alert.kind is AlertKind.RECOVERED]
        texts = [text for alert, _name, text in held.alerts
                 if alert.kind not in (AlertKind.DOWN, AlertKind.RECOVERED)]
        others = texts[:NAMES_IN_MESSAGE]
        if len(texts) > NAMES_IN_MESSAGE:
            others.append(self.tr("and {count} more").format(count=len(texts) - NAMES_IN_MESSAGE))
        counted = notification_text(down, recovered)
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
