"""The offline map: the regency drawn natively from the bundled GeoJSON, with a marker per site and its links.

Projection: equirectangular around the regency's centre, x scaled by cos(latitude) so a kilometre is as long across
as it is up and down. Scene units are approximately metres; the view's scale is therefore pixels per metre.

Layers, bottom to top: neighbouring regencies (light grey, context only), the regency's land, village (desa/kelurahan)
boundaries (thin; only shown once zoomed in far enough for them to be useful), district (kecamatan) boundaries with
their names, the regency outline (bold), links (primary solid, backup dashed), then the site markers.

Markers, their labels and cluster badges ignore the view's transformation: they keep their pixel size at every zoom.
Each site has an anchor item at its true position; the marker, a leader line and the label are the anchor's
children, placed in pixel offsets from it. That lets a zoom change move markers apart in screen space without
touching scene geometry.

Crowding (many offices in one government complex share one point): after every zoom change the sites are grouped
by their on-screen distance (closer than `CLUSTER_PX`), and groups whose spread footprints would overlap are merged
until none do. A group of more than one site is spread around its centre on a ring (a sunflower spiral past
`RING_MAX` sites), each marker joined to its true position by a thin leader line, so every site stays visible and
clickable at every zoom. Labels are then placed greedily, most important first (the selected site, then the worst
state, then the more central kinds of site): each tries right, left, above and below its marker and is hidden if
all four would cover another marker or label. Members of a group larger than `SMALL_GROUP` show no labels of their
own (except the selected one); their group shows a count badge instead, whose tooltip lists the names.

Live updates: the grouping depends on the zoom only, so a state change re-places the labels (their priority
follows the state) and restyles markers and links without regrouping. Tooltips are written when asked for, so
figures that change four times a second cost nothing until someone hovers. A site that newly goes down pulses:
a halo grows and fades around its marker for `PULSE_MS`. Painting is kept cheap for a network of hundreds of
sites: the static map layers are cached as pixmaps in device coordinates (redrawn on zoom only), and each
state's marker is drawn once into a pixmap and then copied.

Colour modes: the markers show the live health state ("state", the default) or each site's contract risk
("contract": `domain.contract_risk`, ordered from no contract to lapsed, each level with its own colour and shape).
A checkable button at the top of the legend switches between them; the legend, the marker tooltips and the label
priority follow the mode, and links turn neutral grey in contract mode so that only the offices carry colour.
"""

from __future__ import annotations

import functools
import html
import math
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSizeF,
    Qt,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPixmapCache,
    QPolygonF,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QToolButton,
    QToolTip,
    QWidget,
)

from pantau.domain.contract_risk import RiskLevel, SiteContractRisk
from pantau.domain.inventory import INTERNET, Link, LinkRole, Network, Site, SiteKind
from pantau.domain.links import site_links
from pantau.domain.states import SEVERITY, HealthState
from pantau.domain.timezones import local_date
from pantau.resources import ResourceError, load_geojson
from pantau.ui.site_table import SiteMetrics, format_number, format_rtt, format_time, medium_label
from pantau.ui.state_style import (
    DISPLAY_ORDER,
    MARKER_SIZE,
    StateStyle,
    kind_label,
    paint_marker,
    state_label,
    style,
)

M_PER_DEGREE = 111_320.0

# fit_all shrinks the map to at most this share of its size to keep it clear of the legend, no further.
_LEGEND_MAX_SHRINK = 0.85
CLUSTER_PX = 16.0  # sites closer than this on screen are spread apart
MARKER_SPACING_PX = 18.0  # distance between neighbouring markers on a ring
RING_MIN_RADIUS_PX = 16.0
RING_MAX = 24  # more sites than this in one group go on a spiral instead of one wide ring
SMALL_GROUP = 3  # groups up to this size label each member; larger ones show a count badge
LABEL_GAP_PX = 10.0
LABEL_MAX_PX = 190.0

MIN_PX_PER_M = 0.0005
MAX_PX_PER_M = 3.0
DESA_MIN_PX_PER_KM = 22.0
DESA_LABEL_MIN_PX_PER_KM = 45.0
CLICK_SLOP_PX = 4

# The key under which a marker or label item keeps the id of its site, for hit testing.
SITE_ID_KEY = 0

PULSE_MS = 2000
PULSE_ROUNDS = 2  # the halo grows and fades this many times within PULSE_MS
PULSE_REACH_PX = 22.0
# A mass outage needs no animation to be noticed, and hundreds of them would cost frames; past this many at once,
# newly down sites are not pulsed.
MAX_PULSES = 12
# The static layers are cached as pixmaps of up to a viewport each; Qt's default cache (10 MB) holds fewer of them
# than a large screen needs, and a cache that keeps evicting is slower than none.
PIXMAP_CACHE_KB = 96 * 1024

_Z_NEIGHBOURS, _Z_LAND, _Z_DESA, _Z_KECAMATAN, _Z_OUTLINE, _Z_MAP_LABELS = 0, 1, 2, 3, 4, 5
_Z_LINKS, _Z_SITES, _Z_BADGES, _Z_SELECTED = 6, 10, 11, 12

_KIND_RANK: dict[SiteKind, int] = {
    SiteKind.DATACENTER: 0, SiteKind.ISP_POP: 1, SiteKind.KECAMATAN: 2, SiteKind.SKPD: 3, SiteKind.KELURAHAN: 4,
    SiteKind.DESA: 5,
}

_SEA = QColor("#d5e5ef")
_SELECTION = QColor("#1565c0")


