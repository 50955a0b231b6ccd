"""The network file: reading and writing the TOML form of a `Network`.

Reading never raises a traceback at the user: every structural problem (wrong type, unknown key, bad enum value,
a number outside TOML's 64 bits, nesting no network needs) and every rule broken (see
`domain.inventory.validate_network`) becomes one `FileProblem` naming the file, the line, the entry and the field.
Its text is one line whatever the file holds: control characters copied from the input are escaped. Writing is
canonical: the same network always gives the same bytes, so `export → import → export` is byte-identical.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import tomli_w

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
    Problem,
    Site,
    SiteKind,
    StoreSettings,
    Target,
    TargetRole,
    TelegramChannel,
    validate_network,
)
from pantau.domain.sla_terms import SlaExclusion, SlaTerms, SlaWindow
from pantau.domain.snmp_config import (
    DEFAULT_POLL_INTERVAL_S,
    DEFAULT_SNMP_PORT,
    AuthProtocol,
    PrivProtocol,
    SnmpInterface,
    SnmpVersion,
)
from pantau.domain.text import printable
from pantau.storage.store_url import StoreUrlError, parse_store_url
from pantau.storage.textinput import TextInputError, read_user_text
from pantau.storage.toml_lines import MAX_NESTING, LineIndex, last_line, scan
from pantau.storage.toml_reader import TableReader, too_long

FORMAT_VERSION = 1
HEADER = "# Pantau network file. Secrets are named by keyring key only: see docs/network-file.md\n"

@dataclass(frozen=True)
class FileProblem:
    path: str
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        location = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{location}: {self.where}: {self.message}" if self.where else f"{location}: {self.message}"
        return printable(text)


class NetworkFileError(Exception):
    """A network file that cannot be used; `problems` lists every reason, one per entry and field."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_network_file(path: Path) -> Network:
    """Read and validate a network file. Raise `NetworkFileError` listing every problem."""
    display = str(path)
    try:
        text = read_user_text(path)
    except TextInputError as error:
        raise NetworkFileError([FileProblem(display, error.line, "", error.message)]) from None
    return parse_network_text(text, display)


_TOML_POSITION = re.compile(r"\((?:at line (\d+), column \d+|at end of document)\)")
_LONG_NUMBER = re.compile(r"[0-9_]{4000,}")


def parse_network_text(text: str, display: str) -> Network:
    def refuse(line: int | None, message: str) -> NetworkFileError:
        return NetworkFileError([FileProblem(display, line, "", message)])

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        line = int(position[1]) if position and position[1] else last_line(text)
        message = _TOML_POSITION.sub("", message).strip()
        raise refuse(line, f"not valid TOML: {message}") from None
    except RecursionError:
        # tomllib recurses once per level of nesting (pure Python, so the limit is raised, not the C stack hit).
        deep_line = scan(text)[1] or last_line(text)
        raise refuse(deep_line, f"arrays or inline tables nested more than {MAX_NESTING} deep: no network file "
                                "needs more than three levels") from None
    except ValueError:
        # tomllib lets Python's int() refuse a number of thousands of digits, without a position.
        long_number = _LONG_NUMBER.search(text)
        line = text.count("\n", 0, long_number.start()) + 1 if long_number else last_line(text)
        raise refuse(line, "not valid TOML: a number with thousands of digits (a TOML integer has at most 19)"
                     ) from None

    problems: list[FileProblem] = []
    line_index: list[LineIndex] = []  # built at the first problem: a valid file never pays for it

    def add(problem: Problem) -> None:
        if not line_index:
            line_index.append(LineIndex(text))
        problems.append(FileProblem(display, line_index[0].problem_line(problem), problem.where(),
                                    problem.message))

    def report(section: str, index: int | None, entry: str | None, key: str | None, message: str) -> None:
        add(Problem(section, index, entry, key, message))

    network = _read_network(data, report)
    if not problems:
        for problem in [*validate_network(network), *_unreadable_ca_files(network)]:
            add(problem)
    if problems:
        raise NetworkFileError(sorted(problems, key=lambda p: p.line or 0))
    return network


def _unreadable_ca_files(network: Network) -> list[Problem]:
    """A trusted CA file that is missing now would fail every HTTPS check of its target: say so at import."""
    problems = []
    for index, target in enumerate(network.targets):
        path = target.tls_ca_file
        if path and not (os.path.isfile(path) and os.access(path, os.R_OK)):
            problems.append(Problem("targets", index, target.id, "tls_ca_file",
                                    f"cannot read the CA file {path!r}: check the path and that "
                                    "this user may read it"))
    return problems


