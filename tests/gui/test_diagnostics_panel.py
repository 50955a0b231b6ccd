"""The diagnostics panel: real runs against loopback targets, shown live, judged, copied, saved and listed.

Every run here is real: a started IcmpPinger pings 127.0.0.x, service checks hit local servers from tests/servers.py.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QTreeWidget, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from pantau.domain.diagnosis import DiagnosisReport, Verdict
from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.probing.diagnose import DiagnoseSettings
from pantau.probing.icmp import IcmpMode, IcmpPinger
from pantau.reporting.diagnosis_report import render_text
from pantau.storage.workspace import Workspace
from pantau.ui.diagnosis_checks import _SPINNER, Column
from pantau.ui.diagnostics_panel import DiagnosticsPanel
from tests.servers import HttpTestServer, free_port

LAN, SERVER, ISP, UPSTREAM, OFFICE = "127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"
RUN_TIMEOUT_MS = 10_000

MakePanel = Callable[..., DiagnosticsPanel]


def loopback_network(server_checks: tuple[str, ...] = ("icmp",)) -> Network:
    sites = [Site("dc", "Pusat data", SiteKind.DATACENTER, "Penajam"),
             Site("pop", "POP ISP", SiteKind.ISP_POP, "Penajam", parent="dc"),
             Site("dinkes", "Dinas Kesehatan", SiteKind.SKPD, "Penajam", parent="dc")]
    targets = [Target("lan-gw", "dc", LAN, TargetRole.LAN_GATEWAY, name="Gateway LAN"),
               Target("srv", "dc", SERVER, TargetRole.SERVER, list(server_checks), name="Server pusat"),
               Target("isp-gw", "pop", ISP, TargetRole.ISP_GATEWAY, name="Gateway ISP"),
               Target("anchor", "pop", UPSTREAM, TargetRole.UPSTREAM, name="Anchor upstream"),
               Target("rtr-dinkes", "dinkes", OFFICE, TargetRole.OFFICE_ROUTER, name="Router Dinkes")]
    return Network("Loopback network", sites=sites, targets=targets)


@pytest.fixture
def pinger() -> Iterator[IcmpPinger]:
    started = IcmpPinger()
    started.start()
    try:
        if started.mode is IcmpMode.NONE:
            pytest.skip(f"this process may not send ICMP: {started.privilege_hint()}")
        yield started
    finally:
        started.close()


@pytest.fixture
def workspace(workspace_path: Path) -> Iterator[Workspace]:
    opened = Workspace.open(workspace_path)
    yield opened
    opened.close()


@pytest.fixture
def make_panel(qtbot: QtBot, pinger: IcmpPinger, workspace: Workspace) -> Iterator[MakePanel]:
    """Panels over a network; each is shut down before the pinger and the workspace close."""
    panels: list[DiagnosticsPanel] = []

    def make(network: Network, *, with_workspace: bool = False, settings: DiagnoseSettings | None = None,
             use_pinger: IcmpPinger | None = None) -> DiagnosticsPanel:
        panel = DiagnosticsPanel(network, workspace if with_workspace else None, use_pinger or pinger, settings)
        qtbot.addWidget(panel)
        panel.resize(1100, 520)
        panel.show()
        panels.append(panel)
        return panel

    yield make
    for panel in panels:
        panel.shutdown()


def run(qtbot: QtBot, panel: DiagnosticsPanel, scope: str, site_id: str | None = None) -> DiagnosisReport:
    with qtbot.waitSignal(panel.runFinished, timeout=RUN_TIMEOUT_MS) as finished:
        assert panel.start(scope, site_id)
    report = finished.args[0]
    assert isinstance(report, DiagnosisReport)
    return report


def item(tree: QTreeWidget, index: int) -> QTreeWidgetItem:
    found = tree.topLevelItem(index)
    assert found is not None, f"no row {index}"
    return found


def rows(panel: DiagnosticsPanel) -> list[dict[Column, str]]:
    tree = panel.checks
    return [{column: item(tree, i).text(column) for column in Column} for i in range(tree.topLevelItemCount())]


def row_for(panel: DiagnosticsPanel, target: str, check: str) -> dict[Column, str]:
    matches = [row for row in rows(panel) if row[Column.TARGET] == target and row[Column.CHECK] == check]
    assert len(matches) == 1, rows(panel)
    return matches[0]


def test_a_run_lists_every_check_at_once_then_each_result_and_the_verdict(qtbot: QtBot,
                                                                         make_panel: MakePanel) -> None:
    panel = make_panel(loopback_network())
    assert not panel.banner.isVisible()
    with qtbot.waitSignal(panel.runStarted) as started, \
            qtbot.waitSignal(panel.runFinished, timeout=RUN_TIMEOUT_MS) as finished:
        assert panel.start("isp")
        # Before the event loop runs again nothing has come back: every planned check is listed, pending.
        listed = rows(panel)
        assert [row[Column.TARGET] for row in listed] == ["Its network route", "Gateway LAN", "Server pusat",
                                                          "Gateway ISP", "Anchor upstream",
                                                          "toward a silent target"]
        assert all(row[Column.STATUS] in _SPINNER and row[Column.RESULT] == "checking…" for row in listed)
        assert panel.is_running()
        assert "0 of 5 checks done" in panel.status_label.text()
    assert started.args == ["isp"]
    report = finished.args[0]
    assert isinstance(report, DiagnosisReport)
    assert report.result.verdict is Verdict.OK
    assert not panel.is_running()

    shown = rows(panel)
    assert [row[Column.STATUS] for row in shown] == ["✓", "✓", "✓", "✓", "✓", "–"]
    assert shown[0][Column.RESULT] == "a route exists"
    assert all(row[Column.RESULT].endswith(" ms") for row in shown[1:5])
    assert shown[5][Column.RESULT] == "not needed: no target was silent"
    assert panel.banner.isVisible()
    assert panel.banner.property("severity") == "ok"
    assert panel.verdict_label.text() == "✓ All clear"  # the sentence, not the code
    assert panel.verdict_label.toolTip() == "Verdict code: ok"
    assert shown[0][Column.LAYER] == "This computer" and shown[0][Column.TARGET] == "Its network route"
    assert "5 check(s) in" in panel.elapsed_label.text()
    assert panel.copy_button.isEnabled()
    # No workspace: nothing to save into.
    assert not panel.save_button.isEnabled()


def test_an_office_run_says_which_office_and_lists_its_router(qtbot: QtBot, make_panel: MakePanel) -> None:
    panel = make_panel(loopback_network())
    with qtbot.waitSignal(panel.runStarted) as started:
        report = run(qtbot, panel, "site", "dinkes")
    assert started.args == ["site dinkes"]
    assert report.result.verdict is Verdict.OK
    assert row_for(panel, "Router Dinkes", "icmp")[Column.STATUS] == "✓"
    assert "Dinas Kesehatan" in panel.status_label.text()


def test_a_closed_service_port_shows_a_cross_and_the_verdict_server_service(qtbot: QtBot,
                                                                            make_panel: MakePanel) -> None:
    port = free_port(SERVER)
    panel = make_panel(loopback_network(("icmp", f"tcp:{port}")))
    report = run(qtbot, panel, "server")
    assert report.result.verdict is Verdict.SERVER_SERVICE
    refused = row_for(panel, "Server pusat", f"tcp:{port}")
    assert refused[Column.STATUS] == "✗"
    assert refused[Column.RESULT] == "connection refused"
    assert row_for(panel, "Server pusat", "icmp")[Column.STATUS] == "✓"
    assert panel.banner.property("severity") == "fault"
    assert panel.verdict_label.text() == "✗ A server service is down"
    assert "server-service" in panel.verdict_label.toolTip()
    assert f"tcp:{port}" in panel.headline_label.text()
    assert panel.steps_label.isVisible() and "1. " in panel.steps_label.text()


def test_a_second_start_while_running_starts_nothing(qtbot: QtBot, make_panel: MakePanel) -> None:
    with HttpTestServer(SERVER, slow_s=0.6) as web:
        panel = make_panel(loopback_network(("icmp", web.url("/slow"))))
        starts: list[str] = []
        panel.runStarted.connect(starts.append)
        with qtbot.waitSignal(panel.runFinished, timeout=RUN_TIMEOUT_MS) as finished:
            assert panel.start("server")
            listed = panel.checks.topLevelItemCount()
            assert not panel.start("server")
            assert not panel.start("isp")
            assert panel.checks.topLevelItemCount() == listed
            assert not panel.copy_button.isEnabled()
            assert not panel.save_button.isEnabled()
            assert panel.is_running()
        assert starts == ["server"]
        assert isinstance(finished.args[0], DiagnosisReport)
        # A 600 ms answer is past the latency threshold: the row and the banner say so.
        assert finished.args[0].result.verdict is Verdict.DEGRADED
        assert row_for(panel, "Server pusat", web.url("/slow"))[Column.STATUS] == "⚠"
        assert row_for(panel, "Server pusat", "icmp")[Column.STATUS] == "✓"
        assert panel.banner.property("severity") == "degraded"
        assert panel.verdict_label.text().startswith("⚠ ")
        assert web.requests.count("/slow") == 1


def test_the_gui_thread_keeps_ticking_while_a_slow_check_runs(qtbot: QtBot, make_panel: MakePanel) -> None:
    with HttpTestServer(SERVER, slow_s=0.8) as web:
        panel = make_panel(loopback_network(("icmp", web.url("/slow"))))
        ticks: list[float] = []
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(lambda: ticks.append(time.monotonic()))
        timer.start()
        began = time.monotonic()
        with qtbot.waitSignal(panel.runFinished, timeout=RUN_TIMEOUT_MS):
            assert panel.start("server")
            slow_row = next(i for i, row in enumerate(rows(panel)) if row[Column.CHECK] == web.url("/slow"))
            first_glyph = item(panel.checks, slow_row).text(Column.STATUS)
            # The pending row's indicator turns while the check is out.
            qtbot.waitUntil(lambda: item(panel.checks, slow_row).text(Column.STATUS)
                            not in ("", first_glyph), timeout=2000)
            assert panel.is_running()
        timer.stop()
    elapsed = time.monotonic() - began
    assert elapsed >= 0.7, "the slow check should have kept the run going"
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
    assert len(ticks) >= 20
    assert max(gaps) < 0.2, f"the event loop stalled for {max(gaps) * 1000:.0f} ms during the run"


def test_copy_puts_the_chat_ready_report_on_the_clipboard(qtbot: QtBot, make_panel: MakePanel) -> None:
    panel = make_panel(loopback_network())
    report = run(qtbot, panel, "isp")
    clipboard = QApplication.clipboard()
    panel.set_language("en")
    panel.copy_button.click()
    assert clipboard.text() == render_text(report, "en")
    assert clipboard.text().startswith("Pantau diagnosis · ISP · Loopback network")
    assert panel.note_label.text() == "Copied"
    panel.set_language("id")
    panel.copy_button.click()
    assert clipboard.text() == render_text(report, "id")
    assert clipboard.text().startswith("Diagnosis Pantau")
    with pytest.raises(ValueError, match="unknown report language"):
        panel.set_language("fr")


def test_save_stores_the_report_and_the_list_shows_it(qtbot: QtBot, make_panel: MakePanel,
                                                      workspace: Workspace) -> None:
    workspace.save_diagnosis(created=1_700_000_000.0, scope="server", verdict="server", lang="en",
                             report_text="an older report", report_json="{}")
    panel = make_panel(loopback_network(), with_workspace=True)
    # The list is read in the background: the panel is built before it arrives.
    assert panel.saved_list.topLevelItemCount() == 0
    qtbot.waitUntil(lambda: panel.saved_list.topLevelItemCount() == 1)
    older = item(panel.saved_list, 0)
    assert older.text(1) == "Server" and older.text(2) == "✗ The central server is down"
    assert older.toolTip(2) == "Verdict code: server"

    report = run(qtbot, panel, "isp")
    panel.set_language("en")
    assert panel.save_button.isEnabled()
    panel.save_button.click()
    qtbot.waitUntil(lambda: panel.saved_list.topLevelItemCount() == 2 and panel.saved_list.currentItem() is not None)
    newest = item(panel.saved_list, 0)
    assert panel.saved_list.currentItem() is newest
    assert newest.text(1) == "ISP" and newest.text(2) == "✓ All clear"
    assert panel.saved_text.toPlainText() == render_text(report, "en")
    assert not panel.save_button.isEnabled(), "the same report is not saved twice"
    assert panel.note_label.text() == "Saved"

    stored = workspace.diagnoses()
    assert [row.verdict for row in stored] == ["ok", "server"]
    assert stored[0].scope == "isp" and stored[0].lang == "en"
    assert stored[0].report_text == render_text(report, "en")
    assert json.loads(stored[0].report_json)["verdict"] == "ok"

    panel.saved_list.setCurrentItem(item(panel.saved_list, 1))
    assert panel.saved_text.toPlainText() == "an older report"
    panel.copy_saved_button.click()
    assert QApplication.clipboard().text() == "an older report"


def test_a_diagnosis_that_cannot_run_says_why_and_starts_nothing(qtbot: QtBot, make_panel: MakePanel) -> None:
    panel = make_panel(loopback_network())
    with qtbot.assertNotEmitted(panel.runStarted):
        assert not panel.start("site", "no-such-office")
        assert panel.message_label.isVisible()
        assert "no-such-office" in panel.message_label.text()
        assert not panel.start("site")
        assert "Select an office" in panel.message_label.text()
        assert not panel.start("everything")
        assert "everything" in panel.message_label.text()
        panel.set_network(Network("Empty network"))
        assert not panel.start("server")
        assert "Nothing to check" in panel.message_label.text()
    assert not panel.is_running()
    assert panel.checks.topLevelItemCount() == 0

    panel.set_network(loopback_network())
    run(qtbot, panel, "server")
    assert not panel.message_label.isVisible(), "a run that starts clears the old message"


def test_shutdown_waits_for_the_run_within_its_budget_and_leaves_no_thread(qtbot: QtBot,
                                                                          make_panel: MakePanel) -> None:
    settings = DiagnoseSettings(budget_s=2.0)
    with HttpTestServer(SERVER, slow_s=30.0) as web:
        panel = make_panel(loopback_network(("icmp", web.url("/slow"))), settings=settings)
        assert panel.start("server")
        began = time.monotonic()
        panel.shutdown()
        waited = time.monotonic() - began
        assert not any(thread.name == "pantau-diagnosis" for thread in threading.enumerate())
        assert waited < settings.budget_s + 1.5
        assert not panel.is_running()
        assert not panel.start("server"), "a panel that was shut down starts nothing"


def test_a_run_that_breaks_says_why_and_lets_the_next_one_start(qtbot: QtBot, make_panel: MakePanel) -> None:
    stopped = IcmpPinger()
    stopped.start()
    stopped.close()
    panel = make_panel(loopback_network(), use_pinger=stopped)
    with qtbot.waitSignal(panel.runFinished, timeout=RUN_TIMEOUT_MS) as finished:
        assert panel.start("server")
    assert finished.args == [None]
    assert not panel.is_running()
    assert panel.message_label.isVisible()
    assert "the ICMP pinger is not running" in panel.message_label.text()
    assert not panel.banner.isVisible()
    assert not panel.copy_button.isEnabled()
    shown = rows(panel)
    assert shown[0][Column.STATUS] == "✓", "the route check came back before the run broke"
    assert all(row[Column.STATUS] == "–" and row[Column.RESULT] == "not run" for row in shown[1:])
    # The panel is not stuck: the next start runs (and breaks the same way).
    with qtbot.waitSignal(panel.runFinished, timeout=RUN_TIMEOUT_MS):
        assert panel.start("server")


def test_copied_text_shows_control_characters_from_names_escaped(qtbot: QtBot, make_panel: MakePanel,
                                                                 workspace: Workspace) -> None:
    """Names stored by an older Pantau (the import now refuses them) never put raw escapes on the clipboard."""
    evil = "Server\x1b[2J\nFORGED line\u202e"
    network = loopback_network(("icmp", f"tcp:{free_port()}"))
    network.targets[1].name = evil
    workspace.save_diagnosis(created=1_700_000_000.0, scope="server", verdict="server", lang="en",
                             report_text=f"older report about {evil}", report_json="{}")
    panel = make_panel(network, with_workspace=True)
    run(qtbot, panel, "server")
    panel.set_language("en")
    panel.copy_button.click()
    copied = QApplication.clipboard().text()
    assert "Server\\x1b[2J\\nFORGED line\\u202e" in copied
    assert "\x1b" not in copied and "\u202e" not in copied
    assert not [line for line in copied.splitlines() if line.startswith("FORGED")]
    qtbot.waitUntil(lambda: panel.saved_list.topLevelItemCount() == 1)
    panel.saved_list.setCurrentItem(item(panel.saved_list, 0))
    panel.copy_saved_button.click()
    assert QApplication.clipboard().text() == "older report about Server\\x1b[2J\nFORGED line\\u202e"


def test_a_result_says_when_it_no_longer_matches_the_monitored_states_and_runs_again(
    qtbot: QtBot, make_panel: MakePanel,
) -> None:
    """Issue 12 item 5: after a recovery the old red verdict must say it is old, and offer a re-run."""
    from pantau.domain.states import HealthState

    panel = make_panel(loopback_network())
    states = {"dc": HealthState.UP, "pop": HealthState.DOWN, "dinkes": HealthState.UP}
    panel.set_live_states(states)
    run(qtbot, panel, "isp")
    assert not panel.is_stale()
    assert "still match it" in panel.freshness_label.text()
    assert panel.rerun_button.isHidden(), "a fresh result needs no re-run"
    # UP ↔ DEGRADED is not a different picture.
    panel.set_live_states({"dinkes": HealthState.DEGRADED})
    assert not panel.is_stale()
    # The POP answers again: the result (taken while it was down) is out of date, and says so in words.
    panel.set_live_states({"pop": HealthState.UP})
    assert panel.is_stale()
    text = panel.freshness_label.text()
    assert text.startswith("Out of date:") and "POP ISP" in text and "1 office(s) changed state" in text
    assert panel.rerun_button.isVisible()
    with qtbot.waitSignal(panel.runFinished, timeout=RUN_TIMEOUT_MS):
        qtbot.mouseClick(panel.rerun_button, Qt.MouseButton.LeftButton)
    assert not panel.is_stale(), "the new result was taken with the states as they are now"
    assert "still match it" in panel.freshness_label.text()


def test_independent_faults_are_all_in_the_banner_worst_first(qtbot: QtBot, make_panel: MakePanel) -> None:
    """Server down and ISP gateway down are two findings: the banner names both, not only the first."""
    from tests.servers import StalledTcpListener

    with StalledTcpListener() as silent:
        if not silent.stalled:
            pytest.skip("this kernel accepted every connection: no silent TCP port on loopback")
        network = loopback_network()
        for target in network.targets:
            if target.id in ("srv", "isp-gw", "anchor"):
                target.address, target.checks = silent.host, [f"tcp:{silent.port}"]
        panel = make_panel(network)
        report = run(qtbot, panel, "isp")
    assert report.result.verdict is Verdict.SERVER
    assert panel.also_label.isVisible()
    assert panel.also_label.text().startswith("Juga: ✗ ") or panel.also_label.text().startswith("Also: ✗ ")
    assert "Gateway ISP" in panel.also_label.text()
    assert "Gateway ISP" not in panel.headline_label.text()


def test_evidence_taken_by_itself_is_marked_in_the_saved_reports(qtbot: QtBot, make_panel: MakePanel,
                                                                  workspace: Workspace) -> None:
    workspace.save_diagnosis(created=time.time() - 60, scope="all", verdict="server", lang="en", report_text="…",
                             report_json=json.dumps({"verdict": "server", "trigger": {"kind": "auto",
                                                                                      "sites": ["dc"]}}))
    workspace.save_diagnosis(created=time.time() - 30, scope="server", verdict="ok", lang="en", report_text="…",
                             report_json=json.dumps({"verdict": "ok"}))
    workspace.flush()
    panel = make_panel(loopback_network(), with_workspace=True)
    qtbot.waitUntil(lambda: panel.saved_list.topLevelItemCount() == 2, timeout=5000)
    scopes = {item(panel.saved_list, i).text(1) for i in range(2)}
    assert scopes == {"Whole network (automatic)", "Server"}


def test_store_views_given_to_the_panel_turn_a_silent_office_into_a_broken_path(qtbot: QtBot,
                                                                                make_panel: MakePanel) -> None:
    """The window on a store hands its views over (`set_vantage_source`): the office silent from here answers the
    agent in the office itself, so the banner says the path is broken, with both views."""
    from pantau.domain.diagnosis import VantageEvidence
    from pantau.domain.states import HealthState
    from pantau.domain.vantages import VantageView
    from tests.servers import StalledTcpListener

    with StalledTcpListener() as silent:
        if not silent.stalled:
            pytest.skip("this kernel accepted every connection: no silent TCP port on loopback")
        network = loopback_network()
        router = next(target for target in network.targets if target.id == "rtr-dinkes")
        router.address, router.checks = silent.host, [f"tcp:{silent.port}"]
        panel = make_panel(network)
        panel.set_language("en")
        asked: list[float] = []

        def views() -> VantageEvidence:
            asked.append(time.time())
            return VantageEvidence("dc", {"dinkes": {"dinkes": VantageView(HealthState.UP, time.time() - 5)}})

        panel.set_vantage_source(views)
        report = run(qtbot, panel, "site", "dinkes")
    assert len(asked) == 1
    assert report.result.verdict is Verdict.PATH_BROKEN and report.result.failing_sites == ("dinkes",)
    assert panel.verdict_label.text() == "✗ The path from here to an office is broken; it answers another vantage"
    assert "but does answer the agent at Dinas Kesehatan" in panel.headline_label.text()
    assert "✓ Dinas Kesehatan: the agent at Dinas Kesehatan reaches it" in panel.also_label.text()
