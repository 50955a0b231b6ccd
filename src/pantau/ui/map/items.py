"""The map's own graphics items: text that keeps its pixel size, a site's marker, the anchor that holds a site's
marker and label, and the layer of leader lines.

Markers, their labels and cluster badges ignore the view's transformation: they keep their pixel size at every zoom.
Each site has an anchor item at its true position; the marker and the label are the anchor's children, placed in
pixel offsets from it, which lets a zoom change move markers apart in screen space without touching scene geometry.
One layer under all markers draws the leader lines from the spread markers back to the true positions. Each state's
marker is drawn once into a pixmap and then copied, so a network of hundreds of sites paints cheaply.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtCore import QLineF, QObject, QPointF, QRectF, QSizeF, Qt, QVariantAnimation
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QGuiApplication, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPixmapItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from pantau.domain.contract_risk import RiskLevel
from pantau.domain.inventory import Site
from pantau.domain.states import HealthState
from pantau.ui.map.styles import PEN_LEADER, SELECTION, Z_LEADERS, Z_SITES, paint_risk_marker
from pantau.ui.state_style import MARKER_SIZE, paint_marker, style

LABEL_MAX_PX = 190.0
# The key under which a marker or label item keeps the id of its site, for hit testing.
SITE_ID_KEY = 0
PULSE_MS = 2000
PULSE_ROUNDS = 2  # the halo grows and fades this many times within PULSE_MS
# A mass outage needs no animation to be noticed, and hundreds of them would cost frames; past this many at once,
# newly down sites are not pulsed.
MAX_PULSES = 12
PULSE_REACH_PX = 22.0


def short_name(name: str, metrics: QFontMetricsF, max_px: float = LABEL_MAX_PX) -> str:
    """A map label for a site name: the name if it fits, else its abbreviation in trailing parentheses
    ("Badan … Daerah (BPKAD)" → "BPKAD", common in Indonesian office names), else the name elided."""
    if metrics.horizontalAdvance(name) <= max_px:
        return name
    if name.endswith(")") and "(" in name:
        abbreviation = name[name.rindex("(") + 1:-1].strip()
        if abbreviation and metrics.horizontalAdvance(abbreviation) <= max_px:
            return abbreviation
    return metrics.elidedText(name, Qt.TextElideMode.ElideRight, max_px)


class MapText(QGraphicsItem):
    """Text that keeps its pixel size at every zoom, drawn with a white halo or in a box so it reads over the map.

    Its local coordinates are device pixels; the text's top-left corner is at (0, 0) unless `centered`.
    """

    def __init__(self, text: str, font: QFont, color: QColor, *, boxed: bool = False, centered: bool = False,
                 parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self._font = font
        self._color = color
        self._boxed = boxed
        self._centered = centered
        self._text = ""
        self._rect = QRectF()
        self._glyphs = QPainterPath()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        # Glyph outlines with a stroked halo are costly to draw; the text changes seldom, so keep the result.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.set_text(text)

    def text(self) -> str:
        return self._text

    def size(self) -> QSizeF:
        return self._rect.size()

    def set_text(self, text: str) -> None:
        if text == self._text and not self._rect.isNull():
            return
        self.prepareGeometryChange()
        self._text = text
        metrics = QFontMetricsF(self._font)
        pad = 3.0 if self._boxed else 1.5
        width = metrics.horizontalAdvance(text) + 2 * pad
        height = metrics.height() + (2.0 if self._boxed else 0.0)
        origin = QPointF(-width / 2, -height / 2) if self._centered else QPointF(0, 0)
        self._rect = QRectF(origin, QSizeF(width, height))
        self._glyphs = QPainterPath()
        self._glyphs.addText(origin.x() + pad, origin.y() + (height - metrics.height()) / 2 + metrics.ascent(),
                             self._font, text)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._boxed:
            painter.setPen(QPen(QColor(120, 120, 120, 200), 0.8))
            painter.setBrush(QColor(255, 255, 255, 228))
            painter.drawRoundedRect(self._rect, 3, 3)
        else:
            halo = QPen(QColor(255, 255, 255, 230), 3.0)
            halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.strokePath(self._glyphs, halo)
        painter.fillPath(self._glyphs, self._color)


_MARKER_HALF = MARKER_SIZE / 2 * 1.25 + 1.5  # half the square every state's shape and its outline fit in
_SELECTION_RADIUS = MARKER_SIZE / 2 + 3.5
_marker_pixmaps: dict[tuple[HealthState | RiskLevel, float], QPixmap] = {}


def _marker_pixmap(state: HealthState | RiskLevel, ratio: float) -> QPixmap:
    """The state's (or risk level's) marker drawn once per device pixel ratio; copying it costs a fraction of
    drawing the path."""
    key = (state, ratio)
    pixmap = _marker_pixmaps.get(key)
    if pixmap is None:
        side = math.ceil(2 * _MARKER_HALF * ratio)
        pixmap = QPixmap(side, side)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if isinstance(state, RiskLevel):
            paint_risk_marker(painter, state, QPointF(_MARKER_HALF, _MARKER_HALF))
        else:
            paint_marker(painter, state, QPointF(_MARKER_HALF, _MARKER_HALF))
        painter.end()
        _marker_pixmaps[key] = pixmap
    return pixmap


def _pixel_ratio() -> float:
    # The sharpest screen's: a marker moved to a screen of a lower ratio is scaled down smoothly, never blurred up.
    app = QGuiApplication.instance()
    return app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0


def _marker_shape() -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(QPointF(0, 0), MARKER_SIZE / 2 + 2, MARKER_SIZE / 2 + 2)
    return path


# The whole disc is clickable, also the hole of the hollow UNKNOWN ring.
_MARKER_SHAPE = _marker_shape()


def _ring(parent: QGraphicsItem, pen: QPen) -> QGraphicsEllipseItem:
    """A hidden circle drawn behind `parent`'s pixmap."""
    ring = QGraphicsEllipseItem(-_SELECTION_RADIUS, -_SELECTION_RADIUS, 2 * _SELECTION_RADIUS, 2 * _SELECTION_RADIUS,
                                parent)
    ring.setPen(pen)
    ring.setBrush(Qt.BrushStyle.NoBrush)
    ring.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent)
    ring.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    ring.setVisible(False)
    return ring


