"""The wording of a contract's SLA terms and the credit it earned (`sla_text`), every key → (English, Indonesian),
merged into `catalogue.TEXT`: the contracts panel, the contract report and `pantau contracts` say it alike.
"""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    # The terms in words.
    "sla.target": ("Availability target {percent} % per {window}, on monitored time only",
                   "Target ketersediaan {percent} % per {window}, hanya atas waktu yang dipantau"),
    "sla.window.month": ("calendar month", "bulan kalender"),
    "sla.window.quarter": ("calendar quarter", "triwulan kalender"),
    "sla.window.year": ("calendar year", "tahun kalender"),
    "sla.rule": ("Credit: {percent} % of the line's monthly fee per whole hour of downtime beyond the allowance, "
                 "at most {cap} % of the window's fee",
                 "Kompensasi: {percent} % dari biaya bulanan jalur per jam penuh waktu putus di atas batas yang "
                 "diizinkan, paling banyak {cap} % dari biaya periode"),
    "sla.exclusion": ("Maintenance excluded: {start} – {end}", "Pemeliharaan dikecualikan: {start} – {end}"),
    # Why no credit can be given (`domain.sla.SlaGap`).
    "sla.gap.no-target": ("No SLA credit: the contract states no availability target.",
                          "Tidak ada kompensasi SLA: kontrak tidak mencantumkan target ketersediaan."),
    "sla.gap.no-credit-rule": ("No SLA credit: the contract states no credit rule.",
                               "Tidak ada kompensasi SLA: kontrak tidak mencantumkan aturan kompensasi."),
    "sla.gap.no-lines": ("No SLA credit: no link is covered by this contract.",
                         "Tidak ada kompensasi SLA: tidak ada jalur yang dicakup kontrak ini."),
    "sla.none-watched": ("No line of this contract was monitored in the period: no figure can be given.",
                         "Tidak ada jalur kontrak ini yang dipantau dalam periode ini: tidak ada angka yang bisa "
                         "diberikan."),
    # A window's name.
    "sla.quarter": ("Q{n} {year}", "Triwulan {n} {year}"),
    "sla.running": ("{window} (running)", "{window} (berjalan)"),
    # One line over one window.
    "sla.line": ("{window} · {line}: availability {percent} % (target {target} %), {hours} h beyond the allowance, "
                 "rests on {share} % of the window, credit {amount}",
                 "{window} · {line}: ketersediaan {percent} % (target {target} %), {hours} jam di atas batas, "
                 "berdasar {share} % dari periode, kompensasi {amount}"),
    "sla.line.unwatched": ("{window} · {line}: not monitored, no figure",
                           "{window} · {line}: tidak dipantau, tanpa angka"),
    "sla.line.more": ("{window}: {n} more lines within the target", "{window}: {n} jalur lain memenuhi target"),
    "sla.lines.unwatched": ("{window}: {n} lines not monitored, no figure",
                            "{window}: {n} jalur tidak dipantau, tanpa angka"),
    "sla.window.unwatched": ("{window}: not monitored, no figure", "{window}: tidak dipantau, tanpa angka"),
    "sla.window": ("{window}: worst line {line} {percent} % (target {target} %), {hours} h beyond the allowance, "
                   "credit {amount}",
                   "{window}: jalur terburuk {line} {percent} % (target {target} %), {hours} jam di atas batas, "
                   "kompensasi {amount}"),
    "sla.total": ("SLA credit due so far: {amount}", "Kompensasi SLA terutang sejauh ini: {amount}"),
    "sla.no-credit": ("no credit rule", "tanpa aturan kompensasi"),
    # The report's table.
    "sla.col.window": ("Window", "Periode"),
    "sla.col.line": ("Line", "Jalur"),
    "sla.col.availability": ("Availability", "Ketersediaan"),
    "sla.col.excess": ("Hours beyond the allowance", "Jam di atas batas"),
    "sla.col.share": ("Monitored", "Dipantau"),
    "sla.col.credit": ("Credit", "Kompensasi"),
    "sla.total.row": ("Total", "Jumlah"),
    "sla.left-out": ("Left out, not monitored (no figure): {n} line-windows.",
                     "Tidak dicantumkan karena tidak dipantau (tanpa angka): {n} jalur-periode."),
    "sla.how": ("Counted per line and per window, on monitored time only: the whole hours of downtime beyond what "
                "the target allows in the time watched; announced maintenance counts neither as downtime nor as "
                "watched time.",
                "Dihitung per jalur dan per periode, hanya atas waktu yang dipantau: jam penuh waktu putus di atas "
                "batas yang diizinkan target dalam waktu dipantau; pemeliharaan yang diumumkan tidak dihitung "
                "sebagai waktu putus maupun waktu dipantau."),
}
