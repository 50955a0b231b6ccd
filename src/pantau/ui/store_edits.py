"""Editing the shared store's inventory from the window on the store: what may be edited there, where it is saved,
and why what may not is greyed.

A role that may write edits the store's network with the window's own actions: File ▸ Open with a network file
(asked first, naming the store, since it changes the network of every window and agent; then validated and saved
by the session as a local import is), an office list merged after the usual confirmation (which names the store),
and contract edits. All of them are saved by `storage.store_access.StoreInventory` on worker threads, as a
compare-and-set on the revision this window read: a save over an edit this window has not seen is refused
(`RevisionMoved`, worded by `store_error_text`), and the window reads the store's network again at once.

The alert settings cannot work here: their rules and maintenance windows live in the workspace of the Pantau that
sends the alerts, which a window on the store does not have. Their action is greyed with that reason; so is every
edit for a role that may only read (SELECT only), with the banner's words.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QMessageBox

from pantau.domain.inventory import Network
from pantau.domain.text import printable
from pantau.storage.pg_store import RevisionMoved

if TYPE_CHECKING:
    from pantau.storage.store_access import StoreAccess, StoreInventory
    from pantau.ui.main_window import MainWindow


def store_error_text(error: Exception) -> str:
    """A failed save in the user's words: a refused compare-and-set as the window sees it, any other error as the
    store said it (it names the store)."""
    if isinstance(error, RevisionMoved):
        return QCoreApplication.translate(
            "StoreEdits", "the network in the store changed (revision {old} → {new}) since this window read it; it "
                          "has been reloaded — make your change again").format(old=error.expected, new=error.found)
    return str(error)


class StoreEdits(QObject):
    """The edits of `window` on the store `access`: saved through `inventory`, or (None: the role may only read)
    refused with `read_only_reason`. `reload()` reads the store again at once (after a refused save)."""

    def __init__(self, window: MainWindow, access: StoreAccess, inventory: StoreInventory | None,
                 read_only_reason: Callable[[], str], reload: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._access = access
        self._inventory = inventory
        self._reload = reload
        self.confirm_box: QMessageBox | None = None
        actions = window.window_actions
        if inventory is None:
            # Watching only: the session refuses imports and merges, the actions and the contracts say why.
            window.set_watching(True)
            window.contracts.setEnabled(False)
            window.contracts.setToolTip(read_only_reason())
            actions.refuse(actions.open, read_only_reason)
            actions.refuse(actions.alert_settings, read_only_reason)
        else:
            window.session.network_sink = inventory
            window.contracts.set_network_sink(inventory)
            actions.refuse(actions.alert_settings, self._alert_settings_reason)
            window.session.importFinished.connect(self._on_import_finished)
            # A refused contract save: the store's network is read again at once, as the message says.
            window.contracts.save_failed.connect(lambda _message: self._reload())
        window.store_edits = self

    @property
    def store(self) -> str:
        """The store as the team knows it: "pantau on 127.0.0.1:5432"."""
        return self._access.url.place

    def busy(self) -> bool:
        """An edit of this window is being saved or confirmed: the store's network read meanwhile waits, so that the
        save is checked against the revision the edit was made on, not one read after it."""
        window = self._window
        return window.session.importing or bool(window.contracts.pending_saves())

    def confirm_import(self, path: Path) -> None:
        """Ask before a network file replaces the store's network; the session then validates and saves it."""
        if self._inventory is None or self._window.session.importing:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Replace the shared network"),
                          printable(self.tr("Replace the network of the shared store {store} for every window and "
                                            "agent?").format(store=self.store)),
                          QMessageBox.StandardButton.NoButton, self._window)
        box.setObjectName("replaceStoreNetworkBox")
        box.setInformativeText(printable(self.tr(
            "The offices, links, contracts and alert channels of {file} replace the ones every window and agent "
            "works from. The file is checked first: if it has problems, nothing changes.").format(file=path.name)))
        box.setTextFormat(Qt.TextFormat.PlainText)
        replace_button = box.addButton(self.tr("Replace"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(replace_button)
        box.finished.connect(lambda _result: self._answered(path, box.clickedButton() is replace_button))
        self.confirm_box = box
        box.open()

    def merge_question(self, file: str) -> str:
        """The office list confirmation's question on the store."""
        return self.tr("Merge the offices of {file} into the network of the shared store {store} for every window "
                       "and agent?").format(file=file, store=self.store)

    def _answered(self, path: Path, accepted: bool) -> None:
        self.confirm_box = None
        if accepted and not self._window.is_shut_down():
            self._window.import_network_file(path)

    def _on_import_finished(self, path: Path, outcome: object) -> None:
        window = self._window
        if isinstance(outcome, Network) and self._inventory is not None:
            window.statusBar().showMessage(printable(self.tr(
                "{file} saved to the shared store {store} (revision {revision}) for every window and agent").format(
                file=path.name, store=self.store, revision=self._inventory.revision)), 15_000)
        elif isinstance(outcome, RevisionMoved):
            self._reload()

    def _alert_settings_reason(self) -> str:
        return self.tr("On the shared store the alert settings cannot be changed here: the rules and maintenance "
                       "windows are kept by the Pantau that sends the alerts (pantau agent --alerts); change the "
                       "alert channels in the network file and open it here.")
