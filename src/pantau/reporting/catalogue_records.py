"""The wording of the incident record (berita acara gangguan jaringan), every key → (English, Indonesian), merged
into `catalogue.TEXT` and filled by `incident_html`.
"""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "record.title": ("Network incident record", "Berita acara gangguan jaringan"),
    "record.number": ("Number", "Nomor"),
    "record.made": ("Made on", "Dibuat pada"),
    "record.network": ("Network", "Jaringan"),
    "record.outage_ids": ("Outage ID", "ID gangguan"),
    "record.opening": ("This record states the network outage below as the workspace's event log recorded it. "
                       "Times are those of the network's zone ({zone}).",
                       "Berita acara ini menyatakan gangguan jaringan di bawah ini sebagaimana tercatat dalam log "
                       "kejadian workspace. Waktu menurut zona waktu jaringan ({zone})."),
    # 1. Summary.
    "record.summary": ("1. Summary", "1. Ringkasan"),
    "record.down_sites": ("Office down", "Kantor yang putus"),
    "record.start": ("Start", "Mulai"),
    "record.end": ("End", "Selesai"),
    "record.duration": ("Duration", "Lama gangguan"),
    "record.first_error": ("First error", "Galat pertama"),
    "record.running": ("still running at the time of the record", "masih berlangsung saat berita acara dibuat"),
    "record.running.duration": ("{duration} so far (still running)", "{duration} sampai saat ini (masih berlangsung)"),
    # 2. Offices affected.
    "record.offices": ("2. Offices affected", "2. Kantor terdampak"),
    "record.offices.intro": ("The office that went down and the offices whose way in from the monitoring point "
                             "runs through it (the vantage's tree of ways in).",
                             "Kantor yang putus dan kantor-kantor yang jalurnya dari titik pemantauan melewati "
                             "kantor tersebut (pohon jalur masuk dari titik pemantauan)."),
    "record.office": ("Office", "Kantor"),
    "record.how": ("How", "Keterangan"),
    "record.how.down": ("down", "putus"),
    "record.how.behind": ("cut off behind {office}", "terputus di belakang {office}"),
    "record.cut": ("Cut for", "Lama terputus"),
    "record.offices.count": ("{n} offices affected in all.", "Seluruhnya {n} kantor terdampak."),
    # 3. Chronology.
    "record.chronology": ("3. Chronology", "3. Kronologi"),
    "record.time": ("Time", "Waktu"),
    "record.event": ("What happened", "Kejadian"),
    "record.ev.down": ("{office} DOWN: {reason}", "{office} PUTUS (DOWN): {reason}"),
    "record.ev.down.error": ("first error: {error}", "galat pertama: {error}"),
    "record.ev.site": ("{office}: {previous} → {state}", "{office}: {previous} → {state}"),
    "record.ev.target": ("Check {target}: {previous} → {state} {reason}", "Pemeriksaan {target}: {previous} → "
                                                                           "{state} {reason}"),
    "record.ev.diagnosis": ("Diagnosis #{id} ({trigger}): {headline}", "Diagnosa #{id} ({trigger}): {headline}"),
    "record.ev.trigger.auto": ("captured by itself", "otomatis"),
    "record.ev.trigger.manual": ("run by an officer", "dijalankan petugas"),
    "record.ev.alert": ("Alert ({kind}): {text} — {channels}", "Peringatan ({kind}): {text} — {channels}"),
    "record.ev.alert.none": ("no channel configured: recorded only", "tanpa saluran: hanya dicatat"),
    "record.ev.alert.suppressed": ("kept back by a rule: {reason}", "ditahan oleh aturan: {reason}"),
    "record.ev.recovered": ("{office} recovered after {duration}", "{office} normal kembali setelah {duration}"),
    "record.ev.recovered.state": ("{office} answers again ({state}) after {duration}",
                                  "{office} menjawab kembali ({state}) setelah {duration}"),
    "record.ev.still": ("{office} still DOWN at the time of the record", "{office} masih PUTUS saat berita acara "
                                                                           "dibuat"),
    # 4. The line.
    "record.line": ("4. The line and its contract", "4. Jalur dan kontraknya"),
    "record.link": ("Line", "Jalur"),
    "record.provider": ("Provider", "Penyedia"),
    "record.circuit": ("Circuit ID", "ID sirkuit"),
    "record.contract": ("Contract", "Kontrak"),
    "record.contract.period": ("{number}, in force {start} – {end}", "{number}, berlaku {start} – {end}"),
    "record.contract.none": ("no contract in force on {day}", "tidak ada kontrak yang berlaku pada {day}"),
    "record.line.none": ("No line on record serves {office}.", "Tidak ada jalur tercatat yang melayani {office}."),
    "record.circuit.none": ("not recorded", "tidak tercatat"),
    # 5. The SLA.
    "record.sla": ("5. Service level (SLA)", "5. Tingkat layanan (SLA)"),
    "record.sla.window": ("Window {start} – {end} on line {link}", "Periode {start} – {end} pada jalur {link}"),
    "record.sla.target": ("Target", "Target"),
    "record.sla.availability": ("Availability so far", "Ketersediaan sejauh ini"),
    "record.sla.watched": ("{percent} over the {watched} monitored of the window",
                           "{percent} atas {watched} yang terpantau dari periode ini"),
    "record.sla.excess": ("Whole hours beyond the allowance", "Jam penuh melebihi batas"),
    "record.sla.credit": ("Credit due", "Kompensasi (kredit) terutang"),
    "record.sla.credit.rule": ("{amount} ({percent} % of the monthly fee per hour, at most {cap} % of the "
                               "window's fee)",
                               "{amount} ({percent} % biaya bulanan per jam, paling banyak {cap} % biaya periode)"),
    "record.sla.no-target": ("Contract {number} states no availability target: no SLA figure can be given.",
                             "Kontrak {number} tidak menyebut target ketersediaan: angka SLA tidak dapat diberikan."),
    "record.sla.no-credit-rule": ("Contract {number} states no credit rule ([contracts.sla]): no credit can be "
                                  "computed.",
                                  "Kontrak {number} tidak memuat aturan kompensasi ([contracts.sla]): kredit tidak "
                                  "dapat dihitung."),
    "record.sla.no-lines": ("Contract {number} covers no line on record: no SLA figure can be given.",
                            "Kontrak {number} tidak mencakup jalur tercatat: angka SLA tidak dapat diberikan."),
    "record.sla.not-watched": ("The window holding the outage was not monitored: no availability and no credit "
                               "can be given.",
                               "Periode yang memuat gangguan ini tidak terpantau: ketersediaan dan kredit tidak "
                               "dapat diberikan."),
    "record.sla.no-contract": ("No contract was in force for {office}'s line: there are no SLA terms to apply.",
                               "Tidak ada kontrak yang berlaku untuk jalur {office}: tidak ada ketentuan SLA yang "
                               "dapat diterapkan."),
    "record.sla.none": ("No SLA figure was computed for this record.",
                        "Tidak ada angka SLA yang dihitung untuk berita acara ini."),
    # 6. Evidence.
    "record.evidence": ("6. Evidence", "6. Bukti"),
    "record.evidence.none": ("No saved diagnosis covers this outage: the record rests on the event log only.",
                             "Tidak ada diagnosa tersimpan untuk gangguan ini: berita acara hanya berdasarkan log "
                             "kejadian."),
    "record.evidence.item": ("Diagnosis #{id}, {when} ({trigger})", "Diagnosa #{id}, {when} ({trigger})"),
    "record.evidence.verdict": ("Finding: {headline}", "Temuan: {headline}"),
    "record.evidence.hash": ("SHA-256 of the stored report", "SHA-256 laporan tersimpan"),
    "record.evidence.path": ("Path toward {toward}, last answering hop {last}",
                             "Jalur menuju {toward}, hop terakhir yang menjawab {last}"),
    "record.evidence.nohops": ("This diagnosis holds no hop list (no path probe was run).",
                               "Diagnosa ini tidak memuat daftar hop (tidak ada uji jalur)."),
    "record.hop.ttl": ("Hop", "Hop"),
    "record.hop.address": ("Address", "Alamat"),
    "record.hop.rtt": ("RTT", "RTT"),
    "record.hop.loss": ("Loss", "Loss"),
    "record.hop.silent": ("no answer", "tidak menjawab"),
    "record.bundle": ("SHA-256 of the evidence bundle (all diagnoses above as canonical JSON): {hash}",
                      "SHA-256 berkas bukti (seluruh diagnosa di atas sebagai JSON kanonik): {hash}"),
    "record.bundle.how": ("`pantau report incident {ids} --evidence FILE.json` writes the bundle; its SHA-256 must "
                          "equal the figure above.",
                          "`pantau report incident {ids} --evidence FILE.json` menulis berkas bukti; SHA-256-nya "
                          "harus sama dengan angka di atas."),
    # 7. Signatures.
    "record.signatures": ("7. Signatures", "7. Tanda tangan"),
    "record.signed_at": ("Made at ____________, {day}", "Dibuat di ____________, {day}"),
    "record.sign.officer": ("Officer", "Petugas"),
    "record.sign.head": ("Head of division", "Kepala Bidang"),
    "record.sign.provider": ("Provider's representative", "Perwakilan Penyedia"),
    "record.sign.name": ("Name", "Nama"),
    "record.sign.nip": ("NIP", "NIP"),
    # States, channel outcomes and alert kinds as the chronology says them.
    "record.state.up": ("up", "normal"),
    "record.state.down": ("down", "putus"),
    "record.state.degraded": ("degraded", "menurun"),
    "record.state.unreachable": ("unreachable", "tak terjangkau"),
    "record.state.unknown": ("unknown", "tidak diketahui"),
    "record.channel.sent": ("sent", "terkirim"),
    "record.channel.queued": ("queued", "dalam antrean"),
    "record.channel.dropped": ("dropped", "dibatalkan"),
    "record.alert.down": ("down", "putus"),
    "record.alert.recovered": ("recovered", "pulih"),
    "record.alert.degraded": ("degraded", "menurun"),
    "record.alert.flapping": ("flapping", "putus-sambung"),
    "record.alert.flap-summary": ("flapping summary", "ringkasan putus-sambung"),
    "record.alert.line-full": ("line full", "jalur penuh"),
    "record.alert.interface-down": ("interface down", "antarmuka putus"),
    "record.alert.line-recovered": ("line recovered", "jalur pulih"),
    # Durations.
    "record.d.hms": ("{h} h {m} min {s} s", "{h} jam {m} menit {s} detik"),
    "record.d.ms": ("{m} min {s} s", "{m} menit {s} detik"),
    "record.d.s": ("{s} s", "{s} detik"),
    "record.d.dhm": ("{d} d {h} h {m} min", "{d} hari {h} jam {m} menit"),
}
