"""Office labels and group count badges on the map, placed greedily after every zoom, pan or change of state.

Most important first (the order `LabelJob.priority` gives: the selected site, then the worst state, then the more
central kinds of site), each label takes the first free place beside its marker (`placement.label_candidates`) and
is hidden if none is free. Members of a group larger than `SMALL_GROUP` show no labels of their own (except the
selected one); their group shows a count badge instead, whose tooltip lists the names. Markers and the legend are
hard obstacles; district and village names are soft ones, covered only when nothing else is free.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QGraphicsScene

from pantau.ui.map.items import MapText, SiteAnchor
from pantau.ui.map.placement import RectGrid, badge_candidates, first_free, label_candidates
from pantau.ui.map.styles import Z_BADGES
from pantau.ui.state_style import MARKER_SIZE

SMALL_GROUP = 3  # groups up to this size label each member; larger ones show a count badge
_BADGE_NAMES_MAX = 25  # names listed in a badge's tooltip

Priority = tuple[int, int, int, str]


@dataclass(frozen=True)
class LabelJob:
    """Everything one placement needs, in the map's pixels (scene metres × `scale`): the sites' anchors, their
    groups with centres and true positions, the label order, the view's rectangle, and the obstacles."""

    anchors: Mapping[str, SiteAnchor]
    groups: list[list[str]]
    centres: list[QPointF]
    pixels: Mapping[str, QPointF]
    scale: float
    priority: Callable[[str], Priority]
    selected: str | None
    view: QRectF
    hard: Sequence[QRectF]
    soft: Sequence[QRectF]
    count_text: Callable[[int], str]  # a badge's text for a group of n sites, translated by the view


class LabelPlacer:
    """Shows, moves and hides the sites' labels and the count badges (which it owns) in `scene`."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self._scene = scene
        self._badges: list[MapText] = []
        # The markers' places and the grid of them, for the grouping they were worked out for (its `pixels`): a
        # change of states places the labels again, but moves no marker; 500 of them took a few milliseconds.
        self._markers: tuple[Mapping[str, QPointF], dict[str, QPointF], RectGrid] | None = None

    def badge_texts(self) -> list[str]:
        return [badge.text() for badge in self._badges if badge.isVisible()]

    def place(self, job: LabelJob) -> None:
        if self._markers is None or self._markers[0] is not job.pixels or len(self._markers[1]) != len(job.anchors):
            half = MARKER_SIZE / 2 + 1
            found = {sid: job.pixels[sid] + anchor.offset for sid, anchor in job.anchors.items()}
            self._markers = (job.pixels, found, RectGrid(QRectF(p.x() - half, p.y() - half, 2 * half, 2 * half)
                                                         for p in found.values()))
        markers = self._markers[1]
        occupied = self._markers[2].copy()
        for rect in job.hard:
            occupied.add(rect)
        soft = RectGrid(job.soft)
        for anchor in job.anchors.values():
            anchor.label.setVisible(False)
        badge_index = 0
        jobs: list[tuple[Priority, str | None, int]] = []
        for index, members in enumerate(job.groups):
            if len(members) > SMALL_GROUP:
                best = min(members, key=job.priority)
                jobs.append(((1, *job.priority(best)[1:3], ""), None, index))
                if job.selected in members:
                    jobs.append((job.priority(job.selected), job.selected, index))
            else:
                jobs.extend((job.priority(m), m, index) for m in members)
        for _, site_id, index in sorted(jobs, key=lambda item: item[0]):
            if site_id is None:
                self._place_badge(job, job.groups[index], job.centres[index], occupied, soft, badge_index)
                badge_index += 1
            else:
                self._place_site_label(job, site_id, markers[site_id], job.centres[index], occupied, soft)
        for badge in self._badges[badge_index:]:
            badge.setVisible(False)

    def _place_site_label(self, job: LabelJob, site_id: str, marker: QPointF, centre: QPointF,
                          occupied: RectGrid, soft: RectGrid) -> None:
        anchor = job.anchors[site_id]
        candidates = label_candidates(marker, anchor.label.size(), centre)
        chosen = first_free(candidates, occupied, soft, job.view)
        if chosen is None and site_id == job.selected:
            # The selected site's label shows whatever it covers, but inside the view where it can.
            chosen = next((rect for rect in candidates if job.view.contains(rect)), candidates[0])
        if chosen is None:
            return
        occupied.add(chosen)
        anchor.label.setPos(chosen.topLeft() - job.pixels[site_id])
        anchor.label.setVisible(True)

    def _place_badge(self, job: LabelJob, members: list[str], centre: QPointF, occupied: RectGrid, soft: RectGrid,
                     index: int) -> None:
        if index == len(self._badges):
            font = QFont()
            font.setPointSizeF(8.5)
            font.setBold(True)
            badge = MapText("", font, QColor("#202020"), boxed=True)
            badge.setZValue(Z_BADGES)
            self._scene.addItem(badge)
            self._badges.append(badge)
        badge = self._badges[index]
        badge.set_text(job.count_text(len(members)))
        names = sorted((job.anchors[m].site.name for m in members), key=str.casefold)
        shown = names[:_BADGE_NAMES_MAX]
        more = len(names) - len(shown)
        tail = QCoreApplication.translate("MapView", "… and {count} more").format(count=more)
        badge.setToolTip("<br>".join(html.escape(n) for n in shown) + ("<br>" + html.escape(tail) if more else ""))
        candidates = badge_candidates(centre, len(members), badge.size())
        # A badge is the only sign of the offices it groups: it shows whole inside the view, even where every
        # place there is taken (covering an office label), but never under the legend or the scale bar.
        inside = [rect for rect in candidates if job.view.contains(rect)]
        clear = [rect for rect in candidates if not any(rect.intersects(hard) for hard in job.hard)]
        chosen = first_free(inside, occupied, soft, job.view) or next(
            (rect for rect in clear if job.view.contains(rect)), None) or first_free(
            candidates, occupied, soft, job.view) or next(iter(clear), candidates[0])
        occupied.add(chosen)
        badge.setPos(chosen.topLeft() / job.scale)
        badge.setVisible(True)
