"""The wording of a site seen from several vantage points (`vantage_text`), every key → (English, Indonesian), merged
into `catalogue.TEXT`."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "vantage.path-broken": (
        "{site} answers {heard} but not {silent}: the path from {silent} to it is broken, not the office",
        "{site} menjawab {heard} tetapi tidak menjawab {silent}: jalur dari {silent} ke kantor itu yang putus, "
        "bukan kantornya"),
    "vantage.down": ("{site} is silent from {silent}, which reach(es) it: the office itself is down",
                     "{site} diam dari {silent}, yang jalurnya sampai ke sana: kantornya sendiri yang putus"),
    "vantage.unreachable": ("{site} is cut off from {silent}, each behind another silent office",
                            "{site} terputus dari {silent}, masing-masing di belakang kantor lain yang diam"),
    "vantage.heard": ("{site} answers {heard}", "{site} menjawab {heard}"),
    "vantage.unknown": ("{site}: no vantage has fresh word of it (not monitored, never up)",
                        "{site}: tidak ada titik pantau dengan kabar baru (tidak dipantau, bukan normal)"),
    "vantage.stale": ("{vantages}: no word for over {minutes} min, set aside",
                      "{vantages}: tanpa kabar lebih dari {minutes} menit, tidak dihitung"),
}
