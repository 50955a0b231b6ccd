"""The inventory: sites, targets, links and contracts, and the rules that make a network valid.

Everything here is plain data plus validation. The network file reader, the workspace and the GUI all build a
`Network` and ask `validate_network` what is wrong with it, so a rule lives in one place only.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pantau.domain.addresses import address_problem, hostname_problem, is_ip_literal, is_valid_secret_key
from pantau.domain.sla_terms import SlaTerms, sla_problems
from pantau.domain.snmp_config import SnmpInterface, snmp_problems
from pantau.domain.text import escape_char, hidden_characters, shown


class SiteKind(StrEnum):
    DATACENTER = "datacenter"
    SKPD = "skpd"
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"
    DESA = "desa"
    ISP_POP = "isp-pop"


class TargetRole(StrEnum):
    SERVER = "server"
    LAN_GATEWAY = "lan-gateway"
    ISP_GATEWAY = "isp-gateway"
    UPSTREAM = "upstream"
    OFFICE_ROUTER = "office-router"
    SERVICE = "service"


class LinkMedium(StrEnum):
    FIBER = "fiber"
    WIRELESS = "wireless"
    VSAT = "vsat"
    METRO_E = "metro-e"
    ADSL = "adsl"
    CELLULAR_4G = "4g"


class LinkRole(StrEnum):
    PRIMARY = "primary"
    BACKUP = "backup"


class BillingPeriod(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


class BudgetStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    CUT = "cut"


class MethodKind(StrEnum):
    ICMP = "icmp"
    TCP = "tcp"
    HTTP = "http"
    DNS = "dns"


# The far end of a link that leaves the regency's network.
INTERNET = "internet"

# Probe interval in seconds when a target does not set one: the roles whose loss cuts everyone are watched closest.
# With the engine's confirm round, a cut shows as DOWN within 5 s at these intervals (benchmarks/bench_link_cut.py);
# an ICMP round is 3 packets, so 1.5 s costs about 2.7 kbit/s of a line's capacity (raise `interval_s` on a thin
# line to spend less, at the price of slower detection).
DEFAULT_INTERVAL_S = 1.5
FAST_INTERVAL_S = 1.0
FAST_ROLES = frozenset({TargetRole.SERVER, TargetRole.ISP_GATEWAY})

# Every pattern is used with `fullmatch`: `$` would also match before a final newline ("abc\n").
_ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_DNS_METHOD_RE = re.compile(r"dns:(?P<name>[^@]+)(?:@(?P<server>\[[^\]]+\]|[^:\[\]]+)(?::(?P<port>[^:]*))?)?")
# Only ASCII digits, no leading zero: `int()` reads '²' and '٨٠' too, and "080" would not be the canonical spec.
_PORT_RE = re.compile(r"[1-9][0-9]{0,4}")
_CHAT_ID_RE = re.compile(r"-?[0-9]{1,20}|@[A-Za-z0-9_]{1,64}")
_MAIL_RE = re.compile(r"[^@\s]+@[^@\s]+")

# Upper bounds that keep every value far inside what the workspace (SQLite's signed 64-bit integers) and the
# engine can hold. Rp 1,000 trillion is above any regency's whole yearly budget; 1 Tbit/s above any office line.
MAX_IDR = 10**15
MAX_BANDWIDTH_KBPS = 10**9
MAX_PROBE_COUNT = 1_000
MAX_WINDOW = 10_000
MAX_RETENTION_DAYS = 36_600
# Links' 1-minute traffic rollups are kept at most this many days, whatever `minute_rollup_retention_days` says:
# they are still a row a minute (about 50 bytes), so a month of them for 60 measured links would add some 130 MB.
TRAFFIC_MINUTE_RETENTION_DAYS = 7
# Dates of contracts, payments and letters: the years a budget request may name (1990…2200).
FIRST_DAY = date(1990, 1, 1)
LAST_DAY = date(2200, 12, 31)


@dataclass(frozen=True)
class ProbeMethod:
    """One way to probe a target: `icmp`, `tcp:PORT`, `http(s)://…` or `dns:NAME[@SERVER[:PORT]]`."""

    kind: MethodKind
    spec: str
    port: int | None = None
    url: str | None = None
    dns_name: str | None = None
    dns_server: str | None = None
    # The host an HTTP check connects to first.
    host: str | None = None

    def __str__(self) -> str:
        return self.spec


class MethodError(ValueError):
    """A probe method string that cannot be used."""


def parse_method(spec: str) -> ProbeMethod:
    """Parse a probe method string; raise `MethodError` with a message fit for the user.

    The spec is taken exactly as written: one with spaces around it, other digits than 0-9 or a port with a leading
    zero is refused rather than read, so the spec stored and exported is the one that is probed.
    """
    if any(char.isspace() or not char.isprintable() for char in spec):
        raise MethodError(f"{shown(spec)}: a check has no spaces or control characters, not even around it")
    if spec == "icmp":
        return ProbeMethod(MethodKind.ICMP, spec)
    if spec.startswith("tcp:"):
        port = _parse_port(spec[4:], spec)
        return ProbeMethod(MethodKind.TCP, spec, port=port)
    if spec.startswith(("http://", "https://")):
        return _parse_http(spec)
    if spec.startswith("dns:"):
        return _parse_dns(spec)
    raise MethodError(f"unknown probe method {shown(spec)}: use icmp, tcp:PORT, http(s)://… or "
                      "dns:NAME[@SERVER[:PORT]]")


def _parse_port(text: str, spec: str) -> int:
    if not _PORT_RE.fullmatch(text) or int(text) > 65535:
        raise MethodError(f"{shown(spec)}: the port must be a number from 1 to 65535, written in the digits 0-9 "
                          "without a leading zero")
    return int(text)


def _parse_http(text: str) -> ProbeMethod:
    if not all("!" <= char <= "~" for char in text):
        raise MethodError(f"{shown(text)}: a URL is written in plain ASCII without spaces; write other characters "
                          "percent-encoded (%20)")
    rest = text.split("://", 1)[1]
    authority = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if not authority:
        raise MethodError(f"{shown(text)}: an HTTP check needs a host")
    host, port = _split_host_port(authority, text)
    problem = address_problem(host)
    if problem:
        raise MethodError(f"{shown(text)}: {problem}")
    return ProbeMethod(MethodKind.HTTP, text, port=port, url=text, host=host)


def _split_host_port(authority: str, spec: str) -> tuple[str, int | None]:
    if "@" in authority:
        raise MethodError(f"{shown(spec)}: credentials do not belong in a URL; name a secret instead")
    if authority.startswith("["):
        host, _, tail = authority[1:].partition("]")
        if ":" not in host or not is_ip_literal(host) or (tail and not tail.startswith(":")):
            raise MethodError(f"{shown(spec)}: only an IPv6 address goes in brackets, as in http://[::1]:8080/")
        has_port, port_text = tail.startswith(":"), tail[1:]
    else:
        host, colon, port_text = authority.partition(":")
        has_port = bool(colon)
    port = _parse_port(port_text, spec) if has_port else None
    return host, port


def _parse_dns(text: str) -> ProbeMethod:
    match = _DNS_METHOD_RE.fullmatch(text)
    if not match:
        raise MethodError(f"{shown(text)}: write dns:NAME or dns:NAME@SERVER or dns:NAME@SERVER:PORT")
    name = match["name"]
    if hostname_problem(name.removesuffix(".")):
        raise MethodError(f"{shown(text)}: {shown(name)} is not a valid DNS name")
    server = match["server"]
    port = None
    if server is not None:
        bracketed = server.startswith("[")
        server = server[1:-1] if bracketed else server
        if not is_ip_literal(server) or bracketed != (":" in server):
            raise MethodError(f"{shown(text)}: the resolver must be an IP address (an IPv6 one in brackets), so "
                              "that checking DNS needs no DNS")
        port = _parse_port(match["port"], text) if match["port"] is not None else None
    return ProbeMethod(MethodKind.DNS, text, port=port, dns_name=name, dns_server=server)


def url_problem(text: str) -> str | None:
    """Why `text` cannot be the base URL of a web API (the Telegram Bot API), or None: an http(s) URL whose host
    follows the address rules, without credentials, query or fragment."""
    if not text.startswith(("http://", "https://")):
        return f"{shown(text)} is not an http:// or https:// URL"
    try:
        _parse_http(text)
    except MethodError as error:
        return str(error)
    if "?" in text or "#" in text:
        return f"{shown(text)}: a base URL has no query (?) or fragment (#)"
    return None


@dataclass
class Site:
    id: str
    name: str
    kind: SiteKind
    kecamatan: str = ""
    lat: float | None = None
    lon: float | None = None
    parent: str | None = None
    address: str = ""
    notes: str = ""


@dataclass
class Target:
    id: str
    site: str
    address: str
    role: TargetRole
    checks: list[str] = field(default_factory=lambda: ["icmp"])
    name: str = ""
    interval_s: float | None = None
    enabled: bool = True
    # An in-house certificate that this target's https:// checks trust instead of the system's trust store: a CA
    # file (or the server's own certificate) by absolute path, or the SHA-256 fingerprint of the server's
    # certificate (`pin_hex` reads it).
    tls_ca_file: str = ""
    tls_pin_sha256: str = ""

    @property
    def effective_interval_s(self) -> float:
        if self.interval_s is not None:
            return self.interval_s
        return FAST_INTERVAL_S if self.role in FAST_ROLES else DEFAULT_INTERVAL_S

    def methods(self) -> list[ProbeMethod]:
        return [parse_method(check) for check in self.checks]


@dataclass
class Link:
    id: str
    a: str
    b: str
    provider: str
    medium: LinkMedium
    bandwidth_kbps: int
    role: LinkRole = LinkRole.PRIMARY
    circuit_id: str = ""
    # The link's contract history, oldest first: a renewal adds a contract rather than replacing one, so the
    # coverage gaps between them (the July 2017 cut) stay visible.
    contracts: list[str] = field(default_factory=list)
    # The interface whose counters carry this link's traffic (SNMP), if the officer set one up.
    snmp: SnmpInterface | None = None


@dataclass
class Payment:
    paid_on: date
    amount_idr: int
    period_start: date
    period_end: date
    reference: str = ""


@dataclass
class BudgetRequest:
    year: int
    amount_idr: int
    status: BudgetStatus
    decided_on: date | None = None
    note: str = ""


@dataclass
class Letter:
    sent_on: date
    to: str
    subject: str
    reference: str = ""


@dataclass
class Contract:
    id: str
    provider: str
    number: str
    service: str
    bandwidth_kbps: int
    start: date
    end: date
    value_idr: int
    billing_period: BillingPeriod = BillingPeriod.YEARLY
    sla_percent: float | None = None
    payments: list[Payment] = field(default_factory=list)
    budget_requests: list[BudgetRequest] = field(default_factory=list)
    correspondence: list[Letter] = field(default_factory=list)
    notes: str = ""
    # Window, credit rule and maintenance exclusions (`[contracts.sla]`); None: the file states no such terms.
    sla: SlaTerms | None = None


# Days before a contract's end at which its expiry warning steps up; `[monitoring] contract_warn_days`.
DEFAULT_CONTRACT_WARN_DAYS: tuple[int, ...] = (180, 90, 60, 30, 7)


@dataclass
class MonitoringSettings:
    """Health thresholds, retention and contract warning steps; the network file's `[monitoring]` table."""

    down_after: int = 3
    up_after: int = 2
    degraded_loss_percent: float = 20.0
    degraded_rtt_ms: float = 500.0
    window: int = 20
    # Raw rounds and 1-minute rollups are kept this long; 1-hour rollups forever. Graphs read raw rounds for at
    # most 3 hours, so a day of them is plenty (80 MB for 60 offices at the 1.5 s default interval); longer ranges
    # read the rollups. Minutes are packed an hour to a row (storage/minute_pack.py), so a month of them for 60
    # offices takes about a quarter of what a week took before (benchmarks/bench_workspace_growth.py).
    raw_retention_days: int = 1
    minute_rollup_retention_days: int = 30
    contract_warn_days: list[int] = field(default_factory=lambda: list(DEFAULT_CONTRACT_WARN_DAYS))
    # The site the probing computer sits in; empty: the central server's site (`domain.reachability.vantage_of`).
    vantage: str = ""