def _cosmetic_pen(color: str, width: float, line: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(QColor(color), width, line)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


_PEN_NEIGHBOUR = _cosmetic_pen("#b7b7b0", 0.8)
_PEN_DESA = _cosmetic_pen("#cfc8b4", 0.7)
_PEN_KECAMATAN = _cosmetic_pen("#8a8a84", 1.3)
_PEN_OUTLINE = _cosmetic_pen("#3d3d3a", 2.4)
_LINK_COLORS: dict[HealthState, str] = {
    HealthState.UP: "#3f6596",
    HealthState.DEGRADED: style(HealthState.DEGRADED).color.name(),
    HealthState.DOWN: style(HealthState.DOWN).color.name(),
    HealthState.UNREACHABLE: "#9a9a9a",
    HealthState.UNKNOWN: "#9a9a9a",
}
# Links by role (line style) and state (colour), built once.
_LINK_PENS: dict[tuple[LinkRole, HealthState], QPen] = {
    (role, state): _cosmetic_pen(color, 2.2 if state is HealthState.DOWN else 1.6,
                                 Qt.PenStyle.DashLine if role is LinkRole.BACKUP else Qt.PenStyle.SolidLine)
    for role in LinkRole for state, color in _LINK_COLORS.items()
}
_PEN_LEADER = _cosmetic_pen("#6b6b6b", 1.0)

COLOR_MODE_STATE = "state"
COLOR_MODE_CONTRACT = "contract"
COLOR_MODES = (COLOR_MODE_STATE, COLOR_MODE_CONTRACT)


@dataclass(frozen=True)
class RiskStyle:
    level: RiskLevel
    color: QColor
    pen: QPen
    brush: QBrush
    path: QPainterPath
    source_label: str  # untranslated, as in state_style


def _risk_style(level: RiskLevel, fill: str, outline: str, shape: HealthState, source_label: str) -> RiskStyle:
    pen = QPen(QColor(outline), 1.2)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    # The state shapes, by how bad: worse risks take the shapes of worse states, so shape alone still ranks them.
    return RiskStyle(level, QColor(fill), pen, QBrush(QColor(fill)), style(shape).path, source_label)


RISK_STYLES: dict[RiskLevel, RiskStyle] = {
    RiskLevel.NO_CONTRACT: _risk_style(RiskLevel.NO_CONTRACT, "#bdbdbd", "#7a7a7a", HealthState.UNKNOWN,
                                       str(QT_TRANSLATE_NOOP("MapView", "No contract on record"))),
    RiskLevel.OK: _risk_style(RiskLevel.OK, "#2e9d3a", "#1b5e23", HealthState.UP,
                              str(QT_TRANSLATE_NOOP("MapView", "Contract runs"))),
    RiskLevel.EXPIRING: _risk_style(RiskLevel.EXPIRING, "#e8d100", "#6f6400", HealthState.DEGRADED,
                                    str(QT_TRANSLATE_NOOP("MapView", "Ends within 90 days"))),
    RiskLevel.EXPIRING_SOON: _risk_style(RiskLevel.EXPIRING_SOON, "#f57c00", "#7a3e00", HealthState.DEGRADED,
                                         str(QT_TRANSLATE_NOOP("MapView", "Ends within 30 days"))),
    RiskLevel.AT_RISK: _risk_style(RiskLevel.AT_RISK, "#8e24aa", "#4a0e5c", HealthState.UNREACHABLE,
                                   str(QT_TRANSLATE_NOOP("MapView", "Gap ahead or no approved budget"))),
    RiskLevel.LAPSED: _risk_style(RiskLevel.LAPSED, "#d32f2f", "#7f1414", HealthState.DOWN,
                                  str(QT_TRANSLATE_NOOP("MapView", "No contract today"))),
}
# The legend's order in contract mode, as for states: the normal case, worsening, then no data.
RISK_DISPLAY_ORDER: tuple[RiskLevel, ...] = (RiskLevel.OK, RiskLevel.EXPIRING, RiskLevel.EXPIRING_SOON,
                                             RiskLevel.AT_RISK, RiskLevel.LAPSED, RiskLevel.NO_CONTRACT)


def risk_label(level: RiskLevel) -> str:
    return QCoreApplication.translate("MapView", RISK_STYLES[level].source_label)


def _paint_risk_marker(painter: QPainter, level: RiskLevel, center: QPointF) -> None:
    risk_style = RISK_STYLES[level]
    painter.save()
    painter.translate(center)
    painter.setPen(risk_style.pen)
    painter.setBrush(risk_style.brush)
    painter.drawPath(risk_style.path)
    painter.restore()
_BRUSH_NEIGHBOUR = QBrush(QColor("#e6e6e1"))
_BRUSH_LAND = QBrush(QColor("#fbf8ee"))


class Projection:
    """Longitude/latitude to scene metres around a centre; north is up (scene y grows southwards)."""

    def __init__(self, lon0: float, lat0: float) -> None:
        self.lon0 = lon0
        self.lat0 = lat0
        self._kx = math.cos(math.radians(lat0)) * M_PER_DEGREE

    def to_scene(self, lon: float, lat: float) -> QPointF:
        return QPointF((lon - self.lon0) * self._kx, -(lat - self.lat0) * M_PER_DEGREE)

    def to_lonlat(self, point: QPointF) -> tuple[float, float]:
        return point.x() / self._kx + self.lon0, -point.y() / M_PER_DEGREE + self.lat0


def geometry_path(geometry: Mapping[str, Any], projection: Projection) -> QPainterPath:
    """A GeoJSON Polygon or MultiPolygon as one path; holes stay holes (odd-even fill). Other types give nothing."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    for polygon in polygons:
        for ring in polygon:
            if len(ring) >= 3:
                path.addPolygon(QPolygonF([projection.to_scene(float(p[0]), float(p[1])) for p in ring]))
                path.closeSubpath()
    return path


@functools.cache
def _layer(name: str) -> dict[str, Any]:
    # Parsed once per process: every window (and every test) draws from the same read-only data.
    return load_geojson(name)


def ring_slots(count: int) -> list[QPointF]:
    """Pixel offsets for `count` markers around a point: one ring, or a sunflower spiral when there are many."""
    if count <= 1:
        return [QPointF(0, 0)] * count
    if count <= RING_MAX:
        radius = max(RING_MIN_RADIUS_PX, count * MARKER_SPACING_PX / (2 * math.pi))
        return [QPointF(radius * math.cos(a), radius * math.sin(a))
                for a in (-math.pi / 2 + 2 * math.pi * k / count for k in range(count))]
    golden = math.pi * (3 - math.sqrt(5))
    step = MARKER_SPACING_PX / 1.75
    return [QPointF(step * math.sqrt(k + 2) * math.cos(k * golden - math.pi / 2),
                    step * math.sqrt(k + 2) * math.sin(k * golden - math.pi / 2)) for k in range(count)]


def _spread_radius(count: int) -> float:
    if count <= 1:
        return MARKER_SIZE / 2 + 1
    return max(math.hypot(p.x(), p.y()) for p in ring_slots(count)) + MARKER_SIZE / 2 + 1


def group_points(points: Mapping[str, QPointF]) -> list[list[str]]:
    """Group ids whose pixel positions are closer than `CLUSTER_PX`, then merge groups whose spread would overlap.

    Merging repeats until stable: a spread ring is wider than the points it came from and can reach a neighbour.
    Candidate pairs come from a grid, so a zoom step costs about O(n) for a regency's few hundred sites.
    """
    ids = list(points)
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> bool:
        ri, rj = find(i), find(j)
        if ri == rj:
            return False
        parent[max(ri, rj)] = min(ri, rj)
        return True

    coords = [(points[i].x(), points[i].y()) for i in ids]
    for i, j in _near_pairs(coords, [CLUSTER_PX / 2] * len(coords)):
        union(i, j)
    for _ in range(20):
        groups = _collect(parent, find)
        centres = [(sum(coords[m][0] for m in g) / len(g), sum(coords[m][1] for m in g) / len(g)) for g in groups]
        radii = [_spread_radius(len(g)) for g in groups]
        merged = False
        for a, b in _near_pairs(centres, radii):
            merged |= union(groups[a][0], groups[b][0])
        if not merged:
            break
    return [[ids[m] for m in group] for group in _collect(parent, find)]


def _collect(parent: list[int], find: Callable[[int], int]) -> list[list[int]]:
    groups: dict[int, list[int]] = {}
    for i in range(len(parent)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def _near_pairs(centres: Sequence[tuple[float, float]], radii: Sequence[float]) -> list[tuple[int, int]]:
    """Index pairs whose discs (centre, radius) overlap."""
    if not centres:
        return []
    cell = 2 * max(radii) + 1
    grid: dict[tuple[int, int], list[int]] = {}
    for i, (x, y) in enumerate(centres):
        grid.setdefault((math.floor(x / cell), math.floor(y / cell)), []).append(i)
    pairs = []
    for (cx, cy), members in grid.items():
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for j in grid.get((cx + dx, cy + dy), ()):
                    for i in members:
                        if i < j and math.dist(centres[i], centres[j]) < radii[i] + radii[j]:
                            pairs.append((i, j))
    return pairs


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
_MARKER_BOUNDS = QRectF(-MARKER_SIZE / 2 - 6, -MARKER_SIZE / 2 - 6, MARKER_SIZE + 12, MARKER_SIZE + 12)
_PULSE_BOUNDS = _MARKER_BOUNDS.adjusted(-PULSE_REACH_PX - 2, -PULSE_REACH_PX - 2, PULSE_REACH_PX + 2,
                                        PULSE_REACH_PX + 2)
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
            _paint_risk_marker(painter, state, QPointF(_MARKER_HALF, _MARKER_HALF))
        else:
            paint_marker(painter, state, QPointF(_MARKER_HALF, _MARKER_HALF))
        painter.end()
        _marker_pixmaps[key] = pixmap
    return pixmap


def _marker_shape() -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(QPointF(0, 0), MARKER_SIZE / 2 + 2, MARKER_SIZE / 2 + 2)
    return path


# The whole disc is clickable, also the hole of the hollow UNKNOWN ring.
_MARKER_SHAPE = _marker_shape()


class SiteMarker(QGraphicsItem):
    """A site's marker: its state's shape, fill and outline (or its contract risk's, while `risk` is set), with a
    ring around it while selected and a growing halo while it pulses. `path()`, `pen()` and `brush()` say what is
    drawn; painting copies the cached pixmap, and a change of state only marks the marker for repainting (its size
    never changes)."""

    def __init__(self, site_id: str, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.site_id = site_id
        self.state = HealthState.UNKNOWN
        self.risk: RiskLevel | None = None
        self._selected = False
        self._pulse: float | None = None
        self.setData(SITE_ID_KEY, site_id)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_state(self, state: HealthState) -> None:
        if state is not self.state:
            self.state = state
            self.update()

    def set_risk(self, risk: RiskLevel | None) -> None:
        """Show a contract risk level instead of the state (None: the state again)."""
        if risk is not self.risk:
            self.risk = risk
            self.update()

    def _style(self) -> RiskStyle | StateStyle:
        return RISK_STYLES[self.risk] if self.risk is not None else style(self.state)

    def path(self) -> QPainterPath:
        return self._style().path

    def pen(self) -> QPen:
        return self._style().pen

    def brush(self) -> QBrush:
        return self._style().brush

    def is_selected_mark(self) -> bool:
        return self._selected

    def set_selected_mark(self, selected: bool) -> None:
        if selected != self._selected:
            self._selected = selected
            self.update()

    def is_pulsing(self) -> bool:
        return self._pulse is not None

    def set_pulse(self, phase: float | None) -> None:
        """Where the pulse is, from 0 to 1 (None: not pulsing)."""
        if (phase is None) != (self._pulse is None):
            self.prepareGeometryChange()
        self._pulse = phase
        self.update()

    def boundingRect(self) -> QRectF:
        return _PULSE_BOUNDS if self._pulse is not None else _MARKER_BOUNDS

    def shape(self) -> QPainterPath:
        return _MARKER_SHAPE

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if self._selected or self._pulse is not None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        if self._pulse is not None:
            phase = (self._pulse * PULSE_ROUNDS) % 1.0
            color = QColor(style(HealthState.DOWN).color)
            color.setAlphaF(0.85 * (1.0 - phase))
            painter.setPen(QPen(color, 3.0))
            radius = MARKER_SIZE / 2 + 2 + PULSE_REACH_PX * phase
            painter.drawEllipse(QPointF(0, 0), radius, radius)
        if self._selected:
            radius = MARKER_SIZE / 2 + 3.5
            painter.setPen(QPen(QColor(255, 255, 255, 230), 5.0))
            painter.drawEllipse(QPointF(0, 0), radius, radius)
            painter.setPen(QPen(_SELECTION, 2.5))
            painter.drawEllipse(QPointF(0, 0), radius, radius)
        shown = self.risk if self.risk is not None else self.state
        pixmap = _marker_pixmap(shown, painter.device().devicePixelRatioF())
        painter.drawPixmap(QPointF(-_MARKER_HALF, -_MARKER_HALF), pixmap)


class _Leader(QGraphicsLineItem):
    """The thin line from a spread marker back to its site's true position, with a dot there.

    Plain line and ellipse items, painted by Qt itself: as one path item (or a Python paint()) the leaders of a
    few hundred crowded sites took most of a frame.
    """

    _BRUSH = QBrush(_PEN_LEADER.color())

    def __init__(self, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.setPen(_PEN_LEADER)
        self._dot = QGraphicsEllipseItem(-1.6, -1.6, 3.2, 3.2, self)
        self._dot.setPen(QPen(Qt.PenStyle.NoPen))
        self._dot.setBrush(self._BRUSH)
        self.setVisible(False)

    def set_end(self, end: QPointF) -> None:
        self.setLine(0.0, 0.0, end.x(), end.y())
        self.setVisible(math.hypot(end.x(), end.y()) > 1.0)


class _SiteAnchor(QGraphicsItem):
    """Sits at a site's true position and holds its marker, leader line and label in pixel offsets."""

    def __init__(self, site: Site, position: QPointF) -> None:
        super().__init__()
        self.site = site
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self.setPos(position)
        self.setZValue(_Z_SITES)
        self.offset = QPointF(0, 0)
        self.leader = _Leader(self)
        self.leader.setZValue(-1)
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
        self.leader.set_end(offset)


class MapView(QGraphicsView):
    """The map of the regency with one marker per positioned site. Emits `siteSelected(id)` when the user clicks
    a site; `select_site` selects from outside without emitting. `color_mode_changed(mode)` follows every change
    of the colour mode (`COLOR_MODE_STATE` or `COLOR_MODE_CONTRACT`), by the map's button or `set_color_mode`."""

    siteSelected = Signal(str)
    color_mode_changed = Signal(str)

    def __init__(self, network: Network, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), PIXMAP_CACHE_KB))
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setBackgroundBrush(_SEA)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        self._network = network
        self._problems: list[str] = []
        self._anchors: dict[str, _SiteAnchor] = {}
        self._links: list[tuple[Link, QGraphicsLineItem]] = []
        self._badges: list[MapText] = []
        self._states: dict[str, HealthState] = {}
        self._metrics: dict[str, SiteMetrics] = {}
        self._since: dict[str, float] = {}
        self._uplinks: dict[str, Link] = {}
        self._link_subjects: dict[str, str] = {}
        self._pulses: dict[str, QVariantAnimation] = {}
        self._risks: dict[str, SiteContractRisk] = {}
        self._risk_lang = "id"
        self._color_mode = COLOR_MODE_STATE
        self.contract_mode_button = QToolButton(self)
        self.contract_mode_button.setCheckable(True)
        self.contract_mode_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.contract_mode_button.toggled.connect(
            lambda checked: self.set_color_mode(COLOR_MODE_CONTRACT if checked else COLOR_MODE_STATE))
        self._retranslate_button()
        # The last grouping (groups, their centres, marker pixels, scale): valid until the zoom or the sites change.
        self._grouping: tuple[list[list[str]], list[QPointF], dict[str, QPointF], float] | None = None
        self._view_px = QRectF()
        self._selected: str | None = None
        self._group_of: dict[str, int] = {}
        self._user_navigated = False
        self._press_pos: QPoint | None = None
        self._region = QRectF()
        self._kecamatan_labels: list[MapText] = []
        self._desa_label_items: list[MapText] = []
        self._extent = QRectF()
        self._desa_group = self._layer_group()
        self._desa_labels = self._layer_group()
        self._projection = self._make_projection(network)
        self._build_map()
        self._build_sites()
        self.fit_all()

    # --- public API ----------------------------------------------------------------------------------------

    def map_problems(self) -> list[str]:
        """Map layers that could not be loaded (the map is drawn without them)."""
        return list(self._problems)

    def sites_without_position(self) -> list[str]:
        return [site.id for site in self._network.sites if site.lat is None or site.lon is None]

    def set_network(self, network: Network) -> None:
        """Show another network's sites and links (the map layers stay)."""
        for animation in list(self._pulses.values()):
            animation.stop()
        self._pulses.clear()
        for anchor in self._anchors.values():
            self.scene().removeItem(anchor)
        for _, line in self._links:
            self.scene().removeItem(line)
        self._anchors.clear()
        self._links.clear()
        self._grouping = None
        ids = {site.id for site in network.sites}
        self._states = {sid: state for sid, state in self._states.items() if sid in ids}
        self._metrics = {sid: value for sid, value in self._metrics.items() if sid in ids}
        self._since = {sid: value for sid, value in self._since.items() if sid in ids}
        self._network = network
        if self._selected and network.site(self._selected) is None:
            self._selected = None
        self._build_sites()
        if self._user_navigated:
            self._relayout()
        else:
            self.fit_all()

    def set_site_states(self, states: Mapping[str, HealthState]) -> None:
        """Restyle the markers of the given sites (others keep their state), their links, and the labels."""
        changed = False
        for site_id, state in states.items():
            if self._states.get(site_id) is state:
                continue
            self._states[site_id] = state
            anchor = self._anchors.get(site_id)
            if anchor is not None:
                anchor.marker.set_state(state)
                changed = True
        if changed:
            self._restyle_links()
            self._relabel()

    def site_state(self, site_id: str) -> HealthState:
        return self._states.get(site_id, HealthState.UNKNOWN)

    def set_contract_risks(self, risks: Mapping[str, SiteContractRisk], lang: str = "id") -> None:
        """Every site's contract risk (`domain.contract_risk.site_contract_risks`; a site left out has no contract
        on record), and the language (`id` or `en`) of their texts in the tooltips. Recolours in contract mode."""
        self._risks = dict(risks)
        self._risk_lang = lang
        if self._color_mode == COLOR_MODE_CONTRACT:
            self._apply_color_mode()

    def contract_risk(self, site_id: str) -> SiteContractRisk | None:
        return self._risks.get(site_id)

    def color_mode(self) -> str:
        return self._color_mode

    def set_color_mode(self, mode: str) -> None:
        """Colour the markers by live state (`COLOR_MODE_STATE`) or contract risk (`COLOR_MODE_CONTRACT`)."""
        if mode not in COLOR_MODES:
            raise ValueError(f"unknown colour mode {mode!r}; one of {', '.join(COLOR_MODES)}")
        if mode == self._color_mode:
            return
        self._color_mode = mode
        self.contract_mode_button.blockSignals(True)
        self.contract_mode_button.setChecked(mode == COLOR_MODE_CONTRACT)
        self.contract_mode_button.blockSignals(False)
        self._apply_color_mode()
        if not self._user_navigated:
            self.fit_all()  # the legend's size changed with its rows
        self._place_mode_button()
        self.color_mode_changed.emit(mode)

    def legend_labels(self) -> list[str]:
        """The legend's rows as shown, top to bottom."""
        if self._color_mode == COLOR_MODE_CONTRACT:
            return [risk_label(level) for level in RISK_DISPLAY_ORDER]
        return [state_label(state) for state in DISPLAY_ORDER]

    def _risk_level(self, site_id: str) -> RiskLevel:
        risk = self._risks.get(site_id)
        return risk.level if risk is not None else RiskLevel.NO_CONTRACT

    def _apply_color_mode(self) -> None:
        contract = self._color_mode == COLOR_MODE_CONTRACT
        for site_id, anchor in self._anchors.items():
            anchor.marker.set_risk(self._risk_level(site_id) if contract else None)
        self._restyle_links()
        self._relabel()
        self.viewport().update()

    def set_site_metrics(self, metrics: Mapping[str, SiteMetrics]) -> None:
        """The figures the tooltips show (nothing is redrawn)."""
        self._metrics.update(metrics)

    def set_site_since(self, since: Mapping[str, float]) -> None:
        """When each given site entered its current state (epoch seconds), for the tooltips."""
        self._since.update(since)

    def site_tooltip(self, site_id: str) -> str:
        """The tooltip of a site's marker and label: name, kind and district, state and since when, figures, link."""
        site = self._network.site(site_id)
        if site is None:
            return ""
        state = self._states.get(site_id, HealthState.UNKNOWN)
        details = [kind_label(site.kind)]
        if site.kecamatan:
            details.append(self.tr("Kecamatan {name}").format(name=site.kecamatan))
        lines = [f"<b>{html.escape(site.name)}</b>", html.escape(" · ".join(details))]
        since = self._since.get(site_id)
        if since is not None:
            lines.append(html.escape(self.tr("State: {state} since {time}").format(
                state=state_label(state), time=format_time(since, self._network.timezone))))
        else:
            lines.append(html.escape(self.tr("State: {state}").format(state=state_label(state))))
        metrics = self._metrics.get(site_id, SiteMetrics())
        rtt = "—" if metrics.rtt_ms is None else f"{format_rtt(metrics.rtt_ms)} ms"
        loss = "—" if metrics.loss_percent is None else f"{format_number(metrics.loss_percent, 0)} %"
        lines.append(html.escape(self.tr("RTT {rtt} · loss {loss}").format(rtt=rtt, loss=loss)))
        link = self._uplinks.get(site_id)
        if link is not None:
            lines.append(html.escape(self.tr("Link: {provider} · {medium}").format(
                provider=link.provider, medium=medium_label(link.medium))))
        risk = self._risks.get(site_id)
        if self._color_mode == COLOR_MODE_CONTRACT:
            text = risk.text(self._risk_lang) if risk is not None else risk_label(RiskLevel.NO_CONTRACT)
            # In contract mode the contract is what the marker shows, so it comes right under the name.
            # The risk's own words name the contract ("Contract ends in 30 days"): no "Contract:" before them.
            lines.insert(2, "<b>" + html.escape(text) + "</b>")
        elif risk is not None:
            lines.append(html.escape(risk.text(self._risk_lang)))
        return "<br>".join(lines)

    def pulse_site(self, site_id: str) -> None:
        """Draw attention to a site (one that just went down): a halo grows and fades around it, twice."""
        anchor = self._anchors.get(site_id)
        if anchor is None or (site_id not in self._pulses and len(self._pulses) >= MAX_PULSES):
            return
        animation = self._pulses.get(site_id)
        if animation is None:
            animation = QVariantAnimation(self)
            animation.setStartValue(0.0)
            animation.setEndValue(1.0)
            animation.setDuration(PULSE_MS)
            marker = anchor.marker
            animation.valueChanged.connect(lambda value: marker.set_pulse(float(value)))
            animation.finished.connect(lambda: self._end_pulse(site_id, marker))
            self._pulses[site_id] = animation
        animation.stop()
        animation.start()

    def is_pulsing(self, site_id: str) -> bool:
        return site_id in self._pulses

    def _end_pulse(self, site_id: str, marker: SiteMarker) -> None:
        marker.set_pulse(None)
        animation = self._pulses.pop(site_id, None)
        if animation is not None:
            animation.deleteLater()

    def view_state(self) -> tuple[float, float, float] | None:
        """(pixels per metre, longitude, latitude of the centre) once the user has zoomed or panned; None while the
        map fits the whole regency."""
        if not self._user_navigated:
            return None
        lon, lat = self._projection.to_lonlat(self.mapToScene(self.viewport().rect().center()))
        return self.transform().m11(), lon, lat

    def restore_view_state(self, scale: float, lon: float, lat: float) -> None:
        """Zoom to `scale` pixels per metre around (lon, lat), as `view_state` gave them."""
        if not (math.isfinite(scale) and math.isfinite(lon) and math.isfinite(lat)):
            return
        scale = min(max(scale, MIN_PX_PER_M), MAX_PX_PER_M)
        self.setTransform(QTransform.fromScale(scale, scale))
        self.centerOn(self._projection.to_scene(lon, lat))
        self._user_navigated = True
        self._relayout()

    def select_site(self, site_id: str | None) -> None:
        """Select a site (None clears), bring it into view, and show its label; does not emit `siteSelected`."""
        if site_id is not None and site_id not in self._anchors:
            site_id = None
        if site_id == self._selected:
            return
        if self._selected is not None:
            previous = self._anchors[self._selected]
            previous.marker.set_selected_mark(False)
            previous.setZValue(_Z_SITES)
        self._selected = site_id
        if site_id is not None:
            anchor = self._anchors[site_id]
            anchor.marker.set_selected_mark(True)
            anchor.setZValue(_Z_SELECTED)
        self._relabel()
        if site_id is not None:
            self._ensure_visible(site_id)

    def selected_site(self) -> str | None:
        return self._selected

    def marker(self, site_id: str) -> SiteMarker | None:
        anchor = self._anchors.get(site_id)
        return anchor.marker if anchor else None

    def label_text(self, site_id: str) -> str | None:
        """The site's label as shown on the map, or None while it is hidden."""
        anchor = self._anchors.get(site_id)
        if anchor is None or not anchor.label.isVisible():
            return None
        return anchor.label.text()

    def badge_texts(self) -> list[str]:
        return [badge.text() for badge in self._badges if badge.isVisible()]

    def link_item(self, link_id: str) -> QGraphicsLineItem | None:
        """The line drawn for a link, or None when one of its ends is not on the map (or is the internet)."""
        return next((line for link, line in self._links if link.id == link_id), None)

    def marker_view_pos(self, site_id: str) -> QPointF | None:
        """Where the site's marker is drawn, in viewport pixels (after spreading), or None if not on the map."""
        anchor = self._anchors.get(site_id)
        if anchor is None:
            return None
        return self.viewportTransform().map(anchor.pos()) + anchor.offset

    def pixels_per_km(self) -> float:
        return self.transform().m11() * 1000.0

    def desa_visible(self) -> bool:
        return self._desa_group.isVisible()

    def fit_all(self) -> None:
        """Show the whole regency and every positioned site."""
        bounds = QRectF(self._region)
        for anchor in self._anchors.values():
            bounds = bounds.united(QRectF(anchor.pos(), QSizeF(1, 1)))
        if bounds.isEmpty():
            return
        margin = max(bounds.width(), bounds.height()) * 0.03
        bounds.adjust(-margin, -margin, margin, margin)
        # The legend stands over the bottom-left corner: where the view is wide enough, the map keeps clear of it
        # (of its width, which depends on the language of its labels), so that no office hides under it. A narrow
        # view keeps the whole width for the map: shrinking it by more than a little would cost more than it gains.
        view = QRectF(self.viewport().rect())
        scale = min(view.width() / bounds.width(), view.height() / bounds.height())
        legend = self._legend_box().right()
        left = (view.width() - bounds.width() * scale) / 2
        if left < legend:
            beside = min((view.width() - legend) / bounds.width(), view.height() / bounds.height())
            if beside >= scale * _LEGEND_MAX_SHRINK:
                scale = beside
                left = max(legend, (view.width() - bounds.width() * scale) / 2)
        self.setTransform(QTransform.fromScale(scale, scale))
        # Scroll so that the bounds' left edge lands `left` pixels in, their middle in the middle of the height.
        self.centerOn(bounds.left() + (view.width() / 2 - left) / scale, bounds.center().y())
        self._user_navigated = False
        self._relayout()

    def zoom_by(self, factor: float, around: QPointF | None = None) -> None:
        """Zoom by `factor`, keeping the scene point under `around` (viewport pixels; default the centre) fixed."""
        current = self.transform().m11()
        factor = min(max(factor, MIN_PX_PER_M / current), MAX_PX_PER_M / current)
        if abs(factor - 1.0) < 1e-9:
            return
        pivot = around if around is not None else QPointF(self.viewport().rect().center())
        before = self.mapToScene(pivot.toPoint())
        self.scale(factor, factor)
        after = self.mapFromScene(before)
        shift = after - pivot.toPoint()
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + shift.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + shift.y())
        self._user_navigated = True
        self._relayout()

    # --- building --------------------------------------------------------------------------------------------

    def _layer_group(self) -> QGraphicsItem:
        group = QGraphicsPathItem()  # an empty path: a parent that draws nothing, for showing a layer at once
        self.scene().addItem(group)
        return group

    def _load(self, name: str) -> list[dict[str, Any]]:
        try:
            return list(_layer(name)["features"])
        except ResourceError as error:
            if str(error) not in self._problems:
                self._problems.append(str(error))
            return []

    def _make_projection(self, network: Network) -> Projection:
        region = geometry_path(_first_geometry(self._load("ppu_kabupaten")), Projection(0.0, 0.0)).boundingRect()
        if not region.isEmpty():
            return Projection(region.center().x() / M_PER_DEGREE, -region.center().y() / M_PER_DEGREE)
        positioned = [s for s in network.sites if s.lat is not None and s.lon is not None]
        if positioned:
            return Projection(sum(s.lon or 0.0 for s in positioned) / len(positioned),
                              sum(s.lat or 0.0 for s in positioned) / len(positioned))
        return Projection(0.0, 0.0)

    def _add_path(self, path: QPainterPath, pen: QPen | None, brush: QBrush | None, z: float,
                  parent: QGraphicsItem | None = None) -> QGraphicsPathItem:
        item = QGraphicsPathItem(path, parent)
        item.setPen(pen if pen is not None else QPen(Qt.PenStyle.NoPen))
        item.setBrush(brush if brush is not None else QBrush(Qt.BrushStyle.NoBrush))
        item.setZValue(z)
        if parent is None:
            # A top-level layer: thousands of antialiased vertices that change only with the zoom. Village
            # outlines (children) stay uncached: dozens of viewport-sized pixmaps would cost more than they save.
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self.scene().addItem(item)
        return item

    def _build_map(self) -> None:
        project = self._projection
        extent = QRectF()
        for feature in self._load("ppu_context_neighbours"):
            item = self._add_path(geometry_path(feature["geometry"], project), _PEN_NEIGHBOUR, _BRUSH_NEIGHBOUR,
                                  _Z_NEIGHBOURS)
            extent = extent.united(item.boundingRect())
        for feature in self._load("ppu_kabupaten"):
            path = geometry_path(feature["geometry"], project)
            self._add_path(path, None, _BRUSH_LAND, _Z_LAND)
            self._add_path(path, _PEN_OUTLINE, None, _Z_OUTLINE)
            self._region = self._region.united(path.boundingRect())
        self._desa_group.setZValue(_Z_DESA)
        self._desa_labels.setZValue(_Z_MAP_LABELS)
        desa_font = QFont()
        desa_font.setPointSizeF(7.5)
        desa_font.setItalic(True)
        for feature in self._load("ppu_desa"):
            self._add_path(geometry_path(feature["geometry"], project), _PEN_DESA, None, 0, self._desa_group)
            desa_label = self._add_map_label(feature, desa_font, QColor("#8c8778"), self._desa_labels)
            if desa_label is not None:
                self._desa_label_items.append(desa_label)
        kecamatan_font = QFont()
        kecamatan_font.setPointSizeF(9.0)
        kecamatan_font.setBold(True)
        kecamatan_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 112)
        for feature in self._load("ppu_kecamatan"):
            self._add_path(geometry_path(feature["geometry"], project), _PEN_KECAMATAN, None, _Z_KECAMATAN)
            label = self._add_map_label(feature, kecamatan_font, QColor("#6e6a5e"), None, upper=True)
            if label is not None:
                label.setZValue(_Z_MAP_LABELS)
                self._kecamatan_labels.append(label)
        if self._region.isEmpty():
            self._region = extent
        self._extent = extent.united(self._region)

    def _add_map_label(self, feature: Mapping[str, Any], font: QFont, color: QColor, parent: QGraphicsItem | None,
                       upper: bool = False) -> MapText | None:
        properties = feature.get("properties") or {}
        name = str(properties.get("name") or "")
        if not name:
            return None
        if "label_lon" in properties and "label_lat" in properties:
            position = self._projection.to_scene(float(properties["label_lon"]), float(properties["label_lat"]))
        else:
            position = geometry_path(feature["geometry"], self._projection).boundingRect().center()
        label = MapText(name.upper() if upper else name, font, color, centered=True, parent=parent)
        label.setPos(position)
        if parent is None:
            self.scene().addItem(label)
        return label

    def _build_sites(self) -> None:
        links = site_links(self._network)
        # The tooltips' line: the one that serves the site on the network's date when the map is built.
        self._uplinks = links.serving_all(local_date(time.time(), self._network.timezone))
        for site in self._network.sites:
            if site.lat is None or site.lon is None:
                continue
            anchor = _SiteAnchor(site, self._projection.to_scene(site.lon, site.lat))
            anchor.marker.set_state(self._states.get(site.id, HealthState.UNKNOWN))
            if self._color_mode == COLOR_MODE_CONTRACT:
                anchor.marker.set_risk(self._risk_level(site.id))
            if site.id == self._selected:
                anchor.marker.set_selected_mark(True)
                anchor.setZValue(_Z_SELECTED)
            self.scene().addItem(anchor)
            self._anchors[site.id] = anchor
        self._link_subjects = {}
        for link in self._network.links:
            if link.a in self._anchors and link.b in self._anchors and INTERNET not in (link.a, link.b):
                line = QGraphicsLineItem()
                line.setZValue(_Z_LINKS)
                line.setToolTip(self._link_tooltip(link))
                self.scene().addItem(line)
                self._links.append((link, line))
                # A link is as good as the site it serves (`domain.links`): a parent that is down shows on its own
                # marker, and its children's links grey out as UNREACHABLE.
                self._link_subjects[link.id] = links.subject(link)
        self._restyle_links()
        sites = QRectF(self._region)
        for anchor in self._anchors.values():
            sites = sites.united(QRectF(anchor.pos(), QSizeF(1, 1)))
        span = max(sites.width(), sites.height(), 1000.0)
        # Room to pan past the edges, but not so much that the map can be lost off-screen.
        self.setSceneRect(self._extent.united(sites).adjusted(-span, -span, span, span))

    def _link_tooltip(self, link: Link) -> str:
        return self.tr("{provider} · {medium} · {kbps} kbps").format(
            provider=link.provider, medium=medium_label(link.medium), kbps=link.bandwidth_kbps)

    def _retranslate_button(self) -> None:
        self.contract_mode_button.setText(self.tr("Colour by contract risk"))
        self.contract_mode_button.setToolTip(self.tr(
            "Colour the offices by their contracts (days left, gaps, budget) instead of their live state"))
        self.contract_mode_button.adjustSize()

    def retranslate_ui(self) -> None:
        """Say the map's words again in the current language: link tooltips, count badges, legend, scale bar, the
        colour mode button (the site tooltips are made when shown)."""
        self._retranslate_button()
        self._place_mode_button()
        for link, line in self._links:
            line.setToolTip(self._link_tooltip(link))
        # The badges' texts are set as they are placed; the legend and scale bar are drawn with the next paint.
        if self._user_navigated:
            self._relabel()
        else:
            self.fit_all()  # the legend's width changed with its words
        self.viewport().update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _restyle_links(self) -> None:
        contract = self._color_mode == COLOR_MODE_CONTRACT
        for link, line in self._links:
            state = HealthState.UNKNOWN if contract else self._states.get(self._link_subjects.get(link.id, ""),
                                                                          HealthState.UNKNOWN)
            pen = _LINK_PENS[(link.role, state)]
            if line.pen() != pen:
                line.setPen(pen)

    # --- layout after zoom or state changes ----------------------------------------------------------------

    def _relayout(self) -> None:
        scale = self.transform().m11()
        px_per_km = scale * 1000.0
        self._desa_group.setVisible(px_per_km >= DESA_MIN_PX_PER_KM)
        self._desa_labels.setVisible(px_per_km >= DESA_LABEL_MIN_PX_PER_KM)
        pixels = {sid: anchor.pos() * scale for sid, anchor in self._anchors.items()}
        groups = group_points(pixels)
        self._grouping = None
        self._group_of = {}
        centres: list[QPointF] = []
        for index, members in enumerate(groups):
            centre = QPointF(sum(pixels[m].x() for m in members) / len(members),
                             sum(pixels[m].y() for m in members) / len(members))
            centres.append(centre)
            for site_id, slot in zip(self._ring_order(members, pixels, centre), ring_slots(len(members)),
                                     strict=True):
                self._group_of[site_id] = index
                self._anchors[site_id].set_offset(centre - pixels[site_id] + slot)
        self._grouping = (groups, centres, pixels, scale)
        self._place_labels(groups, centres, pixels, scale)
        for link, line in self._links:
            a, b = self._anchors[link.a], self._anchors[link.b]
            same_group = self._group_of[link.a] == self._group_of[link.b]
            # Inside one spread group the ring already shows the sites together; a web of spokes would hide it.
            line.setVisible(not same_group)
            line.setLine(a.pos().x() + a.offset.x() / scale, a.pos().y() + a.offset.y() / scale,
                         b.pos().x() + b.offset.x() / scale, b.pos().y() + b.offset.y() / scale)
        self.viewport().update()

    def _relabel(self) -> None:
        """Place the labels again after a change of states or selection; the grouping stays as it is."""
        if self._grouping is None or self._grouping[3] != self.transform().m11():
            self._relayout()
            return
        self._place_labels(*self._grouping)

    def _ring_order(self, members: list[str], pixels: Mapping[str, QPointF], centre: QPointF) -> list[str]:
        if len(members) == 1:
            return members
        order = {sid: i for i, sid in enumerate(members)}

        def bearing(site_id: str) -> tuple[float, int]:
            delta = pixels[site_id] - centre
            if math.hypot(delta.x(), delta.y()) < 0.5:
                return (math.inf, order[site_id])
            # Measured from north, clockwise, as the ring's slots are, so each marker lands near its true side.
            return ((math.atan2(delta.y(), delta.x()) + math.pi / 2) % (2 * math.pi), order[site_id])

        return sorted(members, key=bearing)

    def _priority(self, site_id: str) -> tuple[int, int, int, str]:
        site = self._anchors[site_id].site
        if self._color_mode == COLOR_MODE_CONTRACT:
            badness = int(self._risk_level(site_id))
        else:
            badness = SEVERITY[self._states.get(site_id, HealthState.UNKNOWN)]
        return (0 if site_id == self._selected else 1, -badness, _KIND_RANK.get(site.kind, 9), site.name)

    def _place_labels(self, groups: list[list[str]], centres: list[QPointF], pixels: Mapping[str, QPointF],
                      scale: float) -> None:
        half = MARKER_SIZE / 2 + 1
        markers = {sid: pixels[sid] + anchor.offset for sid, anchor in self._anchors.items()}
        occupied = RectGrid(QRectF(p.x() - half, p.y() - half, 2 * half, 2 * half) for p in markers.values())
        for anchor in self._anchors.values():
            anchor.label.setVisible(False)
        map_labels = self._kecamatan_labels + (self._desa_label_items if self._desa_labels.isVisible() else [])
        # Office labels keep off district and village names when they can, and cover them when they cannot.
        soft = RectGrid(label.boundingRect().translated(label.pos() * scale) for label in map_labels)
        # Labels prefer to stay inside the view as it is now (the edge of a fitted map cuts none of them).
        shown = self.mapToScene(self.viewport().rect()).boundingRect()
        self._view_px = QRectF(shown.topLeft() * scale, shown.size() * scale).adjusted(2, 2, -2, -2)
        badge_index = 0
        jobs: list[tuple[tuple[int, int, int, str], str | None, int]] = []
        for index, members in enumerate(groups):
            if len(members) > SMALL_GROUP:
                best = min(members, key=self._priority)
                jobs.append(((1, *self._priority(best)[1:3], ""), None, index))
                if self._selected in members:
                    jobs.append((self._priority(self._selected), self._selected, index))
            else:
                jobs.extend((self._priority(m), m, index) for m in members)
        for _, site_id, index in sorted(jobs, key=lambda job: job[0]):
            if site_id is None:
                self._place_badge(groups[index], centres[index], occupied, soft, badge_index, scale)
                badge_index += 1
            else:
                self._place_site_label(site_id, markers[site_id], centres[index], pixels[site_id], occupied, soft)
        for badge in self._badges[badge_index:]:
            badge.setVisible(False)

    def _place_site_label(self, site_id: str, marker: QPointF, centre: QPointF, anchor_px: QPointF,
                          occupied: RectGrid, soft: RectGrid) -> None:
        anchor = self._anchors[site_id]
        size = anchor.label.size()
        right = QRectF(QPointF(marker.x() + LABEL_GAP_PX, marker.y() - size.height() / 2), size)
        left = QRectF(QPointF(marker.x() - LABEL_GAP_PX - size.width(), marker.y() - size.height() / 2), size)
        above = QRectF(QPointF(marker.x() - size.width() / 2, marker.y() - LABEL_GAP_PX - size.height()), size)
        below = QRectF(QPointF(marker.x() - size.width() / 2, marker.y() + LABEL_GAP_PX), size)
        # A spread marker's label goes outwards, away from its ring.
        candidates = [left, right, above, below] if marker.x() < centre.x() - 0.5 else [right, left, above, below]
        chosen = _first_free(candidates, occupied, soft, self._view_px)
        if chosen is None and site_id == self._selected:
            # The selected site's label shows whatever it covers, but inside the view where it can.
            chosen = next((rect for rect in candidates if self._view_px.contains(rect)), candidates[0])
        if chosen is None:
            return
        occupied.add(chosen)
        anchor.label.setPos(chosen.topLeft() - anchor_px)
        anchor.label.setVisible(True)

    def _place_badge(self, members: list[str], centre: QPointF, occupied: RectGrid, soft: RectGrid,
                     index: int, scale: float) -> None:
        if index == len(self._badges):
            font = QFont()
            font.setPointSizeF(8.5)
            font.setBold(True)
            badge = MapText("", font, QColor("#202020"), boxed=True)
            badge.setZValue(_Z_BADGES)
            self.scene().addItem(badge)
            self._badges.append(badge)
        badge = self._badges[index]
        badge.set_text(self.tr("%n sites", "", len(members)))
        names = sorted((self._anchors[m].site.name for m in members), key=str.casefold)
        shown = names[:25]
        more = len(names) - len(shown)
        badge.setToolTip("<br>".join(html.escape(n) for n in shown)
                         + ("<br>" + html.escape(self.tr("… and {count} more").format(count=more)) if more else ""))
        size = badge.size()
        reach = _spread_radius(len(members)) + 3
        candidates = [
            QRectF(QPointF(centre.x() + reach, centre.y() - size.height() / 2), size),
            QRectF(QPointF(centre.x() - reach - size.width(), centre.y() - size.height() / 2), size),
            QRectF(QPointF(centre.x() - size.width() / 2, centre.y() - reach - size.height()), size),
            QRectF(QPointF(centre.x() - size.width() / 2, centre.y() + reach), size),
        ]
        chosen = _first_free(candidates, occupied, soft, self._view_px) or candidates[0]
        occupied.add(chosen)
        badge.setPos(chosen.topLeft() / scale)
        badge.setVisible(True)

    def _ensure_visible(self, site_id: str) -> None:
        position = self.marker_view_pos(site_id)
        if position is None:
            return
        if not QRectF(self.viewport().rect()).adjusted(30, 30, -30, -30).contains(position):
            self.centerOn(self._anchors[site_id].pos())

    # --- interaction ---------------------------------------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.25 ** steps, event.position())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_pos = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self._press_pos is None:
            return
        release = event.position().toPoint()
        moved = (release - self._press_pos).manhattanLength()
        self._press_pos = None
        if moved > CLICK_SLOP_PX:
            self._user_navigated = True
            return
        site_id = self._site_at(release)
        if site_id is not None:
            self.select_site(site_id)
            self.siteSelected.emit(site_id)

    def _site_at(self, position: QPoint) -> str | None:
        for item in self.items(position):
            site_id = item.data(SITE_ID_KEY)
            if isinstance(site_id, str) and site_id in self._anchors:
                return site_id
        return None

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            site_id = self._site_at(event.pos())
            if site_id is not None:
                QToolTip.showText(event.globalPos(), self.site_tooltip(site_id), self.viewport())
                return True
        return super().viewportEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_mode_button()
        # Until the user zooms or pans, the map keeps showing the whole regency as the window changes size.
        if not self._user_navigated:
            self.fit_all()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        # The legend and scale bar are fixed to the viewport; scrolled pixels would smear them.
        self.viewport().update()

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._draw_legend(painter)
        self._draw_scale_bar(painter)
        painter.restore()

    def _legend_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(8.5)
        return font

    def _legend_row(self) -> float:
        return max(QFontMetricsF(self._legend_font()).height(), MARKER_SIZE + 2)

    def _button_height(self) -> float:
        return float(self.contract_mode_button.sizeHint().height())

    def _legend_box(self) -> QRectF:
        """Where the legend is drawn, in viewport pixels: the bottom-left corner; the colour mode button sits at
        its top."""
        metrics = QFontMetricsF(self._legend_font())
        labels = self.legend_labels()
        width = max(12 + MARKER_SIZE + 8 + max(metrics.horizontalAdvance(text) for text in labels) + 12,
                    self.contract_mode_button.sizeHint().width() + 12)
        height = 6 + self._button_height() + 4 + self._legend_row() * len(labels) + 8
        return QRectF(10, self.viewport().height() - height - 10, width, height)

    def _place_mode_button(self) -> None:
        box = self._legend_box()
        # The button is the view's child, not the viewport's: scrolling the viewport would move it with the map.
        corner = self.viewport().geometry().topLeft()
        self.contract_mode_button.move(corner.x() + round(box.left()) + 6, corner.y() + round(box.top()) + 6)
        self.contract_mode_button.raise_()

    def _draw_legend(self, painter: QPainter) -> None:
        font = self._legend_font()
        metrics = QFontMetricsF(font)
        labels = self.legend_labels()
        row = self._legend_row()
        box = self._legend_box()
        painter.setPen(QPen(QColor(120, 120, 120, 200), 0.8))
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRoundedRect(box, 4, 4)
        painter.setFont(font)
        top = box.top() + 6 + self._button_height() + 4
        contract = self._color_mode == COLOR_MODE_CONTRACT
        keys: Sequence[HealthState | RiskLevel] = RISK_DISPLAY_ORDER if contract else DISPLAY_ORDER
        for i, (key, text) in enumerate(zip(keys, labels, strict=True)):
            middle = top + row * i + row / 2
            centre = QPointF(box.left() + 12 + MARKER_SIZE / 2, middle)
            if isinstance(key, RiskLevel):
                _paint_risk_marker(painter, key, centre)
            else:
                paint_marker(painter, key, centre)
            painter.setPen(QColor("#202020"))
            painter.drawText(QPointF(box.left() + 12 + MARKER_SIZE + 8, middle + metrics.ascent() / 2 - 1), text)

    def _draw_scale_bar(self, painter: QPainter) -> None:
        scale = self.transform().m11()
        if scale <= 0:
            return
        metres = _nice_length(120.0 / scale)
        length = metres * scale
        text = self.tr("{n} km").format(n=f"{metres / 1000:g}") if metres >= 1000 else \
            self.tr("{n} m").format(n=f"{metres:g}")
        right = self.viewport().width() - 16.0
        base = self.viewport().height() - 16.0
        bar = QPainterPath()
        bar.moveTo(right - length, base - 5)
        bar.lineTo(right - length, base)
        bar.lineTo(right, base)
        bar.lineTo(right, base - 5)
        painter.strokePath(bar, QPen(QColor(255, 255, 255, 220), 4.5))
        painter.strokePath(bar, QPen(QColor("#303030"), 1.6))
        font = QFont(self.font())
        font.setPointSizeF(8.5)
        glyphs = QPainterPath()
        width = QFontMetricsF(font).horizontalAdvance(text)
        glyphs.addText(right - length / 2 - width / 2, base - 8, font, text)
        painter.strokePath(glyphs, QPen(QColor(255, 255, 255, 230), 3.0))
        painter.fillPath(glyphs, QColor("#303030"))


