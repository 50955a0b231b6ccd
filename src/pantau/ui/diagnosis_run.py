"""The diagnostics panel's runs: at most one at a time, planned on the GUI thread (a request that cannot be planned
is refused with the reason shown), run on a `TaskRunner` thread with `probing.diagnose.run_diagnosis`, each outcome
and the report coming back through queued signals; the status line says what is being diagnosed and how far it got.
A run overtaken by `shutdown()` is dropped when it ends."""

from __future__ import annotations

import time

from pantau.domain.diagnosis import (
    CheckOutcome,
    DiagnosisError,
    DiagnosisPlan,
    DiagnosisReport,
    Layer,
    Scope,
    plan_diagnosis,
)
from pantau.probing.diagnose import run_diagnosis
from pantau.storage.baselines import rtt_baselines
from pantau.ui.diagnosis_parts import DiagnosisParts, Run
from pantau.ui.workers import Progress

# How long shutdown() waits beyond the run's own budget, for a workspace write still in progress.
_SHUTDOWN_MARGIN_S = 10.0


class DiagnosisRun(DiagnosisParts):
    """The runs of `DiagnosticsPanel` (a part of it: see `diagnosis_parts.DiagnosisParts`); their rows are the
    table's (`diagnosis_checks.CheckRows`)."""

    def start(self, scope: str, site_id: str | None = None) -> bool:
        """Start a diagnosis of `scope` ("server", "isp", "site" with `site_id`, "all") in the background.

        False, with nothing started, while a run is going, after `shutdown()`, or when the diagnosis cannot be
        planned (then the panel says why).
        """
        if self._closed or self._run is not None:
            return False
        plan = self._plan(scope, site_id)
        if plan is None:
            return False
        description = f"site {plan.site_id}" if plan.scope is Scope.SITE else plan.scope.value
        run = Run(plan.scope, plan.site_id, self._make_rows(plan))
        self._run = run
        self._error = None
        self._report = None
        self._frame = 0
        for row in run.rows:
            self._render_row(row)
        network, pinger, settings, workspace = self._network, self._pinger, self._settings, self._workspace
        live = self._live_source()
        vantages = self._vantage_source()

        def work(progress: Progress) -> DiagnosisReport:
            icmp = [check.target_id for check in plan.checks if check.method == "icmp"]
            baselines = rtt_baselines(workspace, icmp, time.time()) if workspace is not None else {}
            return run_diagnosis(network, plan, pinger, settings, on_outcome=progress, live=live,
                                 baselines=baselines, vantages=vantages)

        self._tasks.submit(work, lambda report: self._finished(run, report),
                           on_error=lambda error: self._failed(run, error),
                           on_progress=lambda value: self._progress(run, value), name="pantau-diagnosis")
        self._spinner.start()
        self._refresh()
        self.runStarted.emit(description)
        return True

    def is_running(self) -> bool:
        return self._run is not None

    def shutdown(self) -> None:
        """Wait for a running diagnosis (bounded by its budget) and any workspace access to end; start nothing
        more. Call before the pinger and the workspace are closed."""
        self._closed = True
        self._spinner.stop()
        self._age_timer.stop()
        self._tasks.wait(self._settings.budget_s + _SHUTDOWN_MARGIN_S)
        self._run = None
        self._refresh()

    def _plan(self, scope: str, site_id: str | None) -> DiagnosisPlan | None:
        """The plan for a start() request, or None after showing why there is none."""
        try:
            chosen = Scope(scope)
        except ValueError:
            self._show_error(self.tr("Unknown diagnosis “{scope}”: choose server, isp, site or all.")
                             .format(scope=scope))
            return None
        if chosen is Scope.SITE and not site_id:
            self._show_error(self.tr("Select an office first, then diagnose it."))
            return None
        if chosen is Scope.SITE and site_id is not None and self._network.site(site_id) is None:
            self._show_error(self.tr("The office “{site}” is not in this network.").format(site=site_id))
            return None
        try:
            plan = plan_diagnosis(self._network, chosen, site_id if chosen is Scope.SITE else None)
        except DiagnosisError as error:
            self._show_error(self.tr("The diagnosis cannot start: {reason}").format(reason=str(error)))
            return None
        if plan.empty:
            self._show_error(self.tr("Nothing to check for {what}: the network has no targets with the roles "
                                     "this diagnosis needs (LAN gateway, server, ISP gateway, upstream).")
                             .format(what=self._scope_phrase(plan.scope, plan.site_id)))
            return None
        return plan

    def _progress(self, run: Run, value: object) -> None:
        if run is self._run and isinstance(value, CheckOutcome):
            self._apply(run.rows, value)
            self._refresh()

    def _finished(self, run: Run, report: DiagnosisReport) -> None:
        if run is not self._run:
            return
        self._run = None
        self._spinner.stop()
        self._report = report
        self._seen = dict(self._live)
        self._age_timer.start()
        for outcome in report.outcomes:
            self._apply(run.rows, outcome)
        degraded = [d.outcome for d in report.result.degradations]
        for row in run.rows:
            row.degraded = row.outcome is not None and row.outcome in degraded
            self._render_row(row)
        self._show_banner()
        self._refresh()
        self.runFinished.emit(report)

    def _failed(self, run: Run, error: Exception) -> None:
        if run is not self._run:
            return
        self._run = None
        self._spinner.stop()
        for row in run.rows:
            self._render_row(row)
        self._show_error(self.tr("The diagnosis stopped with an error: {error}").format(error=str(error)))
        self._refresh()
        self.runFinished.emit(None)

    def _refresh_status(self) -> None:
        run = self._run
        if run is not None:
            total = len(run.rows) - 1  # the path probe runs only when needed: not counted as a check to wait for
            done = sum(1 for row in run.rows if row.outcome is not None and row.layer is not Layer.PATH)
            text = self.tr("Diagnosing {what}… {done} of {total} checks done · {seconds} s").format(
                what=self._scope_phrase(run.scope, run.site_id), done=done, total=total,
                seconds=self._number(time.monotonic() - run.started, 1))
        elif self._report is not None:
            text = self.tr("Diagnosis of {what}").format(
                what=self._scope_phrase(self._report.scope, self._report.site_id))
        else:
            text = self.tr("No diagnosis yet: use Diagnose server, Diagnose ISP gateway or Diagnose selected "
                           "office.")
        self.status_label.setText(text)

    def _scope_phrase(self, scope: Scope, site_id: str | None) -> str:
        if scope is Scope.SITE:
            site = self._network.site(site_id) if site_id else None
            return self.tr("the office {name}").format(name=site.name if site else site_id)
        phrases = {Scope.SERVER: self.tr("the server"), Scope.ISP: self.tr("the ISP gateway"),
                   Scope.ALL: self.tr("the whole network")}
        return phrases[scope]