class SiteMarker(QGraphicsPixmapItem):
    """A site's marker: its state's shape, fill and outline (or its contract risk's, while `risk` is set), with a
    ring around it while selected and a growing halo while it pulses.

    The marker is the state's cached pixmap in a pixmap item, painted by Qt without a call into Python: a state
    storm repaints every marker, and a paint() of our own cost several milliseconds for 500 of them. The ring and
    the halo are circles behind it, hidden until needed."""

    def __init__(self, site_id: str, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.site_id = site_id
        self.state = HealthState.UNKNOWN
        self.risk: RiskLevel | None = None
        self.setData(SITE_ID_KEY, site_id)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setOffset(-_MARKER_HALF, -_MARKER_HALF)
        self.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._halo = _ring(self, QPen(Qt.PenStyle.NoPen))
        self._ring_under = _ring(self, QPen(QColor(255, 255, 255, 230), 5.0))
        self._ring_over = _ring(self, QPen(SELECTION, 2.5))
        self._show()

    def _show(self) -> None:
        self.setPixmap(_marker_pixmap(self.risk if self.risk is not None else self.state, _pixel_ratio()))

    def set_state(self, state: HealthState) -> None:
        if state is not self.state:
            self.state = state
            if self.risk is None:
                self._show()

    def set_risk(self, risk: RiskLevel | None) -> None:
        """Show a contract risk level instead of the state (None: the state again)."""
        if risk is not self.risk:
            self.risk = risk
            self._show()

    def set_selected_mark(self, selected: bool) -> None:
        self._ring_under.setVisible(selected)
        self._ring_over.setVisible(selected)

    def set_pulse(self, phase: float | None) -> None:
        """Where the pulse is, from 0 to 1 (None: not pulsing)."""
        if phase is None:
            self._halo.setVisible(False)
            return
        phase = (phase * PULSE_ROUNDS) % 1.0
        color = QColor(style(HealthState.DOWN).color)
        color.setAlphaF(0.85 * (1.0 - phase))
        radius = MARKER_SIZE / 2 + 2 + PULSE_REACH_PX * phase
        self._halo.setPen(QPen(color, 3.0))
        self._halo.setRect(-radius, -radius, 2 * radius, 2 * radius)
        self._halo.setVisible(True)

    def shape(self) -> QPainterPath:
        return _MARKER_SHAPE


class LeaderLayer(QGraphicsItem):
    """Every spread marker's thin line back to its site's true position, with a dot there, as one item in scene
    coordinates under all markers.

    The lines change only when the markers are spread again (a zoom, other sites), never with a state: the layer is
    drawn once into a pixmap in device coordinates and copied on every later paint. As a line and a dot item per
    site, a state storm's repaint drew a thousand small items, half the map's time with 500 offices.
    """

    _BRUSH = QBrush(PEN_LEADER.color())
    DOT_RADIUS_PX = 1.6

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_LEADERS)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._lines: list[QLineF] = []
        self._dot_radius = 0.0
        self._bounds = QRectF()

    def place(self, anchors: Iterable[SiteAnchor], scale: float) -> None:
        """Draw a leader for each anchor whose marker sits more than a pixel from it, at the view's `scale` (pixels
        per scene unit); the anchors' offsets are in pixels."""
        self.prepareGeometryChange()
        self._lines = [QLineF(anchor.pos(), anchor.pos() + anchor.offset / scale) for anchor in anchors
                       if math.hypot(anchor.offset.x(), anchor.offset.y()) > 1.0] if scale > 0 else []
        self._dot_radius = self.DOT_RADIUS_PX / scale if scale > 0 else 0.0
        bounds = QRectF()
        for line in self._lines:
            bounds = bounds.united(QRectF(line.p1(), line.p2()).normalized())
        # The pen is a pixel wide at every zoom, the dots a few pixels: a few pixels' margin in scene units.
        margin = 3 * self._dot_radius
        self._bounds = bounds.adjusted(-margin, -margin, margin, margin) if self._lines else QRectF()
        self.update()

    def line_count(self) -> int:
        return len(self._lines)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if not self._lines:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(PEN_LEADER)
        painter.drawLines(self._lines)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._BRUSH)
        for line in self._lines:
            painter.drawEllipse(line.p1(), self._dot_radius, self._dot_radius)


