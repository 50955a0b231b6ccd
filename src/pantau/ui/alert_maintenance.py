"""The alert settings' Maintenance windows tab: the sites whose alerts are silenced during a window, once
(from, until) or every week (day, start, length), always read and shown in the network's time zone whatever the
computer's zone is; monitoring goes on during a window."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from pantau.domain.alerts import MaintenanceWindow
from pantau.ui.alert_parts import AlertSettingsParts, FieldError, row_table


class MaintenanceEditor(AlertSettingsParts):
    """The Maintenance windows tab of `AlertSettingsDialog` (a part of it: see `alert_parts.AlertSettingsParts`)."""

    def _build_maintenance(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("Alerts of these sites are silenced during the window; monitoring "
                                        "goes on. A site still DOWN when its window ends alerts then.")))
        self.window_table = row_table([self.tr("Sites"), self.tr("When")])
        layout.addWidget(self.window_table, 1)
        form_row = QHBoxLayout()
        sites_column = QVBoxLayout()
        sites_column.addWidget(QLabel(self.tr("Sites in the window:")))
        self.window_sites = QListWidget()
        for site in self._network.sites:
            item = QListWidgetItem(site.name or site.id)
            item.setData(Qt.ItemDataRole.UserRole, site.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.window_sites.addItem(item)
        sites_column.addWidget(self.window_sites, 1)
        form_row.addLayout(sites_column, 1)
        form = QFormLayout()
        self.once_radio = QRadioButton(self.tr("Once"))
        self.weekly_radio = QRadioButton(self.tr("Every week"))
        self.once_radio.setChecked(True)
        form.addRow(self.once_radio)
        now = datetime.now(self._tz).replace(second=0, microsecond=0)
        self.once_start = QDateTimeEdit(self._qdatetime(now))
        self.once_start.setDisplayFormat("dd-MM-yyyy HH:mm")
        self.once_start.setCalendarPopup(True)
        self.once_end = QDateTimeEdit(self._qdatetime(now).addSecs(2 * 3600))
        self.once_end.setDisplayFormat("dd-MM-yyyy HH:mm")
        self.once_end.setCalendarPopup(True)
        form.addRow(self.tr("From"), self.once_start)
        form.addRow(self.tr("Until"), self.once_end)
        form.addRow(self.weekly_radio)
        self.weekly_day = QComboBox()
        for index, name in enumerate(self._weekday_names()):
            self.weekly_day.addItem(name, index)
        self.weekly_time = QTimeEdit(QTime(22, 0))
        self.weekly_time.setDisplayFormat("HH:mm")
        self.weekly_minutes = QSpinBox()
        self.weekly_minutes.setRange(1, 7 * 24 * 60)
        self.weekly_minutes.setValue(120)
        self.weekly_minutes.setSuffix(self.tr(" min"))
        form.addRow(self.tr("Day"), self.weekly_day)
        form.addRow(self.tr("Starts at"), self.weekly_time)
        form.addRow(self.tr("Lasts"), self.weekly_minutes)
        self.add_window_button = QPushButton(self.tr("Add window"))
        self.add_window_button.clicked.connect(self.add_window)
        self.remove_window_button = QPushButton(self.tr("Remove selected"))
        self.remove_window_button.clicked.connect(self.remove_window)
        form.addRow(self.add_window_button, self.remove_window_button)
        form_row.addLayout(form, 1)
        layout.addLayout(form_row, 2)
        once: list[QWidget] = [self.once_start, self.once_end]
        weekly: list[QWidget] = [self.weekly_day, self.weekly_time, self.weekly_minutes]
        for widget in once:
            self.once_radio.toggled.connect(widget.setEnabled)
        for widget in weekly:
            self.weekly_radio.toggled.connect(widget.setEnabled)
            widget.setEnabled(False)
        return page

    def _weekday_names(self) -> list[str]:
        return [self.tr("Monday"), self.tr("Tuesday"), self.tr("Wednesday"), self.tr("Thursday"),
                self.tr("Friday"), self.tr("Saturday"), self.tr("Sunday")]

    def _fill_windows(self) -> None:
        names = {s.id: s.name or s.id for s in self._network.sites}
        self.window_table.setRowCount(len(self._windows))
        for row, window in enumerate(self._windows):
            sites = ", ".join(names.get(s, s) for s in sorted(window.site_ids))
            self.window_table.setItem(row, 0, QTableWidgetItem(sites))
            self.window_table.setItem(row, 1, QTableWidgetItem(self.describe_window(window)))

    def describe_window(self, window: MaintenanceWindow) -> str:
        if window.weekday is None:
            start = datetime.fromtimestamp(window.start, self._tz)
            end = datetime.fromtimestamp(window.end, self._tz)
            return self.tr("{start} to {end}").format(start=start.strftime("%d-%m-%Y %H:%M"),
                                                      end=end.strftime("%d-%m-%Y %H:%M %Z"))
        return self.tr("every {day} at {time} for {minutes} min").format(
            day=self._weekday_names()[window.weekday],
            time=f"{window.start_minute // 60:02d}:{window.start_minute % 60:02d}", minutes=window.duration_minutes)

    def add_window(self) -> None:
        sites = [str(self.window_sites.item(i).data(Qt.ItemDataRole.UserRole))
                 for i in range(self.window_sites.count())
                 if self.window_sites.item(i).checkState() is Qt.CheckState.Checked]
        try:
            if not sites:
                raise FieldError(self.tr("Maintenance sites"), self.tr("tick at least one site"), self.window_sites)
            if self.once_radio.isChecked():
                start, end = self._epoch(self.once_start.dateTime()), self._epoch(self.once_end.dateTime())
                if end <= start:
                    raise FieldError(self.tr("Maintenance until"), self.tr("must be after the start"),
                                     self.once_end)
                window = MaintenanceWindow.once(sites, start, end)
            else:
                window = MaintenanceWindow.weekly(sites, int(self.weekly_day.currentData()),
                                                  self.weekly_time.time().toString("HH:mm"),
                                                  self.weekly_minutes.value())
        except FieldError as error:
            self._show_error(error)
            return
        self._windows.append(window)
        self._fill_windows()
        self.error_label.clear()

    def remove_window(self) -> None:
        rows = sorted({index.row() for index in self.window_table.selectedIndexes()}, reverse=True)
        for row in rows:
            del self._windows[row]
        self._fill_windows()

    def _qdatetime(self, local: datetime) -> QDateTime:
        return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))

    def _epoch(self, value: QDateTime) -> float:
        """A date and time read in the network's time zone, whatever the computer's zone is."""
        date, time = value.date(), value.time()
        return datetime(date.year(), date.month(), date.day(), time.hour(), time.minute(),
                        tzinfo=self._tz).timestamp()
