"""The configurable contract expiry steps: `[monitoring] contract_warn_days` read, validated, written back
canonically, kept by the workspace, and used by the warnings and the site risks."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from pantau.domain.contract_risk import RiskLevel, site_contract_risks
from pantau.domain.contracts import WarningKind, contract_warnings
from pantau.domain.inventory import DEFAULT_CONTRACT_WARN_DAYS, validate_network
from pantau.resources import sample_network_path
from pantau.storage.networkfile import NetworkFileError, dump_network, load_network_file, parse_network_text
from pantau.storage.workspace import Workspace

HEAD = '''format = 1

[network]
name = "Test"
'''


def test_default_is_the_five_steps_and_is_not_written() -> None:
    network = parse_network_text(HEAD, "test.toml")
    assert network.monitoring.contract_warn_days == list(DEFAULT_CONTRACT_WARN_DAYS) == [180, 90, 60, 30, 7]
    assert "contract_warn_days" not in dump_network(network)


def test_steps_round_trip_through_the_file_and_the_workspace(tmp_path: Path) -> None:
    text = HEAD + "\n[monitoring]\ncontract_warn_days = [120, 45, 14]\n"
    network = parse_network_text(text, "test.toml")
    assert network.monitoring.contract_warn_days == [120, 45, 14]
    dumped = dump_network(network)
    assert "contract_warn_days = [\n    120,\n    45,\n    14,\n]" in dumped  # tomli-w's array layout
    again = parse_network_text(dumped, "again.toml")
    assert again == network and dump_network(again) == dumped
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        workspace.replace_network(network)
        loaded = workspace.load_network()
    assert loaded is not None and loaded.monitoring.contract_warn_days == [120, 45, 14]


@pytest.mark.parametrize(("value", "message"), [
    ("[180, true]", "whole number of days"),
    ('"180"', "a list of whole numbers of days"),
    ("[90, 90]", "none twice"),
    ("[-1]", "from 0 to 3660"),
])
def test_bad_steps_are_reported_with_the_key(value: str, message: str) -> None:
    with pytest.raises(NetworkFileError) as error:
        parse_network_text(HEAD + f"\n[monitoring]\ncontract_warn_days = {value}\n", "bad.toml")
    text = str(error.value)
    assert "contract_warn_days" in text and message in text


def test_the_network_setting_drives_the_warnings_and_the_site_risk() -> None:
    sample = load_network_file(sample_network_path())
    today = date(2026, 11, 27)  # intranet contracts end in 34 days
    steps = {w.step for w in contract_warnings(sample, today) if w.kind is WarningKind.EXPIRING}
    assert steps == {60, 90}
    sample.monitoring.contract_warn_days = [30, 7]
    assert validate_network(sample) == []
    warnings = contract_warnings(sample, today)
    assert not [w for w in warnings if w.kind is WarningKind.EXPIRING and w.days == 34]
    # The internet contract ends in 65 days: beyond the largest step, so its missing budget waits too.
    assert not [w for w in warnings if w.kind is WarningKind.NO_APPROVED_BUDGET]
    assert site_contract_risks(sample, today)["diskominfo"].level is RiskLevel.EXPIRING
    wider = dataclasses.replace(sample.monitoring, contract_warn_days=[180, 90, 60, 30, 7])
    sample.monitoring = wider
    assert site_contract_risks(sample, today)["diskominfo"].level is RiskLevel.AT_RISK
