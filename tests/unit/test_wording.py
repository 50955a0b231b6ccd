"""One system of wording per layer: the domain gives facts and no sentences, the reporting catalogue says them in
English and Indonesian with the same facts, and Indonesian month names are defined once."""

from __future__ import annotations

import ast
import re
import string
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import pantau
from pantau.domain.alerts import Alert, AlertPlanner, AlertRules
from pantau.domain.contract_risk import RiskLevel, RiskReason, SiteContractRisk
from pantau.domain.contracts import WarningKind, contract_warnings
from pantau.domain.diagnosis import Verdict
from pantau.domain.inventory import Contract, Link, LinkMedium, Network, Site, SiteKind
from pantau.domain.states import HealthState, StateChange
from pantau.reporting.alert_text import ALERT_SENTENCES, alert_text, check_message
from pantau.reporting.catalogue import TEXT
from pantau.reporting.contract_text import risk_text, verdict_text, warning_text
from pantau.reporting.idformat import MONTHS_ID
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file

SRC = Path(pantau.__file__).parent
DOMAIN = SRC / "domain"
# Words of Indonesian sentences (none is an English word or a term the domain names things by, like "kecamatan").
MARKERS = frozenset({
    "hari", "kantor", "kontrak", "sejak", "tidak", "belum", "anggaran", "berakhir", "terjangkau", "pulih", "gangguan",
    "menit", "detik", "jam", "pukul", "putus", "setelah", "lagi", "lalu", "celah", "tanpa", "berlaku", "habis",
    "yang", "dengan", "untuk", "sudah", "diagnosa", "layanan", "jalur", "dibayar", "menjawab", "normal kembali",
    "ringkasan", "kali", "sekarang", "lambat",
})
# Placeholders only English grammar needs ("is"/"are", "does"/"do", "it answers"/"they answer"): Indonesian verbs
# do not agree with their subject.
_GRAMMAR = {"are", "does", "they"}
WITA = ZoneInfo("Asia/Makassar")


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string constant of a module, f-string pieces included, with its line."""
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def _domain_modules() -> list[Path]:
    modules = sorted(DOMAIN.rglob("*.py"))
    assert len(modules) > 10
    return modules


@pytest.mark.parametrize("path", _domain_modules(), ids=lambda path: str(path.relative_to(DOMAIN)))
def test_the_domain_holds_no_indonesian_sentence(path: Path) -> None:
    found = []
    for line, text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
        words = set(re.findall(r"[a-z]+(?: kembali)?", text.casefold()))
        if words & MARKERS:
            found.append((line, text[:80], sorted(words & MARKERS)))
    assert not found, f"Indonesian wording in {path.name} (put it in reporting's catalogue): {found}"


@pytest.mark.parametrize("path", _domain_modules(), ids=lambda path: str(path.relative_to(DOMAIN)))
def test_the_domain_has_no_language_switch(path: Path) -> None:
    """No `lang`/`language` parameter and no comparison with "id"/"en": the domain speaks no language."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    switches = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and node.arg in ("lang", "language", "locale"):
            switches.append((node.lineno, node.arg))
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(side, ast.Constant) and side.value in ("id", "en") for side in sides):
                switches.append((node.lineno, ast.unparse(node)))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "startswith" \
                and any(isinstance(arg, ast.Constant) and arg.value == "en" for arg in node.args):
            switches.append((node.lineno, ast.unparse(node)))
    assert not switches, f"a language switch in {path.name}: {switches}"


def test_the_scan_finds_what_it_looks_for() -> None:
    """The two scans above catch the sentences and switches the domain used to hold."""
    old = 'def text(self, lang: str) -> str:\n    return self.text_id if lang == "id" else self.text_en\n' \
          'X = f"Kontrak habis {n} hari lalu"\n'
    tree = ast.parse(old)
    assert any(isinstance(node, ast.arg) and node.arg == "lang" for node in ast.walk(tree))
    assert any(set(re.findall(r"[a-z]+", text.casefold())) & MARKERS for _, text in _strings(tree))


def test_indonesian_month_names_are_defined_once() -> None:
    """Only `reporting.idformat` lists the months (a tuple, list, set or dict holding three or more of their
    Indonesian names, full or cut to three letters); every other module asks it."""
    months = set(MONTHS_ID) - {"April", "September", "November"}  # the same in English
    names = months | {month[:3] for month in months} - {"Jan", "Mar", "Apr", "Jun", "Jul", "Sep", "Nov"}
    holders = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            items = node.keys + node.values if isinstance(node, ast.Dict) else \
                node.elts if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else []
            found = [item.value for item in items if isinstance(item, ast.Constant) and item.value in names]
            if len(found) >= 3:
                holders.append(path.relative_to(SRC).as_posix())
    assert holders == ["reporting/idformat.py"]


def test_every_sentence_has_both_languages_with_the_same_placeholders() -> None:
    fields = string.Formatter()
    for key, (english, indonesian) in TEXT.items():
        assert english and indonesian, key
        said_en = {name for _, name, _, _ in fields.parse(english) if name}
        said_id = {name for _, name, _, _ in fields.parse(indonesian) if name}
        assert said_id <= said_en and said_en - said_id <= _GRAMMAR, key


def _numbers(text: str) -> Counter[int]:
    return Counter(int(number) for number in re.findall(r"\d+", text))


def _same_facts(english: str, indonesian: str) -> None:
    assert english != indonesian
    assert _numbers(english) == _numbers(indonesian), (english, indonesian)


