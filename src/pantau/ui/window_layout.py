"""The main window's size and layout: the first size fitted to the screen, and what is kept between runs.

Kept in QSettings ("Pantau"/"Pantau"): geometry (maximised included), dock layout, the table's columns, the last
selected site, the map's zoom, centre and colouring (live state or contract risk), the graphs' pinned reference
lines. A first window (nothing saved) takes most of the screen's available area (`FIRST_SHARE` of it, at least
1280×800 and at most `MAX_FIRST_SIZE`), so that a 1920×1080 screen shows the office names whole; it never exceeds
the available area, frame included (a 1366×768 office laptop with a panel has less than 800 pixels for it), so the
bottom tabs and the status bar are never off the screen. A saved geometry that no longer fits is fitted again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QPoint, QRect, QSettings, QSize, Qt

from pantau.ui.map import COLOR_MODE_CONTRACT, COLOR_MODE_STATE

if TYPE_CHECKING:
    from pantau.ui.main_window import MainWindow

SETTINGS_ORGANIZATION = "Pantau"
SETTINGS_APPLICATION = "Pantau"
KEY_GEOMETRY = "mainWindow/geometry"
KEY_STATE = "mainWindow/state"
# Versioned: a header saved with fewer columns would restore them hidden.
KEY_TABLE_HEADER = "mainWindow/siteTableHeader/v2"
KEY_SELECTED = "mainWindow/selectedSite"
KEY_MAP_VIEW = "map/view"
KEY_KEEP_IN_TRAY = "tray/keepRunning"
KEY_GRAPH_REFERENCES = "graphs/references"
KEY_MAP_COLOURS = "map/colorMode"
# Bumped when docks or toolbars change in a way an old saved layout would restore wrongly.
LAYOUT_VERSION = 3
# The first window takes this share of the screen's available area, but no less than `FIRST_SIZE` where the
# screen has room for that (a small screen is better used whole) and no more than `MAX_FIRST_SIZE` (a 4K screen).
FIRST_SHARE = 0.9
FIRST_SIZE = (1280, 800)
MAX_FIRST_SIZE = (2200, 1350)
# What a window manager's title bar and borders take beyond the window's own size, at most.
_FRAME_ALLOWANCE = (16, 40)
# The table's first width: all its columns, but at most this share of the window. The regency is taller than wide,
# so the map needs little width.
MAX_INITIAL_TABLE_SHARE = 0.68
# The bottom tabs' (graphs, diagnosis, contracts, alerts) first share of the window's height.
INITIAL_BOTTOM_SHARE = 0.42


def settings() -> QSettings:
    return QSettings(SETTINGS_ORGANIZATION, SETTINGS_APPLICATION)


def available_area(window: MainWindow) -> QRect | None:
    """The screen area the window may use (without panels and docks of the desktop), None without a screen."""
    screen = window.screen()
    return screen.availableGeometry() if screen is not None else None


def first_geometry(area: QRect | None) -> QRect:
    """Where a window with no saved geometry goes on a screen whose available area is `area` (None: no screen):
    `FIRST_SHARE` of it, at least `FIRST_SIZE` and at most `MAX_FIRST_SIZE`, never more than the area less the
    frame; centred. The rectangle is the window's frame position and its size without the frame."""
    if area is None:
        return QRect(QPoint(0, 0), QSize(*FIRST_SIZE))
    sizes = []
    for available, frame, least, most in zip((area.width(), area.height()), _FRAME_ALLOWANCE, FIRST_SIZE,
                                             MAX_FIRST_SIZE, strict=True):
        room = available - frame
        sizes.append(max(1, min(room, most, max(least, round(available * FIRST_SHARE)))))
    width, height = sizes
    left = area.x() + max(0, (area.width() - width - _FRAME_ALLOWANCE[0]) // 2)
    top = area.y() + max(0, (area.height() - height - _FRAME_ALLOWANCE[1]) // 2)
    return QRect(left, top, width, height)


def fit_first_size(window: MainWindow) -> None:
    """Size and place a window that has no saved geometry (see `first_geometry`)."""
    area = available_area(window)
    geometry = first_geometry(area)
    if area is not None:
        window.move(geometry.topLeft())
    window.resize(geometry.size())


def fits_screen(window: MainWindow) -> bool:
    """Whether the window's frame lies within the screen's available area (a maximised window does)."""
    area = available_area(window)
    return area is None or window.isMaximized() or area.contains(window.frameGeometry())


def restore(window: MainWindow) -> None:
    """Everything kept from the last run, or a fitted first size; docks sized once shown when nothing was kept."""
    store = settings()
    geometry = store.value(KEY_GEOMETRY)
    restored = isinstance(geometry, QByteArray) and not geometry.isEmpty() and window.restoreGeometry(geometry)
    if not restored or not fits_screen(window):
        maximized = window.isMaximized()
        fit_first_size(window)
        if maximized:
            window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    state = store.value(KEY_STATE)
    if not (isinstance(state, QByteArray) and not state.isEmpty() and window.restoreState(state, LAYOUT_VERSION)):
        size_docks(window)
        # Again once shown: the window manager may have given the window another size (maximised, say).
        window.docks_unsized = True
    header = store.value(KEY_TABLE_HEADER)
    if isinstance(header, QByteArray) and not header.isEmpty():
        window.site_table.restore_header_state(header)
    colours = store.value(KEY_MAP_COLOURS)
    if colours in (COLOR_MODE_STATE, COLOR_MODE_CONTRACT):
        window.map_view.set_color_mode(str(colours))
    references = store.value(KEY_GRAPH_REFERENCES)
    if isinstance(references, list) and len(references) == 2:
        window.graphs.set_references(*(str(value).lower() == "true" for value in references))
    selected = store.value(KEY_SELECTED)
    if isinstance(selected, str) and window.network.site(selected) is not None:
        window.select_site(selected)
    # After the selection, which would otherwise scroll the map to the selected site.
    view = store.value(KEY_MAP_VIEW)
    if isinstance(view, list) and len(view) == 3:
        try:
            scale, lon, lat = (float(v) for v in view)
        except (TypeError, ValueError):
            pass
        else:
            window.map_view.restore_view_state(scale, lon, lat)


def save(window: MainWindow) -> None:
    store = settings()
    store.setValue(KEY_GEOMETRY, window.saveGeometry())
    store.setValue(KEY_STATE, window.saveState(LAYOUT_VERSION))
    store.setValue(KEY_TABLE_HEADER, window.site_table.save_header_state())
    view = window.map_view.view_state()
    if view is None:
        store.remove(KEY_MAP_VIEW)
    else:
        store.setValue(KEY_MAP_VIEW, [repr(value) for value in view])
    store.setValue(KEY_GRAPH_REFERENCES, [str(pinned).lower() for pinned in window.graphs.references()])
    store.setValue(KEY_MAP_COLOURS, window.map_view.color_mode())
    selected = window.selected_site()
    if selected is None:
        store.remove(KEY_SELECTED)
    else:
        store.setValue(KEY_SELECTED, selected)
    store.sync()


def size_docks(window: MainWindow) -> None:
    width = min(window.site_table.preferred_width() + 8, round(window.width() * MAX_INITIAL_TABLE_SHARE))
    window.resizeDocks([window.table_dock], [width], Qt.Orientation.Horizontal)
    window.resizeDocks([window.graphs_dock], [round(window.height() * INITIAL_BOTTOM_SHARE)],
                       Qt.Orientation.Vertical)


def widen_table_dock(window: MainWindow) -> None:
    """Widen the office table's dock when its columns no longer fit (longer words after a language change), within
    the share of the window it may take at first; never narrow it."""
    dock = window.table_dock
    if not window.isVisible() or dock.isFloating() or not dock.isVisible():
        return
    wanted = min(window.site_table.preferred_width() + 8, round(window.width() * MAX_INITIAL_TABLE_SHARE))
    if dock.width() < wanted:
        window.resizeDocks([dock], [wanted], Qt.Orientation.Horizontal)


def stored_keep_in_tray() -> bool:
    value = settings().value(KEY_KEEP_IN_TRAY)
    return True if value is None else str(value).lower() in ("true", "1")


def store_keep_in_tray(keep: bool) -> None:
    settings().setValue(KEY_KEEP_IN_TRAY, keep)
