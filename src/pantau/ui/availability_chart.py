"""The availability report's charts: horizontal bars of availability (per kecamatan, the worst offices), drawn with
a QPainter onto a QImage. No widget, so it works headless and off the GUI thread (`ui.availability_pdf`).

The axis starts at a round percent below the lowest bar (never above 90 %, at least 0 %), since availability
lives in the high nineties and a bar chart from zero would show every office as full. A bar without data is drawn
as an empty outline with "no data" in it, never as a bar.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

__all__ = ["axis_floor", "bar_chart"]

# Drawn at twice the size it is shown at (the PDF's <img> is CHART_WIDTH_PX wide), so bars and text stay sharp.
SCALE = 2
_ROW_PX = 18
_LABEL_PX = 250
_BAR_COLOURS = ((0.995, "#2e9d3a"), (0.98, "#f2a900"), (-1.0, "#d32f2f"))


def axis_floor(values: Sequence[float | None]) -> float:
    """The fraction the axis starts at: the lowest value rounded down to 5 %, at most 90 %, at least 0."""
    found = [v for v in values if v is not None]
    if not found:
        return 0.9
    return max(0.0, min(0.9, math.floor(min(found) * 20) / 20))


def _colour(fraction: float) -> QColor:
    return QColor(next(colour for bound, colour in _BAR_COLOURS if fraction >= bound))


def bar_chart(rows: Sequence[tuple[str, float | None]], width_px: int, no_data: str,
              value_text: Sequence[str]) -> QImage:
    """Bars for (label, fraction or None) rows, top to bottom; `value_text` the figure written after each bar,
    `no_data` the words in an empty bar. `width_px` is the width shown; the image is SCALE times larger."""
    floor = axis_floor([value for _, value in rows])
    height_px = _ROW_PX * max(1, len(rows)) + 30
    image = QImage(width_px * SCALE, height_px * SCALE, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(SCALE, SCALE)
        font = QFont()
        font.setPixelSize(11)
        painter.setFont(font)
        plot_left, plot_right = _LABEL_PX + 6, width_px - 70
        span = plot_right - plot_left

        def x_of(fraction: float) -> float:
            return plot_left + span * (fraction - floor) / (1.0 - floor)

        grid = QPen(QColor("#bbbbbb"))
        grid.setWidthF(0.5)
        steps = 5
        for k in range(steps + 1):
            fraction = floor + (1.0 - floor) * k / steps
            x = x_of(fraction)
            painter.setPen(grid)
            painter.drawLine(int(x), 0, int(x), _ROW_PX * len(rows))
            painter.setPen(QColor("#444444"))
            painter.drawText(QRectF(x - 30, _ROW_PX * len(rows) + 4, 60, 16), Qt.AlignmentFlag.AlignHCenter,
                             f"{fraction * 100:.1f}".rstrip("0").rstrip(".") + " %")
        for i, ((label, value), text) in enumerate(zip(rows, value_text, strict=True)):
            top = i * _ROW_PX + 3
            bar = QRectF(plot_left, top, 0, _ROW_PX - 6)
            painter.setPen(QColor("#222222"))
            painter.drawText(QRectF(0, top - 2, _LABEL_PX, _ROW_PX), Qt.AlignmentFlag.AlignRight,
                             painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, _LABEL_PX))
            if value is None:
                painter.setPen(QPen(QColor("#999999"), 0.8, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(QRectF(plot_left, top, span, _ROW_PX - 6))
                painter.setPen(QColor("#666666"))
                painter.drawText(QRectF(plot_left, top - 2, span, _ROW_PX), Qt.AlignmentFlag.AlignHCenter, no_data)
                continue
            bar.setWidth(max(1.0, x_of(value) - plot_left))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_colour(value))
            painter.drawRect(bar)
            painter.setPen(QColor("#222222"))
            painter.drawText(QRectF(bar.right() + 4, top - 2, 80, _ROW_PX), Qt.AlignmentFlag.AlignLeft, text)
    finally:
        painter.end()
    return image
