"""Languages: the Indonesian translation is complete and current, and the window switches language live.

The first tests read the committed translation (resources/i18n/pantau_id.ts and .qm) and run the real Qt tools on
the real sources, so a string added to the code without a translation, or a .qm not rebuilt after the .ts changed,
fails here. The others switch a real window between Indonesian and English.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QLocale, QSettings, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from pantau.domain.states import HealthState
from pantau.probing.icmp import IcmpPinger
from pantau.ui import i18n
from pantau.ui.main_window import MainWindow, settings
from pantau.ui.site_model import Column, SiteMetrics
from pantau.ui.state_style import state_label
from pantau.ui.tray import notification_text
from tests.gui.test_main_window import small_network

REPO = Path(__file__).resolve().parents[2]
UI_SOURCES = sorted((REPO / "src" / "pantau" / "ui").rglob("*.py"))  # subfolders too, as the update script
TS_FILE = REPO / "resources" / "i18n" / "pantau_id.ts"
QM_FILE = REPO / "resources" / "i18n" / "pantau_id.qm"
VENV_BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%n|%\d")

MessageKey = tuple[str, str, str]  # context, source, disambiguation comment


def qt_tool(name: str) -> Path:
    tool = VENV_BIN / f"pyside6-{name}"
    if not tool.exists():
        pytest.skip(f"{tool} is not installed")
    return tool


def ts_messages(path: Path) -> dict[MessageKey, ET.Element]:
    """Every live message of a .ts file (not the vanished or obsolete ones), by context, source and comment."""
    messages: dict[MessageKey, ET.Element] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in ("vanished", "obsolete"):
                continue
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            messages[key] = message
    return messages


def translations_of(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.iter("numerusform")]
    return [translation.text or ""]


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """The application is shared by every GUI test: whatever a test here switches to, the next starts in English."""
    yield
    app = QCoreApplication.instance()
    if app is not None:
        i18n.install_translator(app, "en")
        QCoreApplication.sendPostedEvents()


# --- the translation files ---------------------------------------------------------------------------------------


def test_every_message_is_translated() -> None:
    messages = ts_messages(TS_FILE)
    assert len(messages) > 150, "the .ts lost its messages"
    unfinished = []
    for (context, source, _comment), message in messages.items():
        translation = message.find("translation")
        texts = translations_of(message)
        if translation is None or translation.get("type") == "unfinished" or not texts \
                or not all(text.strip() for text in texts):
            unfinished.append(f"{context}: {source!r}")
    assert not unfinished, f"{len(unfinished)} untranslated strings; translate them and run " \
                           f"scripts/update-translations.sh:\n" + "\n".join(unfinished)


def test_translations_keep_every_placeholder() -> None:
    wrong = []
    for (context, source, _comment), message in ts_messages(TS_FILE).items():
        wanted = sorted(PLACEHOLDER.findall(source))
        for text in translations_of(message):
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                wrong.append(f"{context}: {source!r} → {text!r}")
    assert not wrong, "placeholders lost or added:\n" + "\n".join(wrong)


def test_plurals_have_the_one_indonesian_form() -> None:
    plurals = {key: message for key, message in ts_messages(TS_FILE).items() if message.get("numerus") == "yes"}
    assert len(plurals) >= 10
    for (context, source, _comment), message in plurals.items():
        assert "%n" in source, f"{context}: {source!r} is numerus without %n"
        assert len(translations_of(message)) == 1, f"{context}: {source!r}: Indonesian has one plural form"


def test_the_qm_is_compiled_from_the_current_ts(tmp_path: Path) -> None:
    fresh = tmp_path / "pantau_id.qm"
    result = subprocess.run([str(qt_tool("lrelease")), "-silent", str(TS_FILE), "-qm", str(fresh)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert QM_FILE.is_file(), "resources/i18n/pantau_id.qm is missing: run scripts/update-translations.sh"
    assert QM_FILE.read_bytes() == fresh.read_bytes(), \
        "resources/i18n/pantau_id.qm is older than pantau_id.ts: run scripts/update-translations.sh"


def test_lupdate_finds_no_string_the_ts_lacks(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh_id.ts"
    result = subprocess.run([str(qt_tool("lupdate")), "-silent", "-no-obsolete", *map(str, UI_SOURCES),
                             "-ts", str(fresh)], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    in_code = set(ts_messages(fresh))
    committed = set(ts_messages(TS_FILE))
    assert len(in_code) > 150
    missing = sorted(in_code - committed)
    stale = sorted(committed - in_code)
    assert not missing, f"strings in the code but not in {TS_FILE.name} (run scripts/update-translations.sh " \
                        f"and translate them): {missing}"
    assert not stale, f"strings in {TS_FILE.name} the code no longer has (run scripts/update-translations.sh): " \
                      f"{stale}"


def _literal_tr_strings() -> tuple[set[str], list[str]]:
    """The source text of every tr(), translate() and QT_TRANSLATE_NOOP() call written with a literal, and the
    calls whose text is an f-string (which no translation can match)."""
    found: set[str] = set()
    wrong: list[str] = []
    for path in UI_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            position = {"tr": 0, "translate": 1, "QT_TRANSLATE_NOOP": 1}.get(name)
            if position is None or len(node.args) <= position:
                continue
            text = node.args[position]
            if isinstance(text, ast.Constant) and isinstance(text.value, str):
                found.add(text.value)
            elif isinstance(text, ast.JoinedStr):
                wrong.append(f"{path.name}:{node.lineno}")
    return found, wrong


def test_every_string_written_for_translation_reaches_the_ts() -> None:
    # lupdate's Python reader silently skips some calls (a translate() whose count is len(...)): this reads the
    # sources with Python's own parser.
    written, f_strings = _literal_tr_strings()
    assert not f_strings, f"tr() of an f-string can never be translated: {f_strings}"
    in_ts = {source for _context, source, _comment in ts_messages(TS_FILE)}
    assert len(written) > 150
    assert sorted(written - in_ts) == []


# --- choosing and installing a language --------------------------------------------------------------------------


@pytest.mark.parametrize(("lang_env", "expected"), [("id_ID.UTF-8", "id"), ("en_GB.UTF-8", "en"),
                                                    ("de_DE.UTF-8", "en")])
def test_system_language_follows_the_locale_of_the_process(lang_env: str, expected: str) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "LANG"))}
    env.update(LANG=lang_env, PYTHONPATH=str(REPO / "src"))
    result = subprocess.run([sys.executable, "-c", "from pantau.ui.i18n import system_language; "
                                                   "print(system_language())"],
                            capture_output=True, text=True, timeout=60, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_chosen_language_reads_the_setting(isolated_qsettings: Path) -> None:
    store = QSettings(str(isolated_qsettings / "choice.ini"), QSettings.Format.IniFormat)
    assert i18n.language_setting(store) == "system"
    assert i18n.chosen_language(store) == i18n.system_language()
    for choice in ("id", "en"):
        i18n.store_language_setting(store, choice)
        assert i18n.chosen_language(store) == choice
    store.setValue(i18n.LANGUAGE_KEY, "klingon")
    assert i18n.language_setting(store) == "system"
    with pytest.raises(ValueError):
        i18n.store_language_setting(store, "fr")
    assert i18n.available_languages() == ("id", "en")


def _pantau_translators(app: QCoreApplication) -> list[QTranslator]:
    return [t for t in app.findChildren(QTranslator) if t.objectName()]


def test_install_translator_switches_strings_numbers_and_dates(qapp: QApplication) -> None:
    translator = i18n.install_translator(qapp, "id")
    assert translator is not None and not translator.isEmpty()
    assert QCoreApplication.translate("StateStyle", "Down") == "Putus"
    assert QCoreApplication.translate("MainWindow", "%n up", "", 3) == "3 normal"
    assert QLocale().toString(1234.5, "f", 1) == "1.234,5"
    assert QLocale().toString(QDate(2017, 6, 30), "d MMMM yyyy") == "30 Juni 2017"
    assert i18n.install_translator(qapp, "id") is translator, "installing the same language again changes nothing"
    assert len(_pantau_translators(qapp)) == 1

    assert i18n.install_translator(qapp, "en") is None
    assert _pantau_translators(qapp) == []
    assert QCoreApplication.translate("StateStyle", "Down") == "Down"
    assert QLocale().toString(QDate(2017, 6, 30), "d MMMM yyyy") != "30 Juni 2017"
    with pytest.raises(ValueError):
        i18n.install_translator(qapp, "fr")


def test_tray_messages_in_indonesian(qapp: QApplication) -> None:
    i18n.install_translator(qapp, "id")
    assert notification_text(["A", "B", "C"], []) == ("3 kantor putus", "A, B, C")
    message = notification_text(["A"], ["B", "C"])
    assert message == ("1 kantor putus · 2 kantor pulih", "Putus: A\nPulih: B, C")


# --- the window --------------------------------------------------------------------------------------------------


def summary(window: MainWindow) -> str:
    label = window.findChild(QLabel, "stateSummary")
    assert label is not None
    return label.text()


def header(window: MainWindow, column: Column) -> str:
    return str(window.site_table.model.headerData(column, Qt.Orientation.Horizontal))


def cell(window: MainWindow, site_id: str, column: Column) -> str:
    model = window.site_table.model
    row = model.row_of(site_id)
    assert row is not None
    return str(model.index(row, column).data())


@pytest.fixture
def pinger() -> Iterator[IcmpPinger]:
    with IcmpPinger() as shared:
        yield shared


@pytest.fixture
def window(qtbot: QtBot, pinger: IcmpPinger) -> Iterator[MainWindow]:
    """A window with a diagnostics panel, started in English whatever this computer's locale."""
    i18n.store_language_setting(settings(), "en")
    win = MainWindow(small_network(), pinger=pinger, tray=False)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.shutdown()


