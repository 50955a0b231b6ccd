"""The week heat-map of a line's utilisation: weekday by hour of the day, in the network's local time.

Each cell is the mean utilisation of that hour over the last weeks (`reporting.traffic_series.week_heatmap`),
coloured on the utilisation scale shared with the map's link colours (`utilisation_colour`). A cell nobody measured
is grey and hatched, "no data", never the colour of an idle line. Hovering a cell names it: "Mon 09:00–10:00: 93 %
(4 hours measured)". Weekday names and every label follow the interface language.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from pantau.reporting.traffic_series import WeekHeatmap
from pantau.ui.formats import format_percent

# Upper bounds (percent of the contracted rate, exclusive) and colours: quiet to full. A line at 90 % or more is
# full (congestion evidence, `domain.traffic.FULL_PERCENT`).
UTILISATION_SCALE: tuple[tuple[float, str], ...] = (
    (25.0, "#c8e6c9"), (50.0, "#81c784"), (75.0, "#fdd835"), (90.0, "#fb8c00"), (math.inf, "#d32f2f"),
)
NO_DATA_COLOUR = QColor("#e0e0e0")
_LABEL_GAP = 6


def utilisation_colour(percent: float) -> QColor:
    """The colour of a utilisation on the shared scale; NaN (not measured) is the no-data grey."""
    if math.isnan(percent):
        return QColor(NO_DATA_COLOUR)
    return QColor(next(colour for bound, colour in UTILISATION_SCALE if percent < bound))


class WeekHeatmapWidget(QWidget):
    """Draws one `WeekHeatmap`; `set_heatmap(None)` shows that there is nothing to draw."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._heatmap: WeekHeatmap | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)

    def set_heatmap(self, heatmap: WeekHeatmap | None) -> None:
        self._heatmap = heatmap
        self.update()

    def heatmap(self) -> WeekHeatmap | None:
        return self._heatmap

    def weekday_names(self) -> list[str]:
        return [self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"), self.tr("Fri"), self.tr("Sat"),
                self.tr("Sun")]

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(24 * 18 + 60, 7 * max(14, line) + 2 * line + 12)

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(24 * 6 + 40, 7 * 7 + line + 6)

    def cell_rect(self, weekday: int, hour: int) -> QRectF:
        grid = self._grid()
        width, height = grid.width() / 24, grid.height() / 7
        return QRectF(grid.left() + hour * width, grid.top() + weekday * height, width, height)

    def cell_at(self, point: QPoint) -> tuple[int, int] | None:
        grid = self._grid()
        if not grid.contains(point.toPointF()):
            return None
        hour = min(23, int((point.x() - grid.left()) / (grid.width() / 24)))
        weekday = min(6, int((point.y() - grid.top()) / (grid.height() / 7)))
        return weekday, hour

    def cell_text(self, weekday: int, hour: int) -> str:
        """What a cell says when hovered."""
        span = f"{self.weekday_names()[weekday]} {hour:02d}:00–{(hour + 1) % 24:02d}:00"
        if self._heatmap is None or math.isnan(self._heatmap.percent[weekday, hour]):
            return self.tr("%1: no data").replace("%1", span)
        hours = int(self._heatmap.hours[weekday, hour])
        measured = self.tr("1 hour measured") if hours == 1 else self.tr("%1 hours measured").replace("%1", str(hours))
        return f"{span}: {format_percent(float(self._heatmap.percent[weekday, hour]), 0)} ({measured})"

    def _grid(self) -> QRectF:
        metrics = self.fontMetrics()
        left = max(metrics.horizontalAdvance(name) for name in self.weekday_names()) + _LABEL_GAP
        top = metrics.height() + 2
        return QRectF(left, top, max(1.0, self.width() - left - 2), max(1.0, self.height() - top - 2))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        grid = self._grid()
        metrics = self.fontMetrics()
        painter.setPen(self.palette().windowText().color())
        for weekday, name in enumerate(self.weekday_names()):
            row = self.cell_rect(weekday, 0)
            painter.drawText(QRectF(0, row.top(), grid.left() - _LABEL_GAP, row.height()),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), name)
        step = 3 if grid.width() / 24 < metrics.horizontalAdvance("00") + 4 else 1
        for hour in range(0, 24, step):
            cell = self.cell_rect(0, hour)
            painter.drawText(QRectF(cell.left(), 0, cell.width() * step, grid.top()),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), f"{hour:02d}")
        percent = self._heatmap.percent if self._heatmap is not None else np.full((7, 24), np.nan)
        hatch = QBrush(QColor("#9e9e9e"), Qt.BrushStyle.BDiagPattern)
        painter.setPen(QPen(QColor("white"), 1))
        for weekday in range(7):
            for hour in range(24):
                rect = self.cell_rect(weekday, hour)
                value = float(percent[weekday, hour])
                painter.fillRect(rect, utilisation_colour(value))
                if math.isnan(value):
                    painter.fillRect(rect, hatch)
                painter.drawRect(rect)
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cell = self.cell_at(event.pos())
            if cell is None:
                QToolTip.hideText()
            else:
                rect = self.cell_rect(*cell).toAlignedRect()
                QToolTip.showText(event.globalPos(), self.cell_text(*cell), self, QRect(rect))
            return True
        return super().event(event)
