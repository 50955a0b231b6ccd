"""`pantau diagnose` end to end: the command as a subprocess on real workspace files, probing loopback only.

The sample network's targets are all 127.0.0.0/8 addresses, so on this computer every one of them answers; a fault
is made with a closed loopback port. Real faults on real links are the scenario matrix's business
(`test_diagnose_matrix.py`).
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Collection
from pathlib import Path

import pytest

from pantau.domain.diagnosis import plan_diagnosis
from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.states import HealthState, StateChange
from pantau.probing.icmp import IcmpMode, IcmpPinger
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.storage.workspace import Workspace
from tests.integration.test_cli import pantau
from tests.servers import free_port


@pytest.fixture(scope="module", autouse=True)
def icmp_allowed() -> None:
    with IcmpPinger() as pinger:
        if pinger.mode is IcmpMode.NONE:
            pytest.skip(f"this process may not send ICMP: {pinger.privilege_hint()}")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace holding the bundled sample network, imported by the command; no test here writes to it."""
    workspace = tmp_path_factory.mktemp("sample") / "ws.sqlite3"
    imported = pantau("import", str(sample_network_path()), workspace=workspace)
    assert imported.returncode == 0, imported.stderr
    return workspace


def fresh_sample(tmp_path: Path) -> Path:
    workspace = tmp_path / "own.sqlite3"
    with Workspace.open(workspace) as opened:
        opened.replace_network(load_network_file(sample_network_path()))
    return workspace


