"""The contracts panel's edits and saves: every edit is the whole network before and after on a `QUndoStack`, so
undo is exact whatever the edit touched; applying or undoing one shows the network and saves it whole to the
workspace, or the shared store (`replace_network` of a `NetworkSink`), on a worker thread, one save at a time, the
newest waiting edit after it, so the GUI thread never waits on the disk and an edit and its quick undo never land
out of order."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from pantau.domain.inventory import (
    Network,
)
from pantau.storage.store import NetworkSink
from pantau.ui.contract_fields import PanelParts
from pantau.ui.store_edits import store_error_text
from pantau.ui.workers import Progress

_SAVE_WAIT_S = 10.0
log = logging.getLogger(__name__)


class _NetworkEdit(QUndoCommand):
    """One edit: the whole network before and after, so undo is exact whatever the edit touched."""

    def __init__(self, text: str, before: Network, after: Network, apply: Callable[[Network], None]) -> None:
        super().__init__(text)
        self._before = before
        self._after = after
        self._apply = apply

    def redo(self) -> None:
        self._apply(copy.deepcopy(self._after))

    def undo(self) -> None:
        self._apply(copy.deepcopy(self._before))


class SavePipeline(PanelParts):
    """The undo stack and save pipeline of `ContractsPanel` (a part of it: see `contract_fields.PanelParts`)."""

    def _push(self, text: str, after: Network) -> None:
        self.undo_stack.push(_NetworkEdit(text, copy.deepcopy(self._network), after, self._apply))

    def _apply(self, network: Network) -> None:
        self._show(network)
        self.network_changed.emit(network)
        self._save(network)

    def _save(self, network: Network) -> None:
        """Save `network` on a worker thread. One save at a time: an edit made while one runs waits, and only the
        newest waiting network is written after it, so an edit and its quick undo can never land out of order."""
        if self._sink is None or self._closed:
            return
        self._waiting_save = copy.deepcopy(network)
        self.status_label.setText(self.tr("Saving…"))
        if not self._save_running:
            self._start_waiting_save()

    def _start_waiting_save(self) -> None:
        sink, snapshot, self._waiting_save = self._sink, self._waiting_save, None
        if sink is None or snapshot is None or self._closed:
            return

        def save(progress: Progress) -> None:
            sink.replace_network(snapshot)

        self._save_running = True
        self._tasks.submit(save, self._on_saved, on_error=self._on_save_error, name="pantau-contracts-save")

    def _on_saved(self, _: object) -> None:
        self._save_running = False
        if self._waiting_save is not None:
            self._start_waiting_save()
            return
        self.status_label.setText(self.tr("Saved."))
        self.saved.emit()

    def _on_save_error(self, error: Exception) -> None:
        self._save_running = False
        message = self.tr("Could not save: {error}").format(error=store_error_text(error))
        self.status_label.setText(message)
        self.save_failed.emit(message)
        if self._waiting_save is not None:
            self._start_waiting_save()

    def set_network_sink(self, sink: NetworkSink) -> None:
        """Save edits to `sink` instead of the workspace (a window on the shared store saves to the store)."""
        self._sink = sink

    def pending_saves(self) -> int:
        return self._tasks.pending() + (self._waiting_save is not None)

    def shutdown(self) -> None:
        """Wait for saves in flight; start no more. Call before the workspace is closed."""
        self._closed = True
        self._tasks.wait(_SAVE_WAIT_S)
        # An edit made while the last save ran: written here, since no callback runs any more (the window is off
        # the screen by now, so this wait is the owner's to allow).
        waiting, self._waiting_save = self._waiting_save, None
        if waiting is not None and self._sink is not None:
            try:
                self._sink.replace_network(waiting)
            except Exception as error:
                log.error("the last contract edit was not saved: %s", error)
