"""The network file: every problem reported with file, entry, field and line; a canonical, lossless writer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pantau.domain.inventory import (
    AlertChannels,
    BillingPeriod,
    BudgetRequest,
    BudgetStatus,
    Contract,
    EmailChannel,
    Letter,
    Link,
    LinkMedium,
    LinkRole,
    MonitoringSettings,
    Network,
    Payment,
    Site,
    SiteKind,
    Target,
    TargetRole,
    TelegramChannel,
)
from pantau.storage.networkfile import NetworkFileError, dump_network, load_network_file, parse_network_text

FOUR_PROBLEMS = """\
format = 1

[network]
name = "Broken"

[[sites]]
id = "diskominfo"
name = "Diskominfo"
kind = "datacenter"

[[sites]]
id = "dinkes"
name = "Dinas Kesehatan"
kind = "skpd"
parent = "no-such-site"

[[sites]]
id = "diskominfo"
name = "Duplicate"
kind = "skpd"

[[sites]]
id = "camat-waru"
name = "Kantor Camat Waru"
kind = "kecamatan"
lat = 200.0
lon = 116.49

[[targets]]
id = "router-waru"
site = "camat-waru"
address = "-oProxyCommand=x"
role = "office-router"
"""


def rich_network() -> Network:
    return Network(
        name="Pemkab Uji", timezone="Asia/Makassar", sample=True, attribution="Data: ü ñ — test",
        monitoring=MonitoringSettings(down_after=4, up_after=3, degraded_loss_percent=25.0, degraded_rtt_ms=300.5,
                                      window=30, raw_retention_days=7),
        alerts=AlertChannels(
            telegram=TelegramChannel("pantau/telegram", ["-100123"], "http://127.0.0.1:8081"),
            email=EmailChannel("127.0.0.1", 2525, "p@x.go.id", ["a@x.go.id", "b@x.go.id"], "p", "pantau/smtp", "ssl"),
        ),
        sites=[Site("dc", "Pusat Data", SiteKind.DATACENTER, "Penajam", -1.310028, 116.727606, None, "Jl. Km 9", "n"),
               Site("dinkes", "Dinas Kesehatan", SiteKind.SKPD, "Penajam", -1.3101, 116.7277, "dc"),
               Site("nolocation", "Tanpa koordinat", SiteKind.DESA, parent="dc")],
        targets=[Target("srv", "dc", "127.0.10.1", TargetRole.SERVER, ["icmp", "tcp:5432"], "SIMDA", 1.0, True),
                 Target("rtr", "dinkes", "127.0.20.1", TargetRole.OFFICE_ROUTER, enabled=False)],
        links=[Link("l-dinkes", "dinkes", "dc", "PT Telkom", LinkMedium.FIBER, 100, LinkRole.PRIMARY, "TLK-1",
                    ["c2016", "c2017"]),
               Link("l-backup", "dinkes", "internet", "Seluler", LinkMedium.CELLULAR_4G, 2048, LinkRole.BACKUP)],
        contracts=[
            Contract("c2016", "PT Telkom", "027/SPK/2016", "Sewa bandwidth 100 kbps", 100, date(2016, 7, 1),
                     date(2017, 6, 30), 1_800_000_000, BillingPeriod.YEARLY, 99.5,
                     [Payment(date(2016, 8, 15), 1_800_000_000, date(2016, 7, 1), date(2017, 6, 30), "SP2D 1")],
                     [BudgetRequest(2017, 2_300_000_000, BudgetStatus.CUT, date(2016, 11, 30), "dipotong"),
                      BudgetRequest(2018, 2_000_000_000, BudgetStatus.PROPOSED)],
                     [Letter(date(2017, 3, 14), "Bappeda", "Permohonan anggaran", "555/112")], "catatan"),
            Contract("c2017", "PT Telkom", "031/SPK/2017", "", 100, date(2017, 8, 1), date(2018, 7, 31),
                     1_900_000_000, BillingPeriod.MONTHLY),
        ],
    )


def test_four_problems_give_four_messages_naming_entry_field_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(FOUR_PROBLEMS)
    with pytest.raises(NetworkFileError) as caught:
        load_network_file(path)
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 4, messages
    text = "\n".join(messages)
    assert f"{path}:15: sites[1] (id 'dinkes') field 'parent'" in text
    assert f"{path}:18: sites[2] (id 'diskominfo') field 'id': duplicate id" in text
    assert f"{path}:26: sites[3] (id 'camat-waru') field 'lat': latitude 200.0" in text
    assert f"{path}:32: targets[0] (id 'router-waru') field 'address'" in text


def test_wrong_types_and_unknown_keys_are_structural_problems() -> None:
    text = FOUR_PROBLEMS.replace("lat = 200.0", 'lat = "north"')
    text = text.replace('kind = "skpd"\nparent', 'kind = "opd"\nparnet')
    with pytest.raises(NetworkFileError) as caught:
        parse_network_text(text, "x.toml")
    text_out = str(caught.value)
    assert "field 'lat': expected a number, found 'north'" in text_out
    assert "field 'kind': 'opd' is not one of: datacenter" in text_out
    assert "field 'parnet': unknown key" in text_out


def test_a_pasted_secret_is_refused_by_name() -> None:
    text = FOUR_PROBLEMS + '\n[alerts.telegram]\ntoken_secret = "k"\ntoken = "123:ABC"\n'
    with pytest.raises(NetworkFileError) as caught:
        parse_network_text(text, "x.toml")
    assert any("secrets never go in the network file" in str(p) and p.line == 37 for p in caught.value.problems)


def test_a_toml_syntax_error_names_its_line() -> None:
    with pytest.raises(NetworkFileError) as caught:
        parse_network_text('format = 1\n[network]\nname = "x\n', "bad.toml")
    (problem,) = caught.value.problems
    assert problem.line == 3
    assert str(problem).startswith("bad.toml:3: not valid TOML")


def test_a_missing_file_and_a_binary_file(tmp_path: Path) -> None:
    with pytest.raises(NetworkFileError, match="cannot read the file"):
        load_network_file(tmp_path / "absent.toml")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(NetworkFileError, match="not UTF-8"):
        load_network_file(binary)


def test_problems_in_nested_contract_records_point_at_the_record() -> None:
    network = rich_network()
    network.contracts[0].payments[0].amount_idr = -1
    text = dump_network(network)
    with pytest.raises(NetworkFileError) as caught:
        parse_network_text(text, "x.toml")
    (problem,) = caught.value.problems
    assert problem.where == "contracts[0] (id 'c2016') field 'payments[0].amount_idr'"
    assert problem.line is not None
    assert text.splitlines()[problem.line - 1].startswith("amount_idr = -1")


def test_round_trip_is_lossless_and_byte_identical() -> None:
    network = rich_network()
    text = dump_network(network)
    again = parse_network_text(text, "x.toml")
    assert again == network
    assert dump_network(again) == text


def test_defaults_are_left_out_of_the_written_file() -> None:
    text = dump_network(Network("n", sites=[Site("a", "A", SiteKind.SKPD)]))
    assert "[monitoring]" not in text
    assert "parent" not in text
    assert parse_network_text(text, "x") == Network("n", sites=[Site("a", "A", SiteKind.SKPD)])


def test_the_bundled_sample_is_valid() -> None:
    from pantau.resources import sample_network_path

    network = load_network_file(sample_network_path())
    assert network.sample
    assert all(t.address.startswith("127.") for t in network.targets)