class RectGrid:
    """Rectangles (in pixels) bucketed in a coarse grid, so asking what a label would cover looks at its
    neighbourhood only, not at every marker of the map."""

    CELL = 64.0

    def __init__(self, rects: Iterable[QRectF] = ()) -> None:
        self._cells: dict[tuple[int, int], list[QRectF]] = {}
        for rect in rects:
            self.add(rect)

    def _keys(self, rect: QRectF) -> Iterator[tuple[int, int]]:
        for x in range(math.floor(rect.left() / self.CELL), math.floor(rect.right() / self.CELL) + 1):
            for y in range(math.floor(rect.top() / self.CELL), math.floor(rect.bottom() / self.CELL) + 1):
                yield x, y

    def add(self, rect: QRectF) -> None:
        for key in self._keys(rect):
            self._cells.setdefault(key, []).append(rect)

    def intersects(self, rect: QRectF) -> bool:
        return any(rect.intersects(other) for key in self._keys(rect) for other in self._cells.get(key, ()))


def _first_free(candidates: list[QRectF], hard: RectGrid, soft: RectGrid, inside: QRectF) -> QRectF | None:
    """The first candidate that covers nothing; failing that, the first that covers only `soft` obstacles. Within
    each, one inside `inside` (the view) comes before one that sticks out of it."""
    for avoid_soft in (True, False):
        free = [rect for rect in candidates if not hard.intersects(rect) and not (avoid_soft and soft.intersects(rect))]
        if free:
            return next((rect for rect in free if inside.contains(rect)), free[0])
    return None


def _nice_length(target: float) -> float:
    """The largest 1, 2 or 5 × 10^k not above `target` (at least 1)."""
    if target < 1:
        return 1.0
    power = 10 ** math.floor(math.log10(target))
    return float(max(step * power for step in (1, 2, 5) if step * power <= target))


def _first_geometry(features: list[dict[str, Any]]) -> Mapping[str, Any]:
    return features[0]["geometry"] if features else {}
