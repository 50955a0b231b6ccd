"""The main window's status bar: the state summary, when the states were last updated, how ICMP is sent (or that
it cannot be), the offices missing from the map, and the alerts waiting to be sent.

The window says what to show; this keeps each label and says it again in another language (`retranslate()`): the
update text is kept as a function for that reason, the ICMP mode and the queue length as they were last given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QMainWindow


class WindowStatusBar(QObject):
    """The labels of `window`'s status bar (found by their object names: stateSummary, lastUpdate, icmpMode,
    unplacedSites, queuedAlerts)."""

    def __init__(self, window: QMainWindow, privilege_hint: Callable[[], str] | None = None) -> None:
        super().__init__(window)
        self._window = window
        # Why ICMP cannot be sent, from the pinger (None: there is no pinger to ask).
        self._privilege_hint = privilege_hint
        self.summary = QLabel(window)
        self.summary.setObjectName("stateSummary")
        self.updated_label = QLabel(window)
        self.updated_label.setObjectName("lastUpdate")
        self.icmp_label = QLabel(window)
        self.icmp_label.setObjectName("icmpMode")
        self.unplaced = QLabel(window)
        self.unplaced.setObjectName("unplacedSites")
        self.queued_label = QLabel(window)
        self.queued_label.setObjectName("queuedAlerts")
        self.queued_label.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.queued_label.hide()
        self._queued_alerts = 0
        self._icmp_mode: str | None = None
        self._updated_text: Callable[[], str] = lambda: ""
        bar = window.statusBar()
        bar.addWidget(self.unplaced)
        bar.addPermanentWidget(self.queued_label)
        bar.addPermanentWidget(self.summary)
        bar.addPermanentWidget(self.updated_label)
        bar.addPermanentWidget(self.icmp_label)

    def retranslate(self) -> None:
        """Say the update time, the ICMP mode and the queue again in the current language (the summary and the
        unplaced offices are given again by the window)."""
        self.updated_label.setText(self._updated_text())
        if self._icmp_mode is not None:
            self.show_icmp_mode(self._icmp_mode, announce=False)
        if self._queued_alerts:
            self.show_queued_alerts(self._queued_alerts)

    def set_summary(self, summary: str) -> None:
        self.summary.setText(summary)

    def set_updated_text(self, text: Callable[[], str]) -> None:
        """What the update label says, as a function so that it can be said again in another language."""
        self._updated_text = text
        self.updated_label.setText(text())

    def show_icmp_mode(self, mode: str, announce: bool = True) -> None:
        """How this computer sends ICMP ("raw", "dgram") or "none"; `announce` says "none" in the message area
        too."""
        self._icmp_mode = mode
        label = self.icmp_label
        if mode == "none":
            hint = self._privilege_hint() if self._privilege_hint is not None else ""
            label.setText("⚠ " + self.tr("ICMP unavailable"))
            label.setStyleSheet("color: #8a1c1c; font-weight: bold;")
            label.setToolTip(hint or self.tr("This computer may not send ICMP echo requests"))
            if announce:
                self._window.statusBar().showMessage(
                    self.tr("ICMP checks cannot run: {hint}").format(hint=hint), 30_000)
        else:
            label.setText(self.tr("ICMP: {mode}").format(mode=mode))
            label.setStyleSheet("")
            label.setToolTip(self.tr("How this computer sends ICMP echo requests (raw or datagram sockets)"))

    def show_unplaced(self, missing: Sequence[str], problems: Sequence[str]) -> None:
        """The offices (names) the map cannot place, and the map layers that could not be read."""
        if missing:
            self.unplaced.setText(self.tr("%n site(s) without coordinates are not on the map", "", len(missing)))
            self.unplaced.setToolTip("\n".join(missing))
        else:
            self.unplaced.clear()
            self.unplaced.setToolTip("")
        if problems:
            # A broken installation still shows the offices; say why the map is bare instead of failing.
            self._window.statusBar().showMessage(self.tr("Map layers missing: {problems}").format(
                problems="; ".join(problems)))

    def show_queued_alerts(self, count: int) -> None:
        self._queued_alerts = count
        label = self.queued_label
        label.setVisible(count > 0)
        if count == 1:
            label.setText(self.tr("1 alert waiting to be sent"))
        else:
            label.setText(self.tr("%n alerts waiting to be sent", "", count))
        label.setToolTip(self.tr("The line out is down or a channel fails: queued alerts are sent, in order and "
                                 "marked as delayed, when it is back (see View ▸ Alerts)"))
