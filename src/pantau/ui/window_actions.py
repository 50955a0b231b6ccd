"""The main window's actions, toolbar and menus: what each does, its shortcut, its words in both languages, and
when it is enabled.

The actions call the window's public methods; `update()` enables them from the window's state (a diagnosis running,
monitoring or not, watching another Pantau, an import in progress), and keeps those `refuse()`d greyed with why.
Help ▸ About says the version, the licences and the map data's attribution.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QStyle

from pantau import __version__
from pantau.ui.i18n import LANGUAGE_CHOICES, NATIVE_NAMES, SYSTEM, language_setting, system_language
from pantau.ui.window_layout import settings, store_keep_in_tray

if TYPE_CHECKING:
    from pantau.ui.main_window import MainWindow


class WindowActions(QObject):
    """Every action of the window, the toolbar and the menus, built once; `retranslate()` and `update()` again."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        key = QKeySequence
        icon = window.style().standardIcon
        self.diagnose_server = self._action([key("Ctrl+Shift+S")], lambda: window.diagnose("server"),
                                            "diagnoseServerAction")
        self.diagnose_isp = self._action([key("Ctrl+Shift+I")], lambda: window.diagnose("isp"), "diagnoseIspAction")
        self.diagnose_site = self._action([key("Ctrl+D")], window.diagnose_selected, "diagnoseSiteAction")
        self.diagnose_all = self._action([key("Ctrl+Shift+E")], lambda: window.diagnose("all"), "diagnoseAllAction")
        self.pause = self._action([key("Ctrl+P")], lambda: window.set_paused(not window.is_paused()), "pauseAction")
        self.pause.setCheckable(True)
        self.pause.setIcon(icon(QStyle.StandardPixmap.SP_MediaPause))
        self.open = self._action([key(QKeySequence.StandardKey.Open)], window.open_network_file, "openNetworkAction")
        self.open.setIcon(icon(QStyle.StandardPixmap.SP_DialogOpenButton))
        self.save_template = self._action([], window.save_office_template, "saveOfficeTemplateAction")
        self.fit = self._action([key("F"), key("Ctrl+0")], window.map_view.fit_all, "fitMapAction")
        self.find = self._action([key(QKeySequence.StandardKey.Find)], window.focus_filter, "findAction")
        self.quit = self._action([key(QKeySequence.StandardKey.Quit)], window.request_quit, "quitAction")
        self.alert_settings = self._action([key("Ctrl+Shift+A")], window.open_alert_settings, "alertSettingsAction")
        self.about = self._action([], self.show_about, "aboutAction")
        self.availability_report = self._action([], window.open_availability_report, "availabilityReportAction")
        self.keep_in_tray = QAction(self)
        self.keep_in_tray.setObjectName("keepInTrayAction")
        self.keep_in_tray.setCheckable(True)
        self.keep_in_tray.toggled.connect(lambda keep: store_keep_in_tray(keep) if window.tray is not None else None)
        self.lines_by_use = QAction(self)
        self.lines_by_use.setObjectName("linesByUseAction")
        self.lines_by_use.setCheckable(True)
        self.lines_by_use.toggled.connect(lambda on: window.map_view.set_link_use(window.link_use(), by_use=on))
        self.languages: dict[str, QAction] = {}
        self._language_group = QActionGroup(self)
        self._language_group.setExclusive(True)
        choice = language_setting(settings())
        for option in LANGUAGE_CHOICES:
            action = QAction(self)
            action.setObjectName(f"language{option.capitalize()}Action")
            action.setCheckable(True)
            action.setChecked(option == choice)
            action.setData(option)
            action.triggered.connect(lambda _checked=False, option=option: window.set_language(option))
            self._language_group.addAction(action)
            self.languages[option] = action
        self.diagnoses = (self.diagnose_server, self.diagnose_isp, self.diagnose_site, self.diagnose_all)
        # Actions the window may not take here, with why (asked again in each language): see `refuse`.
        self._refusals: dict[QAction, Callable[[], str]] = {}
        self._build_bars()

    def _action(self, shortcuts: list[QKeySequence], slot: Callable[[], object], name: str) -> QAction:
        action = QAction(self.window)
        action.setObjectName(name)
        action.setShortcuts(shortcuts)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_bars(self) -> None:
        window = self.window
        self.toolbar = window.addToolBar("")
        self.toolbar.setObjectName("mainToolBar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in self.diagnoses:
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.pause)
        self.toolbar.addAction(self.open)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.fit)

        bar = window.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.open)
        self.file_menu.addAction(self.save_template)
        self.file_menu.addAction(self.availability_report)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit)
        self.monitor_menu = bar.addMenu("")
        self.monitor_menu.addAction(self.pause)
        self.monitor_menu.addSeparator()
        for action in self.diagnoses:
            self.monitor_menu.addAction(action)
        self.monitor_menu.addSeparator()
        self.monitor_menu.addAction(self.alert_settings)
        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(self.fit)
        self.view_menu.addAction(self.find)
        self.view_menu.addAction(self.lines_by_use)
        self.view_menu.addSeparator()
        for dock in window.docks():
            self.view_menu.addAction(dock.toggleViewAction())
        self.view_menu.addAction(self.toolbar.toggleViewAction())
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.keep_in_tray)
        self.view_menu.addSeparator()
        self.language_menu = QMenu(self.view_menu)
        self.language_menu.setObjectName("languageMenu")
        self.language_menu.addActions(list(self.languages.values()))
        self.view_menu.addMenu(self.language_menu)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about)
        for menu in (self.file_menu, self.monitor_menu, self.view_menu, self.language_menu, self.help_menu):
            menu.setToolTipsVisible(True)

    @staticmethod
    def describe(action: QAction, text: str, tip: str) -> None:
        """An action's text, and its tip with its shortcuts (shown by the toolbar, the menus and the status bar)."""
        action.setText(text)
        keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.setStatusTip(tip)

    def retranslate(self) -> None:
        describe = self.describe
        describe(self.diagnose_server, self.tr("Diagnose server"),
                 self.tr("Check the path from this computer to the central server"))
        describe(self.diagnose_isp, self.tr("Diagnose ISP gateway"),
                 self.tr("Check the internet link: ISP gateway, upstream, DNS"))
        describe(self.diagnose_site, self.tr("Diagnose selected office"),
                 self.tr("Check the path to the office selected on the map or in the table"))
        describe(self.diagnose_all, self.tr("Diagnose everything"),
                 self.tr("Check the whole network at once: data centre, ISP, every office"))
        describe(self.open, self.tr("Open network file…"),
                 self.tr("Replace the network with a network file (.toml), or merge offices from a list (.xlsx, "
                         ".csv)"))
        describe(self.save_template, self.tr("Save office template…"),
                 self.tr("Save the office list workbook (.xlsx) to fill in and open here"))
        describe(self.fit, self.tr("Fit map"), self.tr("Show the whole regency on the map"))
        describe(self.find, self.tr("Find office"), self.tr("Filter the office table by name or kecamatan"))
        describe(self.quit, self.tr("Quit"), self.tr("Stop monitoring and close Pantau"))
        describe(self.alert_settings, self.tr("Alert settings…"),
                 self.tr("Telegram and e-mail channels, alert rules and maintenance windows"))
        describe(self.availability_report, self.tr("Availability report…"),
                 self.tr("Availability per office, link and kecamatan, outages, costs, SLA credits and the contract "
                         "calendar, as a PDF and a workbook"))
        describe(self.about, self.tr("About Pantau"), self.tr("Version, licences and map data sources"))
        self.lines_by_use.setText(self.tr("Colour lines by use"))
        self.lines_by_use.setStatusTip(self.tr("Colour the measured lines on the map by their busiest interval of the "
                                               "last hour against the contract (SNMP); other lines keep their state"))
        self.keep_in_tray.setText(self.tr("Keep running in the tray"))
        self.keep_in_tray.setStatusTip(self.tr("Closing the window keeps monitoring, with an icon in the tray"))
        self.languages[SYSTEM].setText(self.tr("System ({language})").format(
            language=NATIVE_NAMES[system_language()]))
        self.languages[SYSTEM].setStatusTip(self.tr("Follow the language of this computer"))
        for lang, name in NATIVE_NAMES.items():
            self.languages[lang].setText(name)
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        self.file_menu.setTitle(self.tr("&File"))
        self.monitor_menu.setTitle(self.tr("&Monitoring"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.update()

    def update(self) -> None:
        window = self.window
        session = window.session
        panel = window.diagnostics
        running = panel is not None and panel.is_running()
        for action in (self.diagnose_server, self.diagnose_isp, self.diagnose_all):
            action.setEnabled(panel is not None and not running)
        self.diagnose_site.setEnabled(panel is not None and not running and window.selected_site() is not None)
        monitoring = session.engine is not None
        paused = session.paused
        self.pause.setEnabled(monitoring)
        self.pause.setChecked(paused)
        if paused:
            self.describe(self.pause, self.tr("Resume monitoring"), self.tr("Probe every office again"))
        else:
            self.describe(self.pause, self.tr("Pause monitoring"),
                          self.tr("Stop probing for now (every office shows Unknown); history is kept"))
        self.pause.setIcon(window.style().standardIcon(
            QStyle.StandardPixmap.SP_MediaPlay if paused else QStyle.StandardPixmap.SP_MediaPause))
        self.open.setEnabled(not session.importing and not session.watching)
        # An import replaces the whole network: an edit saved meanwhile would bring the old one back.
        workspace = session.workspace
        self.alert_settings.setEnabled(workspace is not None and not session.importing and not workspace.read_only)
        self.availability_report.setEnabled(workspace is not None)
        for action, reason in self._refusals.items():
            action.setEnabled(False)
            action.setToolTip(reason())
            action.setStatusTip(reason())

    def refuse(self, action: QAction, reason: Callable[[], str]) -> None:
        """Keep `action` greyed from now on, its tip saying `reason()` (an edit the window on the shared store may
        not make: ui/store_edits.py)."""
        self._refusals[action] = reason
        self.update()

    def show_about(self) -> QMessageBox:
        """Help ▸ About: the version, the licences and where the map data comes from (non-modal)."""
        network = self.window.network
        attribution = network.attribution or self.tr("Map boundaries: cahyadsn/wilayah_boundaries (MIT).")
        text = self.tr(
            "<h3>Pantau {version}</h3>"
            "<p>Watches over the network links of a local government's offices: live states, diagnosis, "
            "contracts and alerts.</p>"
            "<p>Licence: MIT. Built with Qt for Python (PySide6, LGPLv3), pyqtgraph (MIT), ping3 (MIT), "
            "keyring (MIT), dnspython (ISC) and platformdirs (MIT).</p>"
            "<p>Map data: {attribution}</p>").format(version=__version__, attribution=html.escape(attribution))
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("About Pantau"), text,
                          QMessageBox.StandardButton.NoButton, self.window)
        box.setObjectName("aboutBox")
        box.addButton(self.tr("Close"), QMessageBox.ButtonRole.RejectRole)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.open()
        return box
