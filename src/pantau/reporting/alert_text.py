"""An alert's message in English or Indonesian, worded from the facts the planner gives (`domain.alerts.AlertFacts`)
with the catalogue's `alert.*` keys; and the other sentences of the alert channels (a delayed alert's mark, the
test message).

The alert service (`alerts/`) sits beside reporting and may not import it: whoever builds the service hands it
`ALERT_SENTENCES` (see `alerts.wording.AlertWording`).

Moments are said in the network's time zone: "14:05 WITA" on the day the alert is raised, "26-11 14:05 WITA" on
another day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pantau.domain.alerts import Alert, AlertKind, ContractNote
from pantau.domain.timezones import zone
from pantau.reporting.catalogue import Lang, days, join, lang_of, number, t
from pantau.reporting.contract_text import verdict_text
from pantau.reporting.idformat import format_bandwidth


def _clock(ts: float, now: float, timezone: str) -> str:
    tz = zone(timezone)
    local = datetime.fromtimestamp(ts, tz)
    text = local.strftime("%H:%M")
    if local.date() != datetime.fromtimestamp(now, tz).date():
        text = local.strftime("%d-%m ") + text
    return f"{text} {local.tzname()}"


def outage_duration(lang: Lang, seconds: float) -> str:
    """How long an outage lasted: "45 s"/"45 detik" under a minute, whole minutes rounded half up under an hour
    ("2 min": 1 min 30 s is 2 min), then hours and minutes. Whole minutes alone made every outage under 30 s
    "0 min", and Python's round() halves to even (150 s read "2 min")."""
    whole = max(0, int(seconds + 0.5))
    if whole < 60:
        return t(lang, "alert.lasted.s", n=whole)
    minutes = int(whole / 60 + 0.5)
    if minutes < 60:
        return t(lang, "alert.lasted.min", n=minutes)
    hours, rest = divmod(minutes, 60)
    return t(lang, "alert.lasted.h", h=hours, m=rest)


def contract_note_text(lang: Lang, note: ContractNote) -> str:
    """"Telkom K-17/2026 ended 7 days ago" / "Telkom K-17/2026 berakhir 7 hari lalu"."""
    return t(lang, f"alert.warning.{note.kind.value}", label=note.label, days=days(lang, note.days))


def _offices(lang: Lang, key: str, n: int) -> str:
    if n == 0:
        return ""
    return t(lang, f"{key}.office") if n == 1 else t(lang, f"{key}.offices", n=n)


def _context(lang: Lang, alert: Alert) -> str:
    """" Diagnosis: … (14:20 WITA). Contract: …." after a DOWN or DEGRADED message, each when there is one."""
    facts = alert.facts
    text = ""
    if facts.verdict is not None and facts.verdict_at is not None:
        text += t(lang, "alert.diagnosis", verdict=verdict_text(facts.verdict, lang),
                  at=_clock(facts.verdict_at, alert.created, facts.timezone))
    if facts.contract is not None:
        text += t(lang, "alert.contract-note", text=contract_note_text(lang, facts.contract))
    return text


def alert_text(alert: Alert, language: str) -> str:
    """The whole message of `alert` in `language` ("en", "en_US": English; anything else Indonesian)."""
    lang, facts = lang_of(language), alert.facts

    def clock(ts: float | None) -> str:
        return _clock(alert.created if ts is None else ts, alert.created, facts.timezone)

    def end(text: str) -> str:
        return t(lang, "alert.end", text=text)

    name, since = facts.name, clock(alert.since)
    if alert.kind is AlertKind.DOWN:
        return end(t(lang, "alert.down", name=name, since=since) + _offices(lang, "alert.down", facts.offices)) \
            + _context(lang, alert)
    if alert.kind is AlertKind.RECOVERED:
        back = alert.created if facts.at is None else facts.at
        lasted = outage_duration(lang, back - (alert.since if alert.since is not None else back))
        return end(t(lang, "alert.recovered", name=name, at=clock(back), lasted=lasted, since=since)
                   + _offices(lang, "alert.recovered", facts.offices))
    if alert.kind is AlertKind.DEGRADED:
        return end(t(lang, "alert.degraded", name=name, since=since)) + _context(lang, alert)
    if alert.kind is AlertKind.FLAPPING:
        return end(t(lang, "alert.flapping", name=name, n=facts.downs, since=since, window=facts.window_minutes))
    if alert.kind is AlertKind.FLAP_SUMMARY:
        state = facts.state.value if facts.state is not None else ""
        return end(t(lang, "alert.flap-summary", name=name, n=facts.downs, since=since, until=clock(facts.at),
                     state=state))
    if alert.kind in (AlertKind.LINE_FULL, AlertKind.INTERFACE_DOWN, AlertKind.LINE_RECOVERED):
        return end(_line_text(lang, alert, clock))
    if alert.kind is AlertKind.PATH_BROKEN:
        return end(t(lang, "alert.path-broken", name=name, since=since, vantage=facts.vantage or "",
                     heard=join(lang, list(facts.heard_from)))) + _context(lang, alert)
    if alert.kind is AlertKind.AGENT_SILENT:
        return end(t(lang, "alert.agent-silent", name=name, since=since))
    if alert.kind is AlertKind.AGENT_BACK:
        back = alert.created if facts.at is None else facts.at
        lasted = outage_duration(lang, back - (alert.since if alert.since is not None else back))
        return end(t(lang, "alert.agent-back", name=name, at=clock(back), lasted=lasted))
    note = contract_note_text(lang, facts.contract) if facts.contract is not None else name
    return end(t(lang, "alert.contract", text=note))


def _line_text(lang: Lang, alert: Alert, clock: Callable[[float | None], str]) -> str:
    facts = alert.facts
    percent = "–" if facts.percent is None else number(lang, facts.percent, 0)
    common = {"name": facts.name, "link": facts.link or "", "percent": percent, "since": clock(alert.since)}
    if alert.kind is AlertKind.LINE_FULL:
        return t(lang, "alert.line-full", rate=format_bandwidth(facts.committed_kbps, lang), **common)
    if alert.kind is AlertKind.INTERFACE_DOWN:
        return t(lang, "alert.interface-down", **common)
    back = alert.created if facts.at is None else facts.at
    lasted = outage_duration(lang, back - (alert.since if alert.since is not None else back))
    return t(lang, f"alert.line-recovered.{facts.recovered_from}", at=clock(back), lasted=lasted, **common)



class AlertSentences:
    """The wording the alert service is handed (`alerts.wording.AlertWording`)."""

    def text(self, alert: Alert, lang: str) -> str:
        return alert_text(alert, lang)

    def delayed(self, text: str, raised: str, lang: str) -> str:
        """`text` marked as sent late, with when it was raised ("26-11 14:05 WITA")."""
        return t(lang_of(lang), "alert.delayed", stamp=raised, text=text)


ALERT_SENTENCES = AlertSentences()


def check_message(language: str) -> tuple[str, str]:
    """(subject, text) of the "Send test message" button."""
    lang = lang_of(language)
    return t(lang, "alert.check.subject"), t(lang, "alert.check.text")
