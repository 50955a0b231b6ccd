"""The incident record's facts from plain data (`build_incident_record` is pure): the offices cut off along the
vantage's tree, the cluster's span, the number, the evidence hashes, and an SLA that cannot be given said as why."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

from pantau.domain.inventory import Contract, Link, LinkMedium, Network, Site, SiteKind, Target, TargetRole
from pantau.domain.sla import SlaGap, sla_service
from pantau.domain.states import HealthState
from pantau.reporting.incident_html import duration_text, incident_record_html
from pantau.reporting.incident_record import AlertFact, build_incident_record, evidence_bundle, record_number
from pantau.storage.workspace import DiagnosisRow, EventRow

TZ = ZoneInfo("Asia/Makassar")
START = datetime(2026, 3, 10, 8, 0, tzinfo=TZ).timestamp()


def network(sla_percent: float | None = 99.5) -> Network:
    """dc ← kec ← desa1 ← dusun (a chain), dc ← other; kec's line on a contract of `sla_percent`, other's on none
    in force (its only contract ended in 2025)."""
    return Network(
        "N", timezone="Asia/Makassar",
        sites=[Site("dc", "DC", SiteKind.DATACENTER, "X"),
               Site("kec", "Kecamatan", SiteKind.KECAMATAN, "X", parent="dc"),
               Site("desa1", "Desa Satu", SiteKind.DESA, "X", parent="kec"),
               Site("dusun", "Dusun", SiteKind.DESA, "X", parent="desa1"),
               Site("other", "Lain", SiteKind.KELURAHAN, "X", parent="dc")],
        targets=[Target("srv", "dc", "127.0.0.2", TargetRole.SERVER),
                 Target("r-kec", "kec", "127.0.0.3", TargetRole.OFFICE_ROUTER),
                 Target("r-desa1", "desa1", "127.0.0.4", TargetRole.OFFICE_ROUTER)],
        links=[Link("l-kec", "kec", "dc", "Telkom", LinkMedium.FIBER, 1000, circuit_id="C1", contracts=["k1"]),
               Link("l-other", "other", "dc", "Lintas", LinkMedium.FIBER, 1000, contracts=["k-old"])],
        contracts=[Contract("k1", "Telkom", "1/SPK", "x", 1000, date(2026, 1, 1), date(2026, 12, 31), 120_000_000,
                            sla_percent=sla_percent),
                   Contract("k-old", "Lintas", "2/SPK", "x", 1000, date(2025, 1, 1), date(2025, 12, 31), 1)])


def down(event_id: int, site: str, start: float, end: float | None) -> EventRow:
    return EventRow(site, "site", HealthState.DOWN, HealthState.UP, start, end, "", "timeout", event_id)


def test_the_offices_behind_a_down_office_are_cut_for_its_outages_and_a_cluster_spans_them_all() -> None:
    downs = [down(7, "kec", START, START + 600), down(9, "kec", START + 1200, START + 1500),
             down(12, "other", START + 300, START + 900)]
    record = build_incident_record(network(), downs, downs, [], [], {}, START + 86_400)
    cuts = {office.site_id: (office.via, office.duration_s) for office in record.offices}
    # The chain below kec is cut by kec (the down site nearest the vantage), for both of kec's outages.
    assert cuts == {"kec": (None, 900.0), "other": (None, 600.0), "desa1": ("kec", 900.0), "dusun": ("kec", 900.0)}
    assert (record.start, record.end, record.ongoing) == (START, START + 1500, False)
    # At least one office down from 08:00 to 08:15 and from 08:20 to 08:25.
    assert record.duration_s == 1200.0
    assert record.number == "7/BA-GJ/III/2026" == record_number(7, START, "Asia/Makassar")


def test_a_running_outage_ends_at_the_moment_of_the_record() -> None:
    now = START + 4000
    record = build_incident_record(network(), [down(3, "kec", START, None)], [], [], [], {}, now)
    assert record.ongoing and record.end == now and record.duration_s == 4000
    assert [entry.kind for entry in record.chronology] == ["down", "still"]
    html = incident_record_html(record, "en")
    assert "still running at the time of the record" in html
    assert f"{duration_text('en', 4000)} so far (still running)" in html


def test_evidence_is_each_diagnosis_of_the_span_with_its_hash_and_the_bundle_hashes_them_all() -> None:
    hops = {"toward": "127.0.0.3", "last_hop": "127.0.0.1",
            "hops": [{"ttl": 1, "address": "127.0.0.1", "rtt_ms": 1.5, "loss_percent": 0.0, "reached": False}]}
    stored = json.dumps({"headline": "kec putus", "path": hops, "trigger": {"kind": "auto"}})
    rows = [DiagnosisRow(1, START + 30, "site kec", "isp-access", "id", "", stored),
            # Another office's diagnosis and one made long before: not evidence of this outage.
            DiagnosisRow(2, START + 40, "site other", "isp-access", "id", "", "{}"),
            DiagnosisRow(3, START - 3600, "site kec", "isp-access", "id", "", "{}"),
            DiagnosisRow(4, START + 50, "all", "ok", "id", "", "not json")]
    record = build_incident_record(network(), [down(5, "kec", START, START + 600)], [], rows, [], {}, START + 900)
    assert [item.row.id for item in record.evidence] == [1, 4]
    first = record.evidence[0]
    assert first.auto and first.headline == "kec putus" and first.last_hop == "127.0.0.1"
    assert [hop.address for hop in first.hops] == ["127.0.0.1"]
    assert first.sha256 == hashlib.sha256(stored.encode()).hexdigest()
    assert record.evidence[1].hops == () and not record.evidence[1].auto
    bundle = evidence_bundle(record.number, [rows[0], rows[3]])
    assert record.bundle_sha256 == hashlib.sha256(bundle).hexdigest()
    assert json.loads(bundle)["diagnoses"][1]["report_json"] == "not json"


def test_an_sla_without_a_figure_says_why() -> None:
    no_target = network(sla_percent=None)
    downs = [down(5, "kec", START, START + 600), down(6, "other", START, START + 60)]
    service = sla_service(no_target, no_target.contracts[0], TZ, {}, {}, START + 900, date(2026, 3, 10),
                          date(2026, 3, 10))
    record = build_incident_record(no_target, downs, [], [], [], {"k1": service}, START + 900)
    assert {fact.site_id: fact.gap for fact in record.sla} == {"kec": SlaGap.NO_TARGET, "other": "no-contract"}
    html = incident_record_html(record, "id")
    assert "Kontrak 1/SPK tidak menyebut target ketersediaan" in html
    assert "Tidak ada kontrak yang berlaku untuk jalur Lain" in html
    assert "tidak ada kontrak yang berlaku pada 10 Maret 2026" in html
    # A target but nothing monitored in the window: no availability, never 100 %.
    watched = network()
    unwatched = sla_service(watched, watched.contracts[0], TZ, {}, {}, START + 900, date(2026, 3, 10),
                            date(2026, 3, 10))
    record = build_incident_record(watched, downs[:1], [], [], [], {"k1": unwatched}, START + 900)
    assert [fact.gap for fact in record.sla] == ["not-watched"]
    assert "Periode yang memuat gangguan ini tidak terpantau" in incident_record_html(record, "id")


def test_alerts_of_the_affected_offices_are_in_the_chronology_with_their_channels() -> None:
    alerts = [AlertFact(START + 20, "down", "kec", "GANGGUAN kec", "DOWN kec", "raised", "", (("email", "queued"),)),
              AlertFact(START + 25, "down", "desa1", "", "", "suppressed", "maintenance window", ()),
              AlertFact(START + 30, "down", "other", "x", "x", "raised", "", ())]
    record = build_incident_record(network(), [down(5, "kec", START, START + 600)], [], [], alerts, {}, START + 900)
    listed = [entry.alert for entry in record.chronology if entry.alert is not None]
    assert listed == alerts[:2]
    html = incident_record_html(record, "en")
    assert "DOWN kec — email: queued" in html
    assert "kept back by a rule: maintenance window" in html
