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
from pantau.domain.snmp_config import PrivProtocol, SnmpInterface, SnmpVersion
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
                    ["c2016", "c2017"],
                    SnmpInterface("10.0.0.1", "ether1", SnmpVersion.V3, user="pantau", auth_secret="snmp/auth",
                                  priv_protocol=PrivProtocol.AES256, priv_secret="snmp/priv", interval_s=60.0)),
               Link("l-backup", "dinkes", "internet", "Seluler", LinkMedium.CELLULAR_4G, 2048, LinkRole.BACKUP,
                    snmp=SnmpInterface("127.0.0.1", "2", port=16100, community_secret="snmp/c"))],
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
    binary.write_bytes(b"format = 1\n\x89PNG\x00garbage")
    with pytest.raises(NetworkFileError, match=r"binary.toml:2: the file holds a NUL byte \(byte 15\)"):
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


# ---- Hostile and unlucky input: a message with file:line, never a traceback (issue 18) ----

SMALL = """\
format = 1

[network]
name = "Kecil"

[[sites]]
id = "dc"
name = "Pusat Data"
kind = "datacenter"

[[targets]]
id = "srv"
site = "dc"
address = "127.0.0.1"
role = "server"
checks = ["icmp"]

[[links]]
id = "up"
a = "dc"
b = "internet"
provider = "PT Telkom"
medium = "fiber"
bandwidth_kbps = 1000
contracts = ["c1"]

[[contracts]]
id = "c1"
provider = "PT Telkom"
number = "1/SPK/2024"
bandwidth_kbps = 1000
start = 2024-01-01
end = 2024-12-31
value_idr = 1000

[[contracts.payments]]
paid_on = 2024-02-01
amount_idr = 1000
period_start = 2024-01-01
period_end = 2024-12-31
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(NetworkFileError) as caught:
        parse_network_text(text, "net.toml")
    return [str(p) for p in caught.value.problems]


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_the_small_file_is_valid() -> None:
    assert parse_network_text(SMALL, "net.toml").contracts[0].payments[0].amount_idr == 1000


@pytest.mark.parametrize("opener, closer", [("[", "]"), ("{a = ", "}")])
def test_deep_nesting_is_refused_with_its_line_not_a_recursion_error(opener: str, closer: str) -> None:
    text = SMALL + f"notes = {opener * 1000}1{closer * 1000}\n"
    (message,) = problems_of(text)
    assert message.startswith(f"net.toml:{len(SMALL.splitlines()) + 1}: arrays or inline tables nested more than")


@pytest.mark.parametrize("key, value", [("value_idr", 2**63), ("bandwidth_kbps", 2**64 + 5), ("amount_idr", 2**63),
                                        ("value_idr", int("f" * 40, 16))])
def test_a_number_beyond_64_bits_is_refused_while_reading_with_line_and_field(key: str, value: int) -> None:
    text = SMALL.replace(f"{key} = 1000", f"{key} = {hex(value) if value > 2**128 else value}", 1)
    (message,) = problems_of(text)
    assert message.startswith(f"net.toml:{line_of(text, key + ' =')}: ")
    assert f"{key}': expected a whole number of at most 9,223,372,036,854,775,807" in message


@pytest.mark.parametrize("key, value, rule", [
    ("value_idr", 10**15 + 1, "at most Rp 1,000,000,000,000,000"),
    ("amount_idr", 2**63 - 1, "at most Rp 1,000,000,000,000,000"),
    ("bandwidth_kbps", 10**9 + 1, "from 1 to 1,000,000,000"),
])
def test_a_64_bit_number_above_the_documented_bound_is_a_rule_problem(key: str, value: int, rule: str) -> None:
    text = SMALL.replace(f"{key} = 1000", f"{key} = {value}", 1)
    (message,) = problems_of(text)
    assert message.startswith(f"net.toml:{line_of(text, key + ' =')}: ") and rule in message


def test_the_largest_accepted_values_fit_a_real_workspace(tmp_path: Path) -> None:
    from pantau.domain.inventory import MAX_BANDWIDTH_KBPS, MAX_IDR
    from pantau.storage.workspace import Workspace

    text = (SMALL.replace("value_idr = 1000", f"value_idr = {MAX_IDR}")
            .replace("amount_idr = 1000", f"amount_idr = {MAX_IDR}")
            .replace("bandwidth_kbps = 1000", f"bandwidth_kbps = {MAX_BANDWIDTH_KBPS}"))
    network = parse_network_text(text, "net.toml")
    with Workspace.open(tmp_path / "w.sqlite3") as workspace:
        workspace.replace_network(network)
        assert workspace.load_network() == network


def test_a_number_of_thousands_of_digits_names_its_line() -> None:
    text = SMALL.replace("value_idr = 1000", "value_idr = " + "9" * 5000)
    (message,) = problems_of(text)
    assert message.startswith(f"net.toml:{line_of(text, 'value_idr')}: not valid TOML: a number with thousands")


@pytest.mark.parametrize("check", ["tcp:²", "http://127.0.0.1:²/", "tcp:٨٠", " icmp", "icmp ", "tcp:080",
                                   "dns:a.go.id@127.0.0.53:٥٣", "http://[zz]/", "http://127.0.0.1:/",
                                   "http://127.0.0.1/\x1b[2J", "http://127.0.0.1/é"])
def test_checks_are_refused_unless_written_canonically_in_ascii(check: str) -> None:
    text = SMALL.replace('checks = ["icmp"]', f'checks = ["icmp", {json_string(check)}]')
    (message,) = problems_of(text)
    assert message.startswith(f"net.toml:{line_of(text, 'checks')}: targets[0] (id 'srv') field 'checks': ")
    assert "\x1b" not in message


def json_string(value: str) -> str:
    import json

    return json.dumps(value)


def test_a_top_level_key_is_reported_with_its_line() -> None:
    text = SMALL.replace("format = 1", 'format = "x"')
    assert problems_of(text) == ["net.toml:1: file field 'format': expected a whole number, found 'x'"]
    text = SMALL.replace("format = 1", "\n\nformat = 1.5")
    assert problems_of(text)[0].startswith("net.toml:3: file field 'format'")
    assert problems_of(SMALL.replace("format = 1\n", "\n"))[0] == "net.toml:1: file field 'format': missing (required)"


def test_inline_tables_and_dotted_keys_get_the_line_of_the_key_that_holds_them() -> None:
    text = SMALL.replace('[network]\nname = "Kecil"', 'network = { name = 5 }')
    assert problems_of(text)[0].startswith("net.toml:3: network field 'name': expected a string")
    text = SMALL.replace('[network]\nname = "Kecil"', 'network.name = "Kecil"\nnetwork.sample = "yes"')
    assert problems_of(text) == ["net.toml:4: network field 'sample': expected true or false, found 'yes'"]
    text = SMALL + '\n[alerts]\ntelegram = { token_secret = "k", api_base = "javascript:alert(1)" }\n'
    (message,) = problems_of(text)
    assert message.startswith(f"net.toml:{line_of(text, 'telegram =')}: alerts.telegram field 'api_base'")


def test_a_syntax_error_at_the_end_of_the_document_names_the_last_line() -> None:
    text = SMALL + 'notes = "never closed'
    (message,) = problems_of(text)
    assert message == f"net.toml:{len(text.splitlines())}: not valid TOML: Unterminated string"


def test_messages_stay_on_one_line_whatever_the_file_holds() -> None:
    text = SMALL.replace('[network]\n', '[network]\n"evil\\nkey\\u001b[31m" = 1\n')
    assert problems_of(text) == ["net.toml:4: network field 'evil\\nkey\\x1b[31m': unknown key"]
    text = SMALL.replace('name = "Pusat Data"', 'name = "Pusat\\nData\\u001b[2J"')
    (message,) = problems_of(text)
    line = line_of(text, 'name = "Pusat')
    assert message == (f"net.toml:{line}: sites[0] (id 'dc') field 'name': holds control "
                       "or formatting characters (\\n, \\x1b): write it on one line, in plain text")


def test_notes_may_hold_line_breaks_and_round_trip() -> None:
    text = SMALL.replace('kind = "datacenter"', 'kind = "datacenter"\nnotes = """Lantai 2\n\tRuang server"""')
    network = parse_network_text(text, "net.toml")
    assert network.sites[0].notes == "Lantai 2\n\tRuang server"
    assert parse_network_text(dump_network(network), "x") == network


def test_an_unknown_key_that_looks_like_a_nested_record_does_not_confuse_the_line_finder() -> None:
    text = SMALL.replace('kind = "datacenter"', 'kind = "datacenter"\n"payments[x" = 1\n"budget_requests[2]" = 1')
    messages = problems_of(text)
    lines = [line_of(text, '"payments'), line_of(text, '"budget')]
    assert [m.split(": ")[0] for m in messages] == [f"net.toml:{line}" for line in lines]


@pytest.mark.parametrize("old, new, field", [
    ('kind = "datacenter"', 'kind = "datacenter"\nlat = nan\nlon = 1.0', "lat"),
    ('kind = "datacenter"', 'kind = "datacenter"\nlat = 1.0\nlon = -inf', "lon"),
    ('role = "server"', 'role = "server"\ninterval_s = inf', "interval_s"),
    ('[network]', '[monitoring]\ndegraded_rtt_ms = nan\n\n[network]', "degraded_rtt_ms"),
])
def test_nan_and_infinity_are_refused(old: str, new: str, field: str) -> None:
    (message,) = problems_of(SMALL.replace(old, new))
    assert f"field '{field}': expected a finite number" in message


@pytest.mark.parametrize("channel, field", [
    ('[alerts.telegram]\ntoken_secret = "k"\napi_base = "file:///etc/passwd"', "api_base"),
    ('[alerts.telegram]\ntoken_secret = "k"\napi_base = "javascript:alert(1)"', "api_base"),
    ('[alerts.telegram]\ntoken_secret = "k"\napi_base = "https://user:pw@api.telegram.org"', "api_base"),
    ('[alerts.telegram]\ntoken_secret = "k"\napi_base = "https://"', "api_base"),
    ('[alerts.telegram]\ntoken_secret = "k"\nchat_ids = ["12\\n34"]', "chat_ids"),
    ('[alerts.email]\nhost = "127.0.0.1"\nport = 70000\nsender = "a@b.id"', "port"),
    ('[alerts.email]\nhost = "127.0.0.1"\nsender = "a@b.id\\r\\nBcc: x@y.id"', "sender"),
    ('[alerts.email]\nhost = "127.0.0.1"\nsender = "a@b.id"\nrecipients = ["not-an-address"]', "recipients"),
    ('[alerts.email]\nhost = "file:///etc/passwd"\nsender = "a@b.id"', "host"),
])
def test_every_url_and_address_of_the_alert_channels_is_checked_at_import(channel: str, field: str) -> None:
    text = SMALL + "\n" + channel + "\n"
    (message,) = problems_of(text)
    key_line = line_of(text, field + " =")
    assert message.startswith(f"net.toml:{key_line}: alerts.") and f"field '{field}'" in message


@pytest.mark.parametrize("text", [
    SMALL.replace('id = "dc"', 'id = "dc\\n"'),
    SMALL.replace('start = 2024-01-01', 'start = 1989-12-31'),
    SMALL.replace('paid_on = 2024-02-01', 'paid_on = 9999-12-31'),
    SMALL.replace('id = "srv"', 'id = "' + "s" * 100_000 + '"'),
    SMALL.replace('checks = ["icmp"]', 'checks = ["icmp", "icmp"]'),
    SMALL.replace('contracts = ["c1"]', 'contracts = ["c1", "c1"]'),
    SMALL.replace('address = "127.0.0.1"', 'address = "fe80::1%\\u001b[31m"'),
    SMALL.replace('[network]', '[monitoring]\nwindow = 9223372036854775807\n\n[network]'),
    SMALL.replace('[network]', '[monitoring]\nraw_retention_days = 9223372036854775807\n\n[network]'),
])
def test_other_holes_are_rule_problems_on_one_short_line(text: str) -> None:
    messages = problems_of(text)
    assert messages and all(m.startswith("net.toml:") and m.split(":")[1].isdigit() for m in messages)
    assert all("\n" not in m and "\x1b" not in m and len(m) < 400 for m in messages), messages


def test_encodings_other_than_utf8_are_named(tmp_path: Path) -> None:
    from pantau.storage.textinput import MAX_BYTES

    path = tmp_path / "net.toml"
    path.write_bytes(SMALL.encode("utf-16"))
    with pytest.raises(NetworkFileError, match=r"net.toml:1: the file is UTF-16 text"):
        load_network_file(path)
    path.write_bytes(b"\xef\xbb\xbf" + SMALL.replace("Kecil", "K\u00e9cil").encode("latin-1"))
    with pytest.raises(NetworkFileError, match=r"net.toml:4: the file is not UTF-8 text \(byte \d+ is 0xe9\)"):
        load_network_file(path)
    path.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + SMALL.encode())
    assert load_network_file(path).name == "Kecil"
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(NetworkFileError, match="larger than 16 MB"):
        load_network_file(path)


SNMP_LINK = """
[links.snmp]
host = "127.0.0.1"
port = 16100
interface = "ether1"
community_secret = "snmp/dc"
"""


def test_a_links_snmp_table_is_read_and_written_back() -> None:
    text = SMALL.replace("contracts = [\"c1\"]\n", "contracts = [\"c1\"]\n" + SNMP_LINK)
    network = parse_network_text(text, "net.toml")
    assert network.links[0].snmp == SnmpInterface("127.0.0.1", "ether1", port=16100, community_secret="snmp/dc")
    written = dump_network(network)
    assert "[links.snmp]" in written and 'community_secret = "snmp/dc"' in written
    assert 'version = "2c"' not in written  # a default is left out
    assert parse_network_text(written, "x") == network


def test_an_interface_given_as_a_number_is_its_ifindex() -> None:
    text = SMALL.replace("contracts = [\"c1\"]\n", "contracts = [\"c1\"]\n" + SNMP_LINK.replace(
        'interface = "ether1"', "interface = 4"))
    snmp = parse_network_text(text, "net.toml").links[0].snmp
    assert snmp is not None and snmp.if_index == 4


def test_snmp_problems_point_at_their_line_in_the_links_snmp_table() -> None:
    block = SNMP_LINK.replace('host = "127.0.0.1"', 'host = "-x"').replace('port = 16100', 'port = 0')
    text = SMALL.replace("contracts = [\"c1\"]\n", "contracts = [\"c1\"]\n" + block)
    messages = problems_of(text)
    host_line = line_of(text, 'host = "-x')
    assert messages == [
        f"net.toml:{host_line}: links[0] (id 'up') field 'snmp.host': '-x' starts with '-', "
        "which is never a valid address",
        f"net.toml:{line_of(text, 'port = 0')}: links[0] (id 'up') field 'snmp.port': 0 is not a UDP port (1–65535)",
    ]


def test_a_community_pasted_into_the_file_is_refused_and_named() -> None:
    block = SNMP_LINK.replace('community_secret = "snmp/dc"', 'community = "public"')
    text = SMALL.replace("contracts = [\"c1\"]\n", "contracts = [\"c1\"]\n" + block)
    (message,) = problems_of(text)
    assert message.startswith(f"net.toml:{line_of(text, 'community =')}: links[0] (id 'up') field 'snmp.community'")
    assert "secrets never go in the network file" in message and "as community_secret" in message
    assert "public" not in message


_STORE_FILE = """
format = 1
[network]
name = "n"
[store]
url = "postgresql://pantau_owner@127.0.0.1:5432/pantau?sslmode=verify-full"
password_secret = "pantau/store"
"""


def test_the_store_block_round_trips_through_the_file_and_the_workspace(tmp_path: Path) -> None:
    from pantau.domain.inventory import StoreSettings
    from pantau.storage.workspace import Workspace

    parsed = parse_network_text(_STORE_FILE, "net.toml")
    assert parsed.store == StoreSettings("postgresql://pantau_owner@127.0.0.1:5432/pantau?sslmode=verify-full",
                                         "pantau/store")
    assert parse_network_text(dump_network(parsed), "again.toml").store == parsed.store
    with Workspace.open(tmp_path / "w.sqlite3") as workspace:
        workspace.replace_network(parsed)
        loaded = workspace.load_network()
    assert loaded is not None and loaded.store == parsed.store
    assert "[store]" not in dump_network(parse_network_text(_STORE_FILE.split("[store]")[0], "plain.toml"))


@pytest.mark.parametrize(("old", "new", "words"), [
    ('password_secret = "pantau/store"', 'password_secret = "bad key!"', "field 'password_secret'"),
    ('url = "postgresql://pantau_owner@', 'url = "postgresql://pantau_owner:pw@', "holds a password"),
    ('url = "postgresql://', 'url = "mysql://', "starts with postgresql://"),
    ('url = "postgresql://pantau_owner@127.0.0.1:5432/pantau?sslmode=verify-full"\n', "",
     "the store's url is needed too"),
])
def test_a_bad_store_block_is_named_by_line_and_field(old: str, new: str, words: str) -> None:
    with pytest.raises(NetworkFileError) as error:
        parse_network_text(_STORE_FILE.replace(old, new), "net.toml")
    assert words in str(error.value) and "store" in str(error.value)
