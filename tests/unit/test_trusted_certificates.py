"""A target's trusted in-house certificate: validated with file:line messages, written back byte for byte, kept by
the workspace."""

from __future__ import annotations

from pathlib import Path

import pytest

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole, pin_hex, validate_network
from pantau.storage.networkfile import NetworkFileError, dump_network, parse_network_text
from pantau.storage.workspace import Workspace

PIN = "AB:" * 31 + "CD"


def network_with(target: Target) -> Network:
    return Network("Trust test", sites=[Site("dc", "Diskominfo", SiteKind.DATACENTER)], targets=[target])


def server(tls_ca_file: str = "", tls_pin_sha256: str = "") -> Target:
    return Target("srv", "dc", "127.0.1.1", TargetRole.SERVER, ["icmp", "https://127.0.1.1:8443/"],
                  name="Server", tls_ca_file=tls_ca_file, tls_pin_sha256=tls_pin_sha256)


def test_a_pin_is_read_in_openssl_form_or_plain_hex() -> None:
    assert pin_hex(PIN) == "ab" * 31 + "cd"
    assert pin_hex("AB" * 32) == "ab" * 32
    assert pin_hex("ab" * 31) is None and pin_hex("zz" * 32) is None


@pytest.mark.parametrize(("trust", "checks", "field", "message"), [
    ({"tls_pin_sha256": "12345"}, None, "tls_pin_sha256", "64 hex digits"),
    ({"tls_ca_file": "certs/ca.pem"}, None, "tls_ca_file", "is not an absolute path"),
    ({"tls_ca_file": "/etc/ca.pem", "tls_pin_sha256": PIN}, None, "tls_pin_sha256", "not both"),
    ({"tls_pin_sha256": PIN}, ["icmp", "http://127.0.1.1/"], "tls_pin_sha256", "only used by https:// checks"),
])
def test_a_trust_setting_that_cannot_work_is_refused_naming_the_field(trust: dict[str, str], checks: list[str] | None,
                                                                        field: str, message: str) -> None:
    target = server(**trust)
    if checks is not None:
        target.checks = checks
    problems = validate_network(network_with(target))
    assert [(p.field, p.entry) for p in problems if message in p.message] == [(field, "srv")], problems


def test_windows_paths_are_absolute_too() -> None:
    assert validate_network(network_with(server(tls_ca_file="C:\\Pantau\\inhouse-ca.pem"))) == []


def test_a_ca_file_that_cannot_be_read_is_named_with_its_line(tmp_path: Path) -> None:
    text = dump_network(network_with(server(tls_ca_file=str(tmp_path / "absent.pem"))))
    with pytest.raises(NetworkFileError) as caught:
        parse_network_text(text, "net.toml")
    (problem,) = caught.value.problems
    assert problem.where == "targets[0] (id 'srv') field 'tls_ca_file'" and "cannot read the CA file" in str(problem)
    assert problem.line is not None and text.splitlines()[problem.line - 1].startswith("tls_ca_file = ")


def test_trust_settings_round_trip_byte_identical_and_defaults_stay_out(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    for target in (server(tls_ca_file=str(ca)), server(tls_pin_sha256=PIN)):
        text = dump_network(network_with(target))
        again = parse_network_text(text, "x.toml")
        assert again.targets[0] == target and dump_network(again) == text
    assert "tls_" not in dump_network(network_with(server()))


def test_the_workspace_keeps_the_trust_settings(tmp_path: Path) -> None:
    network = network_with(server(tls_pin_sha256=PIN))
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        workspace.replace_network(network)
        loaded = workspace.load_network()
    assert loaded is not None and loaded.targets[0].tls_pin_sha256 == PIN
