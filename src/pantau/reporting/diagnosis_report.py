"""A diagnosis report as chat-sized text (Indonesian or English) and as the stable JSON document (`version` 1).

The domain (`pantau.domain.diagnosis`) decides and keeps facts; every sentence a person reads is written here, both
languages side by side in `_TEXT`, so a change to one is made next to the other. Times are shown in the network's
time zone (WIB/WITA/WIT for Indonesia's zones).

The text is meant to be pasted into a WhatsApp or Telegram message: a headline, the probable cause, up to four next
steps, then one evidence line per check. When a run has many office routers that answer, they are folded into one
line, so even `all` stays well inside Telegram's 4096 characters; the JSON document always lists every check.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal

from pantau.domain.contracts import ContractStatus
from pantau.domain.diagnosis import (
    CallPurpose,
    Cause,
    CauseKind,
    CheckOutcome,
    ContractFacts,
    DiagnosisReport,
    Finding,
    Layer,
    LayerStatus,
    LinkFacts,
    NextStep,
    Scope,
    StepKind,
    Verdict,
    VerdictResult,
)
from pantau.domain.samples import ErrorKind
from pantau.domain.text import printable
from pantau.reporting.timezones import iso_time, zone

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")
JSON_VERSION = 1

# Office routers that answer are folded into one evidence line beyond this many, to keep a chat message short.
MAX_OFFICE_LINES = 6

# The layers a scope asks about: only these are worth saying "not checked" about.
_SCOPE_LAYERS: dict[Scope, frozenset[Layer]] = {
    Scope.SERVER: frozenset({Layer.LAN, Layer.SERVER, Layer.DNS}),
    Scope.ISP: frozenset({Layer.LAN, Layer.SERVER, Layer.ISP, Layer.UPSTREAM, Layer.DNS}),
    Scope.SITE: frozenset(Layer),
    Scope.ALL: frozenset(Layer),
}

# Verdicts for which the line's contract and backup lines belong in the text; the JSON always carries them.
_LINK_VERDICTS = frozenset({Verdict.OK, Verdict.ISP_LINK, Verdict.ISP_UPSTREAM, Verdict.DEGRADED})

_ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"),
}

# Every sentence: key → (English, Indonesian). `{placeholders}` are filled by `_t`.
_TEXT: dict[str, tuple[str, str]] = {
    "evidence.local": ("this computer", "komputer ini"),
    "title": ("Pantau diagnosis · {scope} · {network} · {when}", "Diagnosis Pantau · {scope} · {network} · {when}"),
    "scope.server": ("server", "server"),
    "scope.isp": ("ISP", "ISP"),
    "scope.site": ("{site}", "{site}"),
    "scope.all": ("whole network", "seluruh jaringan"),
    "fine": ("{layers} {are} fine; ", "{layers} normal; "),
    "layer.lan": ("LAN", "LAN"),
    "layer.server": ("server", "server"),
    "layer.site": ("offices", "kantor"),
    "layer.isp": ("ISP gateway", "gateway ISP"),
    "layer.upstream": ("upstream", "upstream"),
    "layer.dns": ("DNS", "DNS"),
    "layers.not_checked": ("not checked: {layers}", "tidak diperiksa: {layers}"),
    "layers.not_run": ("not run: {layers}", "tidak dijalankan: {layers}"),
    "head.ok": ("All {n} checks answered.", "Seluruh {n} pemeriksaan dijawab dengan normal."),
    "head.local": ("This computer has no usable network route, so nothing beyond it could be checked.",
                   "Komputer ini tidak memiliki rute jaringan yang bisa dipakai, sehingga tidak ada yang dapat "
                   "diperiksa."),
    "head.local.privilege": ("This computer may not send ICMP (ping), so no check could run.",
                             "Komputer ini tidak diizinkan mengirim ICMP (ping), sehingga tidak ada pemeriksaan yang "
                             "dapat dijalankan."),
    "head.lan": ("{where} {does} not answer.", "{where} tidak menjawab."),
    "head.server": ("{fine}{where} {does} not answer.", "{fine}{where} tidak menjawab."),
    "head.service": ("{fine}the host answers, but the service {services} does not.",
                     "{fine}host-nya menjawab, tetapi layanan {services} tidak menjawab."),
    "head.services": ("{fine}the hosts answer, but the services {services} do not.",
                      "{fine}host-nya menjawab, tetapi layanan {services} tidak menjawab."),
    "service.on": ("{method} on {target}", "{method} di {target}"),
    "head.isp": ("{fine}{where} {does} not answer.", "{fine}{where} tidak menjawab."),
    "head.office": ("{fine}{where} {does} not answer, so the line to {sites} is down.",
                    "{fine}{where} tidak menjawab; link ke {sites} terputus."),
    "head.upstream": ("{fine}the ISP gateway answers, but nothing beyond it does ({n} upstream anchors silent).",
                      "{fine}gateway ISP menjawab, tetapi tidak ada yang menjawab di luarnya ({n} anchor upstream "
                      "tidak menjawab)."),
    "head.upstream.nogw": ("{fine}no upstream anchor answers ({n} silent; ISP gateway not checked).",
                           "{fine}tidak ada anchor upstream yang menjawab ({n} tidak menjawab; gateway ISP tidak "
                           "diperiksa)."),
    "head.dns": ("{fine}addresses answer, but name lookups (DNS) fail: {checks}.",
                 "{fine}alamat IP terjangkau, tetapi pencarian nama (DNS) gagal: {checks}."),
    "head.degraded": ("Everything answers, but: {items}.", "Semua terjangkau, tetapi: {items}."),
    "deg.loss": ("loss {loss}% at {target}", "loss {loss}% di {target}"),
    "deg.rtt": ("rtt {rtt} ms at {target}", "rtt {rtt} ms di {target}"),
    "deg.both": ("loss {loss}% and rtt {rtt} ms at {target}", "loss {loss}% dan rtt {rtt} ms di {target}"),
    "deg.silent": ("{target} ({method}) does not answer", "{target} ({method}) tidak menjawab"),
    "cause": ("Probable cause: {text}", "Kemungkinan penyebab: {text}"),
    "note": ("Note: {text}", "Catatan: {text}"),
    "ref": ("no. {number}, {provider}, circuit {circuit}", "no. {number}, {provider}, circuit ID {circuit}"),
    "cause.expired": ("the contract for this line ({ref}) ended {ago} ({end}) — the provider has probably cut the "
                      "line.",
                      "kontrak link ini ({ref}) berakhir {ago} ({end}) — kemungkinan besar provider memutus "
                      "layanan."),
    "cause.budget": ("the contract for this line ({ref}) ended {ago} ({end}) and the {year} budget to renew it was "
                     "cut — the provider has probably cut the line.",
                     "kontrak link ini ({ref}) berakhir {ago} ({end}) dan anggaran {year} untuk perpanjangannya "
                     "dicoret — kemungkinan besar provider memutus layanan."),
    "cause.payment": ("a bill for this line ({ref}) is {days} days overdue — the provider has probably suspended "
                      "the line for non-payment.",
                      "tagihan link ini ({ref}) sudah {days} hari melewati jatuh tempo — kemungkinan besar provider "
                      "mengisolir layanan karena belum dibayar."),
    "cause.next": (" The next contract starts on {start}.", " Kontrak berikutnya baru berlaku mulai {start}."),
    "cause.portal.also": (" Web checks are redirected to {host}, likely the provider's billing or suspension page.",
                          " Pemeriksaan web dialihkan ke {host}, kemungkinan halaman tagihan/isolir provider."),
    "cause.portal": ("web checks are redirected to {host}, likely the provider's billing or suspension page: the "
                     "line is probably blocked for an administrative reason.",
                     "pemeriksaan web dialihkan ke {host}, kemungkinan halaman tagihan/isolir provider: layanan "
                     "kemungkinan diblokir karena alasan administrasi."),
    "cause.line.office": ("a power cut at the office, a hung router, or a fault on the provider's line.",
                          "listrik padam di kantor, router hang, atau gangguan pada jaringan provider."),
    "cause.line": ("a fault on the line or at the provider.", "gangguan pada jaringan atau di sisi provider."),
    "cause.line.contract": ("a fault on the line or at the provider (the contract is in force).",
                            "gangguan pada jaringan atau di sisi provider (kontrak masih berlaku)."),
    "cause.device": ("the device is off or hung, or its cable or switch port is down.",
                     "perangkat mati atau hang, atau kabel/port switch-nya terputus."),
    "cause.service": ("the host is up, so the service itself has stopped or a firewall blocks it.",
                      "host-nya hidup, jadi layanannya sendiri berhenti atau diblokir firewall."),
    "cause.dns": ("the DNS resolver does not answer, or its forwarders are unreachable.",
                  "resolver DNS tidak menjawab, atau forwarder-nya tidak terjangkau."),
    "cause.congestion": ("a busy or weak line: traffic near the committed bandwidth, or interference.",
                         "link padat atau kualitasnya menurun: trafik mendekati kapasitas, atau ada gangguan sinyal."),
    "cause.route": ("the network cable is unplugged, Wi-Fi is off, or this computer has no IP address.",
                    "kabel jaringan lepas, Wi-Fi mati, atau komputer ini tidak mendapat alamat IP."),
    "cause.privilege": ("sending ICMP (ping) needs administrator rights or the cap_net_raw capability.",
                        "mengirim ICMP (ping) memerlukan hak administrator atau capability cap_net_raw."),
    "note.expired": ("the contract for this line ({ref}) ended {ago} ({end}), yet the line still answers — the "
                     "provider may cut it at any time.",
                     "kontrak link ini ({ref}) sudah berakhir {ago} ({end}), tetapi link masih menjawab — provider "
                     "dapat memutusnya sewaktu-waktu."),
    "note.payment": ("a bill for this line ({ref}) is {days} days overdue; the provider may suspend the line.",
                     "tagihan link ini ({ref}) sudah {days} hari melewati jatuh tempo; provider dapat mengisolir "
                     "layanan."),
    "note.budget": ("the {year} budget to continue this line ({ref}) was cut; the contract ends on {end} ({left}).",
                    "anggaran {year} untuk melanjutkan link ini ({ref}) dicoret; kontrak berakhir {end} ({left})."),
    "note.expiring": ("the contract for this line ({ref}) ends on {end}, {left}.",
                      "kontrak link ini ({ref}) berakhir {end}, {left}."),
    "ago": ("{n} days ago", "{n} hari yang lalu"),
    "ago.one": ("1 day ago", "1 hari yang lalu"),
    "left": ("in {n} days", "{n} hari lagi"),
    "left.one": ("in 1 day", "1 hari lagi"),
    "left.today": ("today", "hari ini"),
    "contract": ("Contract: {ref} — {state}.", "Kontrak: {ref} — {state}."),
    "contract.none": ("Line: {provider}, circuit {circuit} — no contract recorded.",
                      "Link: {provider}, circuit ID {circuit} — kontrak tidak tercatat."),
    "contract.active": ("in force until {end}", "berlaku sampai {end}"),
    "contract.expiring": ("ends {end} ({left})", "berakhir {end} ({left})"),
    "contract.expired": ("ended {end} ({ago})", "berakhir {end} ({ago})"),
    "contract.upcoming": ("starts {start}", "mulai berlaku {start}"),
    "backup": ("Backup line: {circuit} ({provider}, {medium}) — {state}.",
               "Link cadangan: {circuit} ({provider}, {medium}) — {state}."),
    "backup.up": ("answers", "menjawab"),
    "backup.down": ("does not answer either", "juga tidak menjawab"),
    "backup.unknown": ("available, not checked", "tersedia, belum diperiksa"),
    "also": ("Also: {items}", "Juga: {items}"),
    "unrun": ("{n} checks could not run: no privilege to send ICMP.",
              "{n} pemeriksaan tidak dapat dijalankan: tidak ada izin mengirim ICMP."),
    "path": ("Path toward {target}: the last hop that answers is {hop}.",
             "Jalur menuju {target}: hop terakhir yang menjawab adalah {hop}."),
    "steps": ("Next steps:", "Langkah berikutnya:"),
    "step.call.report-fault": ("Call {provider} to report a fault ({ref}).",
                               "Hubungi {provider} untuk melaporkan gangguan ({ref})."),
    "step.call.confirm-cut": ("Call {provider} ({ref}) and ask whether the line was cut, and why.",
                              "Hubungi {provider} ({ref}) dan tanyakan apakah layanan diputus serta alasannya."),
    "step.call.restore": ("Call {provider} ({ref}) and ask them to reopen the line while this is settled.",
                          "Hubungi {provider} ({ref}) dan minta layanan dibuka kembali selama urusan ini "
                          "diselesaikan."),
    "step.call.report-quality": ("If it persists, report the poor quality to {provider} ({ref}).",
                                 "Jika berlanjut, laporkan penurunan kualitas ke {provider} ({ref})."),
    "step.ref": ("circuit {circuit}, contract no. {number}", "circuit ID {circuit}, kontrak no. {number}"),
    "step.device": ("Check {target} on site: power, cables and switch port; restart it if it hangs.",
                    "Periksa {target} di lokasi: listrik, kabel, dan port switch; restart bila hang."),
    "step.office": ("Ask the staff at {site} to check that the router ({target}) has power and its cables are in.",
                    "Minta petugas di {site} memastikan router ({target}) menyala dan kabelnya terpasang."),
    "step.service": ("Restart the service {method} on {target} and check its log.",
                     "Restart layanan {method} di {target} dan periksa log-nya."),
    "step.backup": ("Switch to the backup line {circuit} ({provider}, {medium}){state}.",
                    "Alihkan ke link cadangan {circuit} ({provider}, {medium}){state}."),
    "step.backup.up": (": it answers", ": link cadangan menjawab"),
    "step.payment": ("Ask BPKAD about the unpaid bill for contract no. {number} ({provider}).",
                     "Tanyakan ke BPKAD tentang tagihan kontrak no. {number} ({provider}) yang belum dibayar."),
    "step.budget": ("Take up the cut {year} budget for contract no. {number} with BPKAD and TAPD.",
                    "Koordinasikan dengan BPKAD dan TAPD soal anggaran {year} untuk kontrak no. {number} yang "
                    "dicoret."),
    "step.renew": ("Process the renewal of contract no. {number} with {provider}.",
                   "Proses perpanjangan kontrak no. {number} dengan {provider}."),
    "step.renew.before": ("Start the renewal of contract no. {number} with {provider} before {end}.",
                          "Mulai proses perpanjangan kontrak no. {number} dengan {provider} sebelum {end}."),
    "step.portal": ("Open http://{host}/ in a browser to read the provider's notice.",
                    "Buka http://{host}/ di browser untuk membaca pemberitahuan dari provider."),
    "step.local": ("Check this computer's network cable or Wi-Fi and its IP address, then run the diagnosis again.",
                   "Periksa kabel jaringan atau Wi-Fi komputer ini dan alamat IP-nya, lalu jalankan diagnosis lagi."),
    "step.privilege": ("Allow Pantau to send ping (run it as administrator, or setcap cap_net_raw+ep on the "
                       "program), then run again.",
                       "Izinkan Pantau mengirim ping (jalankan sebagai administrator, atau setcap cap_net_raw+ep "
                       "pada program), lalu jalankan lagi."),
    "step.dns": ("Check the DNS resolver ({target}): is the service running, are its forwarders reachable?",
                 "Periksa resolver DNS ({target}): apakah layanannya berjalan dan forwarder-nya terjangkau?"),
    "step.watch": ("Watch {target} in the graphs over the next hour.",
                   "Pantau grafik {target} selama satu jam ke depan."),
    "evidence": ("Evidence ({n} checks, {seconds} s):", "Bukti ({n} pemeriksaan, {seconds} detik):"),
    "evidence.offices": ("{n} office routers answer (median rtt {rtt} ms)",
                         "{n} router kantor menjawab (rtt median {rtt} ms)"),
    "ev.loss": ("loss {loss}%", "loss {loss}%"),
    "ev.redirect": ("redirected to {host}", "dialihkan ke {host}"),
    "err.timeout": ("no answer (timeout)", "tidak menjawab (timeout)"),
    "err.unreachable": ("unreachable", "tidak terjangkau"),
    "err.refused": ("refused", "ditolak"),
    "err.dns": ("name not found", "nama tidak ditemukan"),
    "err.no-privilege": ("not run (no ICMP privilege)", "tidak dijalankan (tanpa izin ICMP)"),
    "err.bad-response": ("wrong answer", "jawaban tidak sesuai"),
    "err.other": ("error", "galat"),
    "and": (" and ", " dan "),
}


def _t(lang: Lang, key: str, **facts: object) -> str:
    english, indonesian = _TEXT[key]
    return (indonesian if lang == "id" else english).format(**facts)


def _join(lang: Lang, items: Sequence[str]) -> str:
    """"A, B and C" / "A, B, dan C"."""
    items = list(items)
    if len(items) <= 2:
        return _t(lang, "and").join(items)
    last = (", dan " if lang == "id" else " and ") + items[-1]
    return ", ".join(items[:-1]) + last


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _number(lang: Lang, value: float, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "id" else text


def _rtt(lang: Lang, value: float) -> str:
    return _number(lang, value, 0 if value >= 100 else 1)


def _date(lang: Lang, day: date) -> str:
    return f"{day.day} {_MONTHS[lang][day.month - 1]} {day.year}"


def _ago(lang: Lang, days: int) -> str:
    return _t(lang, "ago.one") if days == 1 else _t(lang, "ago", n=days)


def _left(lang: Lang, days: int) -> str:
    if days == 0:
        return _t(lang, "left.today")
    return _t(lang, "left.one") if days == 1 else _t(lang, "left", n=days)


# ---- Time ----


def _clock(ts: float, timezone_name: str) -> str:
    moment = datetime.fromtimestamp(ts, zone(timezone_name))
    label = _ZONE_NAMES.get(timezone_name)
    if label is None:
        offset = moment.strftime("%z")
        label = f"UTC{offset[:3]}:{offset[3:]}"
    return f"{moment:%Y-%m-%d %H:%M} {label}"


# ---- Text ----


def _ref(lang: Lang, link: LinkFacts, facts: ContractFacts) -> str:
    return _t(lang, "ref", number=facts.number, provider=link.provider, circuit=link.circuit_id or "-")


def _fine(lang: Lang, result: VerdictResult, skip: Layer | None = None) -> str:
    layers = [layer for layer in result.fine_layers() if layer is not skip]
    if not layers:
        return ""
    names = [_t(lang, f"layer.{layer.value}") for layer in layers]
    return _t(lang, "fine", layers=_join(lang, names), are="is" if len(names) == 1 else "are")


def _services(lang: Lang, outcomes: Sequence[CheckOutcome]) -> str:
    return _join(lang, [_t(lang, "service.on", method=o.method, target=o.target_name) for o in outcomes])


def _degradation_items(lang: Lang, report: DiagnosisReport) -> list[str]:
    items = []
    for d in report.result.degradations:
        o = d.outcome
        loss, rtt = _number(lang, o.loss_percent or 0.0, 0), _rtt(lang, o.rtt_ms or 0.0)
        if d.silent:
            items.append(_t(lang, "deg.silent", target=o.target_name, method=o.method))
        elif d.loss_high and d.rtt_high:
            items.append(_t(lang, "deg.both", loss=loss, rtt=rtt, target=o.target_name))
        elif d.loss_high:
            items.append(_t(lang, "deg.loss", loss=loss, target=o.target_name))
        else:
            items.append(_t(lang, "deg.rtt", rtt=rtt, target=o.target_name))
    return items


def _finding_text(lang: Lang, report: DiagnosisReport, finding: Finding, fine: str) -> str:
    result = report.result
    where = _join(lang, finding.where)
    does = "does" if len(finding.where) == 1 else "do"
    verdict = finding.verdict
    if verdict is Verdict.LOCAL:
        return _t(lang, "head.local.privilege" if result.no_privilege else "head.local")
    if verdict is Verdict.LAN:
        return _cap(_t(lang, "head.lan", where=where, does=does))
    if verdict is Verdict.SERVER:
        return _cap(_t(lang, "head.server", fine=fine, where=where, does=does))
    if verdict is Verdict.SERVER_SERVICE:
        key = "head.service" if len(finding.outcomes) == 1 else "head.services"
        return _cap(_t(lang, key, fine=fine, services=_services(lang, finding.outcomes)))
    if verdict is Verdict.ISP_LINK and finding.layer is Layer.SITE:
        sites = _join(lang, [report.site_names.get(site, site) for site in finding.sites])
        return _cap(_t(lang, "head.office", fine=fine, where=where, does=does, sites=sites))
    if verdict is Verdict.ISP_LINK:
        return _cap(_t(lang, "head.isp", fine=fine, where=where, does=does))
    if verdict is Verdict.ISP_UPSTREAM:
        gateway = result.layers.get(Layer.ISP) in (LayerStatus.OK, LayerStatus.DEGRADED)
        return _cap(_t(lang, "head.upstream" if gateway else "head.upstream.nogw", fine=fine,
                       n=len(finding.where)))
    if verdict is Verdict.DNS:
        return _cap(_t(lang, "head.dns", fine=fine, checks=_services(lang, finding.outcomes)))
    return _t(lang, "head.degraded", items=_join(lang, _degradation_items(lang, report)))


def _headline(lang: Lang, report: DiagnosisReport) -> str:
    result = report.result
    if result.verdict is Verdict.OK or result.finding is None:
        return f"✓ [ok] {_t(lang, 'head.ok', n=result.checked)}"
    mark = "⚠" if result.verdict is Verdict.DEGRADED else "✗"
    skip = Layer.ISP if result.verdict is Verdict.ISP_UPSTREAM else None
    fine = _fine(lang, result, skip)
    return f"{mark} [{result.verdict.value}] {_finding_text(lang, report, result.finding, fine)}"


def _layer_strip(lang: Lang, result: VerdictResult, scope: Scope) -> str:
    marks = {LayerStatus.OK: "✓", LayerStatus.FAILED: "✗", LayerStatus.DEGRADED: "⚠"}
    shown, unchecked, unrun = [], [], []
    for layer, status in result.layers.items():
        if layer is Layer.LOCAL or (status is LayerStatus.NOT_CHECKED and layer not in _SCOPE_LAYERS[scope]):
            continue
        name = _t(lang, f"layer.{layer.value}")
        if status is LayerStatus.NOT_CHECKED:
            unchecked.append(name)
        elif status is LayerStatus.NOT_RUN:
            unrun.append(name)
        else:
            shown.append(f"{name} {marks[status]}")
    text = " · ".join(shown)
    extras = []
    if unchecked:
        extras.append(_t(lang, "layers.not_checked", layers=", ".join(unchecked)))
    if unrun:
        extras.append(_t(lang, "layers.not_run", layers=", ".join(unrun)))
    return f"{text} ({'; '.join(extras)})" if extras and text else text or "; ".join(extras)


def _cause_text(lang: Lang, cause: Cause, report: DiagnosisReport) -> str | None:
    kind = cause.kind
    link, facts = cause.link, cause.contract
    if kind is CauseKind.NONE:
        return None
    if cause.is_contract and link is not None and facts is not None:
        text = _contract_cause(lang, cause, link, facts)
    else:
        text = _plain_cause(lang, cause, report)
    if cause.portal_host and kind is not CauseKind.PROVIDER_PORTAL:
        text += _t(lang, "cause.portal.also", host=cause.portal_host)
    return _t(lang, "cause" if cause.explains_fault else "note", text=text)


def _contract_cause(lang: Lang, cause: Cause, link: LinkFacts, facts: ContractFacts) -> str:
    ref = _ref(lang, link, facts)
    end = _date(lang, facts.end)
    kind = cause.kind
    if kind is CauseKind.PAYMENT_OVERDUE:
        key = "cause.payment" if cause.explains_fault else "note.payment"
        return _t(lang, key, ref=ref, days=facts.payment_overdue_days)
    if kind is CauseKind.CONTRACT_EXPIRING:
        return _t(lang, "note.expiring", ref=ref, end=end, left=_left(lang, facts.days_left))
    if kind is CauseKind.BUDGET_CUT and facts.status is not ContractStatus.EXPIRED:
        return _t(lang, "note.budget", year=facts.budget_year, ref=ref, end=end, left=_left(lang, facts.days_left))
    ago = _ago(lang, -facts.days_left)
    if not cause.explains_fault:
        return _t(lang, "note.expired", ref=ref, ago=ago, end=end)
    key = "cause.budget" if kind is CauseKind.BUDGET_CUT else "cause.expired"
    text = _t(lang, key, ref=ref, ago=ago, end=end, year=facts.budget_year)
    if facts.next_start:
        text += _t(lang, "cause.next", start=_date(lang, facts.next_start))
    return text


def _plain_cause(lang: Lang, cause: Cause, report: DiagnosisReport) -> str:
    kind = cause.kind
    if kind is CauseKind.PROVIDER_PORTAL:
        return _t(lang, "cause.portal", host=cause.portal_host)
    if kind is CauseKind.LINE_FAULT:
        finding = report.result.finding
        if finding is not None and finding.layer is Layer.SITE:
            return _t(lang, "cause.line.office")
        facts = cause.contract
        in_force = facts is not None and facts.status in (ContractStatus.ACTIVE, ContractStatus.EXPIRING)
        return _t(lang, "cause.line.contract" if in_force else "cause.line")
    keys = {CauseKind.DEVICE_DOWN: "cause.device", CauseKind.SERVICE_DOWN: "cause.service",
            CauseKind.DNS_FAILURE: "cause.dns", CauseKind.CONGESTION: "cause.congestion",
            CauseKind.NO_ROUTE: "cause.route", CauseKind.NO_PRIVILEGE: "cause.privilege"}
    return _t(lang, keys.get(kind, "cause.line"))


def _contract_line(lang: Lang, link: LinkFacts) -> str:
    facts = link.contract
    if facts is None:
        return _t(lang, "contract.none", provider=link.provider, circuit=link.circuit_id or "-")
    end = _date(lang, facts.end)
    if facts.status is ContractStatus.EXPIRED:
        state = _t(lang, "contract.expired", end=end, ago=_ago(lang, -facts.days_left))
    elif facts.status is ContractStatus.EXPIRING:
        state = _t(lang, "contract.expiring", end=end, left=_left(lang, facts.days_left))
    elif facts.status is ContractStatus.UPCOMING:
        state = _t(lang, "contract.upcoming", start=_date(lang, facts.start))
    else:
        state = _t(lang, "contract.active", end=end)
    return _t(lang, "contract", ref=_ref(lang, link, facts), state=state)


def _backup_line(lang: Lang, backup: LinkFacts) -> str:
    state = {True: "backup.up", False: "backup.down", None: "backup.unknown"}[backup.reachable]
    return _t(lang, "backup", circuit=backup.circuit_id or backup.link_id, provider=backup.provider,
              medium=backup.medium.value, state=_t(lang, state))


def _step_text(lang: Lang, step: NextStep) -> str:
    kind, link = step.kind, step.link
    facts = link.contract if link else None
    number = facts.number if facts else "-"
    if kind is StepKind.CALL_PROVIDER and link is not None:
        ref = _t(lang, "step.ref", circuit=link.circuit_id or "-", number=number)
        purpose = step.purpose or CallPurpose.REPORT_FAULT
        return _t(lang, f"step.call.{purpose.value}", provider=link.provider, ref=ref)
    if kind is StepKind.USE_BACKUP and link is not None:
        state = _t(lang, "step.backup.up") if link.reachable else ""
        return _t(lang, "step.backup", circuit=link.circuit_id or link.link_id, provider=link.provider,
                  medium=link.medium.value, state=state)
    if kind is StepKind.RENEW_CONTRACT and facts is not None:
        if facts.status is ContractStatus.EXPIRED:
            return _t(lang, "step.renew", number=number, provider=facts.provider)
        return _t(lang, "step.renew.before", number=number, provider=facts.provider, end=_date(lang, facts.end))
    if kind is StepKind.ASK_BUDGET and facts is not None:
        return _t(lang, "step.budget", year=facts.budget_year, number=number)
    if kind is StepKind.ASK_PAYMENT and facts is not None:
        return _t(lang, "step.payment", number=number, provider=facts.provider)
    keys = {StepKind.CHECK_DEVICE: "step.device", StepKind.ASK_OFFICE: "step.office",
            StepKind.RESTART_SERVICE: "step.service", StepKind.OPEN_PORTAL: "step.portal",
            StepKind.CHECK_LOCAL: "step.local", StepKind.GRANT_PRIVILEGE: "step.privilege",
            StepKind.CHECK_DNS: "step.dns", StepKind.WATCH: "step.watch"}
    if kind in keys:
        return _t(lang, keys[kind], target=step.target, site=step.site, method=step.method, host=step.host)
    return step.summary


def _result_text(lang: Lang, outcome: CheckOutcome) -> str:
    if outcome.ok:
        text = f"{_rtt(lang, outcome.rtt_ms)} ms" if outcome.rtt_ms is not None else "ok"
        if outcome.loss_percent:
            text += ", " + _t(lang, "ev.loss", loss=_number(lang, outcome.loss_percent, 0))
        return text
    host = outcome.detail.get("redirected_to_host")
    if host:
        return _t(lang, "ev.redirect", host=host)
    error = outcome.error or ErrorKind.OTHER
    text = _t(lang, f"err.{error.value}")
    if error in (ErrorKind.BAD_RESPONSE, ErrorKind.OTHER) and outcome.message:
        text += f": {outcome.message}"
    return text


def _evidence_lines(lang: Lang, report: DiagnosisReport) -> list[str]:
    degraded = {id(d.outcome) for d in report.result.degradations}
    checks = [o for o in report.outcomes if o.layer is not Layer.PATH]
    quiet_offices = [o for o in checks if o.layer is Layer.SITE and o.ok and id(o) not in degraded]
    fold = len(quiet_offices) > MAX_OFFICE_LINES
    lines = []
    for outcome in checks:
        if fold and outcome in quiet_offices:
            continue
        mark = "⚠" if id(outcome) in degraded else "✓" if outcome.ok else "✗"
        name = _t(lang, "evidence.local") if outcome.layer is Layer.LOCAL else outcome.target_name
        lines.append(f"{mark} {name} · {outcome.method} · {_result_text(lang, outcome)}")
    if fold:
        rtts = [o.rtt_ms for o in quiet_offices if o.rtt_ms is not None]
        rtt = _rtt(lang, statistics.median(rtts)) if rtts else "-"
        lines.append("✓ " + _t(lang, "evidence.offices", n=len(quiet_offices), rtt=rtt))
    return lines


def render_text(report: DiagnosisReport, lang: Lang = "id") -> str:
    """The report as plain text in Indonesian (`id`) or English (`en`), sized for a chat message."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use id or en")
    result, context = report.result, report.context
    scope = _t(lang, f"scope.{report.scope.value}", site=report.site_name or "")
    lines = [_t(lang, "title", scope=scope, network=report.network_name,
                when=_clock(report.finished, report.timezone)),
             _headline(lang, report)]
    strip = _layer_strip(lang, result, report.scope)
    if strip and result.verdict is not Verdict.LOCAL:
        lines.append(strip)
    cause = _cause_text(lang, report.cause, report)
    if cause:
        lines.append(cause)
    link_matters = result.verdict in _LINK_VERDICTS
    if context is not None and link_matters and not report.cause.is_contract:
        lines.append(_contract_line(lang, context.link))
    if context is not None:
        lines += [_backup_line(lang, backup) for backup in context.backups[:2]
                  if link_matters or backup.reachable is not None]
    if result.also:
        items = [f"[{f.verdict.value}] {_finding_text(lang, report, f, '')}" for f in result.also]
        lines.append(_t(lang, "also", items=" ".join(items)))
    if result.unrun and not result.no_privilege:
        lines.append(_t(lang, "unrun", n=len(result.unrun)))
    if result.last_hop:
        lines.append(_t(lang, "path", target=result.path_toward or "-", hop=result.last_hop))
    if report.next_steps:
        lines += ["", _t(lang, "steps")]
        lines += [f"{n}. {_step_text(lang, step)}" for n, step in enumerate(report.next_steps, 1)]
    evidence = _evidence_lines(lang, report)
    if evidence:
        seconds = _number(lang, max(0.0, report.finished - report.started), 1)
        checked = sum(1 for o in report.outcomes if o.layer is not Layer.PATH)
        lines += ["", _t(lang, "evidence", n=checked, seconds=seconds), *evidence]
    # Names come from the network file and messages from remote servers: each line stays one line wherever the
    # text goes (a terminal, the clipboard, a chat).
    return "\n".join(printable(line) for line in lines)


