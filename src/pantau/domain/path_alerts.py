"""Whether a site this vantage finds DOWN answers another vantage of the shared store: what an agent's DOWN alert
becomes (pure; the views and the clock are passed in).

An agent that alerts sees the network from one place. Before it words a site's DOWN it asks the store's views
(`domain.vantages`, read on the agent's side thread): a site that a fresh other vantage still hears is not down,
the path from here to it is broken, and the alert says so (`path-broken`). Rules (`path_word`):

- Only fresh views of *other* vantages count (a stale one is set aside, as everywhere).
- No fresh other vantage hears the site: DOWN, at once, as without a store. A real DOWN is never hidden.
- A fresh other vantage hears it, but has not reported for `confirm_s` since the DOWN began: WAIT. Another agent
  needs a few rounds to find a dead office dead too; meanwhile its "UP" is only old news. The wait ends by itself:
  the vantage finds it silent (DOWN), keeps hearing it past `confirm_s` (BROKEN), or goes stale (DOWN).
- A fresh other vantage that has reported at least `confirm_s` after the DOWN began and still hears it: BROKEN,
  naming the vantages that hear it.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from pantau.domain.vantages import DEFAULT_STALE_AFTER_S, VantageView, combine_views

# Long enough for another agent to judge a dead office DOWN (a few probe rounds and their confirmations).
PATH_CONFIRM_S = 60.0


class PathWord(StrEnum):
    DOWN = "down"
    WAIT = "wait"
    BROKEN = "broken"


def path_word(views: Mapping[str, VantageView], own_vantage: str, down_since: float, now: float, *,
              stale_after_s: float = DEFAULT_STALE_AFTER_S, confirm_s: float = PATH_CONFIRM_S
              ) -> tuple[PathWord, tuple[str, ...]]:
    """What a DOWN of a site (since `down_since`) from `own_vantage` is, given every vantage's view of the site;
    with the vantages that hear it (sorted) when it is a broken path."""
    others = {vantage: view for vantage, view in views.items() if vantage != own_vantage}
    heard = combine_views("", others, now, stale_after_s).heard_from
    if not heard:
        return PathWord.DOWN, ()
    confirmed = tuple(vantage for vantage in heard if others[vantage].at >= down_since + confirm_s)
    return (PathWord.BROKEN, confirmed) if confirmed else (PathWord.WAIT, heard)
