"""The map as painted: marker colours read from the rendered pixels, and the legend kept off office labels and
markers (issue 16, part 2 item 9)."""

from __future__ import annotations

import itertools
import math

import pytest
from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from pantau.domain.inventory import Network, Site, SiteKind
from pantau.domain.states import HealthState
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.ui.map import MapView
from pantau.ui.map.items import PULSE_REACH_PX, SITE_ID_KEY, LeaderLayer, MapText, SiteAnchor
from pantau.ui.map.overlays import Corner, legend_corner
from pantau.ui.map.styles import PEN_LEADER
from pantau.ui.state_style import MARKER_SIZE
from tests.gui.map_pixels import count_near, marker_look, render, state_looks

# Five offices far enough apart that none is spread or labelled over another at the fitted zoom.
PLACES = {
    "office-up": (-1.310028, 116.727606),
    "office-down": (-1.255908, 116.496072),
    "office-degraded": (-0.92393, 116.583088),
    "office-unreachable": (-1.52, 116.30),
    "office-unknown": (-1.08, 116.80),
    "office-path_broken": (-1.40, 116.62),
}


def five_offices() -> Network:
    sites = [Site(site_id, site_id.replace("-", " ").title(), SiteKind.SKPD, "Penajam", lat, lon)
             for site_id, (lat, lon) in PLACES.items()]
    return Network("Five offices", sites=sites)


@pytest.fixture
def view(qtbot: QtBot) -> MapView:
    widget = MapView(five_offices())
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_each_state_is_painted_in_its_colour_at_its_marker(view: MapView) -> None:
    states = {f"office-{state.value.lower()}": state for state in HealthState}
    assert set(states) == set(PLACES)
    view.set_site_states(states)
    image = render(view)
    for site_id, state in states.items():
        assert marker_look(view, site_id, state_looks(), image) is state, site_id
    # Every marker changes colour with its state, and only that one.
    rotated = dict(zip(states, itertools.islice(itertools.cycle(states.values()), 1, None), strict=False))
    view.set_site_states(rotated)
    image = render(view)
    for site_id, state in rotated.items():
        assert marker_look(view, site_id, state_looks(), image) is state, site_id


def scale_bar_rect(view: MapView) -> QRectF:
    """Where the scale bar is drawn, found in the rendered pixels: its dark base line 16 px above the bottom edge,
    and room for its text above it."""
    image = render(view)
    right = image.width() - 17  # the bar ends 16 px in from the right edge

    def run(y: int) -> int:
        """How far the dark line reaches left from the bar's right end, on row y."""
        x = right
        while x > 0 and image.pixelColor(x, y).lightness() < 120:
            x -= 1
        return right - x

    base = max(range(image.height() - 19, image.height() - 13), key=run)
    length = run(base)
    assert length > 30, "no scale bar drawn"
    return QRectF(right - length - 4, base - 24, length + 8, 28)


def office_label_rects(view: MapView) -> list[QRectF]:
    """Where the visible office labels and count badges are, in viewport pixels, as the scene places them."""
    rects = []
    for item in view.scene().items():
        if isinstance(item, MapText) and item.isVisible() and (item.data(SITE_ID_KEY) or item.zValue() > 10):
            rects.append(item.deviceTransform(view.viewportTransform()).mapRect(item.boundingRect()))
    return rects


def markers_under(view: MapView, box: QRectF, network: Network) -> int:
    points = [view.marker_view_pos(site.id) for site in network.sites]
    return sum(1 for p in points if p is not None and box.contains(p))


@pytest.mark.parametrize("size", [(500, 360), (600, 400), (1366 - 520, 420), (1000, 700)])
def test_the_legend_covers_no_office_label_at_any_zoom(qtbot: QtBot, size: tuple[int, int]) -> None:
    network = load_network_file(sample_network_path())
    view = MapView(network)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    checked = 0
    for step in range(8):
        if step:
            # Zoom in around the bottom-left quarter, where the legend stands on a fitted map.
            view.zoom_by(1.5, QPointF(view.viewport().width() * 0.3, view.viewport().height() * 0.7))
        legend = view.legend_rect()
        labels = office_label_rects(view)
        checked += len(labels)
        assert not [rect for rect in labels if rect.intersects(legend)], (step, legend)
        bar = scale_bar_rect(view)
        assert not [rect for rect in labels if rect.intersects(bar)], (step, bar)
        # The legend stands in whichever corner hides the fewest offices, its colour mode button inside it.
        under = markers_under(view, legend, network)
        assert under <= min(markers_under(view, box, network) for box in corner_boxes(view)), step
        assert legend.contains(button_rect(view)), (step, legend, button_rect(view))
    assert checked > 20  # labels were there to be covered