# ---- JSON ----


def _contract_json(link: LinkFacts) -> dict[str, Any]:
    facts = link.contract
    document: dict[str, Any] = {
        "link": link.link_id, "site": link.site_id, "far_end": link.far_end, "provider": link.provider,
        "circuit_id": link.circuit_id, "medium": link.medium.value, "role": link.role.value,
        "id": None, "number": None, "service": None, "status": None, "start": None, "end": None, "days_left": None,
        "next_start": None, "payment_overdue": False, "payment_overdue_days": None, "unpaid_periods": 0,
        "budget_cut": False, "budget_year": None,
    }
    if facts is not None:
        document.update({
            "id": facts.contract_id, "provider": facts.provider, "number": facts.number, "service": facts.service,
            "status": facts.status.value, "start": facts.start.isoformat(), "end": facts.end.isoformat(),
            "days_left": facts.days_left, "next_start": facts.next_start.isoformat() if facts.next_start else None,
            "payment_overdue": facts.payment_overdue_days is not None,
            "payment_overdue_days": facts.payment_overdue_days, "unpaid_periods": facts.unpaid_periods,
            "budget_cut": facts.budget_cut, "budget_year": facts.budget_year,
        })
    return document


def _backup_json(link: LinkFacts) -> dict[str, Any]:
    return {"link": link.link_id, "provider": link.provider, "circuit_id": link.circuit_id,
            "medium": link.medium.value, "reachable": link.reachable,
            "contract_status": link.contract.status.value if link.contract else None}