class SiteAnchor(QGraphicsItem):
    """Sits at a site's true position and holds its marker and label in pixel offsets (`offset`: the marker's)."""

    def __init__(self, site: Site, position: QPointF) -> None:
        super().__init__()
        self.site = site
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self.setPos(position)
        self.setZValue(Z_SITES)
        self.offset = QPointF(0, 0)
        self.marker = SiteMarker(site.id, self)
        font = QFont()
        font.setPointSizeF(8.5)
        self.label = MapText("", font, QColor("#202020"), boxed=True, parent=self)
        self.label.setData(SITE_ID_KEY, site.id)
        self.label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.label.set_text(short_name(site.name, QFontMetricsF(font)))

    def boundingRect(self) -> QRectF:
        return QRectF()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        return

    def set_offset(self, offset: QPointF) -> None:
        self.offset = offset
        self.marker.setPos(offset)


class Pulses:
    """The running pulses, one animation per site: a halo grows and fades around the marker, twice in `PULSE_MS`."""

    def __init__(self, owner: QObject) -> None:
        self._owner = owner
        self._running: dict[str, QVariantAnimation] = {}

    def start(self, site_id: str, marker: SiteMarker) -> None:
        """Pulse the marker (again from the start if it already pulses), unless `MAX_PULSES` others run."""
        animation = self._running.get(site_id)
        if animation is None:
            if len(self._running) >= MAX_PULSES:
                return
            animation = QVariantAnimation(self._owner)
            animation.setStartValue(0.0)
            animation.setEndValue(1.0)
            animation.setDuration(PULSE_MS)
            animation.valueChanged.connect(lambda value: marker.set_pulse(float(value)))
            animation.finished.connect(lambda: self._end(site_id, marker))
            self._running[site_id] = animation
        animation.stop()
        animation.start()

    def is_pulsing(self, site_id: str) -> bool:
        return site_id in self._running

    def stop_all(self) -> None:
        for animation in list(self._running.values()):
            animation.stop()
        self._running.clear()

    def _end(self, site_id: str, marker: SiteMarker) -> None:
        marker.set_pulse(None)
        animation = self._running.pop(site_id, None)
        if animation is not None:
            animation.deleteLater()
