"""The map view: the regency (`layers`) with a marker per site (`items`) and its links (`links`), zoomed and panned
by the user, kept in step with the live states, the contract risks and the selection.

After every zoom change the sites are grouped and spread (`placement`), then labelled (`labels`) clear of the
markers, the legend and the scale bar (`overlays`); the legend takes the corner that hides the fewest offices. A
state change re-places the labels (their priority follows the state) and restyles markers and links without
regrouping. Tooltips are written when asked for (`tooltips`), so figures that change four times a second cost
nothing until someone hovers; a site that newly goes down pulses. The button at the top of the legend switches the
colour mode (`styles`): legend, tooltips and label priority follow it, and links turn grey in contract mode.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPixmapCache,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsView,
    QToolButton,
    QToolTip,
    QWidget,
)

from pantau.domain.contract_risk import RiskLevel, SiteContractRisk
from pantau.domain.inventory import Link, Network
from pantau.domain.links import site_links
from pantau.domain.states import SEVERITY, HealthState
from pantau.domain.timezones import local_date
from pantau.ui.map import overlays
from pantau.ui.map.items import SITE_ID_KEY, LeaderLayer, Pulses, SiteAnchor, SiteMarker
from pantau.ui.map.labels import LabelJob, LabelPlacer, Priority
from pantau.ui.map.layers import MapLayers
from pantau.ui.map.links import LinkLines
from pantau.ui.map.placement import fit_beside, nice_length, spread
from pantau.ui.map.styles import (
    COLOR_MODE_CONTRACT,
    COLOR_MODE_STATE,
    COLOR_MODES,
    KIND_RANK,
    RISK_DISPLAY_ORDER,
    SEA,
    Z_SELECTED,
    Z_SITES,
    risk_label,
)
from pantau.ui.map.tooltips import site_tooltip
from pantau.ui.site_model import SiteMetrics, medium_label
from pantau.ui.state_style import DISPLAY_ORDER, state_label

# fit_all shrinks the map to at most this share of its size to keep it clear of the legend, no further.
_LEGEND_MAX_SHRINK = 0.85
MIN_PX_PER_M = 0.0005
MAX_PX_PER_M = 3.0
CLICK_SLOP_PX = 4
# The static layers are cached as pixmaps of up to a viewport each; Qt's default cache (10 MB) holds fewer of them
# than a large screen needs, and a cache that keeps evicting is slower than none.
PIXMAP_CACHE_KB = 96 * 1024
# After a pan the labels are placed again (the legend's corner and the view's edges moved), once the pan rests.
_RELABEL_AFTER_PAN_MS = 120


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
        self.setBackgroundBrush(SEA)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        self._network = network
        self._anchors: dict[str, SiteAnchor] = {}
        self._links = LinkLines(self.scene(), self._link_tooltip)
        self._leaders = LeaderLayer()
        self.scene().addItem(self._leaders)
        self._labels = LabelPlacer(self.scene())
        self._states: dict[str, HealthState] = {}
        self._metrics: dict[str, SiteMetrics] = {}
        self._since: dict[str, float] = {}
        self._notes: dict[str, str] = {}
        self._uplinks: dict[str, Link] = {}
        self._pulses = Pulses(self)
        self._risks: dict[str, SiteContractRisk] = {}
        self._risk_lang = "id"
        self._color_mode = COLOR_MODE_STATE
        self._vantages_combined = False
        self._link_use: dict[str, float] = {}
        self._links_by_use = False
        self._legend_corner = overlays.Corner.BOTTOM_LEFT
        self._relabel_timer = QTimer(self)
        self._relabel_timer.setSingleShot(True)
        self._relabel_timer.setInterval(_RELABEL_AFTER_PAN_MS)
        self._relabel_timer.timeout.connect(lambda: self._relabel(move_legend=True))
        self.contract_mode_button = QToolButton(self)
        self.contract_mode_button.setCheckable(True)
        self.contract_mode_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.contract_mode_button.toggled.connect(
            lambda checked: self.set_color_mode(COLOR_MODE_CONTRACT if checked else COLOR_MODE_STATE))
        self._retranslate_button()
        # The last grouping (groups, their centres, marker pixels, scale): valid until the zoom or the sites change.
        self._grouping: tuple[list[list[str]], list[QPointF], dict[str, QPointF], float] | None = None
        self._selected: str | None = None
        self._group_of: dict[str, int] = {}
        self._user_navigated = False
        self._press_pos: QPoint | None = None
        self._layers = MapLayers(self.scene(), network)
        self._projection = self._layers.projection
        self._build_sites()
        self.fit_all()

    # --- public API ----------------------------------------------------------------------------------------

    def map_problems(self) -> list[str]:
        """Map layers that could not be loaded (the map is drawn without them)."""
        return list(self._layers.problems)

    def sites_without_position(self) -> list[str]:
        return [site.id for site in self._network.sites if site.lat is None or site.lon is None]

    def set_network(self, network: Network) -> None:
        """Show another network's sites and links (the map layers stay)."""
        self._pulses.stop_all()
        for anchor in self._anchors.values():
            self.scene().removeItem(anchor)
        self._links.clear()
        self._anchors.clear()
        self._grouping = None
        ids = {site.id for site in network.sites}
        self._states = {sid: state for sid, state in self._states.items() if sid in ids}
        self._metrics = {sid: value for sid, value in self._metrics.items() if sid in ids}
        self._since = {sid: value for sid, value in self._since.items() if sid in ids}
        self._notes = {sid: value for sid, value in self._notes.items() if sid in ids}
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
        return [state_label(state) for state in self._legend_states()]

    def set_vantages_combined(self, combined: bool) -> None:
        """The states are the shared store's vantages combined: the legend lists Path broken too (no single
        vantage's view is ever in that state, so elsewhere it would only puzzle)."""
        self._vantages_combined = combined
        self._relabel(move_legend=True)
        self.viewport().update()

    def _legend_states(self) -> tuple[HealthState, ...]:
        if self._vantages_combined:
            return DISPLAY_ORDER
        return tuple(state for state in DISPLAY_ORDER if state is not HealthState.PATH_BROKEN)

    def _risk_level(self, site_id: str) -> RiskLevel:
        risk = self._risks.get(site_id)
        return risk.level if risk is not None else RiskLevel.NO_CONTRACT

    def _apply_color_mode(self) -> None:
        contract = self._color_mode == COLOR_MODE_CONTRACT
        for site_id, anchor in self._anchors.items():
            anchor.marker.set_risk(self._risk_level(site_id) if contract else None)
        self._restyle_links()
        self._relabel(move_legend=True)  # the legend has other rows
        self.viewport().update()

    def set_site_metrics(self, metrics: Mapping[str, SiteMetrics]) -> None:
        """The figures the tooltips show (nothing is redrawn)."""
        self._metrics.update(metrics)

    def set_site_since(self, since: Mapping[str, float]) -> None:
        """When each given site entered its current state (epoch seconds), for the tooltips."""
        self._since.update(since)

    def set_site_notes(self, notes: Mapping[str, str]) -> None:
        """Where each given site's state comes from (the shared store's vantages), for the tooltips; "" clears."""
        self._notes.update(notes)

    def site_tooltip(self, site_id: str) -> str:
        """The tooltip of a site's marker and label: name, kind and district, state and since when, figures, link."""
        site = self._network.site(site_id)
        if site is None:
            return ""
        return site_tooltip(site, self._states.get(site_id, HealthState.UNKNOWN), self._since.get(site_id),
                            self._network.timezone, self._metrics.get(site_id, SiteMetrics()),
                            self._uplinks.get(site_id), self._risks.get(site_id), self._risk_lang,
                            self._color_mode == COLOR_MODE_CONTRACT, self._notes.get(site_id, ""))

    def pulse_site(self, site_id: str) -> None:
        """Draw attention to a site (one that just went down): a halo grows and fades around it, twice."""
        anchor = self._anchors.get(site_id)
        if anchor is not None:
            self._pulses.start(site_id, anchor.marker)

    def is_pulsing(self, site_id: str) -> bool:
        return self._pulses.is_pulsing(site_id)

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
            previous.setZValue(Z_SITES)
        self._selected = site_id
        if site_id is not None:
            anchor = self._anchors[site_id]
            anchor.marker.set_selected_mark(True)
            anchor.setZValue(Z_SELECTED)
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
        return self._labels.badge_texts()

    def link_item(self, link_id: str) -> QGraphicsLineItem | None:
        """The line drawn for a link, or None when one of its ends is not on the map (or is the internet)."""
        return self._links.item(link_id)

    def marker_view_pos(self, site_id: str) -> QPointF | None:
        """Where the site's marker is drawn, in viewport pixels (after spreading), or None if not on the map."""
        anchor = self._anchors.get(site_id)
        if anchor is None:
            return None
        return self.viewportTransform().map(anchor.pos()) + anchor.offset

    def pixels_per_km(self) -> float:
        return self.transform().m11() * 1000.0

    def desa_visible(self) -> bool:
        return self._layers.desa_group.isVisible()

    def fit_all(self) -> None:
        """Show the whole regency and every positioned site."""
        bounds = self._sites_bounds()
        if bounds.isEmpty():
            return
        margin = max(bounds.width(), bounds.height()) * 0.03
        bounds.adjust(-margin, -margin, margin, margin)
        # A fitted map puts the legend in the bottom-left corner: where the view is wide enough, the map keeps clear
        # of it (of its width, which depends on the language of its labels), so that no office hides under it (the
        # legend otherwise moves to the corner that covers the fewest offices).
        view = QSizeF(self.viewport().size())
        scale, left = fit_beside(bounds, view, overlays.MARGIN_PX + self._legend_size().width(), _LEGEND_MAX_SHRINK)
        self.setTransform(QTransform.fromScale(scale, scale))
        # Scroll so that the bounds' left edge lands `left` pixels in, their middle in the middle of the height.
        self.centerOn(bounds.left() + (view.width() / 2 - left) / scale, bounds.center().y())
        self._legend_corner = overlays.Corner.BOTTOM_LEFT
        self._place_mode_button()
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

    def _build_sites(self) -> None:
        # The tooltips' line: the one that serves the site on the network's date when the map is built.
        self._uplinks = site_links(self._network).serving_all(local_date(time.time(), self._network.timezone))
        for site in self._network.sites:
            if site.lat is None or site.lon is None:
                continue
            anchor = SiteAnchor(site, self._projection.to_scene(site.lon, site.lat))
            anchor.marker.set_state(self._states.get(site.id, HealthState.UNKNOWN))
            if self._color_mode == COLOR_MODE_CONTRACT:
                anchor.marker.set_risk(self._risk_level(site.id))
            if site.id == self._selected:
                anchor.marker.set_selected_mark(True)
                anchor.setZValue(Z_SELECTED)
            self.scene().addItem(anchor)
            self._anchors[site.id] = anchor
        self._links.build(self._network, self._anchors)
        self._restyle_links()
        sites = self._sites_bounds()
        span = max(sites.width(), sites.height(), 1000.0)
        # Room to pan past the edges, but not so much that the map can be lost off-screen.
        self.setSceneRect(self._layers.extent.united(sites).adjusted(-span, -span, span, span))

    def _sites_bounds(self) -> QRectF:
        """The regency and every positioned site, in scene coordinates."""
        bounds = QRectF(self._layers.region)
        for anchor in self._anchors.values():
            bounds = bounds.united(QRectF(anchor.pos(), QSizeF(1, 1)))
        return bounds

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
        self._links.retranslate()
        # The badges' texts are set as they are placed; the legend and scale bar are drawn with the next paint.
        if self._user_navigated:
            self._relabel(move_legend=True)  # the legend's size changed with its words
        else:
            self.fit_all()  # the legend's width changed with its words
        self.viewport().update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _restyle_links(self) -> None:
        self._links.restyle(self._states, self._color_mode == COLOR_MODE_CONTRACT,
                            self._link_use if self._links_by_use else None)

    def set_link_use(self, use: Mapping[str, float], by_use: bool | None = None) -> None:
        """Link id → percent of its contract (busiest of the hour); colour the lines by it (`by_use`, None: as was)."""
        self._link_use = dict(use)
        self._links_by_use = self._links_by_use if by_use is None else by_use
        self._restyle_links()

    # --- layout after zoom or state changes ----------------------------------------------------------------

    def _relayout(self) -> None:
        scale = self.transform().m11()
        px_per_km = scale * 1000.0
        self._layers.show_for(px_per_km)
        pixels = {sid: anchor.pos() * scale for sid, anchor in self._anchors.items()}
        groups, centres, offsets = spread(pixels)
        self._grouping = None
        self._group_of = {site_id: index for index, members in enumerate(groups) for site_id in members}
        for site_id, offset in offsets.items():
            self._anchors[site_id].set_offset(offset)
        self._leaders.place(self._anchors.values(), scale)
        self._grouping = (groups, centres, pixels, scale)
        self._place_labels(groups, centres, pixels, scale)
        self._links.place(self._anchors, self._group_of, scale)
        self.viewport().update()

    def _relabel(self, move_legend: bool = False) -> None:
        """Place the labels again after a change of states or selection; the grouping stays as it is."""
        if self._grouping is None or self._grouping[3] != self.transform().m11():
            self._relayout()
            return
        self._place_labels(*self._grouping, move_legend=move_legend)

    def _priority(self, site_id: str) -> Priority:
        site = self._anchors[site_id].site
        if self._color_mode == COLOR_MODE_CONTRACT:
            badness = int(self._risk_level(site_id))
        else:
            badness = SEVERITY[self._states.get(site_id, HealthState.UNKNOWN)]
        return (0 if site_id == self._selected else 1, -badness, KIND_RANK.get(site.kind, 9), site.name)

    def _place_labels(self, groups: list[list[str]], centres: list[QPointF], pixels: Mapping[str, QPointF],
                      scale: float, move_legend: bool = True) -> None:
        """Place the labels; first the legend in its corner, when the markers may have moved on the screen (a
        change of states or selection moves none, and a state storm should not pay for it)."""
        # Labels prefer to stay inside the view as it is now (the edge of a fitted map cuts none of them).
        shown = self.mapToScene(self.viewport().rect()).boundingRect()
        origin = shown.topLeft() * scale  # the viewport's top-left corner in these pixels
        if move_legend:
            self._place_legend([pixels[sid] + anchor.offset - origin for sid, anchor in self._anchors.items()])
        self._labels.place(LabelJob(
            self._anchors, groups, centres, pixels, scale, self._priority, self._selected,
            QRectF(origin, shown.size() * scale).adjusted(2, 2, -2, -2),
            # The legend and the scale bar are obstacles like markers: no office label goes under them.
            [self.legend_rect().translated(origin),
             overlays.scale_bar_box(QSizeF(self.viewport().size()), self._legend_font(), *self._scale_bar())
             .translated(origin)],
            # Office labels keep off district and village names when they can, and cover them when they cannot.
            self._layers.name_rects(scale),
            lambda count: self.tr("%n sites", "", count)))

    def _place_legend(self, markers: Sequence[QPointF]) -> None:
        """Move the legend to the corner that covers the fewest markers (viewport pixels)."""
        corner = overlays.legend_corner(self._legend_size(), QSizeF(self.viewport().size()), markers,
                                        self._legend_corner)
        self._legend_corner = corner
        # Always: the legend's box also changes with its texts (a language) and the viewport, not only its corner.
        self._place_mode_button()

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
        self._relabel_timer.start()

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        contract = self._color_mode == COLOR_MODE_CONTRACT
        keys: Sequence[HealthState | RiskLevel] = RISK_DISPLAY_ORDER if contract else self._legend_states()
        overlays.draw_legend(painter, self.legend_rect(), self._legend_font(), keys, self.legend_labels(),
                             float(self.contract_mode_button.sizeHint().height()))
        self._draw_scale_bar(painter)
        painter.restore()

    def _legend_font(self) -> QFont:
        return overlays.legend_font(self.font())

    def _legend_size(self) -> QSizeF:
        return overlays.legend_size(self._legend_font(), self.legend_labels(),
                                    QSizeF(self.contract_mode_button.sizeHint()))

    def legend_rect(self) -> QRectF:
        """Where the legend is drawn, in viewport pixels, in its corner (see `overlays`); the colour mode button
        sits at its top."""
        return overlays.legend_box(self._legend_size(), QSizeF(self.viewport().size()), self._legend_corner)

    def legend_corner(self) -> overlays.Corner:
        return self._legend_corner

    def _place_mode_button(self) -> None:
        box = self.legend_rect()
        # The button is the view's child, not the viewport's: scrolling the viewport would move it with the map.
        corner = self.viewport().geometry().topLeft()
        self.contract_mode_button.move(corner.x() + round(box.left()) + 6, corner.y() + round(box.top()) + 6)
        self.contract_mode_button.raise_()

    def _scale_bar(self) -> tuple[float, str]:
        """The scale bar's length in pixels and its text."""
        scale = self.transform().m11()
        metres = nice_length(120.0 / scale)
        text = self.tr("{n} km").format(n=f"{metres / 1000:g}") if metres >= 1000 else \
            self.tr("{n} m").format(n=f"{metres:g}")
        return metres * scale, text

    def _draw_scale_bar(self, painter: QPainter) -> None:
        if self.transform().m11() <= 0:
            return
        length, text = self._scale_bar()
        overlays.draw_scale_bar(painter, QSizeF(self.viewport().size()), length, text, self._legend_font())
