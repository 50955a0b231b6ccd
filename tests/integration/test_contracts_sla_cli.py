"""`pantau contracts` (text and `--json`) with each contract's SLA terms and the credit due, through `cli.main` on a
real workspace file holding a real outage (tests/sla_outage.py: the figures worked out by hand)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pantau import cli
from pantau.reporting.idformat import format_rupiah
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.storage.workspace import Workspace
from tests import sla_outage as outage


@pytest.fixture
def workspace(workspace_path: Path) -> Path:
    with Workspace.open(workspace_path) as ws:
        ws.replace_network(load_network_file(sample_network_path()))
        outage.record_outage(ws)
    return workspace_path


def run(capsys: pytest.CaptureFixture[str], workspace: Path, *args: str) -> str:
    cli.main(["--workspace", str(workspace), "contracts", "--today", outage.TODAY.isoformat(), *args])
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def test_json_gives_the_terms_and_the_credit_of_the_current_window_and_so_far(
        capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    contracts = {c["id"]: c for c in json.loads(run(capsys, workspace, "--json"))["contracts"]}
    sla = contracts["ctr-intranet-2026"]["sla"]
    assert (sla["target_percent"], sla["window"], sla["credit_percent_per_hour"], sla["credit_cap_percent"]) == (
        99.5, "month", 2.0, 30.0)
    assert sla["exclusions"] == [{"start": "2026-03-08T22:00:00", "end": "2026-03-09T02:00:00",
                                  "note": "Pemeliharaan terjadwal Telkom, surat 045/TLK/III/2026"}]
    current = sla["current_window"]
    assert (current["start"], current["end"], current["running"]) == ("2026-11-01", "2026-11-30", True)
    assert current["credit_idr"] == round(outage.CREDIT_IDR)
    line = next(line for line in current["lines"] if line["link"] == "link-disdukcapil")
    assert line["excess_hours"] == outage.EXCESS_HOURS
    assert line["availability_percent"] == pytest.approx(100 * (1 - 6.5 / outage.WATCHED_H), abs=0.01)
    assert line["monitored_share"] == pytest.approx(outage.WATCHED_H / (30 * 24), abs=0.001)
    others = [line for line in current["lines"] if line["link"] != "link-disdukcapil"]
    assert others and all(line["availability_percent"] is None and line["credit_idr"] is None for line in others)
    assert sla["credit_so_far_idr"] == round(outage.CREDIT_IDR)
    # No credit rule: said, and no amount; nobody watched: no amount either, never Rp 0.
    assert contracts["ctr-dukcapil-2016"]["sla"]["gap"] == "no-credit-rule"
    assert contracts["ctr-dukcapil-2016"]["sla"]["credit_so_far_idr"] is None
    internet = contracts["ctr-internet-2026"]["sla"]
    assert internet["credit_percent_per_hour"] == 5.0 and internet["credit_so_far_idr"] is None


def test_text_says_the_credit_due(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    text = run(capsys, workspace)
    credit = format_rupiah(round(outage.CREDIT_IDR))
    assert "SLA credit due:" in text
    assert (f"  ctr-intranet-2026: 99.5 % per month, 2 % of the monthly fee per hour, cap 30 %, "
            f"1 maintenance exclusion(s). November 2026 (running): {credit}; so far: {credit}") in text
    assert "  ctr-dukcapil-2016: 99.5 % per month. No SLA credit: the contract states no credit rule." in text
    assert "  ctr-internet-2026: 99.5 % per month, 5 % of the monthly fee per hour, cap 100 %. not monitored" in text
