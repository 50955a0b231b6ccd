"""Editing the shared store from the window on it (ui/store_edits.py), against a real PostgreSQL, real files and
real windows: a network file opened there is asked about by the store's name, validated, saved to the store and
reaches a second window; a file with problems lists them and leaves the store's revision alone; an office list is
merged into the store's network; a role that may only read finds every edit greyed with the reason; a save over a
revision another window moved is refused with both revisions named, the store keeps the other window's edit and
this window reads it again; a store that is down is named in the message and nothing breaks."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pantau.domain.inventory import Network
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.ui.main_window import MainWindow
from pantau.ui.store_watch import StoreWatch
from tests.conftest import STORE_PASSWORD
from tests.gui.test_office_lists import click, confirm_box
from tests.gui.test_store_window import open_window
from tests.gui.test_wording import answer_file_dialog
from tests.integration.test_agent import network as agents_network
from tests.integration.test_store_contract import open_store
from tests.pg_server import PostgresServer

pytestmark = pytest.mark.slow

# A window that reads the store only once, when it starts: what another window saves afterwards stays unseen.
READS_ONCE_MS = 3_600_000
OFFICE_LIST = ("name;kind;district;lat;lon;address;role;parent\n"
               "Kantor Desa Baru;desa;Waru;-1,3;116,5;127.0.77.1;;Kantor Camat Waru\n")


def store_holding(url: str, network: Network) -> None:
    with open_store(url) as store:
        store.replace_network(network)


def stored(url: str) -> tuple[int, Network | None]:
    with open_store(url) as store:
        return store.load_inventory()


def store_name(url: str) -> str:
    """ "pantau_t3 on 127.0.0.1:5432", as the window names the store."""
    match = re.fullmatch(r"postgresql://[^@]+@([^/]+)/(.+)", url)
    assert match is not None
    return f"{match[2]} on {match[1]}"


def close(*pairs: tuple[MainWindow, StoreWatch]) -> None:
    for window, watch in pairs:
        watch.stop()
        window.shutdown()


def replace_box_answer(qtbot: QtBot, window: MainWindow, answer: str) -> str:
    """Click `answer` in the confirmation File ▸ Open asks on the store; returns its question."""
    edits = window.store_edits
    assert edits is not None
    qtbot.waitUntil(lambda: edits.confirm_box is not None, timeout=5_000)
    box = edits.confirm_box
    assert box is not None and box.isVisible()
    question = box.text()
    click(box, answer)
    return question


def test_a_network_file_opened_on_the_store_is_asked_about_saved_there_and_reaches_the_other_window(
        qtbot: QtBot, store_database: str) -> None:
    store_holding(store_database, agents_network(1, 2))
    first, first_watch = open_window(qtbot, store_database)
    second, second_watch = open_window(qtbot, store_database)
    try:
        qtbot.waitUntil(lambda: first_watch.reads > 0 and second_watch.reads > 0, timeout=10_000)
        assert first.open_action.isEnabled()
        answer_file_dialog(sample_network_path())
        first.open_network_file()
        question = replace_box_answer(qtbot, first, "Cancel")
        assert question == (f"Replace the network of the shared store {store_name(store_database)} for every window "
                            "and agent?")
        assert not first.session.importing and stored(store_database)[0] == 1

        answer_file_dialog(sample_network_path())
        first.open_network_file()
        with qtbot.waitSignal(first.importFinished, timeout=15_000) as finished:
            replace_box_answer(qtbot, first, "Replace")
        assert finished.args == [True]
        sample = load_network_file(sample_network_path())
        revision, in_store = stored(store_database)
        assert revision == 2 and in_store == sample
        assert first.network == sample and first.site_table.model.rowCount() == len(sample.sites)
        assert f"saved to the shared store {store_name(store_database)} (revision 2)" in \
            first.statusBar().currentMessage()
        qtbot.waitUntil(lambda: second.network == sample, timeout=10_000)
        assert second.site_table.model.rowCount() == len(sample.sites)
        # The window's own save, read back from the store, changes nothing there.
        reads = first_watch.reads
        qtbot.waitUntil(lambda: first_watch.reads > reads + 1, timeout=10_000)
        assert first.network == sample and first.store_edits is not None \
            and first_watch.edits is not None and not first_watch.edits.busy()
    finally:
        close((first, first_watch), (second, second_watch))


def test_a_network_file_with_problems_lists_them_and_leaves_the_store_alone(qtbot: QtBot, store_database: str,
                                                                            tmp_path: Path) -> None:
    store_holding(store_database, agents_network(1, 2))
    window, watch = open_window(qtbot, store_database)
    bad = tmp_path / "network.toml"
    bad.write_text(sample_network_path().read_text(encoding="utf-8").replace(
        'timezone = "Asia/Makassar"', 'timezone = "Mars/Olympus_Mons"'), encoding="utf-8")
    try:
        qtbot.waitUntil(lambda: watch.reads > 0, timeout=10_000)
        before = window.network
        assert window.store_edits is not None
        window.store_edits.confirm_import(bad)
        with qtbot.waitSignal(window.importFinished, timeout=15_000) as finished:
            replace_box_answer(qtbot, window, "Replace")
        assert finished.args == [False]
        dialog = window.import_dialog
        assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "Network file not imported"
        assert any("Mars/Olympus_Mons" in problem for problem in dialog.problems), dialog.problems
        assert "Nothing was changed" in dialog.headline.text()
        assert stored(store_database) == (1, agents_network(1, 2))
        assert window.network == before and window.contracts.isEnabled() and window.open_action.isEnabled()
    finally:
        close((window, watch))


def test_an_office_list_is_merged_into_the_stores_network_after_a_confirmation_naming_it(
        qtbot: QtBot, store_database: str, tmp_path: Path) -> None:
    store_holding(store_database, load_network_file(sample_network_path()))
    first, first_watch = open_window(qtbot, store_database)
    second, second_watch = open_window(qtbot, store_database)
    path = tmp_path / "kantor.csv"
    path.write_text(OFFICE_LIST, encoding="utf-8")
    try:
        qtbot.waitUntil(lambda: first_watch.reads > 0 and second_watch.reads > 0, timeout=10_000)
        answer_file_dialog(path)
        first.open_network_file()
        box = confirm_box(qtbot, first)
        assert box.text() == (f"Merge the offices of kantor.csv into the network of the shared store "
                              f"{store_name(store_database)} for every window and agent?")
        assert box.informativeText() == "Offices added: 1\nOffices updated: 0"
        with qtbot.waitSignal(first.importFinished, timeout=15_000) as finished:
            click(box, "Merge")
        assert finished.args == [True]
        revision, in_store = stored(store_database)
        assert revision == 2 and in_store is not None
        new = in_store.site("kantor-desa-baru")
        assert new is not None and new.parent == "camat-waru"
        qtbot.waitUntil(lambda: second.network.site("kantor-desa-baru") is not None, timeout=10_000)
        assert second.network == in_store
    finally:
        close((first, first_watch), (second, second_watch))


def test_a_role_that_may_only_read_finds_every_edit_greyed_with_the_reason(
        qtbot: QtBot, store_database: str, postgres_server: PostgresServer, tmp_path: Path) -> None:
    store_holding(store_database, load_network_file(sample_network_path()))
    database = store_database.rsplit("/", 1)[1]
    owner = store_database.split("//", 1)[1].split("@", 1)[0]
    postgres_server.admin_sql(f"CREATE ROLE {database}_watch LOGIN PASSWORD '{STORE_PASSWORD}'")
    postgres_server.admin_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {database}_watch", database)
    window, watch = open_window(qtbot, store_database.replace(f"{owner}@", f"{database}_watch@"))
    csv = tmp_path / "kantor.csv"
    csv.write_text(OFFICE_LIST, encoding="utf-8")
    try:
        qtbot.waitUntil(lambda: watch.reads > 0, timeout=10_000)
        reason = f"The store role {database}_watch may only read: editing is off."
        for action in (window.open_action, window.alert_settings_action):
            assert not action.isEnabled() and action.toolTip() == reason and action.statusTip() == reason
        assert not window.contracts.isEnabled() and window.contracts.toolTip() == reason
        # Nothing reaches the store by another way either.
        assert not window.import_network_file(sample_network_path())
        assert not window.office_lists.merge(csv)
        # The reason follows the language, and the actions stay greyed through the window's own updates.
        window.set_language("id")
        try:
            qtbot.waitUntil(lambda: window.open_action.toolTip() == watch._editing_words() != reason, timeout=5_000)
            assert database in window.open_action.toolTip() and not window.open_action.isEnabled()
        finally:
            window.set_language("en")
        qtbot.waitUntil(lambda: window.open_action.toolTip() == reason, timeout=5_000)
        window.window_actions.update()
        assert not window.open_action.isEnabled() and window.open_action.toolTip() == reason
        assert stored(store_database)[0] == 1
    finally:
        close((window, watch))


def test_the_owner_may_edit_but_not_the_alert_settings_which_the_store_does_not_hold(qtbot: QtBot,
                                                                                    store_database: str) -> None:
    store_holding(store_database, load_network_file(sample_network_path()))
    window, watch = open_window(qtbot, store_database)
    try:
        qtbot.waitUntil(lambda: watch.reads > 0, timeout=10_000)
        assert window.open_action.isEnabled() and window.contracts.isEnabled()
        action = window.alert_settings_action
        assert not action.isEnabled()
        assert "pantau agent --alerts" in action.toolTip() and "network file" in action.toolTip()
        assert window.open_alert_settings() is None
        banner = window.workspace_banner.text.text()
        assert "Edits made here (network files, office lists, contracts) are saved to the store" in banner
    finally:
        close((window, watch))


def test_a_network_file_saved_over_a_revision_another_window_moved_is_refused_and_the_store_read_again(
        qtbot: QtBot, store_database: str) -> None:
    store_holding(store_database, agents_network(1, 2))
    window, watch = open_window(qtbot, store_database)
    watch._timer.setInterval(READS_ONCE_MS)
    try:
        qtbot.waitUntil(lambda: watch.reads > 0, timeout=10_000)
        with open_store(store_database) as other:
            other.replace_network(replace(agents_network(1, 2), name="Edited in another window"), expected_revision=1)
        assert window.network.name == "Kabupaten"  # not seen: this window reads only once
        assert window.store_edits is not None
        window.store_edits.confirm_import(sample_network_path())
        with qtbot.waitSignal(window.importFinished, timeout=15_000) as finished:
            replace_box_answer(qtbot, window, "Replace")
        assert finished.args == [False]
        dialog = window.import_dialog
        assert dialog is not None and dialog.problems == [
            "the network in the store changed (revision 1 → 2) since this window read it; it has been reloaded — "
            "make your change again"]
        revision, in_store = stored(store_database)
        assert revision == 2 and in_store is not None and in_store.name == "Edited in another window"
        qtbot.waitUntil(lambda: window.network.name == "Edited in another window", timeout=10_000)
        # Made again, over what it has now read, the change goes in.
        window.store_edits.confirm_import(sample_network_path())
        with qtbot.waitSignal(window.importFinished, timeout=15_000) as finished:
            replace_box_answer(qtbot, window, "Replace")
        assert finished.args == [True]
        assert stored(store_database) == (3, load_network_file(sample_network_path()))
    finally:
        close((window, watch))


def test_a_contract_edit_over_a_revision_another_window_moved_is_refused_and_the_store_read_again(
        qtbot: QtBot, store_database: str) -> None:
    store_holding(store_database, load_network_file(sample_network_path()))
    window, watch = open_window(qtbot, store_database)
    watch._timer.setInterval(READS_ONCE_MS)
    try:
        qtbot.waitUntil(lambda: watch.reads > 0, timeout=10_000)
        with open_store(store_database) as other:
            elsewhere = replace(load_network_file(sample_network_path()), name="Renamed in another window")
            other.replace_network(elsewhere, expected_revision=1)
        window.contracts.select_contract("ctr-intranet-2026")
        with qtbot.waitSignal(window.contracts.save_failed, timeout=15_000) as failed:
            assert window.contracts.end_selected()
        refusal = ("the network in the store changed (revision 1 → 2) since this window read it; it has been "
                   "reloaded — make your change again")
        assert failed.args == [f"Could not save: {refusal}"]
        assert refusal in window.statusBar().currentMessage()
        assert stored(store_database) == (2, elsewhere)  # the other window's edit stands, this one went nowhere
        qtbot.waitUntil(lambda: window.network == elsewhere, timeout=10_000)
        assert window.contracts.network() == elsewhere and not window.contracts.undo_stack.canUndo()
    finally:
        close((window, watch))


def test_a_store_that_is_down_is_named_and_nothing_is_lost(qtbot: QtBot, store_database: str,
                                                          postgres_server: PostgresServer, tmp_path: Path) -> None:
    store_holding(store_database, agents_network(1, 2))
    window, watch = open_window(qtbot, store_database)
    file = tmp_path / "network.toml"
    file.write_bytes(sample_network_path().read_bytes())
    try:
        qtbot.waitUntil(lambda: watch.reads > 0, timeout=10_000)
        before = window.network
        postgres_server.pause()
        try:
            assert window.store_edits is not None
            window.store_edits.confirm_import(file)
            with qtbot.waitSignal(window.importFinished, timeout=30_000) as finished:
                replace_box_answer(qtbot, window, "Replace")
            assert finished.args == [False]
            dialog = window.import_dialog
            assert dialog is not None and len(dialog.problems) == 1
            assert dialog.problems[0].startswith(f"cannot reach the store ({store_name(store_database)} as ")
            assert window.network == before and window.open_action.isEnabled()
        finally:
            postgres_server.resume()
        assert file.read_bytes() == sample_network_path().read_bytes()
        assert stored(store_database)[0] == 1
    finally:
        close((window, watch))


def test_a_merge_waiting_for_its_confirmation_is_not_saved_over_an_edit_read_meanwhile(
        qtbot: QtBot, store_database: str, tmp_path: Path) -> None:
    """The store's network read while the merge waits is not taken in under it: the merge was made on the network
    before, so its save is checked against that revision and refused, not written over the other window's edit."""
    store_holding(store_database, load_network_file(sample_network_path()))
    window, watch = open_window(qtbot, store_database)
    watch._timer.setInterval(READS_ONCE_MS)
    path = tmp_path / "kantor.csv"
    path.write_text(OFFICE_LIST, encoding="utf-8")
    try:
        qtbot.waitUntil(lambda: watch.reads > 0, timeout=10_000)
        assert window.office_lists.merge(path)
        box = confirm_box(qtbot, window)
        elsewhere = replace(load_network_file(sample_network_path()), name="Renamed in another window")
        with open_store(store_database) as other:
            other.replace_network(elsewhere, expected_revision=1)
        reads = watch.reads
        watch.poll()
        qtbot.waitUntil(lambda: watch.reads > reads, timeout=10_000)
        assert window.network.name != elsewhere.name  # held back while the merge waits
        with qtbot.waitSignal(window.importFinished, timeout=15_000) as finished:
            click(box, "Merge")
        assert finished.args == [False]
        dialog = window.import_dialog
        assert dialog is not None and dialog.windowTitle() == "Office list not merged"
        assert dialog.problems == ["the network in the store changed (revision 1 → 2) since this window read it; it "
                                   "has been reloaded — make your change again"]
        assert stored(store_database) == (2, elsewhere)
        qtbot.waitUntil(lambda: window.network == elsewhere, timeout=10_000)
    finally:
        close((window, watch))
