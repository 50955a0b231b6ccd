"""The sentences of a diagnosis report in English and Indonesian, side by side, and the helpers that fill them.

Every sentence a person reads lives in `TEXT` (key → (English, Indonesian)), so a change to one language is made next
to the other; the glossary in docs/i18n.md gives the terms. Verdict codes (`isp-access`) are machine words: they
appear only in the JSON, never as the wording of a sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal

from pantau.domain.timezones import zone
from pantau.reporting.idformat import format_bandwidth, format_date, month_name

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")

_ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}

# Every sentence: key → (English, Indonesian). `{placeholders}` are filled by `_t`.
TEXT: dict[str, tuple[str, str]] = {
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
    "head.access": ("{fine}{gateway}{n} of {total} office lines silent — the provider's network to the offices.",
                    "{fine}{gateway}{n} dari {total} link kantor tidak menjawab — jaringan provider ke "
                    "kantor-kantor."),
    "access.gateway": ("ISP gateway and internet fine; ", "gateway ISP dan internet normal; "),
    "head.recovering": ("The monitor had {sites} down {age} ago, but {they} now — recovering, or dropping in and "
                        "out.",
                        "Pemantauan mencatat {sites} putus {age} yang lalu, tetapi sekarang menjawab — sedang pulih, "
                        "atau putus-sambung."),
    "they.one": ("it answers", "ia menjawab"),
    "they.many": ("they answer", "semuanya menjawab"),
    "head.congestion": ("{text}.", "{text}."),
    "head.congestion.more": ("{text}. Besides: {items}.", "{text}. Selain itu: {items}."),
    "cong.isp": ("The ISP line is saturated", "Link ISP padat"),
    "cong.isp.loss": ("The ISP line is losing packets", "Link ISP kehilangan paket"),
    "cong.site": ("The line to {site} is saturated", "Link ke {site} padat"),
    "cong.site.loss": ("The line to {site} is losing packets", "Link ke {site} kehilangan paket"),
    "cong.upstream": ("Beyond the ISP gateway the path is slow", "Jalur di luar gateway ISP lambat"),
    "cong.upstream.loss": ("Beyond the ISP gateway packets are lost", "Di luar gateway ISP paket hilang"),
    "cong.lan": ("The LAN gateway is saturated", "Gateway LAN padat"),
    "cong.lan.loss": ("The LAN gateway is losing packets", "Gateway LAN kehilangan paket"),
    "cong.isp.full": ("The ISP line is full", "Link ISP penuh"),
    "cong.site.full": ("The line to {site} is full", "Link ke {site} penuh"),
    "cong.upstream.full": ("The internet uplink is full", "Uplink internet penuh"),
    "cong.lan.full": ("The line behind the LAN gateway is full", "Link di belakang gateway LAN penuh"),
    "cong.use": ("{use}% of the contracted {rate} in use, measured on the router (a full line, not a cut)",
                 "{use}% dari {rate} sesuai kontrak terpakai, diukur di router (link penuh, bukan putus)"),
    "cong.full.silent": (" ({target} gets no answer through it)", " ({target} tidak terjangkau melaluinya)"),
    "line.down": (" The router's interface reports the line down (SNMP).",
                  " Antarmuka router melaporkan link mati (SNMP)."),
    "cong.rtt": ("RTT {rtt} ms", "RTT {rtt} ms"),
    "cong.rtt.usual": ("RTT {rtt} ms vs {usual} ms usual", "RTT {rtt} ms (biasanya {usual} ms)"),
    "cong.loss": ("loss {loss}%", "loss {loss}%"),
    "cong.silent": (" ({target} does not answer ping itself; the figures are from beyond it)",
                    " ({target} sendiri tidak menjawab ping; angka diukur dari target di belakangnya)"),
    "deg.rtt.usual": ("rtt {rtt} ms at {target} (usual {usual} ms)", "rtt {rtt} ms di {target} (biasanya {usual} ms)"),
    "deg.both.usual": ("loss {loss}% and rtt {rtt} ms at {target} (usual {usual} ms)",
                       "loss {loss}% dan rtt {rtt} ms di {target} (biasanya {usual} ms)"),
    "deg.passing": ("{target} does not answer ping, but traffic passes through it",
                    "{target} tidak menjawab ping, tetapi lalu lintas tetap melewatinya"),
    "deg.monitored": ("{target} is degraded in the monitor", "{target} menurun menurut pemantauan"),
    "svc.redirect": ("{method} on {target} redirects to {url}", "{method} di {target} mengalihkan ke {url}"),
    "svc.certificate": ("the certificate of {method} on {target} is {problem}",
                        "sertifikat {method} di {target} {problem}"),
    "svc.no-answer": ("{method} on {target} accepted the connection but sent no answer in {seconds} s",
                      "{method} di {target} menerima koneksi tetapi tidak menjawab dalam {seconds} detik"),
    "svc.refused": ("{method} on {target} refuses connections", "{method} di {target} menolak koneksi"),
    "svc.http-error": ("{method} on {target} answers {status}", "{method} di {target} menjawab {status}"),
    "svc.content": ("{method} on {target} lacks the expected text",
                    "{method} di {target} tidak memuat teks yang diharapkan"),
    "svc.timeout": ("{method} on {target} does not answer", "{method} di {target} tidak menjawab"),
    "svc.other": ("{method} on {target} fails", "{method} di {target} gagal"),
    "tls.self-signed": ("self-signed (not issued by a trusted CA)", "self-signed (tidak diterbitkan CA tepercaya)"),
    "tls.expired": ("expired", "kedaluwarsa"),
    "tls.not-yet-valid": ("not valid yet", "belum berlaku"),
    "tls.wrong-name": ("issued for another name", "diterbitkan untuk nama lain"),
    "tls.untrusted": ("not trusted", "tidak tepercaya"),
    "tls.pin-mismatch": ("not the one pinned in the network file", "bukan yang di-pin di berkas jaringan"),
    "tls.ca-file": ("unchecked: the trusted CA file cannot be read", "tidak dapat diperiksa: berkas CA tidak terbaca"),
    "head.services.answer": ("{fine}the host answers, but {items}.", "{fine}host-nya menjawab, tetapi {items}."),
    "cause.service.redirect": ("the host is up and its web server answers, but sends visitors elsewhere: a changed "
                               "configuration, a login page, or a portal in between.",
                               "host-nya hidup dan server web-nya menjawab, tetapi mengalihkan pengunjung ke alamat "
                               "lain: konfigurasi berubah, halaman login, atau portal di tengah jalan."),
    "cause.service.certificate": ("the host is up and speaks TLS, but its certificate is not accepted.",
                                  "host-nya hidup dan menjawab TLS, tetapi sertifikatnya tidak diterima."),
    "cause.service.hang": ("the host is up and accepts connections, but the service hangs.",
                           "host-nya hidup dan menerima koneksi, tetapi layanannya macet."),
    "cause.access.lapsed": ("{lapsed} of {lines} silent office lines ({providers}) have a lapsed contract: {text}",
                            "{lapsed} dari {lines} link kantor yang tidak menjawab ({providers}) kontraknya sudah "
                            "tidak berlaku: {text}"),
    "cause.access": ("the provider's network to the offices ({providers}): {n} office lines went silent at once while "
                     "their contracts are in force.",
                     "jaringan provider ke kantor-kantor ({providers}): {n} link kantor putus bersamaan, padahal "
                     "kontraknya masih berlaku."),
    "step.redirect": ("Check why {method} on {target} redirects to {url}: fix the web server, or point the check at "
                      "the new address if the move is intended.",
                      "Periksa mengapa {method} di {target} mengalihkan ke {url}: perbaiki server web, atau arahkan "
                      "pemeriksaan ke alamat baru bila memang dipindah."),
    "step.certificate": ("Renew or replace the certificate of {target} ({problem}); an in-house certificate can be "
                         "trusted in the network file (tls_ca_file or tls_pin_sha256).",
                         "Perbarui atau ganti sertifikat {target} ({problem}); sertifikat internal dapat dipercaya "
                         "lewat berkas jaringan (tls_ca_file atau tls_pin_sha256)."),
    "step.hang": ("Restart the service {method} on {target}: it accepts connections but does not answer.",
                  "Restart layanan {method} di {target}: koneksi diterima tetapi tidak dijawab."),
    "also.item": ("{mark} {text}", "{mark} {text}"),
    "path.hops": ("Path toward {target} (last hop that answers: {hop}):",
                  "Jalur menuju {target} (hop terakhir yang menjawab: {hop}):"),
    "path.hops.none": ("Path toward {target}: no hop answers.", "Jalur menuju {target}: tidak ada hop yang menjawab."),
    "hop": ("  {ttl}. {address} · {rtt} ms{loss}", "  {ttl}. {address} · {rtt} ms{loss}"),
    "hop.loss": (" · loss {loss}%", " · loss {loss}%"),
    "hop.target": (" (the target)", " (target)"),
    "hop.silent": ("  {ttl}. * no answer", "  {ttl}. * tidak ada jawaban"),
    "live": ("Monitor states from {age} ago are used for the {n} targets this run did not probe.",
             "Keadaan dari pemantauan ({age} yang lalu) dipakai untuk {n} target yang tidak diperiksa langsung."),
    "live.down": ("{mark} {n} of {total} targets not probed are down in the monitor: {names}",
                  "{mark} {n} dari {total} target yang tidak diperiksa putus menurut pemantauan: {names}"),
    "live.up": ("✓ {n} targets not probed answer in the monitor", "✓ {n} target yang tidak diperiksa menjawab menurut "
                                                                   "pemantauan"),
    "live.more": ("{names} and {n} more", "{names}, dan {n} lainnya"),
    "age.s": ("{n} s", "{n} detik"),
    "age.min": ("{n} min", "{n} menit"),
    "ev.usual": (" (usual {usual} ms)", " (biasanya {usual} ms)"),
    "ev.confirm.none": (", none of {sent} spaced confirm echoes either", ", juga tidak satu pun dari {sent} echo "
                                                                          "konfirmasi berjeda"),
    "ev.confirm.some": (" (only {received} of {sent} spaced confirm echoes answered)",
                        " (hanya {received} dari {sent} echo konfirmasi berjeda yang dijawab)"),
    "ev.accepted": ("accepted the connection, no answer in {seconds} s",
                    "koneksi diterima, tidak ada jawaban dalam {seconds} detik"),
    "ev.tls": ("certificate {problem}", "sertifikat {problem}"),
    "ev.redirect.url": ("redirected to {url}", "dialihkan ke {url}"),
    "and": (" and ", " dan "),
}


def t(lang: Lang, key: str, **facts: object) -> str:
    english, indonesian = TEXT[key]
    return (indonesian if lang == "id" else english).format(**facts)


def join(lang: Lang, items: Sequence[str]) -> str:
    """"A, B and C" / "A, B, dan C"."""
    items = list(items)
    if len(items) <= 2:
        return t(lang, "and").join(items)
    last = (", dan " if lang == "id" else " and ") + items[-1]
    return ", ".join(items[:-1]) + last


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def number(lang: Lang, value: float, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "id" else text


def bandwidth(lang: Lang, kbps: int) -> str:
    """100 kbps, 1,5 Mbps in Indonesian; 1.5 Mbps in English."""
    text = format_bandwidth(kbps)
    return text if lang == "id" else text.replace(",", ".")


def rtt(lang: Lang, value: float) -> str:
    return number(lang, value, 0 if value >= 100 else 1 if value >= 0.1 else 2)


def day_text(lang: Lang, day: date) -> str:
    """28 Februari 2026 / 28 Feb 2026: the month written out in Indonesian, abbreviated in English."""
    if lang == "id":
        return format_date(day, "id")
    return f"{day.day} {month_name(day.month, 'en')[:3]} {day.year}"


def ago(lang: Lang, days: int) -> str:
    return t(lang, "ago.one") if days == 1 else t(lang, "ago", n=days)


def left(lang: Lang, days: int) -> str:
    if days == 0:
        return t(lang, "left.today")
    return t(lang, "left.one") if days == 1 else t(lang, "left", n=days)


def clock(ts: float, timezone_name: str) -> str:
    moment = datetime.fromtimestamp(ts, zone(timezone_name))
    label = _ZONE_NAMES.get(timezone_name)
    if label is None:
        offset = moment.strftime("%z")
        label = f"UTC{offset[:3]}:{offset[3:]}"
    return f"{moment:%Y-%m-%d %H:%M} {label}"


def age(lang: Lang, seconds: float) -> str:
    """"12 s" / "12 detik"; whole minutes from two minutes on."""
    if seconds >= 120:
        return t(lang, "age.min", n=round(seconds / 60))
    return t(lang, "age.s", n=round(seconds))