def test_the_colour_mode_button_follows_the_legend_back_when_the_map_is_fitted(view: MapView) -> None:
    """Seen at 1366x768 in Indonesian: the legend had moved up to uncover offices, "fit map" put it back in the
    bottom-left corner, and its button stayed at the top, over an office label."""
    height = view.viewport().height()
    view._place_legend([QPointF(30, height - 30 - 10 * i) for i in range(5)])  # offices under the bottom-left box
    assert view.legend_corner() is not Corner.BOTTOM_LEFT
    assert view.legend_rect().contains(button_rect(view))
    view.fit_all()
    assert view.legend_corner() is Corner.BOTTOM_LEFT
    assert view.legend_rect().contains(button_rect(view)), (view.legend_rect(), button_rect(view))


def button_rect(view: MapView) -> QRectF:
    """The colour mode button in viewport pixels (it is the view's child, not the viewport's)."""
    offset = view.viewport().geometry().topLeft()
    return QRectF(view.contract_mode_button.geometry().translated(-offset))


def corner_boxes(view: MapView) -> list[QRectF]:
    legend = view.legend_rect()
    width, height = view.viewport().width(), view.viewport().height()
    return [QRectF(QPointF(10, height - legend.height() - 10), legend.size()), QRectF(QPointF(10, 10), legend.size()),
            QRectF(QPointF(width - legend.width() - 10, 10), legend.size())]


def test_legend_corner_prefers_its_corner_and_moves_only_to_uncover_offices() -> None:
    size, viewport = QSizeF(100, 80), QSizeF(400, 300)
    bottom_left = [QPointF(50, 250)]
    assert legend_corner(size, viewport, [], Corner.TOP_LEFT) is Corner.TOP_LEFT
    assert legend_corner(size, viewport, bottom_left, Corner.BOTTOM_LEFT) is Corner.TOP_LEFT
    assert legend_corner(size, viewport, [*bottom_left, QPointF(50, 40)], Corner.BOTTOM_LEFT) is Corner.TOP_RIGHT
    everywhere = [QPointF(50, 250), QPointF(50, 40), QPointF(350, 40)]
    assert legend_corner(size, viewport, everywhere, Corner.BOTTOM_LEFT) is Corner.BOTTOM_LEFT


@pytest.mark.parametrize("size", [(404, 240), (442, 436), (380, 300), (520, 260)])
def test_a_count_badge_stands_whole_inside_the_map(qtbot: QtBot, size: tuple[int, int]) -> None:
    """At 1366x768 the sample's "24 sites" badge was cut by the map's right edge: a badge is the only sign of the
    offices it groups, so it stays inside the view even where that means covering an office label."""
    view = MapView(load_network_file(sample_network_path()))
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    inside = QRectF(view.viewport().rect())
    badges = [item for item in view.scene().items() if isinstance(item, MapText) and item.isVisible()
              and item.text().endswith("sites")]
    assert badges, "the sample groups offices at this size"
    for badge in badges:
        # The badge ignores the view's scale: its box in viewport pixels comes from its device transform.
        shown = badge.deviceTransform(view.viewportTransform()).mapRect(badge.boundingRect())
        assert inside.contains(shown.adjusted(2, 2, -2, -2)), (badge.text(), shown, inside)


def _changed_near(before: QImage, after: QImage, centre: QPointF, reach: float) -> int:
    """Pixels within `reach` of `centre` that differ between two renders of the same view."""
    count = 0
    for y in range(math.floor(centre.y() - reach), math.ceil(centre.y() + reach) + 1):
        for x in range(math.floor(centre.x() - reach), math.ceil(centre.x() + reach) + 1):
            if math.hypot(x + 0.5 - centre.x(), y + 0.5 - centre.y()) <= reach \
                    and before.pixelColor(x, y) != after.pixelColor(x, y):
                count += 1
    return count


