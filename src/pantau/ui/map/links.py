"""The links on the map: a line per link between two offices on the map (primary solid, backup dashed), coloured
by the state of the office it serves, or, when asked and the line is measured (SNMP), by its use on the
utilisation scale, thicker (a line not measured keeps its state colour: no data never reads as idle); grey in
contract mode, hidden inside a spread group (the ring already shows
those offices together; a web of spokes would hide it), and ending where the spread markers are drawn."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsScene

from pantau.domain.inventory import INTERNET, Link, LinkRole, Network
from pantau.domain.links import site_links
from pantau.domain.states import HealthState
from pantau.ui.map.items import SiteAnchor
from pantau.ui.map.styles import LINK_PENS, USE_PEN_WIDTH, Z_LINKS, cosmetic_pen
from pantau.ui.traffic_heatmap import utilisation_colour


class LinkLines:
    """The link lines of one network in `scene`; `tooltip(link)` writes a line's tooltip in the current language."""

    def __init__(self, scene: QGraphicsScene, tooltip: Callable[[Link], str]) -> None:
        self._scene = scene
        self._tooltip = tooltip
        self._lines: list[tuple[Link, QGraphicsLineItem]] = []
        self._subjects: dict[str, str] = {}

    def build(self, network: Network, anchors: Mapping[str, SiteAnchor]) -> None:
        """A line for every link whose two ends are on the map (none to the internet); the old ones go."""
        self.clear()
        links = site_links(network)
        for link in network.links:
            if link.a in anchors and link.b in anchors and INTERNET not in (link.a, link.b):
                line = QGraphicsLineItem()
                line.setZValue(Z_LINKS)
                line.setToolTip(self._tooltip(link))
                self._scene.addItem(line)
                self._lines.append((link, line))
                # A link is as good as the site it serves (`domain.links`): a parent that is down shows on its own
                # marker, and its children's links grey out as UNREACHABLE.
                self._subjects[link.id] = links.subject(link)

    def clear(self) -> None:
        for _, line in self._lines:
            self._scene.removeItem(line)
        self._lines.clear()
        self._subjects.clear()

    def item(self, link_id: str) -> QGraphicsLineItem | None:
        return next((line for link, line in self._lines if link.id == link_id), None)

    def retranslate(self) -> None:
        for link, line in self._lines:
            line.setToolTip(self._tooltip(link))

    def restyle(self, states: Mapping[str, HealthState], contract_mode: bool,
                use: Mapping[str, float] | None = None) -> None:
        """Colour every line; `use` (link id → percent of its contract, the busiest of the last hour) colours the
        measured lines by their use instead of by state."""
        for link, line in self._lines:
            state = HealthState.UNKNOWN if contract_mode else states.get(self._subjects.get(link.id, ""),
                                                                         HealthState.UNKNOWN)
            percent = None if contract_mode or use is None else use.get(link.id)
            pen = LINK_PENS[(link.role, state)] if percent is None else _use_pen(link, percent)
            if line.pen() != pen:
                line.setPen(pen)

    def used_colour(self, link_id: str) -> str | None:
        """The colour a line is drawn in now (tests, the legend)."""
        line = self.item(link_id)
        return None if line is None else line.pen().color().name()

    def place(self, anchors: Mapping[str, SiteAnchor], group_of: Mapping[str, int], scale: float) -> None:
        """Join the markers where they are drawn (scene metres; a marker's pixel offset divided by `scale`)."""
        for link, line in self._lines:
            a, b = anchors[link.a], anchors[link.b]
            line.setVisible(group_of[link.a] != group_of[link.b])
            line.setLine(a.pos().x() + a.offset.x() / scale, a.pos().y() + a.offset.y() / scale,
                         b.pos().x() + b.offset.x() / scale, b.pos().y() + b.offset.y() / scale)


def _use_pen(link: Link, percent: float) -> QPen:
    style = Qt.PenStyle.DashLine if link.role is LinkRole.BACKUP else Qt.PenStyle.SolidLine
    return cosmetic_pen(utilisation_colour(percent).name(), USE_PEN_WIDTH, style)
