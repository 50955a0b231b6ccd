"""Diagnosis reports: the chat-sized text in Indonesian and English, and the stable JSON document."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from pantau.domain.diagnosis import DiagnosisReport, Verdict, build_report, outcome_from_round, plan_diagnosis
from pantau.domain.inventory import Network, Target, TargetRole
from pantau.domain.samples import ErrorKind
from pantau.domain.timezones import local_date
from pantau.reporting.diagnosis_report import JSON_VERSION, render_json, render_text
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from tests.unit.test_diagnosis import PORTAL, diagnose, expired, redirected, small_network, with_offices
from tests.unit.test_diagnosis_vantages import heard_elsewhere

# What docs/diagnose.md promises: the document's keys, and those of a check and a contract.
DOCUMENT_KEYS = {"version", "lang", "network", "timezone", "scope", "site", "started", "finished", "duration_ms",
                 "verdict", "failing_layer", "summary", "headline", "where", "layers", "also", "findings",
                 "congestion", "cause", "contract", "chain", "office_lines", "backup", "next_steps", "path", "live",
                 "checks", "monitored"}
CHECK_KEYS = {"layer", "target", "name", "address", "method", "ok", "rtt_ms", "loss_percent", "error", "message",
              "detail", "duration_ms", "baseline_ms"}
CONTRACT_KEYS = {"link", "site", "far_end", "provider", "circuit_id", "medium", "role", "id", "number", "service",
                 "status", "start", "end", "days_left", "next_start", "payment_overdue", "payment_overdue_days",
                 "unpaid_periods", "budget_cut", "budget_year"}
CAUSE_KEYS = {"kind", "explains_fault", "summary", "text", "link", "days", "portal_host", "targets", "lines",
              "lapsed_lines", "providers"}
BACKUP_KEYS = {"link", "provider", "circuit_id", "medium", "reachable", "contract_status"}
TELEGRAM_LIMIT = 4096


@pytest.fixture(scope="module")
def sample() -> Network:
    return load_network_file(sample_network_path())


def administrative_cut(backup: bool | None = None) -> DiagnosisReport:
    """Server and LAN fine, ISP gateway answers, upstream silent, a web check redirected, contract ended 10 days ago."""
    reachable = None if backup is None else {"link-inet-4g": backup}
    return diagnose(small_network(internet=expired("ctr-inet")), "isp", failing={"up-1", "up-2"},
                    backup=reachable, **redirected())


RESOLVER = Target("dns-1", "dc", "127.0.1.53", TargetRole.SERVER, ["icmp", "dns:simda.ppu.go.id@127.0.1.53"],
                  name="Resolver")
DNS_CHECK = "dns-1 dns:simda.ppu.go.id@127.0.1.53"

SCENARIOS: dict[Verdict, Callable[[], DiagnosisReport]] = {
    Verdict.OK: lambda: diagnose(small_network(), "all"),
    Verdict.LOCAL: lambda: diagnose(small_network(), "server", failing={"gw-lan", "srv"}, local_ok=False),
    Verdict.LAN: lambda: diagnose(small_network(), "isp", failing={"gw-lan", "srv", "gw-isp", "up-1", "up-2"}),
    Verdict.SERVER: lambda: diagnose(small_network(), "server", failing={"srv"}),
    Verdict.SERVER_SERVICE: lambda: diagnose(small_network(), "server", failing={"srv tcp:5432"},
                                             errors={"srv tcp:5432": ErrorKind.REFUSED}),
    Verdict.ISP_LINK: lambda: diagnose(small_network(), "isp", failing={"gw-isp", "up-1", "up-2"}),
    Verdict.ISP_ACCESS: lambda: diagnose(with_offices(small_network(), 4), "all",
                                         failing={"rtr-kec", "rtr-desa", "rtr-o0", "rtr-o1", "rtr-o2", "rtr-o3"}),
    Verdict.ISP_UPSTREAM: administrative_cut,
    Verdict.DNS: lambda: diagnose(small_network(extra_targets=[RESOLVER]), "isp", failing={DNS_CHECK},
                                  errors={DNS_CHECK: ErrorKind.DNS}),
    Verdict.DEGRADED: lambda: diagnose(small_network(), "isp", loss={"gw-isp": 1}, rtt={"up-2 icmp": 900.0}),
    Verdict.PATH_BROKEN: heard_elsewhere,
}


def test_every_verdict_has_a_scenario() -> None:
    assert set(SCENARIOS) == set(Verdict)


@pytest.mark.parametrize("verdict", list(Verdict), ids=str)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_verdict_renders_a_sentence_not_its_code(verdict: Verdict, lang: Any) -> None:
    report = SCENARIOS[verdict]()
    assert report.result.verdict is verdict
    text = render_text(report, lang)
    headline = text.splitlines()[1]
    # A code such as "isp-access" is for machines; people read the sentence.
    assert f"[{verdict.value}]" not in text and ("-" not in verdict.value or verdict.value not in text), headline
    assert headline.startswith("✓" if verdict is Verdict.OK else "⚠" if verdict is Verdict.DEGRADED else "✗")
    assert len(headline) > 20 and "{" not in text and "}" not in text
    assert render_json(report, lang)["verdict"] == verdict.value


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_verdict_has_its_own_headline(lang: Any) -> None:
    headlines = {verdict: render_text(make(), lang).splitlines()[1] for verdict, make in SCENARIOS.items()}
    assert len(set(headlines.values())) == len(headlines)


def test_the_administrative_cut_in_indonesian_names_the_contract_the_provider_and_the_circuit() -> None:
    text = render_text(administrative_cut(), "id")
    assert "LAN dan server normal; gateway ISP menjawab, tetapi tidak ada yang menjawab di luarnya" in text
    assert "kontrak link ini (no. NO/ctr-inet, PT Telkom Indonesia, circuit ID TLK-AST-4471) berakhir 10 hari " \
           "yang lalu (28 Februari 2026) — kemungkinan besar provider memutus layanan." in text
    assert f"dialihkan ke {PORTAL}, kemungkinan halaman tagihan/isolir provider" in text
    assert "Hubungi PT Telkom Indonesia (circuit ID TLK-AST-4471, kontrak no. NO/ctr-inet)" in text


def test_the_administrative_cut_in_english_names_the_contract_the_provider_and_the_circuit() -> None:
    text = render_text(administrative_cut(), "en")
    assert "LAN and server are fine; the ISP gateway answers, but nothing beyond it does" in text
    assert "the contract for this line (no. NO/ctr-inet, PT Telkom Indonesia, circuit TLK-AST-4471) ended 10 days " \
           "ago (28 Feb 2026) — the provider has probably cut the line." in text
    assert f"redirected to {PORTAL}, likely the provider's billing or suspension page" in text
    assert "Call PT Telkom Indonesia (circuit TLK-AST-4471, contract no. NO/ctr-inet)" in text


def test_the_text_is_short_numbered_and_shows_each_check() -> None:
    report = administrative_cut()
    text = render_text(report, "en")
    steps = re.findall(r"^(\d)\. ", text, flags=re.MULTILINE)
    assert steps == [str(n) for n in range(1, len(report.next_steps) + 1)] and 2 <= len(steps) <= 4
    evidence = [line for line in text.splitlines() if line[:2] in ("✓ ", "✗ ", "⚠ ")][1:]
    assert len(evidence) == len(report.outcomes)
    assert "✗ Anchor national · http://127.0.2.11/ · redirected to " + PORTAL in evidence
    assert "✓ LAN gateway · icmp · 1.5 ms" in evidence


def test_a_backup_line_that_answers_is_stated_in_both_languages() -> None:
    report = administrative_cut(backup=True)
    assert "Backup line: ISAT-M2M-0901 (PT Indosat, 4g) — answers." in render_text(report, "en")
    indonesian = render_text(report, "id")
    assert "Link cadangan: ISAT-M2M-0901 (PT Indosat, 4g) — menjawab." in indonesian
    assert "Alihkan ke link cadangan ISAT-M2M-0901 (PT Indosat, 4g): link cadangan menjawab." in indonesian
    assert render_json(report)["backup"] == {"link": "link-inet-4g", "provider": "PT Indosat",
                                             "circuit_id": "ISAT-M2M-0901", "medium": "4g", "reachable": True,
                                             "contract_status": "active"}


def test_a_backup_line_not_probed_is_stated_as_available() -> None:
    assert "Backup line: ISAT-M2M-0901 (PT Indosat, 4g) — available, not checked." in render_text(
        administrative_cut(), "en")


def test_the_json_document_has_every_documented_key() -> None:
    document = render_json(administrative_cut(backup=False))
    assert set(document) == DOCUMENT_KEYS
    assert document["version"] == JSON_VERSION == 1
    assert (document["verdict"], document["scope"], document["failing_layer"]) == ("isp-upstream", "isp",
                                                                                  "upstream")
    assert set(document["cause"]) == CAUSE_KEYS and document["cause"]["kind"] == "contract-expired"
    assert set(document["contract"]) == CONTRACT_KEYS
    assert set(document["backup"]) == BACKUP_KEYS and document["backup"]["reachable"] is False
    assert all(set(check) == CHECK_KEYS for check in document["checks"])
    assert json.loads(json.dumps(document, ensure_ascii=False)) == document


def test_the_json_contract_carries_status_days_and_money_trouble() -> None:
    contract = render_json(administrative_cut())["contract"]
    assert contract["provider"] == "PT Telkom Indonesia" and contract["number"] == "NO/ctr-inet"
    assert (contract["circuit_id"], contract["status"], contract["days_left"]) == ("TLK-AST-4471", "expired", -10)
    assert (contract["end"], contract["payment_overdue"], contract["budget_cut"]) == ("2026-02-28", False, False)


def test_json_times_are_iso_8601_in_the_network_zone() -> None:
    document = render_json(administrative_cut())
    assert document["started"] == "2026-03-10T07:46:40+08:00"
    assert document["finished"] == "2026-03-10T07:46:43+08:00"
    assert document["duration_ms"] == 3500.0


def test_a_failed_check_keeps_its_error_message_and_detail_in_json() -> None:
    checks = render_json(administrative_cut())["checks"]
    http = next(c for c in checks if c["method"] == "http://127.0.2.11/")
    assert (http["ok"], http["error"], http["rtt_ms"], http["loss_percent"]) == (False, "bad-response", None, 100.0)
    assert http["detail"]["redirected_to_host"] == PORTAL


def test_times_show_the_indonesian_zone_name() -> None:
    text = render_text(administrative_cut(), "id")
    assert text.splitlines()[0] == "Diagnosis Pantau · ISP · Test regency · 2026-03-10 07:46 WITA"


def test_an_unknown_zone_falls_back_to_utc() -> None:
    network = small_network()
    network.timezone = "Nowhere/Atlantis"
    plan = plan_diagnosis(network, "server")
    outcomes = [outcome_from_round(c, sent=1, received=1, rtts_ms=(1.0,), error=None) for c in plan.checks]
    report = build_report(network, plan, outcomes, local_ok=True, started=0.0, finished=60.0, today=date(1970, 1, 1))
    assert "1970-01-01 00:01 UTC+00:00" in render_text(report, "en")
    assert render_json(report)["finished"] == "1970-01-01T00:01:00+00:00"


def test_today_is_the_calendar_day_in_the_network_zone() -> None:
    evening_utc = datetime(2026, 3, 9, 20, 0, tzinfo=UTC).timestamp()
    assert local_date(evening_utc, "Asia/Jayapura") == date(2026, 3, 10)
    assert local_date(evening_utc, "Nowhere/Atlantis") == date(2026, 3, 9)


def test_indonesian_numbers_use_a_decimal_comma() -> None:
    report = diagnose(small_network(), "server", rtt={"srv": 2.25})
    assert "✓ Central server · icmp · 2,2 ms" in render_text(report, "id")
    assert "✓ Central server · icmp · 2.2 ms" in render_text(report, "en")


def test_degraded_text_says_where_and_how_much_in_both_languages() -> None:
    report = SCENARIOS[Verdict.DEGRADED]()
    assert "⚠ The ISP line is losing packets: loss 33%. Besides: rtt 900 ms at Anchor national." in render_text(
        report, "en")
    assert "⚠ Link ISP kehilangan paket: loss 33%. Selain itu: rtt 900 ms di Anchor national." in render_text(
        report, "id")


def test_an_office_fault_names_the_office_its_line_and_what_to_ask_on_site() -> None:
    report = diagnose(small_network(), "site", "desa", failing={"rtr-kec", "rtr-desa"}, backup={"link-kec-vsat": True})
    text = render_text(report, "id")
    assert text.startswith("Diagnosis Pantau · Kantor Desa Sesulu · Test regency · ")
    assert "Router Camat Waru tidak menjawab; link ke Kantor Camat Waru terputus." in text
    assert "Minta petugas di Kantor Camat Waru memastikan router (Router Camat Waru) menyala" in text
    assert "Link cadangan: LA-VSAT-07 (PT Lintasarta, vsat) — menjawab." in text
    assert render_json(report)["site"] == {"id": "desa", "name": "Kantor Desa Sesulu"}


def test_a_contract_note_on_a_healthy_run_is_a_note_not_a_cause() -> None:
    network = small_network(internet=expired("ctr-inet", days_ago=3))
    text = render_text(diagnose(network, "isp"), "en")
    assert "Note: the contract for this line" in text and "ended 3 days ago" in text
    assert "Probable cause" not in text


def test_a_cut_budget_is_named_in_both_languages(sample: Network) -> None:
    report = diagnose(sample, "site", "disdukcapil", failing={"rtr-disdukcapil"}, today=date(2017, 7, 10))
    indonesian = render_text(report, "id")
    assert "anggaran 2017 untuk perpanjangannya dicoret" in indonesian
    assert "Kontrak berikutnya baru berlaku mulai 1 Agustus 2017." in indonesian
    assert "Koordinasikan dengan BPKAD dan TAPD soal anggaran 2017 untuk kontrak no. 027/SPK/DISKOMINFO/VI/2016" \
        in indonesian
    assert "the 2017 budget to renew it was cut" in render_text(report, "en")


def test_an_overdue_bill_is_named_with_who_to_ask() -> None:
    network = small_network()
    network.contracts[0].billing_period = network.contracts[0].billing_period.MONTHLY
    network.contracts[0].payments = []
    report = diagnose(network, "isp", failing={"gw-isp", "up-1", "up-2"})
    assert "Tanyakan ke BPKAD tentang tagihan kontrak no. NO/ctr-inet" in render_text(report, "id")
    assert render_json(report)["contract"]["payment_overdue"] is True


def test_the_whole_sample_network_fits_a_chat_message_and_the_json_lists_every_check(sample: Network) -> None:
    report = diagnose(sample, "all", today=date(2026, 6, 1))
    assert report.result.verdict is Verdict.OK
    english, indonesian = render_text(report, "en"), render_text(report, "id")
    assert len(english) < TELEGRAM_LIMIT and len(indonesian) < TELEGRAM_LIMIT
    assert english.splitlines()[-1].startswith("✓ 26 office routers answer (median rtt")
    assert indonesian.splitlines()[-1].startswith("✓ 26 router kantor menjawab (rtt median")
    document = render_json(report)
    assert len(document["checks"]) == sum(len(t.checks) for t in sample.targets)
    assert all(check["ok"] for check in document["checks"])


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        render_text(administrative_cut(), "fr")  # type: ignore[arg-type]


def test_a_fault_on_this_side_of_the_line_leaves_the_contract_and_backup_out_of_the_text() -> None:
    report = SCENARIOS[Verdict.LAN]()
    assert report.context is not None and report.context.backups
    text = render_text(report, "en")
    assert "Contract:" not in text and "Backup line:" not in text
    assert render_json(report)["contract"]["link"] == "link-inet"


def test_the_documented_example_has_the_keys_the_code_writes() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "diagnose.md").read_text(encoding="utf-8")
    example = json.loads(doc.split("```json\n", 1)[1].split("```", 1)[0])
    assert set(example) == DOCUMENT_KEYS
    assert set(example["contract"]) == CONTRACT_KEYS and set(example["cause"]) == CAUSE_KEYS
    assert set(example["backup"]) == BACKUP_KEYS
    assert all(set(check) == CHECK_KEYS for check in example["checks"])
    assert (example["verdict"], example["cause"]["kind"]) == ("isp-upstream", "contract-expired")
