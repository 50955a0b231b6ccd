"""The contracts panel's PDF report: the selected contract with its SLA service per window and line and its outages
(read from the workspace as the panel reads them: `contract_measure`), one timeline picture per link history (drawn
here by an unshown `ContractTimeline`: pyqtgraph lives on the GUI thread), and the saved diagnoses that concern its
links as evidence, read and written on a worker thread."""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtGui import QImage

from pantau.reporting.contract_report import contract_report_html, link_groups
from pantau.reporting.contract_use import read_contract_use
from pantau.ui.contract_fields import PanelParts
from pantau.ui.contract_measure import contract_outages, contract_sla
from pantau.ui.contract_pdf import write_pdf
from pantau.ui.contract_timeline import ContractTimeline
from pantau.ui.file_dialogs import ask_save_path
from pantau.ui.workers import Progress

# The newest saved diagnoses the report chooses its evidence from.
_EVIDENCE_ROWS = 500
# Drawn larger than printed (TIMELINE_WIDTH_PX) so the picture stays sharp on paper.
_TIMELINE_IMAGE_PX = (1000, 340)


class ReportExport(PanelParts):
    """The PDF report of `ContractsPanel` (a part of it: see `contract_fields.PanelParts`)."""

    def _choose_pdf(self) -> None:
        contract_id = self.selected_contract_id()
        if contract_id is None:
            return
        path = ask_save_path(self.table.window(), self.tr("Save the contract report"), f"{contract_id}.pdf",
                             self.tr("PDF (*.pdf)"))
        if path is not None:
            self.export_pdf(path)

    def export_pdf(self, path: Path) -> None:
        """Write the selected contract's report to `path` in the background: its SLA service and outages, a
        timeline picture per link history, and the saved diagnoses that concern its links as evidence (read from
        the workspace on the worker). `report_written(path, pages)` follows, or `save_failed(message)`."""
        contract_id = self.selected_contract_id()
        if contract_id is None or self._closed:
            return
        network, today, now, lang = copy.deepcopy(self._network), self._today(), self._now(), self._lang
        images = self.timeline_images(contract_id)
        names = {link_id: f"timeline-{index}.png" for index, link_id in enumerate(images)}
        pictures = {names[link_id]: image for link_id, image in images.items()}
        workspace = self._workspace
        title = self.tr("Contract report")

        def write(progress: Progress) -> int:
            contract = network.contract(contract_id)
            if workspace is None or contract is None:
                html = contract_report_html(network, contract_id, today, lang, timeline_images=names)
            else:
                html = contract_report_html(
                    network, contract_id, today, lang, contract_sla(workspace, network, contract, today, now),
                    contract_outages(workspace, network, contract, now), workspace.diagnoses(limit=_EVIDENCE_ROWS),
                    names, read_contract_use(network, workspace, contract))
            return write_pdf(html, path, title, pictures)

        self.status_label.setText(self.tr("Writing the report…"))
        self._tasks.submit(write, lambda pages: self._on_report(path, pages), on_error=self._on_report_error,
                           name="pantau-contracts-pdf")

    def timeline_images(self, contract_id: str) -> dict[str, QImage]:
        """One timeline picture per group of links with the same history (`link_groups`), keyed by the group's
        first link. Drawn here, on the GUI thread, by an unshown ContractTimeline: pyqtgraph widgets live there."""
        images: dict[str, QImage] = {}
        timeline = ContractTimeline()
        timeline.resize(*_TIMELINE_IMAGE_PX)
        for group in link_groups(self._network, contract_id):
            timeline.show_link(self._network, group[0].id, self._today(), self._lang)
            images[group[0].id] = timeline.grab().toImage()
        timeline.deleteLater()
        return images

    def _on_report(self, path: Path, pages: int) -> None:
        self.status_label.setText(self.tr("Report saved to {path}").format(path=path))
        self.report_written.emit(str(path), pages)

    def _on_report_error(self, error: Exception) -> None:
        message = self.tr("Could not write the report: {error}").format(error=error)
        self.status_label.setText(message)
        self.save_failed.emit(message)