def _read_network(data: dict[str, Any], report: Callable[..., None]) -> Network:
    top = TableReader(data, "file", None, report)
    version = top.integer("format", required=True)
    if version not in (0, FORMAT_VERSION) and "format" in data:
        top.problem("format", f"format {version} is not known to this Pantau (it reads format {FORMAT_VERSION})")
    header = _table(top, "network", required=True)
    meta = TableReader(header, "network", None, report)
    name = meta.text("name", required=True)
    timezone = meta.text("timezone", default="Asia/Makassar")
    sample = meta.flag("sample", False)
    attribution = meta.text("attribution")
    meta.finish()

    monitoring = _read_monitoring(TableReader(_table(top, "monitoring"), "monitoring", None, report))
    alerts = _read_alerts(_table(top, "alerts"), report)
    store = _read_store(TableReader(_table(top, "store"), "store", None, report))
    sites = [_read_site(TableReader(t, "sites", i, report)) for i, t in enumerate(top.tables("sites"))]
    targets = [_read_target(TableReader(t, "targets", i, report)) for i, t in enumerate(top.tables("targets"))]
    links = [_read_link(TableReader(t, "links", i, report)) for i, t in enumerate(top.tables("links"))]
    contracts = [_read_contract(TableReader(t, "contracts", i, report)) for i, t in enumerate(top.tables("contracts"))]
    top.finish()
    return Network(name=name, timezone=timezone, sample=sample, attribution=attribution, monitoring=monitoring,
                   alerts=alerts, store=store, sites=sites, targets=targets, links=links, contracts=contracts)


def _read_store(r: TableReader) -> StoreSettings:
    """`[store]`: the shared store's URL, checked like `--store` (a password in it is refused by name)."""
    store = StoreSettings(url=r.text("url"), password_secret=r.text("password_secret"))
    if store.url:
        try:
            parse_store_url(store.url, "the url")
        except StoreUrlError as error:
            r.problem("url", str(error).removeprefix("the url: "))
    r.finish()
    return store


def _table(reader: TableReader, key: str, required: bool = False) -> dict[str, Any]:
    value = reader._get(key, (dict,), "a table", required)
    return value if isinstance(value, dict) else {}


def _read_monitoring(reader: TableReader) -> MonitoringSettings:
    defaults = MonitoringSettings()
    settings = MonitoringSettings(
        down_after=reader.integer("down_after", defaults.down_after),
        up_after=reader.integer("up_after", defaults.up_after),
        degraded_loss_percent=reader.number("degraded_loss_percent", defaults.degraded_loss_percent),
        degraded_rtt_ms=reader.number("degraded_rtt_ms", defaults.degraded_rtt_ms),
        window=reader.integer("window", defaults.window),
        raw_retention_days=reader.integer("raw_retention_days", defaults.raw_retention_days),
        minute_rollup_retention_days=reader.integer("minute_rollup_retention_days",
                                                    defaults.minute_rollup_retention_days),
        contract_warn_days=_read_days(reader, "contract_warn_days", defaults.contract_warn_days),
        vantage=reader.text("vantage", default=defaults.vantage),
    )
    reader.finish()
    return settings


def _read_alerts(table: dict[str, Any], report: Callable[..., None]) -> AlertChannels:
    reader = TableReader(table, "alerts", None, report)
    channels = AlertChannels()
    telegram = _table(reader, "telegram")
    if telegram:
        t = TableReader(telegram, "alerts.telegram", None, report)
        channels.telegram = TelegramChannel(
            token_secret=t.text("token_secret", required=True),
            chat_ids=t.strings("chat_ids"),
            api_base=t.text("api_base", default=TelegramChannel("").api_base),
        )
        t.finish()
    email = _table(reader, "email")
    if email:
        e = TableReader(email, "alerts.email", None, report)
        channels.email = EmailChannel(
            host=e.text("host", required=True),
            port=e.integer("port", default=587),
            sender=e.text("sender", required=True),
            recipients=e.strings("recipients"),
            username=e.text("username"),
            password_secret=e.text("password_secret"),
            security=e.text("security", default="starttls"),
        )
        e.finish()
    reader.finish()
    return channels


def _read_site(r: TableReader) -> Site:
    site = Site(
        id=r.text("id", required=True),
        name=r.text("name", required=True),
        kind=r.choice("kind", SiteKind) or SiteKind.SKPD,
        kecamatan=r.text("kecamatan"),
        lat=r.optional_number("lat"),
        lon=r.optional_number("lon"),
        parent=r.optional_text("parent"),
        address=r.text("address"),
        notes=r.text("notes"),
    )
    r.finish()
    return site


def _read_target(r: TableReader) -> Target:
    target = Target(
        id=r.text("id", required=True),
        site=r.text("site", required=True),
        address=r.text("address", required=True),
        role=r.choice("role", TargetRole) or TargetRole.SERVICE,
        checks=r.strings("checks", ["icmp"]),
        name=r.text("name"),
        interval_s=r.optional_number("interval_s"),
        enabled=r.flag("enabled", True),
        tls_ca_file=r.text("tls_ca_file"),
        tls_pin_sha256=r.text("tls_pin_sha256"),
    )
    r.finish()
    return target