def _check_json(outcome: CheckOutcome) -> dict[str, Any]:
    return {
        "layer": outcome.layer.value, "target": outcome.target_id, "name": outcome.target_name,
        "address": outcome.address, "method": outcome.method, "ok": outcome.ok,
        "rtt_ms": None if outcome.rtt_ms is None else round(outcome.rtt_ms, 3),
        "loss_percent": None if outcome.loss_percent is None else round(outcome.loss_percent, 1),
        "error": outcome.error.value if outcome.error else None, "message": outcome.message,
        "detail": dict(outcome.detail), "duration_ms": round(outcome.duration_ms, 1),
    }


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {"verdict": finding.verdict.value, "layer": finding.layer.value, "where": list(finding.where),
            "sites": list(finding.sites)}


def render_json(report: DiagnosisReport, lang: Lang = "en") -> dict[str, Any]:
    """The stable document (`version` 1), ready for `json.dumps`. Human texts are in `lang`; kinds and facts are
    language-neutral."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use id or en")
    result, cause, context = report.result, report.cause, report.context
    backup = context.backup if context else None
    cause_text = _cause_text(lang, cause, report)
    return {
        "version": JSON_VERSION,
        "lang": lang,
        "network": report.network_name,
        "timezone": report.timezone,
        "scope": report.scope.value,
        "site": {"id": report.site_id, "name": report.site_name} if report.scope is Scope.SITE else None,
        "started": iso_time(report.started, report.timezone),
        "finished": iso_time(report.finished, report.timezone),
        "duration_ms": round(max(0.0, report.finished - report.started) * 1000, 1),
        "verdict": result.verdict.value,
        "failing_layer": result.failing_layer.value if result.failing_layer else None,
        "summary": result.summary,
        "headline": _headline(lang, report),
        "where": list(result.finding.where) if result.finding else [],
        "layers": {layer.value: status.value for layer, status in result.layers.items()},
        "also": [_finding_json(f) for f in result.also],
        "cause": {
            "kind": cause.kind.value, "explains_fault": cause.explains_fault, "summary": cause.summary,
            "text": cause_text, "link": cause.link.link_id if cause.link else None, "days": cause.days,
            "portal_host": cause.portal_host, "targets": list(cause.targets),
        },
        "contract": _contract_json(context.link) if context else None,
        "chain": [_contract_json(link) for link in context.chain] if context else [],
        "backup": _backup_json(backup) if backup else None,
        "next_steps": [{"kind": s.kind.value, "purpose": s.purpose.value if s.purpose else None,
                        "text": _step_text(lang, s), "summary": s.summary} for s in report.next_steps],
        "path": {"toward": result.path_toward, "last_hop": result.last_hop} if result.last_hop else None,
        "checks": [_check_json(o) for o in report.outcomes],
    }
