"""Contract facts said in English or Indonesian from the catalogue: a site's contract risk (the office table's badge,
the map's tooltip), a contract warning in full (the contract report), and a diagnosis verdict in a few words.

The domain decides (`domain.contract_risk`, `domain.contracts`, `domain.diagnosis`) and gives enums and numbers;
the wording is in `catalogue_contracts`.
"""

from __future__ import annotations

from datetime import date, timedelta

from pantau.domain.contract_risk import RiskReason, SiteContractRisk
from pantau.domain.contracts import ContractWarning, WarningKind, gaps_for_link, unpaid_periods
from pantau.domain.diagnosis import Verdict
from pantau.domain.inventory import Network
from pantau.reporting.catalogue import days, lang_of, t
from pantau.reporting.idformat import format_date

_VERDICTS = frozenset(verdict.value for verdict in Verdict)


def risk_text(risk: SiteContractRisk, language: str) -> str:
    """A site's contract risk as a short sentence: "Contract ends in 12 days" / "Kontrak habis 12 hari lagi"."""
    lang = lang_of(language)
    if risk.reason is RiskReason.ENDS and risk.days == 0:
        return t(lang, "risk.ends.today")
    return t(lang, f"risk.{risk.reason.value}", days=days(lang, risk.days), gap=days(lang, risk.gap_days),
             year=risk.year)


def verdict_text(verdict: str, language: str) -> str:
    """A diagnosis verdict (`Verdict` value) as a few words; one this version does not know is said as such, never
    by its code."""
    key = f"verdict.{verdict}" if verdict in _VERDICTS else "verdict.unknown"
    return t(lang_of(language), key)


def warning_text(network: Network, warning: ContractWarning, today: date, language: str = "id") -> str:
    """A warning with dates written out (30 Juni 2017 / 30 June 2017); the English `message` of the warning stays
    the stable text of `pantau contracts --json`, and is what a warning about an unknown contract says."""
    lang = lang_of(language)
    contract = network.contract(warning.contract_id)
    if contract is None:
        return warning.message
    end = format_date(contract.end, lang)
    n = warning.days or 0
    if warning.kind is WarningKind.EXPIRED:
        return t(lang, "warning.expired", days=days(lang, -n), end=end)
    if warning.kind is WarningKind.EXPIRING:
        key = "warning.expiring.today" if n == 0 else "warning.expiring"
        return t(lang, key, days=days(lang, n), end=end, step=warning.step)
    if warning.kind is WarningKind.NO_APPROVED_BUDGET:
        year = (contract.end + timedelta(days=1)).year
        return t(lang, "warning.budget.ended" if n < 0 else "warning.budget", year=year, end=end)
    if warning.kind is WarningKind.PAYMENT_OVERDUE:
        unpaid = unpaid_periods(contract, today)
        if not unpaid:
            return warning.message
        span = f"{format_date(unpaid[0].start, lang)} – {format_date(unpaid[0].end, lang)}"
        key = "warning.payment.one" if len(unpaid) == 1 else "warning.payment"
        return t(lang, key, n=len(unpaid), span=span, days=days(lang, n))
    link = next((item for item in network.links if item.id == warning.link_id), None)
    gap = next((g for g in gaps_for_link(network, link) if g.start == contract.end + timedelta(days=1)), None) \
        if link is not None else None
    if link is None or gap is None:
        return warning.message
    return t(lang, "warning.gap", link=link.id, start=format_date(gap.start, lang), end=format_date(gap.end, lang),
             days=days(lang, gap.days))
