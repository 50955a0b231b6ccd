"""The incident record (berita acara gangguan jaringan) as HTML, Indonesian by default or English (the catalogue's
`record.*` keys), for the PDF writer and the print dialog (`ui.incident_export`).

Pure: it words an `incident_record.IncidentRecord`. Every time is written in the network's zone with its usual
abbreviation (WITA), every date written out; a figure the record does not have (an outage still running, no saved
diagnosis, no SLA terms) is a sentence saying so, never a number. The signature block leaves names and NIPs blank
for wet signatures.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from pantau.domain.states import HealthState
from pantau.domain.timezones import zone
from pantau.reporting.catalogue import TEXT, Lang, lang_of, number
from pantau.reporting.catalogue import t as phrase
from pantau.reporting.idformat import ZONE_ABBREVIATIONS, format_date, format_rupiah
from pantau.reporting.incident_record import ChronoEntry, Evidence, IncidentRecord, SlaFacts

__all__ = ["duration_text", "incident_record_html", "moment_text"]

_TABLE = "<table border='1' cellspacing='0' cellpadding='3' width='100%'>"


def duration_text(lang: Lang, seconds: float) -> str:
    """"1 jam 5 menit 12 detik" / "1 h 5 min 12 s"; from two days on, days, hours and minutes."""
    whole = max(0, round(seconds))
    days, rest = divmod(whole, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days >= 2:
        return phrase(lang, "record.d.dhm", d=days, h=hours, m=minutes)
    hours += days * 24
    if hours:
        return phrase(lang, "record.d.hms", h=hours, m=minutes, s=secs)
    if minutes:
        return phrase(lang, "record.d.ms", m=minutes, s=secs)
    return phrase(lang, "record.d.s", s=secs)


def zone_text(timezone: str, at: float) -> str:
    """WITA for Asia/Makassar; another zone as its UTC offset at `at` (UTC+07:00)."""
    if timezone in ZONE_ABBREVIATIONS:
        return ZONE_ABBREVIATIONS[timezone]
    offset = datetime.fromtimestamp(at, zone(timezone)).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"


def moment_text(lang: Lang, ts: float, timezone: str, with_zone: bool = True) -> str:
    """"6 Desember 2026 14:03:12 WITA" (without the zone when a heading says it)."""
    when = datetime.fromtimestamp(ts, zone(timezone))
    text = f"{format_date(when.date(), lang)} {when:%H:%M:%S}"
    return f"{text} {zone_text(timezone, ts)}" if with_zone else text


def _word(lang: Lang, prefix: str, value: str) -> str:
    key = f"{prefix}.{value}"
    return phrase(lang, key) if key in TEXT else value


def _table(headers: Sequence[str] | None, rows: Sequence[Sequence[str]], widths: Sequence[int] = ()) -> str:
    def cell(tag: str, i: int, text: str) -> str:
        width = f" width='{widths[i]}%'" if i < len(widths) else ""
        return f"<{tag} align='left' valign='top'{width}>{text}</{tag}>"

    head = "<tr>" + "".join(cell("th", i, escape(h)) for i, h in enumerate(headers)) + "</tr>" if headers else ""
    body = "".join("<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"{_TABLE}{head}{body}</table>"


class _Writer:
    def __init__(self, record: IncidentRecord, lang: Lang) -> None:
        self.record = record
        self.lang = lang

    def t(self, key: str, **facts: object) -> str:
        return phrase(self.lang, f"record.{key}", **facts)

    def at(self, ts: float) -> str:
        return moment_text(self.lang, ts, self.record.timezone)

    def duration(self, seconds: float) -> str:
        return duration_text(self.lang, seconds)

    def name(self, site_id: str) -> str:
        return self.record.site_name(site_id)

    def state(self, value: str) -> str:
        # HealthState values are upper case (UP, DOWN); the catalogue's keys are not.
        return _word(self.lang, "record.state", value.lower())

    def header(self) -> list[str]:
        r = self.record
        return [f"<h2 align='center'>{escape(self.t('title').upper())}</h2>",
                f"<p align='center'>{self.t('number')}: <b>{escape(r.number)}</b></p>",
                _table(None, [[self.t("network"), escape(r.network_name)],
                              [self.t("made"), self.at(r.made)],
                              [self.t("outage_ids"), ", ".join(str(i) for i in r.event_ids)]], (30, 70)),
                f"<p>{escape(self.t('opening', zone=zone_text(r.timezone, r.start)))}</p>"]

    def summary(self) -> list[str]:
        r = self.record
        downs = ", ".join(dict.fromkeys(self.name(d.subject) for d in r.downs))
        end = f"{self.t('running')} ({self.at(r.end)})" if r.ongoing else self.at(r.end)
        duration = self.t("running.duration", duration=self.duration(r.duration_s)) if r.ongoing \
            else self.duration(r.duration_s)
        errors = [d.first_error for d in r.downs if d.first_error] or [d.reason for d in r.downs if d.reason]
        rows = [[self.t("down_sites"), escape(downs)], [self.t("start"), self.at(r.start)],
                [self.t("end"), escape(end)], [self.t("duration"), f"<b>{escape(duration)}</b>"]]
        if errors:
            rows.append([self.t("first_error"), escape("; ".join(dict.fromkeys(errors)))])
        return [f"<h3>{self.t('summary')}</h3>", _table(None, rows, (30, 70))]

    def offices(self) -> list[str]:
        rows = []
        for office in self.record.offices:
            how = self.t("how.down") if office.via is None else self.t("how.behind", office=self.name(office.via))
            cut = self.duration(office.duration_s)
            if office.ongoing:
                cut = self.t("running.duration", duration=cut)
            rows.append([escape(office.name), escape(how), escape(cut)])
        return [f"<h3>{self.t('offices')}</h3>", f"<p>{escape(self.t('offices.intro'))}</p>",
                _table([self.t("office"), self.t("how"), self.t("cut")], rows, (35, 35, 30)),
                f"<p>{escape(self.t('offices.count', n=len(self.record.offices)))}</p>"]

    def entry(self, entry: ChronoEntry) -> str:
        if entry.kind == "down":
            text = self.t("ev.down", office=self.name(entry.subject), reason=entry.reason or "—")
            if entry.first_error:
                text += "; " + self.t("ev.down.error", error=entry.first_error)
            return f"<b>{escape(text)}</b>"
        if entry.kind == "site":
            # The engine's reason of an UNREACHABLE is its own English sentence; the offices table says in the
            # record's language which office each one was cut off behind.
            reason = entry.reason if entry.reason and entry.state != HealthState.UNREACHABLE else ""
            return escape(self.t("ev.site", office=self.name(entry.subject), previous=self.state(entry.previous),
                                 state=self.state(entry.state)) + (f" ({reason})" if reason else ""))
        if entry.kind == "target":
            detail = entry.first_error or entry.reason
            return escape(self.t("ev.target", target=entry.subject, previous=self.state(entry.previous),
                                 state=self.state(entry.state), reason=f"({detail})" if detail else "").strip())
        if entry.kind == "diagnosis":
            trigger = self.t("ev.trigger.auto" if entry.auto else "ev.trigger.manual")
            return escape(self.t("ev.diagnosis", id=entry.diagnosis_id, trigger=trigger, headline=entry.reason))
        if entry.kind == "alert" and entry.alert is not None:
            alert = entry.alert
            if alert.outcome != "raised":
                channels = self.t("ev.alert.suppressed", reason=alert.reason or alert.outcome)
            elif alert.channels:
                channels = ", ".join(f"{channel}: {_word(self.lang, 'record.channel', status)}"
                                     for channel, status in alert.channels)
            else:
                channels = self.t("ev.alert.none")
            text = alert.text_id if self.lang == "id" else alert.text_en
            return escape(self.t("ev.alert", kind=_word(self.lang, "record.alert", alert.kind),
                                 text=text.splitlines()[0] if text else "", channels=channels))
        if entry.kind == "recovered":
            # Back to UP is "recovered"; back to another state (DEGRADED, UNREACHABLE) says which.
            facts = {"office": self.name(entry.subject), "duration": self.duration(entry.duration_s)}
            text = self.t("ev.recovered", **facts) if entry.state == HealthState.UP.value else \
                self.t("ev.recovered.state", state=self.state(entry.state), **facts)
            return f"<b>{escape(text)}</b>"
        return f"<b>{escape(self.t('ev.still', office=self.name(entry.subject)))}</b>"

    def chronology(self) -> list[str]:
        # The zone is said once, in the header, so each time fits its column on one line.
        zone_name = zone_text(self.record.timezone, self.record.start)
        rows = [[escape(moment_text(self.lang, entry.ts, self.record.timezone, with_zone=False)).replace(" ", "&nbsp;"),
                 self.entry(entry)] for entry in self.record.chronology]
        return [f"<h3>{self.t('chronology')}</h3>",
                _table([f"{self.t('time')} ({zone_name})", self.t("event")], rows, (31, 69))]

    def line(self) -> list[str]:
        parts = [f"<h3>{self.t('line')}</h3>"]
        for line in self.record.lines:
            if line.link is None:
                parts.append(f"<p>{escape(self.t('line.none', office=self.name(line.site_id)))}</p>")
                continue
            if line.contract is None:
                contract = self.t("contract.none", day=format_date(line.day, self.lang))
            else:
                contract = self.t("contract.period", number=line.contract.number,
                                  start=format_date(line.contract.start, self.lang),
                                  end=format_date(line.contract.end, self.lang))
            rows = [[self.t("office"), escape(self.name(line.site_id))],
                    [self.t("link"), escape(line.link.id)],
                    [self.t("provider"), escape(line.link.provider)],
                    [self.t("circuit"), escape(line.link.circuit_id or self.t("circuit.none"))],
                    [self.t("contract"), escape(contract)]]
            parts.append(_table(None, rows, (30, 70)))
            parts.append("<p></p>")
        return parts

    def sla_part(self, fact: SlaFacts) -> str:
        number_of = fact.contract.number if fact.contract else ""
        if fact.gap == "no-contract":
            return f"<p>{escape(self.t('sla.no-contract', office=self.name(fact.site_id)))}</p>"
        if fact.window is None or fact.gap == "not-watched":
            key = "sla.not-watched" if fact.gap == "not-watched" else f"sla.{fact.gap}"
            return f"<p>{escape(self.t(key, number=number_of))}</p>"
        window = fact.window
        availability = window.availability_percent
        rows = [[self.t("sla.target"), f"{number(self.lang, window.target_percent, 2)} %"],
                [self.t("sla.availability"), escape(self.t(
                    "sla.watched", percent=f"{number(self.lang, availability or 0.0, 3)} %",
                    watched=self.duration(window.watched_s)))],
                [self.t("sla.excess"), str(window.excess_hours)]]
        terms = fact.contract.sla if fact.contract else None
        if fact.credit_idr is not None and terms is not None:
            rows.append([self.t("sla.credit"), escape(self.t(
                "sla.credit.rule", amount=format_rupiah(fact.credit_idr),
                percent=number(self.lang, terms.credit_percent_per_hour, 2).rstrip("0").rstrip(",."),
                cap=number(self.lang, terms.credit_cap_percent, 2).rstrip("0").rstrip(",.")))])
        else:
            rows.append([self.t("sla.credit"), escape(self.t(f"sla.{fact.gap or 'no-credit-rule'}",
                                                              number=number_of))])
        title = self.t("sla.window", start=format_date(window.days.start, self.lang),
                       end=format_date(window.days.end, self.lang), link=window.link_id)
        return f"<p><b>{escape(title)}</b></p>" + _table(None, rows, (30, 70))

    def sla(self) -> list[str]:
        parts = [f"<h3>{self.t('sla')}</h3>"]
        parts += [self.sla_part(fact) for fact in self.record.sla]
        if not self.record.sla:
            parts.append(f"<p>{self.t('sla.none')}</p>")
        return parts

    def evidence_part(self, item: Evidence) -> list[str]:
        trigger = self.t("ev.trigger.auto" if item.auto else "ev.trigger.manual")
        title = self.t("evidence.item", id=item.row.id, when=self.at(item.row.created), trigger=trigger)
        parts = [f"<p><b>{escape(title)}</b><br>{escape(self.t('evidence.verdict', headline=item.headline))}<br>"
                 f"{self.t('evidence.hash')}: <tt>{item.sha256}</tt></p>"]
        if not item.hops:
            parts.append(f"<p>{escape(self.t('evidence.nohops'))}</p>")
            return parts
        parts.append(f"<p>{escape(self.t('evidence.path', toward=item.toward or '—', last=item.last_hop or '—'))}</p>")
        rows = [[str(hop.ttl if hop.ttl is not None else "—"), escape(hop.address or self.t("hop.silent")),
                 f"{number(self.lang, hop.rtt_ms, 1)} ms" if hop.rtt_ms is not None else "—",
                 f"{number(self.lang, hop.loss_percent, 0)} %" if hop.loss_percent is not None else "—"]
                for hop in item.hops]
        parts.append(_table([self.t("hop.ttl"), self.t("hop.address"), self.t("hop.rtt"), self.t("hop.loss")], rows,
                            (10, 50, 20, 20)))
        return parts

    def evidence(self) -> list[str]:
        r = self.record
        parts = [f"<h3>{self.t('evidence')}</h3>"]
        if not r.evidence:
            parts.append(f"<p>{escape(self.t('evidence.none'))}</p>")
            return parts
        for item in r.evidence:
            parts += self.evidence_part(item)
        ids = " ".join(str(i) for i in r.event_ids)
        parts.append(f"<p>{self.t('bundle', hash=f'<tt>{r.bundle_sha256}</tt>')}<br>"
                     f"{escape(self.t('bundle.how', ids=ids))}</p>")
        return parts

    def signatures(self) -> list[str]:
        made = datetime.fromtimestamp(self.record.made, zone(self.record.timezone)).date()
        roles = [self.t("sign.officer"), self.t("sign.head"), self.t("sign.provider")]
        blank = f"{self.t('sign.name')}: ______________________<br>{self.t('sign.nip')}: ______________________"
        cells = "".join(f"<td align='center' valign='top' width='33%'><b>{escape(role)}</b><br><br><br><br><br>"
                        f"<br>{blank}</td>" for role in roles)
        return [f"<h3>{self.t('signatures')}</h3>",
                f"<p>{escape(self.t('signed_at', day=format_date(made, self.lang)))}</p>",
                f"<table border='0' cellspacing='0' cellpadding='6' width='100%'><tr>{cells}</tr></table>"]


def incident_record_html(record: IncidentRecord, lang: str = "id") -> str:
    """The record as one HTML document (A4 through `ui.contract_pdf.write_pdf`)."""
    writer = _Writer(record, lang_of(lang))
    parts = [*writer.header(), *writer.summary(), *writer.offices(), *writer.chronology(), *writer.line(),
             *writer.sla(), *writer.evidence(), *writer.signatures()]
    return "<html><body style='font-size:10pt'>" + "".join(parts) + "</body></html>"
