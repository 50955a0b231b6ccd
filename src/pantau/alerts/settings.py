"""The alert rules kept in the workspace (`app_settings`, key `alert_rules`, JSON), and the service built from them.

The GUI's settings page and `pantau monitor` both read the rules here, so a rule chosen in the window is the rule
the headless monitor follows. Channels are not stored here: they belong to the network (file and workspace).
"""

from __future__ import annotations

import json

from pantau.alerts.service import AlertService, senders_for
from pantau.alerts.wording import AlertWording
from pantau.domain.alert_rules_json import rules_from_dict, rules_to_dict
from pantau.domain.alerts import AlertRules
from pantau.domain.inventory import Network
from pantau.storage.workspace import Workspace

RULES_KEY = "alert_rules"


class AlertRulesError(ValueError):
    """The stored rules cannot be read; the message names the setting and what is wrong."""


def load_rules(workspace: Workspace) -> AlertRules:
    """The stored rules, or the defaults when none are stored. Raises `AlertRulesError` on a bad value."""
    text = workspace.get_setting(RULES_KEY)
    if text is None:
        return AlertRules()
    try:
        data = json.loads(text)
    except ValueError as error:
        raise AlertRulesError(f"the workspace setting {RULES_KEY!r} is not valid JSON ({error}); "
                              "save the alert rules again in the settings") from None
    if not isinstance(data, dict):
        raise AlertRulesError(f"the workspace setting {RULES_KEY!r} must be a JSON object, not "
                              f"{type(data).__name__}")
    try:
        return rules_from_dict(data)
    except ValueError as error:
        raise AlertRulesError(f"the workspace setting {RULES_KEY!r}: {error}") from None


def save_rules(workspace: Workspace, rules: AlertRules) -> None:
    workspace.set_setting(RULES_KEY, json.dumps(rules_to_dict(rules), ensure_ascii=False, sort_keys=True))


def build_alert_service(network: Network, workspace: Workspace, *, wording: AlertWording, lang: str,
                        rules: AlertRules | None = None) -> AlertService | None:
    """An alert service (not started) for the network's channels and the stored rules; None when the network
    configures no channel. Raises `AlertRulesError` when the stored rules are bad.

    New rules reach a running service through `AlertService.set_rules`. Changed channels (a chat id, the SMTP
    host, another network) need a new service: stop the old one and build again; alerts still queued for a
    channel that keeps its name are delivered by the new one.
    """
    senders = senders_for(network.alerts)
    if not senders:
        return None
    return AlertService(network, workspace, rules if rules is not None else load_rules(workspace), senders,
                        wording=wording, lang=lang)
