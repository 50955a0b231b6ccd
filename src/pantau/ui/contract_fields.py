"""What the parts of the contracts panel share: how a contract's fields read and show (dates, rupiah amounts, a
link's name, the order of the list), and `PanelParts`, the state every part of `ContractsPanel` works on.

The panel is one widget made of parts, each in its own module: the contract form (`contract_form`), the paperwork
tabs (`contract_paperwork`), the measured service (`contract_measure`), the PDF report (`contract_export`) and the
undo stack with its save pipeline (`contract_saving`). `ContractsPanel` sets up the state in its constructor and
builds the widgets; `PanelParts` declares what the parts read of each other, so each is checked on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, SignalInstance
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QPushButton, QTableWidget

from pantau.domain.contracts import ContractWarning
from pantau.domain.inventory import Contract, Link, LinkRole, Network
from pantau.domain.links import site_links
from pantau.domain.sla import SlaService
from pantau.storage.store import NetworkSink
from pantau.storage.workspace import Workspace
from pantau.ui.workers import TaskRunner


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def rupiah(text: str) -> int | None:
    """An amount typed with or without "Rp" and Indonesian grouping (1.800.000.000); None when it is not one."""
    digits = text.strip().removeprefix("Rp").strip().replace(".", "").replace(" ", "")
    return int(digits) if digits.isdigit() else None


def listed_order(contracts: Sequence[Contract], warnings: Sequence[ContractWarning]) -> list[Contract]:
    """The order of the list: contracts with warnings first (they need someone), then the newest first."""
    warned = {warning.contract_id for warning in warnings}
    by_newest = sorted(contracts, key=lambda c: (c.start, c.end, c.id), reverse=True)
    return sorted(by_newest, key=lambda c: c.id not in warned)


def link_name(network: Network, link: Link) -> str:
    """A link as people name it: the office it serves (a backup link says so); its id where no office is known."""
    site = network.site(site_links(network).subject(link))
    if site is None:
        return link.id
    if link.role is LinkRole.BACKUP:
        return QCoreApplication.translate("ContractsPanel", "{office} (backup)").format(office=site.name)
    return site.name


class PanelParts:
    """The state the parts of `ContractsPanel` share, set up by its constructor and `_build`, and the methods they
    call across parts. Only declared here: the panel (a QWidget) holds them."""

    _network: Network
    _today: Callable[[], date]
    _now: Callable[[], float]
    _lang: str
    _editing: str | None
    _workspace: Workspace | None
    _sink: NetworkSink | None
    _tasks: TaskRunner
    _closed: bool
    _measuring: str | None
    _save_running: bool
    _waiting_save: Network | None
    last_service: SlaService | None
    undo_stack: QUndoStack
    table: QTableWidget
    payments: QTableWidget
    budgets: QTableWidget
    letters: QTableWidget
    status_label: QLabel
    service_label: QLabel
    pdf_button: QPushButton
    saved: SignalInstance
    report_written: SignalInstance
    save_failed: SignalInstance
    network_changed: SignalInstance
    tr: Callable[..., str]
    selected_contract_id: Callable[[], str | None]
    _show: Callable[[Network], None]
    _push: Callable[[str, Network], None]
    _fill_lists: Callable[[Contract | None], None]
    _load_paperwork_forms: Callable[[Contract | None], None]
    _measure: Callable[[Contract | None], None]