def test_a_first_window_follows_the_system_language(qtbot: QtBot) -> None:
    window = MainWindow(small_network(), tray=False)
    qtbot.addWidget(window)
    assert window.language_choice() == "system" and window.language() == i18n.system_language()
    assert window.language_actions["system"].isChecked()
    assert window.language_actions["system"].text() == \
        ("Sistem ({})" if window.language() == "id" else "System ({})").format(
            i18n.NATIVE_NAMES[i18n.system_language()])
    assert [window.language_actions[lang].text() for lang in ("id", "en")] == ["Bahasa Indonesia", "English"]


def test_switching_to_indonesian_and_back(window: MainWindow, qtbot: QtBot) -> None:
    window.set_site_states({"hub": HealthState.UP, "camat-waru": HealthState.DOWN,
                            "desa-sepaku": HealthState.DEGRADED})
    window.set_site_metrics({"camat-waru": SiteMetrics(rtt_ms=1234.5, loss_percent=12.0)})
    assert summary(window) == "1 up · 1 degraded · 1 down · 6 unknown"

    window.language_actions["id"].trigger()
    qtbot.waitUntil(lambda: window.diagnose_server_action.text() == "Diagnosa server")
    assert window.language() == "id" and window.language_choice() == "id"
    assert window.diagnostics is not None and window.diagnostics.language() == "id", "the report follows"
    # Toolbar, menus, docks.
    assert [a.text() for a in (window.diagnose_isp_action, window.diagnose_site_action, window.pause_action,
                               window.fit_action)] == ["Diagnosa gateway ISP", "Diagnosa kantor terpilih",
                                                       "Jeda pemantauan", "Paskan peta"]
    assert window.toolbar.windowTitle() == "Bilah alat"
    assert window.help_menu.title() == "&Bantuan"
    assert window.view_menu.title() == "&Tampilan" and window.language_menu.title() == "B&ahasa"
    assert window.table_dock.windowTitle() == "Kantor"
    # The table: headers, state labels, kinds, numbers in the Indonesian way, the state filter.
    assert [header(window, c) for c in (Column.NAME, Column.KIND, Column.STATE, Column.UPTIME)] == \
        ["Nama", "Jenis", "Status", "Uptime 24 jam"]
    assert cell(window, "camat-waru", Column.STATE) == "Putus" == state_label(HealthState.DOWN)
    assert cell(window, "hub", Column.STATE) == "Normal"
    assert cell(window, "desa-sepaku", Column.STATE) == "Menurun"
    assert cell(window, "opd-1", Column.STATE) == "Tidak diketahui"
    assert cell(window, "hub", Column.KIND) == "Pusat data"
    assert cell(window, "camat-waru", Column.RTT) == "1.234"
    assert window.site_table.state_combo.itemText(0) == "Semua status"
    assert window.site_table.filter_edit.placeholderText() == "Saring menurut nama atau kecamatan"
    # The status bar.
    assert summary(window) == "1 normal · 1 menurun · 1 putus · 6 tidak diketahui"
    unplaced = window.findChild(QLabel, "unplacedSites")
    assert unplaced is not None and unplaced.text() == "1 kantor tanpa koordinat tidak tampil di peta"
    assert window.windowTitle() == "Pantau — Test network"
    # The map's count badge and the diagnostics panel.
    assert "5 kantor" in window.map_view.badge_texts() or "6 kantor" in window.map_view.badge_texts()
    assert window.diagnostics.copy_button.text() == "Salin laporan"

    window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: window.diagnose_server_action.text() == "Diagnose server")
    assert window.language() == "en" and window.diagnostics.language() == "en"
    assert header(window, Column.STATE) == "State"
    assert cell(window, "camat-waru", Column.STATE) == "Down"
    assert cell(window, "camat-waru", Column.RTT) in ("1234", "1,234")  # the C locale does not group digits
    assert summary(window) == "1 up · 1 degraded · 1 down · 6 unknown"
    assert window.site_table.state_combo.itemText(0) == "All states"
    assert window.pause_action.text() == "Pause monitoring"


