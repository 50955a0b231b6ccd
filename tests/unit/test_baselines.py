"""What the diagnosis reads from the workspace: usual RTTs from the history, the monitor's states when fresh."""

from __future__ import annotations

import statistics
from pathlib import Path

from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.states import HealthState, StateChange
from pantau.storage.baselines import rtt_baselines
from pantau.storage.live_states import FRESH_S, recorded_live_view
from pantau.storage.workspace import Workspace
from tests.history_fill import HOUR, NOW, fill_history, history_network


def test_the_usual_rtt_is_the_median_of_a_week_of_hours(tmp_path: Path) -> None:
    network = history_network(3, references=True)
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        fill_history(workspace, network, NOW)
        baselines = rtt_baselines(workspace, ["srv", "isp", "t0", "t1", "absent"], NOW)
        hours = [row.rtt_avg for row in workspace.rollups("isp", "icmp", "1h", NOW - 7 * 86_400, NOW)
                 if row.rtt_avg is not None]
    assert set(baselines) == {"srv", "isp", "t0", "t1"}, "a target without history has no baseline"
    assert 1.5 < baselines["srv"] < 3.5 and 5.5 < baselines["isp"] < 7.5
    assert baselines["isp"] == statistics.median(hours)
    assert baselines["t0"] < baselines["t1"], "each target its own"


def test_a_congestion_under_way_does_not_become_its_own_baseline(tmp_path: Path) -> None:
    """A young workspace (an hour of minutes) reads its 1-minute rollups, leaving out the last ten minutes."""
    now = NOW
    samples = [Sample(now - minute * 60.0, "gw", "icmp", 2.0 if minute > 10 else 640.0, sent=3)
               for minute in range(0, 60)]
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        workspace.submit(samples)
        workspace.flush()
        assert rtt_baselines(workspace, ["gw"], now) == {"gw": 2.0}


def test_a_lost_round_is_no_rtt(tmp_path: Path) -> None:
    samples = [Sample(NOW - HOUR * h - 60, "gw", "icmp", None, ErrorKind.TIMEOUT, "timeout", sent=3, lost=3)
               for h in range(1, 6)]
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        workspace.submit(samples)
        workspace.flush()
        assert rtt_baselines(workspace, ["gw"], NOW) == {}


def test_the_monitors_states_are_used_while_fresh_and_say_how_old(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        assert recorded_live_view(workspace, NOW).view is None and recorded_live_view(workspace, NOW).age_s is None
        workspace.submit([Sample(NOW - 20, "rtr", "icmp", None, ErrorKind.TIMEOUT, "timeout", sent=3, lost=3),
                          Sample(NOW - 4, "srv", "icmp", 1.0, sent=3)])
        workspace.record_state_change(StateChange("rtr", "target", HealthState.UP, HealthState.DOWN, NOW - 20))
        workspace.record_state_change(StateChange("kantor", "site", HealthState.UP, HealthState.DOWN, NOW - 20))
        workspace.record_state_change(StateChange("srv", "target", HealthState.UNKNOWN, HealthState.UP, NOW - 60))
        workspace.flush()
        fresh = recorded_live_view(workspace, NOW)
        stale = recorded_live_view(workspace, NOW + FRESH_S + 10)
    assert fresh.view is not None and fresh.age_s == 4.0 and fresh.view.as_of == NOW - 4
    assert fresh.view.target_states == {"rtr": HealthState.DOWN, "srv": HealthState.UP}
    assert fresh.view.silent_sites() == ("kantor",)
    assert stale.view is None and stale.age_s == FRESH_S + 14
