"""The red banner above the map that says monitoring has stopped on an error, with the reason and a way to start
again: an engine that dies must be seen the moment it does, not found at shutdown or guessed from grey markers."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

_RED = ("#monitoringFailedBanner { background: #b00020; border-bottom: 1px solid #7a0016; }"
        "#monitoringFailedBanner QLabel { color: white; font-weight: bold; }")


class MonitoringFailedBanner(QFrame):
    """Hidden until `show_failure(reason)`; `restartRequested` when "Restart monitoring" is pressed."""

    restartRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monitoringFailedBanner")
        self.setStyleSheet(_RED)
        self.text = QLabel(self)
        self.text.setObjectName("monitoringFailedText")
        self.text.setWordWrap(True)
        self.restart_button = QPushButton(self)
        self.restart_button.setObjectName("restartMonitoringButton")
        self.restart_button.clicked.connect(self.restartRequested)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.restart_button)
        self._reason = ""
        self.hide()
        self.retranslate_ui()

    def show_failure(self, reason: str) -> None:
        self._reason = reason
        self.retranslate_ui()
        self.show()

    def clear(self) -> None:
        self._reason = ""
        self.hide()

    def retranslate_ui(self) -> None:
        self.restart_button.setText(self.tr("Restart monitoring"))
        self.text.setText(self.tr("Monitoring stopped on an error: {reason}. Nothing is probed and every office "
                                  "shows Unknown until monitoring restarts.").format(reason=self._reason))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