def test_every_office_table_header_and_link_tooltip_is_indonesian(window: MainWindow, qtbot: QtBot) -> None:
    """"RTT ms", "Loss %" and "Link" read the same in Indonesian (the glossary keeps RTT, loss and link), but they
    come from the translation like every header: each header is its finished .ts translation."""
    messages = ts_messages(TS_FILE)
    english = {column: header(window, column) for column in Column}
    window.language_actions["id"].trigger()
    qtbot.waitUntil(lambda: window.diagnose_server_action.text() == "Diagnosa server")
    for column in Column:
        message = messages[("SiteTableModel", english[column], "")]
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, english[column]  # finished
        assert header(window, column) == translations_of(message)[0]
    assert [header(window, c) for c in (Column.RTT, Column.LOSS, Column.LINK, Column.CONTRACT)] == \
        ["RTT ms", "Loss %", "Link", "Kontrak (hari)"]
    model = window.site_table.model
    row = model.row_of("camat-waru")
    assert row is not None
    tooltip = str(model.index(row, Column.LINK).data(Qt.ItemDataRole.ToolTipRole))
    assert "fiber optik" in tooltip and "(utama)" in tooltip and "circuit ID" in tooltip


def test_indonesian_state_column_is_wide_enough(window: MainWindow, qtbot: QtBot) -> None:
    window.set_language("id")
    qtbot.waitUntil(lambda: header(window, Column.STATE) == "Status")
    table = window.site_table
    needed = table.view.fontMetrics().horizontalAdvance("Tidak diketahui")
    assert table.view.horizontalHeader().sectionSize(Column.STATE) > needed


