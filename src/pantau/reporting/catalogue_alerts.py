"""The wording of alerts: every key → (English, Indonesian), merged into `catalogue.TEXT` and filled by
`alert_text` from the facts the domain's planner gives (`domain.alerts.AlertFacts`).

An alert is read on a phone: its first words say what happened (they become the e-mail subject), and a diagnosis
says where the fault is in a few words (`verdict.*`, in `catalogue_contracts`), never the verdict's code.
"""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "alert.down": ("DOWN: {name} since {since}", "GANGGUAN: {name} DOWN sejak {since}"),
    "alert.down.offices": (" — {n} offices unreachable", " — {n} kantor tidak terjangkau"),
    "alert.down.office": (" — 1 office unreachable", " — 1 kantor tidak terjangkau"),
    "alert.recovered": ("RECOVERED: {name} is up again at {at} after {lasted} down (since {since})",
                        "PULIH: {name} normal kembali pukul {at}, setelah {lasted} DOWN (sejak {since})"),
    "alert.recovered.offices": ("; {n} offices reachable again", "; {n} kantor terjangkau lagi"),
    "alert.recovered.office": ("; 1 office reachable again", "; 1 kantor terjangkau lagi"),
    "alert.degraded": ("DEGRADED: {name} slow or lossy since {since}",
                       "TERGANGGU: {name} lambat/putus-putus sejak {since}"),
    "alert.flapping": ("FLAPPING: {name} went down {n} times since {since}; a summary follows after {window} min "
                       "without change",
                       "TIDAK STABIL: {name} putus-sambung {n} kali sejak {since}; ringkasan menyusul setelah "
                       "{window} menit stabil"),
    "alert.flap-summary": ("SUMMARY: {name} went down {n} times between {since} and {until}; now {state}",
                           "RINGKASAN: {name} putus-sambung {n} kali antara {since} dan {until}; sekarang {state}"),
    "alert.contract": ("CONTRACT: {text}", "KONTRAK: {text}"),
    "alert.line-full": ("LINE FULL: {name}, line {link} at {percent} % of the contracted {rate} since {since}",
                        "LINK PENUH: {name}, link {link} terpakai {percent} % dari {rate} sesuai kontrak "
                        "sejak {since}"),
    "alert.interface-down": ("LINE DOWN: {name}, the router reports the interface of line {link} down since {since}",
                             "LINK MATI: {name}, router melaporkan antarmuka link {link} mati sejak {since}"),
    "alert.line-recovered.line-full": ("LINE OK: {name}, line {link} below 90 % again ({percent} %) at {at}, "
                                       "after {lasted} full",
                                       "LINK NORMAL: {name}, link {link} di bawah 90 % lagi ({percent} %) pukul {at}, "
                                       "setelah {lasted} penuh"),
    "alert.line-recovered.interface-down": ("LINE UP: {name}, the interface of line {link} is up again at {at}",
                                            "LINK HIDUP: {name}, antarmuka link {link} hidup lagi pukul {at}"),
    "alert.path-broken": ("PATH BROKEN: the path from {vantage} to {name} is broken since {since}; {name} still "
                          "answers the Pantau agent at {heard}, so the office is up",
                          "JALUR PUTUS: jalur dari {vantage} ke {name} putus sejak {since}; {name} masih menjawab "
                          "agen Pantau di {heard}, jadi kantornya menyala"),
    "alert.agent-silent": ("AGENT SILENT: the Pantau agent at {name} has not reported since {since}; what it sees is "
                           "not known (its line may be cut, or the agent stopped)",
                           "AGEN DIAM: agen Pantau di {name} tidak melapor sejak {since}; yang dilihatnya tidak "
                           "diketahui (jalurnya mungkin putus, atau agennya berhenti)"),
    "alert.agent-back": ("AGENT BACK: the Pantau agent at {name} reports again at {at}, after {lasted} silent",
                         "AGEN KEMBALI: agen Pantau di {name} melapor lagi pukul {at}, setelah {lasted} diam"),
    "alert.end": ("{text}.", "{text}."),
    "alert.diagnosis": (" Diagnosis: {verdict} ({at}).", " Diagnosa: {verdict} ({at})."),
    "alert.contract-note": (" Contract: {text}.", " Kontrak: {text}."),
    "alert.warning.expired": ("{label} ended {days} ago", "{label} berakhir {days} lalu"),
    "alert.warning.expiring": ("{label} ends in {days}", "{label} berakhir dalam {days}"),
    "alert.warning.no-approved-budget": ("{label} has no approved budget",
                                         "{label} belum punya anggaran yang disetujui"),
    "alert.warning.payment-overdue": ("{label} payment overdue by {days}", "pembayaran {label} terlambat {days}"),
    "alert.warning.coverage-gap": ("{label}: coverage gap of {days}", "celah kontrak {days} pada {label}"),
    "alert.lasted.s": ("{n} s", "{n} detik"),
    "alert.lasted.min": ("{n} min", "{n} menit"),
    "alert.lasted.h": ("{h} h {m:02d} min", "{h} jam {m} menit"),
    "alert.delayed": ("[DELAYED — raised {stamp}] {text}", "[TERTUNDA — dibuat {stamp}] {text}"),
    "alert.check.subject": ("Pantau: test message", "Pantau: pesan uji"),
    "alert.check.text": ("Pantau: test message. If this arrives, the alert channel works.",
                         "Pantau: pesan uji. Jika pesan ini sampai, kanal peringatan berfungsi."),
}