@dataclass
class TelegramChannel:
    token_secret: str
    chat_ids: list[str] = field(default_factory=list)
    api_base: str = "https://api.telegram.org"


@dataclass
class EmailChannel:
    host: str
    port: int
    sender: str
    recipients: list[str]
    username: str = ""
    password_secret: str = ""
    security: str = "starttls"


@dataclass
class AlertChannels:
    """Where alerts go. Secrets are named by keyring key only (`*_secret`); their values never enter a file."""

    telegram: TelegramChannel | None = None
    email: EmailChannel | None = None


@dataclass
class StoreSettings:
    """Where the team's shared store is (`[store]`): its URL (never with a password) and the keyring key of the
    password (empty: libpq's pgpass or service file answers). Empty `url`: no shared store."""

    url: str = ""
    password_secret: str = ""


@dataclass
class Network:
    name: str
    timezone: str = "Asia/Makassar"
    sample: bool = False
    attribution: str = ""
    monitoring: MonitoringSettings = field(default_factory=MonitoringSettings)
    alerts: AlertChannels = field(default_factory=AlertChannels)
    store: StoreSettings = field(default_factory=StoreSettings)
    sites: list[Site] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)

    def site(self, site_id: str) -> Site | None:
        return next((s for s in self.sites if s.id == site_id), None)

    def targets_of(self, site_id: str) -> list[Target]:
        return [t for t in self.targets if t.site == site_id]

    def contract(self, contract_id: str) -> Contract | None:
        return next((c for c in self.contracts if c.id == contract_id), None)

    def links_of(self, site_id: str) -> list[Link]:
        return [link for link in self.links if site_id in (link.a, link.b)]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a network: where (section, index, entry id, field) and what."""

    section: str
    index: int | None
    entry: str | None
    field: str | None
    message: str

    def where(self) -> str:
        parts = [self.section]
        if self.index is not None:
            parts[0] = f"{self.section}[{self.index}]"
        if self.entry:
            parts.append(f"(id {shown(self.entry, 64)})")
        if self.field:
            parts.append(f"field '{self.field}'")
        return " ".join(parts)


def validate_network(network: Network) -> list[Problem]:
    """Every problem in the network, in file order; an empty list means it is usable."""
    problems: list[Problem] = []
    problems += _check_sites(network.sites)
    site_ids = {s.id for s in network.sites}
    contract_ids = {c.id for c in network.contracts}
    problems += _check_targets(network.targets, site_ids)
    problems += _check_links(network.links, site_ids, contract_ids)
    problems += _check_contracts(network.contracts)
    problems += _check_contract_warn_days(network.monitoring)
    problems += _check_settings(network)
    problems += _check_texts(network)
    return problems


def _check_ids(section: str, ids: list[str]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for index, entry_id in enumerate(ids):
        if not _ID_RE.fullmatch(entry_id):
            problems.append(Problem(section, index, entry_id, "id",
                                    "an id is 1–64 lowercase letters, digits, '-' or '_', starting with a letter "
                                    "or digit"))
        elif entry_id in seen:
            problems.append(Problem(section, index, entry_id, "id", f"duplicate id {shown(entry_id)}"))
        seen.add(entry_id)
    return problems


def _check_sites(sites: list[Site]) -> list[Problem]:
    problems = _check_ids("sites", [s.id for s in sites])
    ids = {s.id for s in sites}
    for index, site in enumerate(sites):
        def add(field_name: str, message: str, site: Site = site, index: int = index) -> None:
            problems.append(Problem("sites", index, site.id, field_name, message))

        if site.id == INTERNET:
            add("id", f"{INTERNET!r} is reserved for the far end of links that leave the network")
        if not site.name.strip():
            add("name", "a site needs a name")
        if (site.lat is None) != (site.lon is None):
            add("lat" if site.lat is None else "lon", "give both lat and lon, or neither")
        if site.lat is not None and not -90.0 <= site.lat <= 90.0:
            add("lat", f"latitude {site.lat} is outside -90…90")
        if site.lon is not None and not -180.0 <= site.lon <= 180.0:
            add("lon", f"longitude {site.lon} is outside -180…180")
        if site.parent is not None:
            if site.parent == site.id:
                add("parent", "a site cannot be its own parent")
            elif site.parent not in ids:
                add("parent", f"parent {shown(site.parent)} is not a site in this network")
    problems += _check_cycles(sites)
    return problems


def _check_cycles(sites: list[Site]) -> list[Problem]:
    parent_of = {s.id: s.parent for s in sites}
    index_of = {s.id: i for i, s in enumerate(sites)}
    reported: set[str] = set()
    problems = []
    for site in sites:
        path: list[str] = []
        current: str | None = site.id
        while current is not None and current in parent_of and current not in path:
            path.append(current)
            current = parent_of[current]
        if current is None or current not in path or current == parent_of.get(current):
            continue
        cycle = path[path.index(current):]
        if reported.isdisjoint(cycle):
            reported.update(cycle)
            first = min(cycle, key=index_of.__getitem__)
            loop = " → ".join([*cycle[cycle.index(first):], *cycle[:cycle.index(first)], first])
            problems.append(Problem("sites", index_of[first], first, "parent", f"parent chain loops: {loop}"))
    return problems


def _check_targets(targets: list[Target], site_ids: set[str]) -> list[Problem]:
    problems = _check_ids("targets", [t.id for t in targets])
    for index, target in enumerate(targets):
        def add(field_name: str, message: str, target: Target = target, index: int = index) -> None:
            problems.append(Problem("targets", index, target.id, field_name, message))

        if target.site not in site_ids:
            add("site", f"site {shown(target.site)} is not a site in this network")
        problem = address_problem(target.address)
        if problem:
            add("address", problem)
        if not target.checks:
            add("checks", "a target needs at least one check")
        for check in target.checks:
            try:
                parse_method(check)
            except MethodError as error:
                add("checks", str(error))
        for check in _repeated(target.checks):
            add("checks", f"the check {shown(check)} is listed twice")
        if target.interval_s is not None and not 0.2 <= target.interval_s <= 3600:
            add("interval_s", f"interval {target.interval_s} s is outside 0.2…3600 s")
        problems.extend(Problem("targets", index, target.id, key, message) for key, message in _tls_problems(target))
    return problems


_HEX64_RE = re.compile(r"[0-9a-f]{64}")


def pin_hex(text: str) -> str | None:
    """A SHA-256 fingerprint as 64 lower-case hex digits, from "AB:CD:…" (openssl's form) or plain hex; None when
    it is not one."""
    digits = text.replace(":", "").strip().lower()
    return digits if _HEX64_RE.fullmatch(digits) else None


def _is_absolute_path(text: str) -> bool:
    """Absolute on POSIX ("/etc/…") or Windows ("C:\\…", "\\\\server\\share"), whichever runs Pantau."""
    return text.startswith("/") or bool(re.match(r"[A-Za-z]:[\\/]", text)) or text.startswith("\\\\")


def _tls_problems(target: Target) -> list[tuple[str, str]]:
    """What is wrong with a target's trusted certificate settings, as (field, message)."""
    problems: list[tuple[str, str]] = []
    if not (target.tls_ca_file or target.tls_pin_sha256):
        return problems
    if target.tls_ca_file and target.tls_pin_sha256:
        problems.append(("tls_pin_sha256", "set tls_ca_file or tls_pin_sha256, not both"))
    if target.tls_pin_sha256 and pin_hex(target.tls_pin_sha256) is None:
        problems.append(("tls_pin_sha256", "write the certificate's SHA-256 fingerprint as 64 hex digits, colons "
                                           "allowed (openssl x509 -noout -fingerprint -sha256 -in CERT)"))
    if target.tls_ca_file and not _is_absolute_path(target.tls_ca_file):
        problems.append(("tls_ca_file", f"{target.tls_ca_file!r} is not an absolute path: name the CA file in "
                                        "full, e.g. /etc/pantau/inhouse-ca.pem or C:\\Pantau\\inhouse-ca.pem"))
    if not any(check.startswith("https://") for check in target.checks):
        field_name = "tls_ca_file" if target.tls_ca_file else "tls_pin_sha256"
        problems.append((field_name, "a trusted certificate is only used by https:// checks, and this target has "
                                     "none"))
    return problems


def _check_links(links: list[Link], site_ids: set[str], contract_ids: set[str]) -> list[Problem]:
    problems = _check_ids("links", [link.id for link in links])
    for index, link in enumerate(links):
        def add(field_name: str, message: str, link: Link = link, index: int = index) -> None:
            problems.append(Problem("links", index, link.id, field_name, message))

        if link.a not in site_ids:
            add("a", f"site {shown(link.a)} is not a site in this network")
        if link.b != INTERNET and link.b not in site_ids:
            add("b", f"{shown(link.b)} is neither a site in this network nor {INTERNET!r}")
        if link.a == link.b:
            add("b", "a link joins two different places")
        if not 0 < link.bandwidth_kbps <= MAX_BANDWIDTH_KBPS:
            add("bandwidth_kbps", _BANDWIDTH_RULE)
        for contract_id in link.contracts:
            if contract_id not in contract_ids:
                add("contracts", f"contract {shown(contract_id)} is not in this network")
        for contract_id in _repeated(link.contracts):
            add("contracts", f"the contract {shown(contract_id)} is listed twice")
        if link.snmp is not None:
            for field_name, message in snmp_problems(link.snmp):
                add(f"snmp.{field_name}", message)
    return problems


def _check_contract_warn_days(settings: MonitoringSettings) -> list[Problem]:
    days = settings.contract_warn_days
    if any(day < 0 or day > 3660 for day in days) or len(set(days)) != len(days):
        return [Problem("monitoring", None, None, "contract_warn_days",
                        "days before a contract ends, each from 0 to 3660 and none twice, e.g. [180, 90, 60, 30, 7]")]
    return []


def _check_contracts(contracts: list[Contract]) -> list[Problem]:
    problems = _check_ids("contracts", [c.id for c in contracts])
    for index, contract in enumerate(contracts):
        def add(field_name: str, message: str, contract: Contract = contract, index: int = index) -> None:
            problems.append(Problem("contracts", index, contract.id, field_name, message))

        for name, day in (("start", contract.start), ("end", contract.end)):
            if not FIRST_DAY <= day <= LAST_DAY:
                add(name, _day_rule(day))
        if contract.end < contract.start:
            add("end", f"the contract ends ({contract.end}) before it starts ({contract.start})")
        if contract.value_idr < 0:
            add("value_idr", "the value cannot be negative")
        elif contract.value_idr > MAX_IDR:
            add("value_idr", _IDR_RULE)
        if not 0 < contract.bandwidth_kbps <= MAX_BANDWIDTH_KBPS:
            add("bandwidth_kbps", _BANDWIDTH_RULE)
        if contract.sla_percent is not None and not 0 < contract.sla_percent <= 100:
            add("sla_percent", "the SLA is a percentage above 0 and at most 100")
        if contract.sla is not None:
            for field_name, message in sla_problems(contract.sla, contract.sla_percent):
                add(field_name, message)
        for n, payment in enumerate(contract.payments):
            if payment.amount_idr <= 0:
                add(f"payments[{n}].amount_idr", "a payment amount must be positive")
            elif payment.amount_idr > MAX_IDR:
                add(f"payments[{n}].amount_idr", _IDR_RULE)
            for name, day in (("paid_on", payment.paid_on), ("period_start", payment.period_start),
                              ("period_end", payment.period_end)):
                if not FIRST_DAY <= day <= LAST_DAY:
                    add(f"payments[{n}].{name}", _day_rule(day))
            if payment.period_end < payment.period_start:
                add(f"payments[{n}].period_end", "the period covered ends before it starts")
        for n, request in enumerate(contract.budget_requests):
            if request.amount_idr <= 0:
                add(f"budget_requests[{n}].amount_idr", "a budget request amount must be positive")
            elif request.amount_idr > MAX_IDR:
                add(f"budget_requests[{n}].amount_idr", _IDR_RULE)
            if not 1990 <= request.year <= 2200:
                add(f"budget_requests[{n}].year", f"{request.year} is not a plausible budget year (1990…2200)")
            if request.decided_on is not None and not FIRST_DAY <= request.decided_on <= LAST_DAY:
                add(f"budget_requests[{n}].decided_on", _day_rule(request.decided_on))
        for n, letter in enumerate(contract.correspondence):
            if not FIRST_DAY <= letter.sent_on <= LAST_DAY:
                add(f"correspondence[{n}].sent_on", _day_rule(letter.sent_on))
    return problems


_IDR_RULE = f"at most Rp {MAX_IDR:,} (a whole number of rupiah)"
_BANDWIDTH_RULE = f"bandwidth must be a whole number of kbps from 1 to {MAX_BANDWIDTH_KBPS:,} (1 Tbit/s)"


def _day_rule(day: date) -> str:
    return f"{day} is outside {FIRST_DAY}…{LAST_DAY}"


def _repeated(items: list[str]) -> list[str]:
    seen: set[str] = set()
    repeated: list[str] = []
    for item in items:
        if item in seen and item not in repeated:
            repeated.append(item)
        seen.add(item)
    return repeated


def _check_settings(network: Network) -> list[Problem]:
    problems = []
    try:
        ZoneInfo(network.timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        problems.append(Problem("network", None, None, "timezone",
                                f"{shown(network.timezone)} is not a time zone name: use Asia/Makassar (WITA), "
                                "Asia/Jakarta (WIB) or Asia/Jayapura (WIT)"))
    settings = network.monitoring
    if settings.vantage and network.site(settings.vantage) is None:
        problems.append(Problem("monitoring", None, None, "vantage",
                                f"vantage {shown(settings.vantage)} is not a site in this network: name the "
                                "site the computer running Pantau sits in"))

    def monitoring(field_name: str, message: str) -> None:
        problems.append(Problem("monitoring", None, None, field_name, message))

    for name, value, limit in (("down_after", settings.down_after, MAX_PROBE_COUNT),
                               ("up_after", settings.up_after, MAX_PROBE_COUNT),
                               ("window", settings.window, MAX_WINDOW)):
        if not 1 <= value <= limit:
            monitoring(name, f"must be from 1 to {limit:,}")
    if not 0 < settings.degraded_loss_percent <= 100:
        monitoring("degraded_loss_percent", "must be in 0…100")
    if settings.degraded_rtt_ms <= 0:
        monitoring("degraded_rtt_ms", "must be positive")
    if not 1 <= settings.raw_retention_days <= MAX_RETENTION_DAYS:
        monitoring("raw_retention_days", f"must be from 1 to {MAX_RETENTION_DAYS:,} days")
    if not settings.raw_retention_days <= settings.minute_rollup_retention_days <= MAX_RETENTION_DAYS:
        monitoring("minute_rollup_retention_days",
                   f"must be at least raw_retention_days and at most {MAX_RETENTION_DAYS:,} days")
    problems += channel_problems(network.alerts)
    store = network.store
    if store.password_secret and not is_valid_secret_key(store.password_secret):
        problems.append(Problem("store", None, None, "password_secret",
                                f"{shown(store.password_secret)} is not a keyring key name (letters, digits, . _ / -)"))
    if store.password_secret and not store.url:
        problems.append(Problem("store", None, None, "url", "missing: password_secret names the password of a "
                                                            "store, so the store's url is needed too"))
    return problems


def channel_problems(alerts: AlertChannels) -> list[Problem]:
    """What is wrong with the alert channels' settings (the senders check them again before each send)."""
    problems: list[Problem] = []
    telegram = alerts.telegram
    if telegram:
        def tg(field_name: str, message: str) -> None:
            problems.append(Problem("alerts.telegram", None, None, field_name, message))

        if not is_valid_secret_key(telegram.token_secret):
            tg("token_secret", "name the keyring key that holds the bot token (letters, digits, . _ : / -)")
        for chat_id in telegram.chat_ids:
            if not is_chat_id(chat_id):
                tg("chat_ids", f"{shown(chat_id)} is not a chat id: a number (-1001234567890) or @channelname")
        api_problem = url_problem(telegram.api_base)
        if api_problem:
            tg("api_base", api_problem)
    email = alerts.email
    if email:
        def mail(field_name: str, message: str) -> None:
            problems.append(Problem("alerts.email", None, None, field_name, message))

        if email.password_secret and not is_valid_secret_key(email.password_secret):
            mail("password_secret", "name the keyring key that holds the SMTP password")
        host_problem = address_problem(email.host)
        if host_problem:
            mail("host", host_problem)
        if not 1 <= email.port <= 65535:
            mail("port", f"port {email.port} is outside 1…65535")
        for name, addresses in (("sender", [email.sender]), ("recipients", email.recipients)):
            for address in addresses:
                if not _MAIL_RE.fullmatch(address) or hidden_characters(address):
                    mail(name, f"{shown(address)} is not an e-mail address (name@example.go.id)")
        if email.security not in ("starttls", "ssl", "none"):
            mail("security", "use starttls, ssl or none")
        elif email.security == "none" and email.password_secret and not _is_loopback(email.host):
            # Only a relay on this machine may see the password in the clear.
            mail("security", f"security \"none\" would send the SMTP password unencrypted to {email.host}: use "
                             "starttls or ssl (none is for a relay on this machine)")
        if hidden_characters(email.username):
            mail("username", "holds control or formatting characters: write it on one line, in plain text")
    return problems


def _check_texts(network: Network) -> list[Problem]:
    """Free text holds no control or formatting characters: they would recolour a terminal, forge a line of
    output or hide text. Notes, street addresses and the attribution may hold line breaks and tabs."""
    problems: list[Problem] = []

    def check(section: str, index: int | None, entry: str | None, values: dict[str, str],
              multiline: tuple[str, ...] = ()) -> None:
        for name, value in values.items():
            bad = hidden_characters(value, "\n\t" if name.rsplit(".", 1)[-1] in multiline else "")
            if bad:
                listed = ", ".join(escape_char(char) for char in bad[:5])
                allowed = "only line breaks and tabs are allowed here" if name.rsplit(".", 1)[-1] in multiline \
                    else "write it on one line, in plain text"
                problems.append(Problem(section, index, entry, name,
                                        f"holds control or formatting characters ({listed}): {allowed}"))

    check("network", None, None, {"name": network.name, "attribution": network.attribution}, ("attribution",))
    for i, site in enumerate(network.sites):
        check("sites", i, site.id, {"name": site.name, "kecamatan": site.kecamatan, "address": site.address,
                                    "notes": site.notes}, ("address", "notes"))
    for i, target in enumerate(network.targets):
        check("targets", i, target.id, {"name": target.name})
    for i, link in enumerate(network.links):
        check("links", i, link.id, {"provider": link.provider, "circuit_id": link.circuit_id})
    for i, contract in enumerate(network.contracts):
        values = {"provider": contract.provider, "number": contract.number, "service": contract.service,
                  "notes": contract.notes}
        for n, payment in enumerate(contract.payments):
            values[f"payments[{n}].reference"] = payment.reference
        for n, request in enumerate(contract.budget_requests):
            values[f"budget_requests[{n}].note"] = request.note
        for n, letter in enumerate(contract.correspondence):
            values.update({f"correspondence[{n}].to": letter.to, f"correspondence[{n}].subject": letter.subject,
                           f"correspondence[{n}].reference": letter.reference})
        check("contracts", i, contract.id, values, ("notes", "note"))
    return problems


def _is_loopback(host: str) -> bool:
    if host.strip().lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_chat_id(text: str) -> bool:
    """A Telegram chat id: a number (groups are negative), or @channelname."""
    return bool(_CHAT_ID_RE.fullmatch(text))


def ancestors(network: Network, site_id: str) -> list[str]:
    """The parent chain of a site, nearest first; stops at a loop so it is safe on unvalidated data."""
    return parent_chain({s.id: s.parent for s in network.sites}, site_id)


def parent_chain(parent_of: Mapping[str, str | None], site_id: str) -> list[str]:
    """`ancestors` over a parent map the caller keeps (one map for many walks); stops at a loop."""
    chain: list[str] = []
    current = parent_of.get(site_id)
    while current is not None and current not in chain and current != site_id:
        chain.append(current)
        current = parent_of.get(current)
    return chain