def _read_link(r: TableReader) -> Link:
    link = Link(
        id=r.text("id", required=True),
        a=r.text("a", required=True),
        b=r.text("b", required=True),
        provider=r.text("provider", required=True),
        medium=r.choice("medium", LinkMedium) or LinkMedium.FIBER,
        bandwidth_kbps=r.integer("bandwidth_kbps", required=True),
        role=r.choice("role", LinkRole, LinkRole.PRIMARY) or LinkRole.PRIMARY,
        circuit_id=r.text("circuit_id"),
        contracts=r.strings("contracts"),
    )
    snmp_table = r._get("snmp", (dict,), "a table ([links.snmp])", False)
    if snmp_table is not None:
        link.snmp = _read_snmp(r.sub(snmp_table, "snmp"))
    r.finish()
    return link


def _read_snmp(r: TableReader) -> SnmpInterface:
    """A link's `[links.snmp]` table. The interface may be written as a name or as its ifIndex (3 or "3")."""
    interface_value = r._get("interface", (str, int), "an interface name or ifIndex", True)
    snmp = SnmpInterface(
        host=r.text("host", required=True),
        interface="" if interface_value is None else str(interface_value),
        version=r.choice("version", SnmpVersion, SnmpVersion.V2C) or SnmpVersion.V2C,
        port=r.integer("port", DEFAULT_SNMP_PORT),
        community_secret=r.text("community_secret"),
        user=r.text("user"),
        auth_protocol=r.choice("auth_protocol", AuthProtocol, AuthProtocol.SHA256) or AuthProtocol.SHA256,
        auth_secret=r.text("auth_secret"),
        priv_protocol=r.choice("priv_protocol", PrivProtocol, PrivProtocol.AES128) or PrivProtocol.AES128,
        priv_secret=r.text("priv_secret"),
        interval_s=r.number("interval_s", DEFAULT_POLL_INTERVAL_S),
    )
    r.finish()
    return snmp


def _read_contract(r: TableReader) -> Contract:
    contract = Contract(
        id=r.text("id", required=True),
        provider=r.text("provider", required=True),
        number=r.text("number", required=True),
        service=r.text("service"),
        bandwidth_kbps=r.integer("bandwidth_kbps", required=True),
        start=r.day("start") or date.min,
        end=r.day("end") or date.max,
        value_idr=r.integer("value_idr", required=True),
        billing_period=r.choice("billing_period", BillingPeriod, BillingPeriod.YEARLY) or BillingPeriod.YEARLY,
        sla_percent=r.optional_number("sla_percent"),
        notes=r.text("notes"),
    )
    sla_table = r._get("sla", (dict,), "a table ([contracts.sla])", False)
    if sla_table is not None:
        contract.sla = _read_sla(r.sub(sla_table, "sla"))
    for n, table in enumerate(r.tables("payments")):
        p = r.nested(table, "payments", n)
        contract.payments.append(Payment(
            paid_on=p.day("paid_on") or date.min,
            amount_idr=p.integer("amount_idr", required=True),
            period_start=p.day("period_start") or date.min,
            period_end=p.day("period_end") or date.min,
            reference=p.text("reference"),
        ))
        p.finish()
    for n, table in enumerate(r.tables("budget_requests")):
        b = r.nested(table, "budget_requests", n)
        contract.budget_requests.append(BudgetRequest(
            year=b.integer("year", required=True),
            amount_idr=b.integer("amount_idr", required=True),
            status=b.choice("status", BudgetStatus) or BudgetStatus.PROPOSED,
            decided_on=b.day("decided_on", required=False),
            note=b.text("note"),
        ))
        b.finish()
    for n, table in enumerate(r.tables("correspondence")):
        c = r.nested(table, "correspondence", n)
        contract.correspondence.append(Letter(
            sent_on=c.day("sent_on") or date.min,
            to=c.text("to", required=True),
            subject=c.text("subject", required=True),
            reference=c.text("reference"),
        ))
        c.finish()
    r.finish()
    return contract


def _read_sla(r: TableReader) -> SlaTerms:
    """A contract's `[contracts.sla]` table; its exclusions are `[[contracts.sla.exclusions]]`."""
    defaults = SlaTerms()
    terms = SlaTerms(
        window=r.choice("window", SlaWindow, defaults.window) or defaults.window,
        credit_percent_per_hour=r.number("credit_percent_per_hour", defaults.credit_percent_per_hour),
        credit_cap_percent=r.number("credit_cap_percent", defaults.credit_cap_percent),
    )
    for n, table in enumerate(r.tables("exclusions")):
        e = r.nested(table, "exclusions", n)
        start, end = e.local_time("start"), e.local_time("end")
        if start is not None and end is not None:
            terms.exclusions.append(SlaExclusion(start, end, e.text("note")))
        else:
            e.text("note")
        e.finish()
    r.finish()
    return terms