def diagnose(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return pantau("diagnose", *args, workspace=workspace)


def test_all_json_on_the_sample_is_ok_with_every_planned_check(sample: Path) -> None:
    result = diagnose(sample, "all", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["verdict"] == "ok" and document["failing_layer"] is None
    assert document["scope"] == "all" and document["cause"]["kind"] in ("none", "contract-expiring")
    plan = plan_diagnosis(load_network_file(sample_network_path()), "all")
    checks = document["checks"]
    assert [(c["layer"], c["method"]) for c in checks[:1]] == [("local", "route")]
    assert [(c["target"], c["method"]) for c in checks[1:]] == [(c.target_id, c.method) for c in plan.checks]
    assert len(checks) == len(plan.checks) + 1 >= 30
    assert all(c["ok"] and c["error"] is None for c in checks), [c for c in checks if not c["ok"]]
    assert document["duration_ms"] < 5000
    assert result.stderr == "", "with --json nothing but the document is printed"


def test_text_report_in_indonesian_and_english_with_live_progress(sample: Path) -> None:
    indonesian = diagnose(sample, "isp", "--lang", "id")
    assert indonesian.returncode == 0, indonesian.stderr
    text = indonesian.stdout
    assert text.startswith("Diagnosis Pantau · ISP · ")
    assert "\n✓ Seluruh 6 pemeriksaan dijawab dengan normal.\n" in text
    assert "Bukti (6 pemeriksaan," in text and "Evidence" not in text
    english = diagnose(sample, "isp", "--lang", "en")
    assert english.returncode == 0, english.stderr
    assert english.stdout.startswith("Pantau diagnosis · ISP · ")
    assert "\n✓ All 6 checks answered.\n" in english.stdout and "Evidence (6 checks," in english.stdout
    live = [line for line in english.stderr.splitlines() if line.startswith("  ok ")]
    assert english.stderr.startswith("Diagnosing isp: 5 checks, at most 15 s")
    assert len(live) == 6, english.stderr


def test_save_keeps_each_report_in_the_workspace(tmp_path: Path) -> None:
    workspace = fresh_sample(tmp_path)
    server = diagnose(workspace, "server", "--save", "--lang", "en")
    assert server.returncode == 0, server.stderr
    office = diagnose(workspace, "site", "desa-sesulu", "--save", "--json")
    assert office.returncode == 0, office.stderr
    with Workspace.open(workspace) as opened:
        saved = opened.diagnoses()
    assert [(row.scope, row.verdict, row.lang) for row in saved] == [("site desa-sesulu", "ok", "id"),
                                                                    ("server", "ok", "en")]
    assert saved[1].report_text == server.stdout.rstrip("\n")
    assert json.loads(saved[1].report_json)["scope"] == "server"
    office_document = json.loads(saved[0].report_json)
    assert office_document == json.loads(office.stdout)
    assert office_document["site"] == {"id": "desa-sesulu", "name": "Kantor Desa Sesulu"}
    targets = {c["target"] for c in office_document["checks"]}
    assert {"rtr-desa-sesulu", "rtr-camat-waru"} <= targets, "the office and its parent chain are checked"
    assert saved[0].report_text.startswith("Diagnosis Pantau · Kantor Desa Sesulu · ")


@pytest.mark.parametrize(("args", "message"), [
    (("site", "nope"), "'nope' is not a site in this network"),
    (("site",), "the site scope needs a site id"),
    (("all", "desa-sesulu"), "the all scope takes no site id"),
    (("server", "--budget", "0"), "the time budget must be a positive number of seconds, not 0"),
])
def test_bad_input_exits_2_with_a_clear_message_and_saves_nothing(tmp_path: Path, args: tuple[str, ...],
                                                                   message: str) -> None:
    workspace = fresh_sample(tmp_path)
    result = diagnose(workspace, *args, "--save")
    assert result.returncode == 2
    assert result.stderr.strip() == f"pantau: {message}"
    assert result.stdout == ""
    with Workspace.open(workspace) as opened:
        assert opened.diagnoses() == []


def test_a_fault_exits_1(tmp_path: Path) -> None:
    closed = free_port()
    network = Network("fault", sites=[Site("dc", "Pusat data", SiteKind.DATACENTER)], targets=[
        Target("gw-lan", "dc", "127.0.0.1", TargetRole.LAN_GATEWAY, ["icmp"], name="Gateway LAN"),
        Target("srv", "dc", "127.0.0.1", TargetRole.SERVER, ["icmp", f"tcp:{closed}"], name="Server pusat"),
    ])
    workspace = tmp_path / "fault.sqlite3"
    with Workspace.open(workspace) as opened:
        opened.replace_network(network)
    as_json = diagnose(workspace, "server", "--json")
    assert as_json.returncode == 1, as_json.stderr
    document = json.loads(as_json.stdout)
    assert document["verdict"] == "server-service" and document["cause"]["kind"] == "service-down"
    failed = [c for c in document["checks"] if not c["ok"]]
    assert [(c["method"], c["error"]) for c in failed] == [(f"tcp:{closed}", "refused")]
    as_text = diagnose(workspace, "server", "--lang", "en")
    assert as_text.returncode == 1
    assert f"✗ LAN is fine; the host answers, but tcp:{closed} on Server pusat refuses connections." in as_text.stdout


def test_a_short_budget_still_leaves_the_checks_their_time(sample: Path) -> None:
    """With a one-second budget the time kept for the path probe once exceeded the budget itself, so every check
    was reported late and the healthy sample came out as a LAN fault."""
    result = diagnose(sample, "all", "--json", "--budget", "1")
    assert result.returncode == 0, result.stdout
    document = json.loads(result.stdout)
    assert document["verdict"] == "ok"
    assert document["duration_ms"] <= 1000


def monitor_left(workspace: Path, ts: float, down: Collection[str]) -> None:
    """What a monitor leaves in the workspace: a round of every target at `ts`, and the targets `down` (with their
    sites) DOWN in the event log."""
    network = load_network_file(sample_network_path())
    with Workspace.open(workspace) as opened:
        opened.submit([Sample(ts, t.id, "icmp", None, ErrorKind.TIMEOUT, "timeout", sent=3, lost=3) if t.id in down
                       else Sample(ts, t.id, "icmp", 0.05, sent=3) for t in network.targets])
        for target in network.targets:
            if target.id in down:
                opened.record_state_change(StateChange(target.id, "target", HealthState.UP, HealthState.DOWN, ts))
                opened.record_state_change(StateChange(target.site, "site", HealthState.UP, HealthState.DOWN, ts))
        opened.flush()


def office_routers() -> list[str]:
    return [t.id for t in load_network_file(sample_network_path()).targets if t.role is TargetRole.OFFICE_ROUTER]


def test_the_isp_scope_sees_every_office_a_running_monitor_has_down(tmp_path: Path) -> None:
    """The 2017 failure: the ISP gateway and the internet answer, every office line is dark. "Diagnose ISP" once
    said all clear; with the monitor's states it names the provider's network to the offices."""
    workspace = fresh_sample(tmp_path)
    monitor_left(workspace, time.time() - 5, office_routers())
    as_json = diagnose(workspace, "isp", "--json")
    assert as_json.returncode == 1, as_json.stderr
    document = json.loads(as_json.stdout)
    assert document["verdict"] == "isp-access" and document["failing_layer"] == "site"
    assert document["summary"] == "isp-access: ISP gateway and internet fine; 26 of 26 office lines silent"
    assert document["live"]["age_s"] < 60 and len(document["live"]["silent"]) == 26
    assert [c["target"] for c in document["checks"][1:]] == [c.target_id for c in plan_diagnosis(
        load_network_file(sample_network_path()), "isp").checks], "the offices are not probed, only read"
    assert document["cause"]["providers"] == ["PT Telkom Indonesia (Persero) Tbk"]
    as_text = diagnose(workspace, "isp", "--lang", "en")
    assert "✗ ISP gateway and internet fine; 26 of 26 office lines silent — the provider's network to the " \
           "offices." in as_text.stdout
    assert "Monitor states from " in as_text.stdout
    assert "monitor states from " in as_text.stderr and "are used for targets outside this scope" in as_text.stderr


def test_states_of_a_monitor_that_stopped_are_not_used_and_the_run_says_how_old(tmp_path: Path) -> None:
    workspace = fresh_sample(tmp_path)
    monitor_left(workspace, time.time() - 3600, office_routers())
    result = diagnose(workspace, "isp", "--lang", "en")
    assert result.returncode == 0, result.stdout
    assert "monitor states not used: the newest sample is 60 min old" in result.stderr
    assert "Monitor states" not in result.stdout

