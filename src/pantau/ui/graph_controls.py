"""The graphs' controls: the toolbar (preset ranges, Custom…, the pinned references, "Seen from" when the history
comes from the shared store, PNG and CSV export) and the custom range row (From and To editors in the network's
time zone, and Apply).

They own no data: they say what the user asked for through signals, and `graphs.SiteGraphs` acts on it. The
editors write the date as the rest of the window does ("5 Des 2026 14:05" / "5 Dec 2026 14:05", see `ui.formats`).
Every text follows a live change of language.
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QEvent, QLocale, QTimeZone, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QWidget,
)

from pantau.domain.inventory import Network, TargetRole
from pantau.ui.graph_data import reference_spec

__all__ = ["RANGE_NAMES", "CustomRangeRow", "GraphToolbar"]

# The preset ranges, in the order of their buttons ("live" is the quarter hour updated every second).
RANGE_NAMES = ("live", "1h", "24h", "7d", "30d")


class GraphToolbar(QWidget):
    """`rangeChosen(name)`, `customToggled(shown)`, `referencesToggled()`, `vantageChosen(vantage)`,
    `exportAsked("png" | "csv")`."""

    rangeChosen = Signal(str)
    vantageChosen = Signal(str)
    customToggled = Signal(bool)
    referencesToggled = Signal()
    exportAsked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        self._buttons = QButtonGroup(self)
        self._buttons.setExclusive(False)  # a custom range checks none of them
        # Compact: the bar must fit a dock under a 720-pixel-wide window.
        for name in RANGE_NAMES:
            button = QToolButton()
            button.setCheckable(True)
            button.setChecked(name == "live")
            button.setProperty("range", name)
            button.clicked.connect(lambda _=False, n=name: self.rangeChosen.emit(n))
            self._buttons.addButton(button)
            bar.addWidget(button)
        self._custom = QToolButton()
        self._custom.setCheckable(True)
        self._custom.toggled.connect(self.customToggled)
        bar.addWidget(self._custom)
        bar.addSpacing(8)
        self.server_box = QCheckBox()
        self.isp_box = QCheckBox()
        for box in (self.server_box, self.isp_box):
            box.toggled.connect(lambda _on: self.referencesToggled.emit())
            bar.addWidget(box)
        # Which vantage's rounds the graphs draw; shown only over the shared store (`set_vantages`).
        bar.addSpacing(8)
        self._seen_label = QLabel()
        self.vantage_box = QComboBox()
        self._seen_label.setBuddy(self.vantage_box)
        self.vantage_box.currentTextChanged.connect(self._vantage_changed)
        bar.addWidget(self._seen_label)
        bar.addWidget(self.vantage_box)
        self.set_vantages([], "")
        bar.addStretch(1)
        self._png = QToolButton()
        self._png.clicked.connect(lambda: self.exportAsked.emit("png"))
        self._csv = QToolButton()
        self._csv.clicked.connect(lambda: self.exportAsked.emit("csv"))
        bar.addWidget(self._png)
        bar.addWidget(self._csv)
        self._network: Network | None = None
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        names = {"live": self.tr("Live"), "1h": self.tr("1 h"), "24h": self.tr("24 h"), "7d": self.tr("7 d"),
                 "30d": self.tr("30 d")}
        for button in self._buttons.buttons():
            button.setText(names[button.property("range")])
            if button.property("range") == "live":
                button.setToolTip(self.tr("The last 15 minutes, updated every second"))
        self._custom.setText(self.tr("Custom…"))
        self._custom.setToolTip(self.tr("Choose the start and end of the range"))
        self.server_box.setText(self.tr("Server"))
        self.isp_box.setText(self.tr("ISP gateway"))
        self._seen_label.setText(self.tr("Seen from"))
        self.vantage_box.setToolTip(self.tr("Whose measurements the graphs and outages show: each agent probes "
                                            "from its own office"))
        self._png.setText(self.tr("PNG…"))
        self._png.setToolTip(self.tr("Save the graph as a PNG image"))
        self._csv.setText(self.tr("CSV…"))
        self._csv.setToolTip(self.tr("Save the data in view as CSV"))
        if self._network is not None:
            self.set_network(self._network)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def reference_label(self, role: TargetRole) -> str:
        return self.tr("Server") if role is TargetRole.SERVER else self.tr("ISP gateway")

    def set_network(self, network: Network) -> None:
        """Enable the reference boxes the network has a target for."""
        self._network = network
        tips = {TargetRole.SERVER: self.tr("Pin the central server's latency as a dashed reference line"),
                TargetRole.ISP_GATEWAY: self.tr("Pin the ISP gateway's latency as a dashed reference line")}
        for box, role in self.reference_boxes():
            available = reference_spec(network, role, "") is not None
            box.setEnabled(available)
            box.setToolTip(tips[role] if available else self.tr("The network has no enabled target with this role"))

    def reference_boxes(self) -> list[tuple[QCheckBox, TargetRole]]:
        return [(self.server_box, TargetRole.SERVER), (self.isp_box, TargetRole.ISP_GATEWAY)]

    def set_references(self, server: bool, isp: bool) -> None:
        """Check the boxes without saying so (the caller rebuilds)."""
        for box, on in ((self.server_box, server), (self.isp_box, isp)):
            box.blockSignals(True)
            box.setChecked(on)
            box.blockSignals(False)

    def set_vantages(self, vantages: list[str], current: str) -> None:
        """Offer `vantages` with `current` chosen, without saying so (the caller reads); none hides the choice."""
        self.vantage_box.blockSignals(True)
        self.vantage_box.clear()
        self.vantage_box.addItems(vantages)
        self.vantage_box.setCurrentText(current)
        self.vantage_box.blockSignals(False)
        for widget in (self._seen_label, self.vantage_box):
            widget.setVisible(bool(vantages))

    def _vantage_changed(self, vantage: str) -> None:
        if vantage:
            self.vantageChosen.emit(vantage)

    def check_range(self, name: str) -> None:
        """Check the button of preset range `name` ("" for a custom range: none)."""
        for button in self._buttons.buttons():
            button.setChecked(button.property("range") == name)

    def range_buttons(self) -> list[QAbstractButton]:
        return list(self._buttons.buttons())

# Qt's short month names are the first three letters of the month in both languages, as `formats.short_month` is.
DISPLAY_FORMAT = "d MMM yyyy HH:mm"


class CustomRangeRow(QWidget):
    """`applied(start, end)` in epoch seconds when the user presses Apply (the graphs check the order)."""

    applied = Signal(float, float)

    def __init__(self, offset_s: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._offset_s = offset_s
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._from_label = QLabel()
        self._to_label = QLabel()
        self._from_edit = QDateTimeEdit()
        self._to_edit = QDateTimeEdit()
        for label, edit in ((self._from_label, self._from_edit), (self._to_label, self._to_edit)):
            edit.setDisplayFormat(DISPLAY_FORMAT)
            edit.setCalendarPopup(True)
            layout.addWidget(label)
            layout.addWidget(edit)
        self._zone_label = QLabel()
        layout.addWidget(self._zone_label)
        self._apply = QPushButton()
        self._apply.setObjectName("applyCustomRange")
        self._apply.clicked.connect(self._applied)
        layout.addWidget(self._apply)
        layout.addStretch(1)
        self.set_offset(offset_s)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self._from_label.setText(self.tr("From"))
        self._to_label.setText(self.tr("to"))
        self._apply.setText(self.tr("Apply"))
        for edit in (self._from_edit, self._to_edit):
            edit.setLocale(QLocale())
            # The format is read again in the new locale's month names.
            edit.setDisplayFormat(DISPLAY_FORMAT)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def set_offset(self, offset_s: int) -> None:
        # A fixed offset rather than the IANA zone: Indonesia keeps no daylight saving time, and a fixed offset
        # needs no time zone database in the frozen build.
        self._offset_s = offset_s
        zone = QTimeZone.fromSecondsAheadOfUtc(offset_s)
        for edit in (self._from_edit, self._to_edit):
            edit.setTimeZone(zone)
        hours, rest = divmod(abs(offset_s), 3600)
        sign = "+" if offset_s >= 0 else "−"
        self._zone_label.setText(f"UTC{sign}{hours}" + (f":{rest // 60:02d}" if rest else ""))

    def show_range(self, start: float, end: float) -> None:
        zone = QTimeZone.fromSecondsAheadOfUtc(self._offset_s)
        self._from_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(start), zone))
        self._to_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(end), zone))

    def edits(self) -> tuple[QDateTimeEdit, QDateTimeEdit]:
        return self._from_edit, self._to_edit

    def _applied(self) -> None:
        self.applied.emit(float(self._from_edit.dateTime().toSecsSinceEpoch()),
                          float(self._to_edit.dateTime().toSecsSinceEpoch()))