def test_language_persists_across_a_new_window(qtbot: QtBot, qapp: QApplication) -> None:
    i18n.store_language_setting(settings(), "en")
    first = MainWindow(small_network(), tray=False)
    qtbot.addWidget(first)
    first.set_language("id")
    assert settings().value(i18n.LANGUAGE_KEY) == "id"
    first.close()
    # As after a restart: the application starts in English until a window reads the setting.
    i18n.install_translator(qapp, "en")

    second = MainWindow(small_network(), tray=False)
    qtbot.addWidget(second)
    assert second.language() == "id" and second.language_choice() == "id"
    assert second.language_actions["id"].isChecked()
    assert second.diagnose_server_action.text() == "Diagnosa server", "built in Indonesian from the start"
    assert summary(second) == "9 tidak diketahui"

    second.set_language("system")
    assert second.language() == i18n.system_language() and second.language_choice() == "system"
    assert settings().value(i18n.LANGUAGE_KEY) == "system"
    second.close()


def test_no_counted_text_is_translated_from_a_part_class_that_is_not_a_qobject() -> None:
    """`self.tr(text, "", n)` in a part class (a mixin of a widget, not a QObject itself) finds no translation at
    run time: PySide looks the context up by the widget's class, while lupdate files it under the part's. (Seen:
    the diagnosis banner's "32 check(s) in 0,5 s" stayed English in Indonesian.) Plain `self.tr` works there."""
    classes: dict[str, list[str]] = {}
    counted: list[tuple[str, str]] = []
    for path in sorted((REPO / "src" / "pantau" / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            classes[node.name] = [ast.unparse(base).split(".")[-1] for base in node.bases]
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "tr" \
                        and ast.unparse(call.func.value) == "self" and len(call.args) >= 3:
                    counted.append((node.name, f"{path.name}:{call.lineno}"))
    qobjects: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, bases in classes.items():
            if name not in qobjects and any(base.startswith("Q") or base in qobjects for base in bases):
                qobjects.add(name)
                changed = True
    assert counted, "the scan found no counted text at all"
    assert [where for name, where in counted if name not in qobjects] == []


def test_the_diagnosis_banners_counted_texts_are_indonesian(qapp: QApplication) -> None:
    from pantau.ui.diagnosis_banner import COUNTS

    i18n.install_translator(qapp, "id")
    try:
        assert COUNTS.checks(32).startswith("32 pemeriksaan dalam")
        assert COUNTS.minutes(3) == "3 menit yang lalu"
    finally:
        i18n.install_translator(qapp, "en")
