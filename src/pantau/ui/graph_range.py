"""The graphs' custom range row: From and To editors in the network's time zone, and Apply.

The editors write the date as the rest of the window does ("5 Des 2026 14:05" / "5 Dec 2026 14:05", see
`ui.formats`), in the interface language, and follow a live change of it.
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QEvent, QLocale, QTimeZone, Signal
from PySide6.QtWidgets import QDateTimeEdit, QHBoxLayout, QLabel, QPushButton, QWidget

__all__ = ["CustomRangeRow"]

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