@pytest.mark.parametrize("reason", list(RiskReason))
def test_each_contract_risk_says_the_same_facts_in_both_languages(reason: RiskReason) -> None:
    risk = SiteContractRisk("office", RiskLevel.AT_RISK, 17, reason, 17, "link", "contract", gap_days=23, year=2031)
    english, indonesian = risk_text(risk, "en"), risk_text(risk, "id")
    _same_facts(english, indonesian)
    assert reason in (RiskReason.NONE_RECORDED, RiskReason.IN_GAP, RiskReason.EXPIRED) or "17" in english


@pytest.mark.parametrize("verdict", [*Verdict, "a-verdict-from-a-later-version"])
def test_each_verdict_is_words_in_both_languages_never_its_code(verdict: str) -> None:
    english, indonesian = verdict_text(verdict, "en"), verdict_text(verdict, "id")
    assert english != indonesian and verdict not in (english, indonesian)


def test_each_contract_warning_says_the_same_facts_in_both_languages() -> None:
    network = load_network_file(sample_network_path())
    kinds = set()
    for day in (date(2016, 9, 15), date(2017, 6, 20), date(2017, 7, 10), date(2026, 11, 27), date(2027, 1, 5)):
        for warning in contract_warnings(network, day):
            kinds.add(warning.kind)
            _same_facts(warning_text(network, warning, day, "en"), warning_text(network, warning, day, "id"))
    assert kinds == set(WarningKind)


def _uplink_network() -> Network:
    sites = [Site("dc", "Diskominfo", SiteKind.DATACENTER), Site("uplink", "Uplink Telkom", SiteKind.ISP_POP,
                                                                  parent="dc")]
    sites += [Site(f"o{i}", f"Kantor {i}", SiteKind.DESA, parent="uplink") for i in range(3)]
    contract = Contract("k17", "Telkom", "K-17/2026", "Internet", 10_000, date(2026, 1, 1), date(2026, 11, 20),
                        1_000_000)
    link = Link("l1", "dc", "uplink", "Telkom", LinkMedium.FIBER, 10_000, contracts=["k17"])
    return Network("Test", timezone="Asia/Makassar", sites=sites, links=[link], contracts=[contract])


def _every_kind_of_alert() -> list[Alert]:
    planner = AlertPlanner(_uplink_network(), AlertRules(storm_settle_seconds=0, flap_count=3, flap_window_minutes=10))
    t = datetime(2026, 11, 27, 9, tzinfo=WITA).timestamp()

    def change(site: str, before: HealthState, after: HealthState, ts: float) -> StateChange:
        return StateChange(site, "site", before, after, ts)

    planner.note_diagnosis("uplink", Verdict.ISP_LINK.value, t + 1)
    alerts = planner.feed([change("uplink", HealthState.UP, HealthState.DOWN, t),
                           *(change(f"o{i}", HealthState.UP, HealthState.UNREACHABLE, t) for i in range(3))], t + 2)
    alerts += planner.feed([change("uplink", HealthState.DOWN, HealthState.UP, t + 3905),
                            *(change(f"o{i}", HealthState.UNREACHABLE, HealthState.UP, t + 3905) for i in range(3))],
                           t + 3905)
    alerts += planner.feed([change("o0", HealthState.UP, HealthState.DEGRADED, t + 4000)], t + 5000)
    flaps = t + 6000
    for n in range(3):
        alerts += planner.feed([change("o1", HealthState.UP, HealthState.DOWN, flaps + 60 * n),
                                change("o1", HealthState.DOWN, HealthState.UP, flaps + 60 * n + 30)], flaps + 60 * n)
    alerts += planner.tick(flaps + 3600)
    return alerts


def test_each_alert_says_the_same_facts_in_both_languages() -> None:
    alerts = _every_kind_of_alert()
    assert {alert.kind for alert in alerts} >= {"down", "recovered", "degraded", "flapping", "flap-summary",
                                                "contract"}
    for alert in alerts:
        english, indonesian = alert_text(alert, "en"), alert_text(alert, "id")
        _same_facts(english, indonesian)
        assert ALERT_SENTENCES.text(alert, "en") == english
    down = next(alert for alert in alerts if alert.kind == "down")
    assert alert_text(down, "en") == ("DOWN: Uplink Telkom since 09:00 WITA — 3 offices unreachable. Diagnosis: "
                                      "server and LAN fine, ISP link down (09:00 WITA). Contract: Telkom K-17/2026 "
                                      "ended 7 days ago.")
    assert alert_text(down, "id") == ("GANGGUAN: Uplink Telkom DOWN sejak 09:00 WITA — 3 kantor tidak terjangkau. "
                                      "Diagnosa: server dan LAN normal, link ISP putus (09:00 WITA). Kontrak: Telkom "
                                      "K-17/2026 berakhir 7 hari lalu.")


def test_the_channel_sentences_come_from_the_catalogue_too() -> None:
    delayed = ALERT_SENTENCES.delayed("DOWN: X.", "26-11 14:05 WITA", "en")
    assert delayed == "[DELAYED — raised 26-11 14:05 WITA] DOWN: X."
    assert ALERT_SENTENCES.delayed("GANGGUAN: X.", "26-11 14:05 WITA", "id").startswith("[TERTUNDA — dibuat 26-11")
    assert check_message("en") != check_message("id") and all(check_message("id"))
