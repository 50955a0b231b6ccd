"""Evidence captured by itself: `pantau monitor` diagnoses an outage the moment it starts and saves it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pantau.domain.inventory import AlertChannels, Network, Site, SiteKind, Target, TargetRole, TelegramChannel
from pantau.monitor import run_monitor
from pantau.storage.workspace import Workspace
from tests.servers import LOOPBACK, StalledTcpListener

pytestmark = pytest.mark.slow


def office_network(silent_port: int) -> Network:
    return Network("t", timezone="Asia/Makassar",
                   sites=[Site("dc", "Diskominfo", SiteKind.DATACENTER),
                          Site("waru", "Kantor Camat Waru", SiteKind.KECAMATAN, parent="dc")],
                   targets=[Target("srv", "dc", LOOPBACK, TargetRole.SERVER, ["icmp"]),
                            Target("rtr-waru", "waru", LOOPBACK, TargetRole.OFFICE_ROUTER, [f"tcp:{silent_port}"],
                                   interval_s=0.5)])


def test_an_office_going_down_is_diagnosed_in_the_background_and_saved(tmp_path: Path) -> None:
    with StalledTcpListener() as silent:
        if not silent.stalled:
            pytest.skip("this kernel accepted every connection: no silent TCP port on loopback")
        out = io.StringIO()
        with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
            assert run_monitor(office_network(silent.port), workspace, as_json=True, include_targets=False,
                               duration_s=14, lang="en", out=out) == 0
            saved = workspace.diagnoses()
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    [evidence] = [line for line in lines if line["event"] == "evidence"]
    assert evidence["sites"] == ["waru"] and evidence["verdict"] not in ("ok", "")
    down = next(line for line in lines if line["event"] == "state" and line["subject"] == "waru"
                and line["to"] == "DOWN")
    [row] = saved
    assert row.id == evidence["id"] and row.scope == "site waru" and row.verdict == evidence["verdict"]
    document = json.loads(row.report_json)
    assert document["trigger"] == {"kind": "auto", "sites": ["waru"]}
    assert row.created >= down["ts"], "the evidence is taken during the outage"
    assert "Kantor Camat Waru" in row.report_text


def test_the_down_alert_waits_for_the_evidence_and_names_its_verdict(tmp_path: Path, memory_keyring: object) -> None:
    """No channel is reachable here (the Bot API address is a closed loopback port): the alert is still planned,
    printed and queued, and it names the diagnosis."""
    from pantau import secrets

    secrets.set_secret("telegram.bot", "123:abc")
    with StalledTcpListener() as silent:
        if not silent.stalled:
            pytest.skip("this kernel accepted every connection: no silent TCP port on loopback")
        network = office_network(silent.port)
        network.alerts = AlertChannels(TelegramChannel("telegram.bot", ["1001"], api_base="http://127.0.0.1:9"))
        out = io.StringIO()
        with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
            assert run_monitor(network, workspace, as_json=True, include_targets=False, duration_s=25, lang="en",
                               out=out) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    events = [line["event"] for line in lines]
    assert "evidence" in events and "alert" in events
    assert events.index("evidence") < events.index("alert"), "the alert waited for the evidence"
    alert = next(line for line in lines if line["event"] == "alert")
    assert alert["text"].startswith("DOWN: Kantor Camat Waru since") and "Diagnosis:" in alert["text"]
