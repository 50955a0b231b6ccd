"""What the window shows of one read of the shared store: each site's combined state (domain/vantages.py), the
note saying who hears it and who does not (stale vantages named with their age), its figures from a vantage that
hears it (named), and the banner's list of agents.

No Qt objects and no I/O here beyond translating the words (QCoreApplication.translate), so it is tested on its
own; ui/store_watch.py reads the store and hands the result to the window.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication

from pantau.domain.inventory import Network
from pantau.domain.samples import Sample
from pantau.domain.states import HealthState
from pantau.domain.vantages import SiteViews, VantageView, combine_views
from pantau.ui.site_model import SiteMetrics


@dataclass(frozen=True)
class StoreRead:
    """One read of the store: each site's views by vantage, each agent's (last heartbeat, seconds behind), the
    inventory's revision and each vantage's newest round of each target."""

    views: Mapping[str, Mapping[str, VantageView]]
    agents: Mapping[str, tuple[float, float]]
    revision: int
    latest: Mapping[str, Mapping[str, Sample]] = field(default_factory=dict)


@dataclass(frozen=True)
class StoreDisplay:
    states: dict[str, HealthState]
    notes: dict[str, str]
    metrics: dict[str, SiteMetrics]


def format_age(seconds: float) -> str:
    """"4 s", "3 min", "2 h", "5 d": how long ago, in the largest whole unit."""
    seconds = max(0.0, seconds)
    if seconds < 90:
        return QCoreApplication.translate("StoreView", "{n} s").format(n=int(seconds))
    if seconds < 90 * 60:
        return QCoreApplication.translate("StoreView", "{n} min").format(n=int(seconds // 60))
    if seconds < 36 * 3600:
        return QCoreApplication.translate("StoreView", "{n} h").format(n=int(seconds // 3600))
    return QCoreApplication.translate("StoreView", "{n} d").format(n=int(seconds // 86_400))


def _names(network: Network, vantages: tuple[str, ...]) -> str:
    return ", ".join(_vantage_name(network, vantage) for vantage in vantages)


def _vantage_name(network: Network, vantage: str) -> str:
    site = network.site(vantage)
    return site.name if site is not None else vantage


def site_note(network: Network, combined: SiteViews, views: Mapping[str, VantageView], now: float,
              figures_from: str | None) -> str:
    """Who hears the site and who does not, who has said nothing lately (with how long ago), and whose figures
    are shown; one line each."""
    lines = []
    if combined.heard_from and combined.silent_from:
        lines.append(QCoreApplication.translate("StoreView", "Answers {heard}; silent from {silent}.").format(
            heard=_names(network, combined.heard_from), silent=_names(network, combined.silent_from)))
    elif combined.heard_from:
        lines.append(QCoreApplication.translate("StoreView", "Answers {heard}.").format(
            heard=_names(network, combined.heard_from)))
    elif combined.silent_from:
        lines.append(QCoreApplication.translate("StoreView", "Silent from {silent}.").format(
            silent=_names(network, combined.silent_from)))
    elif not views:
        lines.append(QCoreApplication.translate("StoreView", "No vantage of the shared store has judged it yet."))
    if combined.stale:
        aged = ", ".join(QCoreApplication.translate("StoreView", "{vantage} (last word {age} ago)").format(
            vantage=_vantage_name(network, vantage), age=format_age(now - views[vantage].at))
            for vantage in combined.stale)
        lines.append(QCoreApplication.translate("StoreView", "Too old to count: {vantages}.").format(vantages=aged))
    if figures_from is not None:
        lines.append(QCoreApplication.translate("StoreView", "Figures from {vantage}.").format(
            vantage=_vantage_name(network, figures_from)))
    return "\n".join(lines)


def site_figures(network: Network, site_id: str, heard_from: tuple[str, ...],
                 latest: Mapping[str, Mapping[str, Sample]], now: float, stale_after_s: float
                 ) -> tuple[SiteMetrics, str | None]:
    """The figures of the first vantage (by name) that hears the site and has a fresh round of it: the slowest
    target's RTT and the worst loss of the newest rounds; (no figures, None) when none has."""
    targets = [target.id for target in network.targets_of(site_id)]
    for vantage in heard_from:
        rounds = [sample for target in targets if (sample := latest.get(vantage, {}).get(target)) is not None
                  and now - sample.ts <= stale_after_s]
        if not rounds:
            continue
        rtts = [sample.rtt_ms for sample in rounds if sample.rtt_ms is not None]
        losses = [100.0 * sample.lost / sample.sent for sample in rounds if sample.sent]
        return SiteMetrics(max(rtts) if rtts else None, max(losses) if losses else None), vantage
    return SiteMetrics(), None


def store_display(network: Network, read: StoreRead, now: float, stale_after_s: float) -> StoreDisplay:
    """Every site of `network` as `read` shows it at `now` (a view older than `stale_after_s` counts for nothing:
    with none left the site is UNKNOWN, never its last known state)."""
    states: dict[str, HealthState] = {}
    notes: dict[str, str] = {}
    metrics: dict[str, SiteMetrics] = {}
    for site in network.sites:
        views = read.views.get(site.id, {})
        combined = combine_views(site.id, views, now, stale_after_s)
        states[site.id] = HealthState(combined.state.value)
        metrics[site.id], figures_from = site_figures(network, site.id, combined.heard_from, read.latest, now,
                                                      stale_after_s)
        notes[site.id] = site_note(network, combined, views, now, figures_from)
    return StoreDisplay(states, notes, metrics)


def agents_text(agents: Mapping[str, tuple[float, float]], now: float, stale_after_s: float) -> str:
    """"diskominfo (2 s ago), camat-waru (silent 3 min)": every agent with when it last spoke."""
    if not agents:
        return QCoreApplication.translate("StoreView", "no agent has reported yet")
    parts = []
    for vantage, (seen, _behind) in sorted(agents.items()):
        age = format_age(now - seen)
        if now - seen > stale_after_s:
            parts.append(QCoreApplication.translate("StoreView", "{vantage} (silent {age})").format(
                vantage=vantage, age=age))
        else:
            parts.append(QCoreApplication.translate("StoreView", "{vantage} ({age} ago)").format(
                vantage=vantage, age=age))
    return ", ".join(parts)
