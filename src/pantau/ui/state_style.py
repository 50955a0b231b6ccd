"""How a health state and a site kind look on screen: colour, marker shape and a short text, defined once.

A state is never told by colour alone: each has its own marker shape (which survives colour blindness and greyscale
printouts) and a text label, and every view (map, table, legend, tooltips) takes all three from here. Colours, pens,
brushes and shapes are built once at import; icons need a running QGuiApplication, so they are made on first use.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from pantau.domain.inventory import SiteKind
from pantau.domain.states import HealthState

# Marker shapes are drawn in device pixels (the map draws them untransformed), centred on (0, 0).
MARKER_SIZE = 14.0
_R = MARKER_SIZE / 2


@dataclass(frozen=True)
class StateStyle:
    state: HealthState
    color: QColor
    pen: QPen
    brush: QBrush
    path: QPainterPath
    source_label: str  # untranslated: translated when shown, so a translator installed later still applies


def _style(state: HealthState, fill: str, outline: str, path: QPainterPath, source_label: str) -> StateStyle:
    pen = QPen(QColor(outline), 1.2)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    return StateStyle(state, QColor(fill), pen, QBrush(QColor(fill)), path, source_label)


def _circle(radius: float) -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(QPointF(0, 0), radius, radius)
    return path


def _polygon(points: list[tuple[float, float]]) -> QPainterPath:
    path = QPainterPath()
    path.addPolygon(QPolygonF([QPointF(x, y) for x, y in points]))
    path.closeSubpath()
    return path


def _triangle() -> QPainterPath:
    # Equilateral, pointing up, with its centroid on the origin so it sits where a circle would.
    r = _R * 1.2
    return _polygon([(r * math.cos(math.radians(a)), r * math.sin(math.radians(a))) for a in (-90, 30, 150)])


def _square_with_cross() -> QPainterPath:
    square = QPainterPath()
    square.addRect(QRectF(-_R + 0.5, -_R + 0.5, MARKER_SIZE - 1, MARKER_SIZE - 1))
    arm, half = _R * 0.62, 1.3
    bar = _polygon([(-arm - half, -arm + half), (-arm + half, -arm - half), (arm + half, arm - half),
                    (arm - half, arm + half)])
    other = _polygon([(x, -y) for x, y in ((-arm - half, -arm + half), (-arm + half, -arm - half),
                                           (arm + half, arm - half), (arm - half, arm + half))])
    # The cross is cut out of the square, so it reads as an "X" even where the red does not.
    return square.subtracted(bar.united(other))


def _diamond() -> QPainterPath:
    r = _R * 1.15
    return _polygon([(0, -r), (r, 0), (0, r), (-r, 0)])


def _ring() -> QPainterPath:
    return _circle(_R - 0.5).subtracted(_circle(_R - 3.2))


def _split_disc() -> QPainterPath:
    # A disc cut in two by a diagonal gap: the office is there, the path to it is broken.
    half = 1.4
    gap = _polygon([(-_R - half, _R - half), (_R - half, -_R - half), (_R + half, -_R + half),
                    (-_R + half, _R + half)])
    return _circle(_R - 0.5).subtracted(gap)


STYLES: dict[HealthState, StateStyle] = {
    HealthState.UP: _style(HealthState.UP, "#2e9d3a", "#1b5e23", _circle(_R - 0.5),
                           str(QT_TRANSLATE_NOOP("StateStyle", "Up"))),
    HealthState.DEGRADED: _style(HealthState.DEGRADED, "#f2a900", "#7a5500", _triangle(),
                                 str(QT_TRANSLATE_NOOP("StateStyle", "Degraded"))),
    HealthState.PATH_BROKEN: _style(HealthState.PATH_BROKEN, "#c2185b", "#6a0d32", _split_disc(),
                                    str(QT_TRANSLATE_NOOP("StateStyle", "Path broken"))),
    HealthState.DOWN: _style(HealthState.DOWN, "#d32f2f", "#7f1414", _square_with_cross(),
                             str(QT_TRANSLATE_NOOP("StateStyle", "Down"))),
    HealthState.UNREACHABLE: _style(HealthState.UNREACHABLE, "#7a7a7a", "#3c3c3c", _diamond(),
                                    str(QT_TRANSLATE_NOOP("StateStyle", "Unreachable"))),
    HealthState.UNKNOWN: _style(HealthState.UNKNOWN, "#bdbdbd", "#7a7a7a", _ring(),
                                str(QT_TRANSLATE_NOOP("StateStyle", "Unknown"))),
}

# The order states are listed in summaries and legends: the normal case first, then worsening, then no data.
DISPLAY_ORDER: tuple[HealthState, ...] = (HealthState.UP, HealthState.DEGRADED, HealthState.PATH_BROKEN,
                                          HealthState.DOWN, HealthState.UNREACHABLE, HealthState.UNKNOWN)

_KIND_LABELS: dict[SiteKind, str] = {
    SiteKind.DATACENTER: str(QT_TRANSLATE_NOOP("StateStyle", "Data centre")),
    SiteKind.SKPD: str(QT_TRANSLATE_NOOP("StateStyle", "Agency (SKPD)")),
    SiteKind.KECAMATAN: str(QT_TRANSLATE_NOOP("StateStyle", "District (kecamatan)")),
    SiteKind.KELURAHAN: str(QT_TRANSLATE_NOOP("StateStyle", "Kelurahan")),
    SiteKind.DESA: str(QT_TRANSLATE_NOOP("StateStyle", "Village (desa)")),
    SiteKind.ISP_POP: str(QT_TRANSLATE_NOOP("StateStyle", "ISP POP")),
}

_icons: dict[tuple[HealthState, int], QIcon] = {}


def style(state: HealthState) -> StateStyle:
    return STYLES[state]


def state_label(state: HealthState) -> str:
    """The short, translated name of a state ("Up", "Down", …)."""
    return QCoreApplication.translate("StateStyle", STYLES[state].source_label)


def kind_label(kind: SiteKind) -> str:
    """The translated name of a site kind."""
    return QCoreApplication.translate("StateStyle", _KIND_LABELS[kind])


def paint_marker(painter: QPainter, state: HealthState, center: QPointF, scale: float = 1.0) -> None:
    """Draw a state's marker at `center` (device pixels); used by the map legend and icons."""
    state_style = STYLES[state]
    painter.save()
    painter.translate(center)
    painter.scale(scale, scale)
    painter.setPen(state_style.pen)
    painter.setBrush(state_style.brush)
    painter.drawPath(state_style.path)
    painter.restore()


def state_icon(state: HealthState, size: int = 16) -> QIcon:
    """A small icon of the state's marker; cached, and needs a QGuiApplication."""
    key = (state, size)
    icon = _icons.get(key)
    if icon is None:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_marker(painter, state, QPointF(size / 2, size / 2), (size - 2) / (MARKER_SIZE + 2))
        painter.end()
        icon = QIcon(pixmap)
        _icons[key] = icon
    return icon
