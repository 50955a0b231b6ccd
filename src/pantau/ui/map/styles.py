"""How the map looks: pens and brushes of its layers, link colours by state, the colour modes, and the contract
risk levels' colours and shapes (the health states' own come from `ui.state_style`), built once at import.

Colour modes: the markers show the live health state ("state", the default) or each site's contract risk
("contract": `domain.contract_risk`, ordered from no contract to lapsed, each level with its own colour and shape).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen

from pantau.domain.contract_risk import RiskLevel
from pantau.domain.inventory import LinkRole, SiteKind
from pantau.domain.states import HealthState
from pantau.ui.state_style import style

Z_NEIGHBOURS, Z_LAND, Z_DESA, Z_KECAMATAN, Z_OUTLINE, Z_MAP_LABELS = 0, 1, 2, 3, 4, 5
Z_LINKS, Z_LEADERS, Z_SITES, Z_BADGES, Z_SELECTED = 6, 9, 10, 11, 12

# Which kinds of site get their label first when labels compete for room (lower first).
KIND_RANK: dict[SiteKind, int] = {
    SiteKind.DATACENTER: 0, SiteKind.ISP_POP: 1, SiteKind.KECAMATAN: 2, SiteKind.SKPD: 3, SiteKind.KELURAHAN: 4,
    SiteKind.DESA: 5,
}

SEA = QColor("#d5e5ef")
SELECTION = QColor("#1565c0")


def cosmetic_pen(color: str, width: float, line: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(QColor(color), width, line)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


PEN_NEIGHBOUR = cosmetic_pen("#b7b7b0", 0.8)
PEN_DESA = cosmetic_pen("#cfc8b4", 0.7)
PEN_KECAMATAN = cosmetic_pen("#8a8a84", 1.3)
PEN_OUTLINE = cosmetic_pen("#3d3d3a", 2.4)
BRUSH_NEIGHBOUR = QBrush(QColor("#e6e6e1"))
BRUSH_LAND = QBrush(QColor("#fbf8ee"))
_LINK_COLORS: dict[HealthState, str] = {
    HealthState.UP: "#3f6596",
    HealthState.DEGRADED: style(HealthState.DEGRADED).color.name(),
    HealthState.PATH_BROKEN: style(HealthState.PATH_BROKEN).color.name(),
    HealthState.DOWN: style(HealthState.DOWN).color.name(),
    HealthState.UNREACHABLE: "#9a9a9a",
    HealthState.UNKNOWN: "#9a9a9a",
}
# Links by role (line style) and state (colour), built once.
LINK_PENS: dict[tuple[LinkRole, HealthState], QPen] = {
    (role, state): cosmetic_pen(color, 2.2 if state is HealthState.DOWN else 1.6,
                                Qt.PenStyle.DashLine if role is LinkRole.BACKUP else Qt.PenStyle.SolidLine)
    for role in LinkRole for state, color in _LINK_COLORS.items()
}
PEN_LEADER = cosmetic_pen("#6b6b6b", 1.0)
# Links coloured by their measured use (SNMP), thicker than a state-coloured link so the two never read alike; the
# colours are the utilisation scale of the Bandwidth panel (ui/traffic_heatmap.py).
USE_PEN_WIDTH = 3.2

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


def paint_risk_marker(painter: QPainter, level: RiskLevel, center: QPointF) -> None:
    risk_style = RISK_STYLES[level]
    painter.save()
    painter.translate(center)
    painter.setPen(risk_style.pen)
    painter.setBrush(risk_style.brush)
    painter.drawPath(risk_style.path)