def test_spread_markers_are_drawn_with_leaders_back_to_their_true_position(qtbot: QtBot) -> None:
    """Offices in one building are spread around it; a line runs from each marker back to the building, with a dot
    there, at the first zoom and after zooming in (the leaders are one cached layer, drawn again on a zoom)."""
    sites = [Site(f"office-{n}", f"Office {n}", SiteKind.SKPD, "Penajam", -1.310028, 116.727606) for n in range(4)]
    sites.append(Site("far", "Far office", SiteKind.SKPD, "Penajam", -0.92393, 116.583088))
    view = MapView(Network("One building", sites=sites))
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    anchors = {item.site.id: item for item in view.scene().items() if isinstance(item, SiteAnchor)}
    leaders = [item for item in view.scene().items() if isinstance(item, LeaderLayer)]
    assert len(leaders) == 1
    for _zoom in range(2):
        with_leaders = render(view)
        leaders[0].hide()
        without = render(view)
        leaders[0].show()
        true_position = QPointF(view.mapFromScene(anchors["office-0"].pos()))
        # The dot at the building, in the leaders' grey.
        assert count_near(with_leaders, true_position, PEN_LEADER.color(), 0.0, 1.6) >= 2
        for site_id in ("office-0", "office-1", "office-2", "office-3"):
            marker = view.marker_view_pos(site_id)
            assert marker is not None
            assert math.dist(marker.toTuple(), true_position.toTuple()) > MARKER_SIZE, site_id
            assert _changed_near(with_leaders, without, (true_position + marker) / 2, 1.5) >= 1, site_id
        far = view.marker_view_pos("far")
        assert far is not None
        # A marker left at its place has no leader.
        assert _changed_near(with_leaders, without, far, MARKER_SIZE) == 0
        view.zoom_by(2.0)


def test_a_pulse_draws_a_halo_around_the_marker_and_leaves_nothing_behind(view: MapView) -> None:
    """The halo is a circle behind the marker's pixmap, shown while the pulse runs."""
    view.set_site_states({"office-down": HealthState.DOWN})
    marker = view.marker("office-down")
    centre = view.marker_view_pos("office-down")
    assert marker is not None and centre is not None
    before = render(view)
    marker.set_pulse(0.25)  # half way through a round: the halo half grown
    pulsing = render(view)
    radius = MARKER_SIZE / 2 + 2 + PULSE_REACH_PX * 0.5
    ring = _changed_near(before, pulsing, centre, radius + 2) - _changed_near(before, pulsing, centre, radius - 2)
    assert ring >= 2 * math.pi * radius  # a whole ring of pixels around the marker changed
    assert _changed_near(before, pulsing, centre, MARKER_SIZE / 2 - 1) == 0  # the marker itself is on top
    marker.set_pulse(None)
    assert render(view) == before


def test_office_labels_never_cover_a_marker_as_states_change_and_after_a_zoom(qtbot: QtBot) -> None:
    """Labels are placed again on every change of states, around markers that moved only if the map was zoomed
    (their places are kept between changes of states): no label ever lies on a marker."""
    network = load_network_file(sample_network_path())
    view = MapView(network)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    anchors = [item for item in view.scene().items() if isinstance(item, SiteAnchor)]
    states = list(HealthState)
    for step in range(4):
        view.set_site_states({site.id: states[(index + step) % len(states)]
                              for index, site in enumerate(network.sites)})
        markers = []
        for site in network.sites:
            centre = view.marker_view_pos(site.id)
            if centre is not None:
                markers.append(QRectF(centre.x() - MARKER_SIZE / 2, centre.y() - MARKER_SIZE / 2, MARKER_SIZE,
                                      MARKER_SIZE))
        labels = [anchor.label.deviceTransform(view.viewportTransform()).mapRect(anchor.label.boundingRect())
                  .adjusted(2, 2, -2, -2) for anchor in anchors if anchor.label.isVisible()]
        assert labels and markers
        assert not [(label, marker) for label in labels for marker in markers if label.intersects(marker)], step
        if step == 1:
            view.zoom_by(1.6)