def _read_days(reader: TableReader, key: str, default: list[int]) -> list[int]:
    value = reader._get(key, (list,), "a list of whole numbers of days", False)
    if value is None:
        return list(default)
    if not all(isinstance(item, int) and not isinstance(item, bool) and not too_long(item) for item in value):
        reader.problem(key, "every item must be a whole number of days, e.g. [180, 90, 60, 30, 7]")
        return list(default)
    return list(value)


def dump_network(network: Network) -> str:
    """The canonical TOML text of a network: stable key order, defaults left out, dates as TOML dates."""
    document: dict[str, Any] = {"format": FORMAT_VERSION}
    document["network"] = _without_defaults({
        "name": network.name,
        "timezone": network.timezone,
        "sample": network.sample,
        "attribution": network.attribution,
    }, {"sample": False, "attribution": ""})
    monitoring = _dataclass_without_defaults(network.monitoring, MonitoringSettings())
    if monitoring:
        document["monitoring"] = monitoring
    alerts: dict[str, Any] = {}
    if network.alerts.telegram:
        alerts["telegram"] = _dataclass_without_defaults(network.alerts.telegram, None,
                                                         {"api_base": TelegramChannel("").api_base})
    if network.alerts.email:
        alerts["email"] = _dataclass_without_defaults(network.alerts.email, None,
                                                      {"username": "", "password_secret": "",
                                                       "security": "starttls"})
    if alerts:
        document["alerts"] = alerts
    store = _dataclass_without_defaults(network.store, StoreSettings())
    if store:
        document["store"] = store
    document["sites"] = [_without_defaults(_plain(site), {"kecamatan": "", "lat": None, "lon": None,
                                                          "parent": None, "address": "", "notes": ""})
                         for site in network.sites]
    document["targets"] = [_without_defaults(_plain(target), {"name": "", "interval_s": None, "enabled": True,
                                                              "tls_ca_file": "", "tls_pin_sha256": ""})
                           for target in network.targets]
    document["links"] = [_link_document(link) for link in network.links]
    document["contracts"] = [_contract_document(contract) for contract in network.contracts]
    for section in ("sites", "targets", "links", "contracts"):
        if not document[section]:
            del document[section]
    return HEADER + tomli_w.dumps(document)


def _link_document(link: Link) -> dict[str, Any]:
    plain = _without_defaults(_plain(link), {"role": LinkRole.PRIMARY.value, "circuit_id": "", "contracts": []})
    if link.snmp is not None:
        # host and interface always written: they say which agent and port, defaults or not.
        plain["snmp"] = {"host": link.snmp.host, "interface": link.snmp.interface,
                         **_dataclass_without_defaults(link.snmp, SnmpInterface(host=link.snmp.host,
                                                                                interface=link.snmp.interface))}
    return plain


def _contract_document(contract: Contract) -> dict[str, Any]:
    plain = _plain(contract)
    plain["payments"] = [_plain(p) for p in contract.payments]
    plain["payments"] = [_without_defaults(p, {"reference": ""}) for p in plain["payments"]]
    plain["budget_requests"] = [_without_defaults(_plain(b), {"decided_on": None, "note": ""})
                                for b in contract.budget_requests]
    plain["correspondence"] = [_without_defaults(_plain(c), {"reference": ""}) for c in contract.correspondence]
    if contract.sla is not None:
        sla = _dataclass_without_defaults(contract.sla, SlaTerms())
        sla.pop("exclusions", None)
        if contract.sla.exclusions:
            sla["exclusions"] = [_without_defaults(_plain(e), {"note": ""}) for e in contract.sla.exclusions]
        plain["sla"] = sla
    return _without_defaults(plain, {"service": "", "billing_period": BillingPeriod.YEARLY.value,
                                     "sla_percent": None, "sla": None, "notes": "", "payments": [],
                                     "budget_requests": [], "correspondence": []})


def _plain(record: Any) -> dict[str, Any]:
    """A dataclass as a dict of TOML-ready values, in field order, without descending into nested records."""
    result: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, StrEnum):
            value = value.value
        result[f.name] = value
    return result


def _without_defaults(values: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items()
            if value is not None and not (key in defaults and value == defaults[key])}


def _dataclass_without_defaults(record: Any, default_record: Any, defaults: dict[str, Any] | None = None
                                ) -> dict[str, Any]:
    plain = _plain(record)
    if default_record is not None:
        defaults = _plain(default_record)
    return _without_defaults(plain, defaults or {})


def write_network_file(network: Network, path: Path) -> None:
    """Write atomically: a crash mid-write leaves the old file, never half a file."""
    data = dump_network(network).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
