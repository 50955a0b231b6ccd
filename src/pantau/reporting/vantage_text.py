"""A site seen from several vantage points, worded for the tooltip, the report and the diagnosis: which vantages
hear it, which do not, and what that means ("the path from Waru is broken, not the office"). Vantages are named by
their site's name."""

from __future__ import annotations

from pantau.domain.inventory import Network
from pantau.domain.vantages import CombinedState, SiteViews
from pantau.reporting.catalogue import Lang, join, t


def _names(network: Network, vantages: tuple[str, ...], lang: Lang) -> str:
    return join(lang, [site.name if (site := network.site(v)) is not None else v for v in vantages])


def views_text(network: Network, views: SiteViews, lang: Lang, stale_after_s: float) -> str:
    """One sentence on the site's combined state, and one on any vantage set aside as stale."""
    site = network.site(views.site)
    facts = {"site": site.name if site is not None else views.site,
             "heard": _names(network, views.heard_from, lang), "silent": _names(network, views.silent_from, lang)}
    key = {CombinedState.PATH_BROKEN: "vantage.path-broken", CombinedState.DOWN: "vantage.down",
           CombinedState.UNREACHABLE: "vantage.unreachable", CombinedState.UNKNOWN: "vantage.unknown"
           }.get(views.state, "vantage.heard")
    text = t(lang, key, **facts)
    if views.stale:
        text += "; " + t(lang, "vantage.stale", vantages=_names(network, views.stale, lang),
                         minutes=round(stale_after_s / 60))
    return text
