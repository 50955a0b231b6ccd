"""The tooltip of a site on the map, written when asked for (so figures that change four times a second cost
nothing until someone hovers): name, kind and district, state and since when, figures, link and contract."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

from pantau.domain.contract_risk import RiskLevel, SiteContractRisk
from pantau.domain.inventory import Link, Site
from pantau.domain.states import HealthState
from pantau.reporting.contract_text import risk_text
from pantau.ui.map.styles import risk_label
from pantau.ui.site_model import SiteMetrics, format_number, format_rtt, format_time, medium_label
from pantau.ui.state_style import kind_label, state_label


def site_tooltip(site: Site, state: HealthState, since: float | None, timezone: str, metrics: SiteMetrics,
                 link: Link | None, risk: SiteContractRisk | None, risk_lang: str, contract_mode: bool,
                 note: str = "") -> str:
    """Rich text for `site`; `since` is when it entered `state` (epoch seconds), `link` the one that serves it,
    `note` where the state and figures come from (the shared store's vantages), under the figures.
    In contract mode the contract comes right under the name, in bold: it is what the marker shows."""
    details = [kind_label(site.kind)]
    if site.kecamatan:
        details.append(QCoreApplication.translate("MapView", "Kecamatan {name}").format(name=site.kecamatan))
    lines = [f"<b>{html.escape(site.name)}</b>", html.escape(" · ".join(details))]
    if since is not None:
        lines.append(html.escape(QCoreApplication.translate("MapView", "State: {state} since {time}").format(
            state=state_label(state), time=format_time(since, timezone))))
    else:
        lines.append(html.escape(QCoreApplication.translate("MapView", "State: {state}").format(
            state=state_label(state))))
    rtt = "—" if metrics.rtt_ms is None else f"{format_rtt(metrics.rtt_ms)} ms"
    loss = "—" if metrics.loss_percent is None else f"{format_number(metrics.loss_percent, 0)} %"
    lines.append(html.escape(QCoreApplication.translate("MapView", "RTT {rtt} · loss {loss}").format(
        rtt=rtt, loss=loss)))
    if note:
        lines.extend(html.escape(line) for line in note.splitlines())
    if link is not None:
        lines.append(html.escape(QCoreApplication.translate("MapView", "Link: {provider} · {medium}").format(
            provider=link.provider, medium=medium_label(link.medium))))
    if contract_mode:
        text = risk_text(risk, risk_lang) if risk is not None else risk_label(RiskLevel.NO_CONTRACT)
        # In contract mode the contract is what the marker shows, so it comes right under the name. The risk's
        # own words name the contract ("Contract ends in 30 days"): no "Contract:" before them.
        lines.insert(2, "<b>" + html.escape(text) + "</b>")
    elif risk is not None:
        lines.append(html.escape(risk_text(risk, risk_lang)))
    return "<br>".join(lines)
