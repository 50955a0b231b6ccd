"""The notice above the map while the bundled sample network is shown: what it is and how to load one's own
network, with a button to dismiss it. It says its texts again in a new language by itself."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget


class SampleBanner(QFrame):
    """A yellow strip naming the sample network; Dismiss hides it (the window hides it too once a real network
    is imported)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sampleBanner")
        self.setStyleSheet("#sampleBanner { background: #fff4c2; border-bottom: 1px solid #d8b84a; }"
                           "#sampleBanner QLabel { color: #3d3000; }")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        self.text = QLabel(self)
        self.text.setObjectName("sampleBannerText")
        self.text.setWordWrap(True)
        self.close_button = QToolButton(self)
        self.close_button.clicked.connect(self.hide)
        row.addWidget(self.text, 1)
        row.addWidget(self.close_button)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.text.setText(self.tr(
            "This is the bundled SAMPLE network (loopback addresses only). "
            "Load your own network with File ▸ Open network file, or: pantau import FILE"))
        self.close_button.setText(self.tr("Dismiss"))
        self.close_button.setToolTip(self.tr("Hide this notice"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
