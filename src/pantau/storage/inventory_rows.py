"""The inventory's rows: a `Network` written into the workspace's inventory tables and read back, equal.

Everything runs on a connection the caller gives (the workspace's writer for writes, its reader for reads), in the
caller's transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import asdict, fields
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

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
    StoreSettings,
    Target,
    TargetRole,
    TelegramChannel,
)
from pantau.domain.sla_terms import SlaExclusion, SlaTerms, SlaWindow
from pantau.domain.snmp_config import AuthProtocol, PrivProtocol, SnmpInterface, SnmpVersion

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

D = TypeVar("D", bound="DataclassInstance")

INVENTORY_TABLES = ("payments", "budget_requests", "correspondence", "contracts", "links", "targets", "sites",
                    "network_settings")


def _build(cls: type[D], data: Mapping[str, Any]) -> D:
    """A dataclass from a JSON object, ignoring keys it does not have so a renamed field cannot break a load."""
    names = {f.name for f in fields(cls)}
    return cls(**{key: value for key, value in data.items() if key in names})


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def clear_network(conn: sqlite3.Connection) -> None:
    for table in INVENTORY_TABLES:
        conn.execute(f"DELETE FROM {table}")


def write_network(conn: sqlite3.Connection, network: Network) -> None:
    clear_network(conn)
    settings: dict[str, Any] = {
        "name": network.name,
        "timezone": network.timezone,
        "sample": network.sample,
        "attribution": network.attribution,
        "monitoring": asdict(network.monitoring),
        "alerts": asdict(network.alerts),
        "store": asdict(network.store),
        # Kept beside the settings rather than in the targets table, whose columns predate them.
        "target_tls": {t.id: [t.tls_ca_file, t.tls_pin_sha256] for t in network.targets
                       if t.tls_ca_file or t.tls_pin_sha256},
    }
    conn.executemany("INSERT INTO network_settings (key, value) VALUES (?, ?)",
                     [(key, json.dumps(value)) for key, value in settings.items()])
    conn.executemany(
        "INSERT INTO sites VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(s.id, n, s.name, str(s.kind), s.kecamatan, s.lat, s.lon, s.parent, s.address, s.notes)
         for n, s in enumerate(network.sites)],
    )
    conn.executemany(
        "INSERT INTO targets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(t.id, n, t.site, t.address, str(t.role), json.dumps(t.checks), t.name, t.interval_s, int(t.enabled))
         for n, t in enumerate(network.targets)],
    )
    conn.executemany(
        "INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(k.id, n, k.a, k.b, k.provider, str(k.medium), k.bandwidth_kbps, str(k.role), k.circuit_id,
          json.dumps(k.contracts), snmp_to_json(k.snmp)) for n, k in enumerate(network.links)],
    )
    for n, c in enumerate(network.contracts):
        conn.execute(
            "INSERT INTO contracts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (c.id, n, c.provider, c.number, c.service, c.bandwidth_kbps, c.start.isoformat(), c.end.isoformat(),
             c.value_idr, str(c.billing_period), c.sla_percent, c.notes, sla_to_json(c.sla)),
        )
        conn.executemany(
            "INSERT INTO payments VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(c.id, i, p.paid_on.isoformat(), p.amount_idr, p.period_start.isoformat(), p.period_end.isoformat(),
              p.reference) for i, p in enumerate(c.payments)],
        )
        conn.executemany(
            "INSERT INTO budget_requests VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(c.id, i, b.year, b.amount_idr, str(b.status), None if b.decided_on is None else b.decided_on.isoformat(),
              b.note) for i, b in enumerate(c.budget_requests)],
        )
        conn.executemany(
            "INSERT INTO correspondence VALUES (?, ?, ?, ?, ?, ?)",
            [(c.id, i, letter.sent_on.isoformat(), letter.to, letter.subject, letter.reference)
             for i, letter in enumerate(c.correspondence)],
        )


def read_network(conn: sqlite3.Connection) -> Network | None:
    settings = {key: json.loads(value) for key, value in conn.execute("SELECT key, value FROM network_settings")}
    if "name" not in settings:
        return None
    alerts = settings.get("alerts") or {}
    network = Network(
        name=settings["name"],
        timezone=settings["timezone"],
        sample=settings["sample"],
        attribution=settings["attribution"],
        monitoring=_build(MonitoringSettings, settings.get("monitoring") or {}),
        alerts=AlertChannels(
            telegram=_build(TelegramChannel, alerts["telegram"]) if alerts.get("telegram") else None,
            email=_build(EmailChannel, alerts["email"]) if alerts.get("email") else None,
        ),
        store=_build(StoreSettings, settings.get("store") or {}),
    )
    network.sites = [
        Site(id=r[0], name=r[1], kind=SiteKind(r[2]), kecamatan=r[3], lat=r[4], lon=r[5], parent=r[6],
             address=r[7], notes=r[8])
        for r in conn.execute("SELECT id, name, kind, kecamatan, lat, lon, parent, address, notes FROM sites "
                              "ORDER BY position")
    ]
    network.targets = [
        Target(id=r[0], site=r[1], address=r[2], role=TargetRole(r[3]), checks=json.loads(r[4]), name=r[5],
               interval_s=r[6], enabled=bool(r[7]))
        for r in conn.execute("SELECT id, site, address, role, checks, name, interval_s, enabled FROM targets "
                              "ORDER BY position")
    ]
    trusted = settings.get("target_tls") or {}
    for target in network.targets:
        target.tls_ca_file, target.tls_pin_sha256 = trusted.get(target.id, ("", ""))
    network.links = [
        Link(id=r[0], a=r[1], b=r[2], provider=r[3], medium=LinkMedium(r[4]), bandwidth_kbps=r[5],
             role=LinkRole(r[6]), circuit_id=r[7], contracts=json.loads(r[8]), snmp=snmp_from_json(r[9]))
        for r in conn.execute("SELECT id, a, b, provider, medium, bandwidth_kbps, role, circuit_id, contracts, snmp "
                              "FROM links ORDER BY position")
    ]
    network.contracts = [_read_contract(conn, row) for row in conn.execute(
        "SELECT id, provider, number, service, bandwidth_kbps, start_date, end_date, value_idr, billing_period, "
        "sla_percent, notes, sla FROM contracts ORDER BY position").fetchall()]
    return network


def _read_contract(conn: sqlite3.Connection, row: Any) -> Contract:
    contract_id = row[0]
    payments = [
        Payment(paid_on=date.fromisoformat(r[0]), amount_idr=r[1], period_start=date.fromisoformat(r[2]),
                period_end=date.fromisoformat(r[3]), reference=r[4])
        for r in conn.execute("SELECT paid_on, amount_idr, period_start, period_end, reference FROM payments "
                              "WHERE contract_id = ? ORDER BY position", (contract_id,))
    ]
    budget = [
        BudgetRequest(year=r[0], amount_idr=r[1], status=BudgetStatus(r[2]), decided_on=_date(r[3]), note=r[4])
        for r in conn.execute("SELECT year, amount_idr, status, decided_on, note FROM budget_requests "
                              "WHERE contract_id = ? ORDER BY position", (contract_id,))
    ]
    letters = [
        Letter(sent_on=date.fromisoformat(r[0]), to=r[1], subject=r[2], reference=r[3])
        for r in conn.execute("SELECT sent_on, recipient, subject, reference FROM correspondence "
                              "WHERE contract_id = ? ORDER BY position", (contract_id,))
    ]
    return Contract(
        id=contract_id, provider=row[1], number=row[2], service=row[3], bandwidth_kbps=row[4],
        start=date.fromisoformat(row[5]), end=date.fromisoformat(row[6]), value_idr=row[7],
        billing_period=BillingPeriod(row[8]), sla_percent=row[9], payments=payments, budget_requests=budget,
        correspondence=letters, notes=row[10], sla=sla_from_json(row[11]),
    )


def sla_to_json(terms: SlaTerms | None) -> str | None:
    if terms is None:
        return None
    return json.dumps({"window": str(terms.window), "credit_percent_per_hour": terms.credit_percent_per_hour,
                       "credit_cap_percent": terms.credit_cap_percent,
                       "exclusions": [[e.start.isoformat(), e.end.isoformat(), e.note] for e in terms.exclusions]})


def sla_from_json(text: str | None) -> SlaTerms | None:
    if text is None:
        return None
    values = json.loads(text)
    return SlaTerms(window=SlaWindow(values["window"]), credit_percent_per_hour=values["credit_percent_per_hour"],
                    credit_cap_percent=values["credit_cap_percent"],
                    exclusions=[SlaExclusion(datetime.fromisoformat(start), datetime.fromisoformat(end), note)
                                for start, end, note in values["exclusions"]])


def snmp_to_json(snmp: SnmpInterface | None) -> str | None:
    if snmp is None:
        return None
    return json.dumps({f.name: str(getattr(snmp, f.name)) if isinstance(getattr(snmp, f.name), StrEnum)
                       else getattr(snmp, f.name) for f in fields(snmp)})


def snmp_from_json(text: str | None) -> SnmpInterface | None:
    if text is None:
        return None
    values = json.loads(text)
    return SnmpInterface(
        host=values["host"], interface=values["interface"], version=SnmpVersion(values["version"]),
        port=values["port"], community_secret=values["community_secret"], user=values["user"],
        auth_protocol=AuthProtocol(values["auth_protocol"]), auth_secret=values["auth_secret"],
        priv_protocol=PrivProtocol(values["priv_protocol"]), priv_secret=values["priv_secret"],
        interval_s=values["interval_s"],
    )
