"""How the alert service words what it sends and records: handed to it by whoever builds it.

The wording is the reporting layer's (`reporting.alert_text.ALERT_SENTENCES`, from the one catalogue of report and
alert sentences), but alerts and reporting are siblings that may not import each other: the entry points (the GUI,
`pantau monitor`) sit above both and pass it in.
"""

from __future__ import annotations

from typing import Protocol

from pantau.domain.alerts import Alert


class AlertWording(Protocol):
    def text(self, alert: Alert, lang: str) -> str:
        """The whole message of `alert` in `lang` ("id" or "en")."""
        ...

    def delayed(self, text: str, raised: str, lang: str) -> str:
        """`text` marked as sent late, `raised` saying when it was raised ("26-11 14:05 WITA")."""
        ...
