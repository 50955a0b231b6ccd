"""What the map draws over itself in viewport pixels, fixed while the map moves: the legend and the scale bar.

The legend stands in a corner of the view: the one that covers the fewest office markers (`legend_corner`), so that
no office hides under it, and the office labels keep clear of its box (the view treats it as an obstacle when it
places them). The colour mode button sits at the top of the legend.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from pantau.domain.contract_risk import RiskLevel
from pantau.domain.states import HealthState
from pantau.ui.map.styles import paint_risk_marker
from pantau.ui.state_style import MARKER_SIZE, paint_marker

MARGIN_PX = 10.0  # between the legend and the edges of the view
SCALE_BAR_INSET_PX = 16.0


class Corner(enum.Enum):
    """The corners the legend may take; the bottom-right one belongs to the scale bar."""

    BOTTOM_LEFT = "bottom-left"
    TOP_LEFT = "top-left"
    TOP_RIGHT = "top-right"


def legend_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPointSizeF(8.5)
    return font


def legend_row(font: QFont) -> float:
    return max(QFontMetricsF(font).height(), MARKER_SIZE + 2)


def legend_size(font: QFont, labels: Sequence[str], button: QSizeF) -> QSizeF:
    """The legend's box for these rows under a button of size `button`."""
    metrics = QFontMetricsF(font)
    width = max(12 + MARKER_SIZE + 8 + max(metrics.horizontalAdvance(text) for text in labels) + 12,
                button.width() + 12)
    height = 6 + button.height() + 4 + legend_row(font) * len(labels) + 8
    return QSizeF(width, height)


def legend_box(size: QSizeF, viewport: QSizeF, corner: Corner) -> QRectF:
    """Where a legend of `size` stands in a viewport of `viewport` pixels, in that corner."""
    left = viewport.width() - size.width() - MARGIN_PX if corner is Corner.TOP_RIGHT else MARGIN_PX
    top = viewport.height() - size.height() - MARGIN_PX if corner is Corner.BOTTOM_LEFT else MARGIN_PX
    return QRectF(QPointF(left, top), size)


def legend_corner(size: QSizeF, viewport: QSizeF, markers: Iterable[QPointF], current: Corner) -> Corner:
    """The corner whose legend box would hide the fewest `markers` (their centres, in viewport pixels: one whose
    edge peeks out from under the box still shows); the current corner wins a tie, so the legend moves only when
    moving it uncovers an office."""
    points = list(markers)

    def covered(corner: Corner) -> int:
        box = legend_box(size, viewport, corner)
        return sum(1 for point in points if box.contains(point))

    order = [current, *(corner for corner in Corner if corner is not current)]
    return min(order, key=covered)


def draw_legend(painter: QPainter, box: QRectF, font: QFont, keys: Sequence[HealthState | RiskLevel],
                labels: Sequence[str], button_height: float) -> None:
    """The legend's box with a marker and a text per row, under the room left for the colour mode button."""
    metrics = QFontMetricsF(font)
    row = legend_row(font)
    painter.setPen(QPen(QColor(120, 120, 120, 200), 0.8))
    painter.setBrush(QColor(255, 255, 255, 225))
    painter.drawRoundedRect(box, 4, 4)
    painter.setFont(font)
    top = box.top() + 6 + button_height + 4
    for i, (key, text) in enumerate(zip(keys, labels, strict=True)):
        middle = top + row * i + row / 2
        centre = QPointF(box.left() + 12 + MARKER_SIZE / 2, middle)
        if isinstance(key, RiskLevel):
            paint_risk_marker(painter, key, centre)
        else:
            paint_marker(painter, key, centre)
        painter.setPen(QColor("#202020"))
        painter.drawText(QPointF(box.left() + 12 + MARKER_SIZE + 8, middle + metrics.ascent() / 2 - 1), text)


def scale_bar_box(viewport: QSizeF, font: QFont, length: float, text: str) -> QRectF:
    """Where `draw_scale_bar` draws, in viewport pixels (office labels keep off it like off the legend)."""
    width = max(length, QFontMetricsF(font).horizontalAdvance(text)) + 8
    height = QFontMetricsF(font).height() + 14
    return QRectF(viewport.width() - SCALE_BAR_INSET_PX - width + 4,
                  viewport.height() - SCALE_BAR_INSET_PX - height + 4, width, height)


def draw_scale_bar(painter: QPainter, viewport: QSizeF, length: float, text: str, font: QFont) -> None:
    """A bar `length` pixels long with its text above, in the bottom-right corner."""
    right = viewport.width() - SCALE_BAR_INSET_PX
    base = viewport.height() - SCALE_BAR_INSET_PX
    bar = QPainterPath()
    bar.moveTo(right - length, base - 5)
    bar.lineTo(right - length, base)
    bar.lineTo(right, base)
    bar.lineTo(right, base - 5)
    painter.strokePath(bar, QPen(QColor(255, 255, 255, 220), 4.5))
    painter.strokePath(bar, QPen(QColor("#303030"), 1.6))
    glyphs = QPainterPath()
    width = QFontMetricsF(font).horizontalAdvance(text)
    glyphs.addText(right - length / 2 - width / 2, base - 8, font, text)
    painter.strokePath(glyphs, QPen(QColor(255, 255, 255, 230), 3.0))
    painter.fillPath(glyphs, QColor("#303030"))
