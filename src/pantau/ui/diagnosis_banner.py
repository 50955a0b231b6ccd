"""The diagnostics panel's verdict banner: the verdict in words with its severity's mark and tint, the report's
headline, further faults, cause and next steps (every sentence from `reporting`, in the report language), how long
the run took, and how old the result is. A result never passes for current: once the monitored states differ from
what the run saw (an office down since, or back up), the banner says so and offers to run it again."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pantau.domain.diagnosis import DiagnosisReport, Layer, Verdict
from pantau.domain.states import HealthState, turned
from pantau.domain.text import printable
from pantau.reporting.catalogue import t as phrase
from pantau.reporting.diagnosis_report import render_json
from pantau.reporting.diagnosis_sentences import also_texts, vantage_lines
from pantau.ui.diagnosis_parts import (
    BANNER_TINTS,
    FAULT_COLOR,
    SEVERITY_COLORS,
    SEVERITY_GLYPHS,
    DiagnosisParts,
    severity,
)

# How many changed offices the out-of-date note names.
_STALE_NAMES = 3
# The report's headline starts with its mark ("✗ …"; saved reports of older versions also with the verdict code,
# "✗ [isp-link] …"), which the banner's title already shows.
_HEADLINE_PREFIX = re.compile(r"^[✓✗⚠] (\[[a-z-]+\] )?")


class VerdictBanner(DiagnosisParts):
    """The verdict banner of `DiagnosticsPanel` (a part of it: see `diagnosis_parts.DiagnosisParts`)."""

    def set_live_states(self, states: Mapping[str, HealthState]) -> None:
        """The monitored states of these sites now (the window passes every update): a shown result whose
        picture no longer holds is marked out of date."""
        self._live.update(states)
        self._show_freshness()

    def is_stale(self) -> bool:
        """Whether the shown result no longer matches the monitored states (an office went down or came back)."""
        return self._report is not None and bool(turned(self._seen, self._live))

    def rerun(self) -> bool:
        """Run the shown result's diagnosis again; False when none is shown or one is running."""
        report = self._report
        return report is not None and self.start(report.scope.value, report.site_id)

    def _build_banner(self, parent: QWidget) -> QFrame:
        self.banner = QFrame(parent)
        self.banner.setObjectName("verdictBanner")
        layout = QVBoxLayout(self.banner)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(3)
        self.verdict_label = QLabel(self.banner)
        self.verdict_label.setObjectName("verdictTitle")
        font = QFont(self.verdict_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.verdict_label.setFont(font)
        self.headline_label = QLabel(self.banner)
        self.headline_label.setObjectName("verdictHeadline")
        # Every further fault, worst first: server down and ISP gateway down are two findings, both shown.
        self.also_label = QLabel(self.banner)
        self.also_label.setObjectName("verdictAlso")
        self.cause_label = QLabel(self.banner)
        self.cause_label.setObjectName("verdictCause")
        self.steps_label = QLabel(self.banner)
        self.steps_label.setObjectName("verdictSteps")
        self.elapsed_label = QLabel(self.banner)
        self.elapsed_label.setObjectName("verdictElapsed")
        self.freshness_label = QLabel(self.banner)
        self.freshness_label.setObjectName("verdictFreshness")
        self.freshness_label.setWordWrap(True)
        self.rerun_button = QPushButton(self.banner)
        self.rerun_button.setObjectName("rerunDiagnosisButton")
        self.rerun_button.clicked.connect(self.rerun)
        for label in (self.headline_label, self.also_label, self.cause_label, self.steps_label, self.elapsed_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.verdict_label, self.headline_label, self.also_label, self.cause_label, self.steps_label,
                      self.elapsed_label):
            layout.addWidget(label)
        freshness = QHBoxLayout()
        freshness.addWidget(self.freshness_label, 1)
        freshness.addWidget(self.rerun_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(freshness)
        self.banner.hide()
        return self.banner

    def _retranslate_banner(self) -> None:
        self.rerun_button.setText(self.tr("Run again"))
        self.rerun_button.setToolTip(self.tr("Diagnose the same again, to see the network as it is now"))

    def _verdict_words(self, report: DiagnosisReport) -> str:
        result = report.result
        if result.verdict is Verdict.ISP_LINK and result.failing_layer is Layer.SITE:
            return self.tr("The line to an office is down")
        return self._words_of(result.verdict)

    def _words_of(self, verdict: Verdict) -> str:
        """The verdict as a sentence; its code ("isp-link") is for the saved JSON and the tooltips only."""
        words = {
            Verdict.OK: self.tr("All clear"),
            Verdict.LOCAL: self.tr("This computer has no usable network"),
            Verdict.LAN: self.tr("The LAN gateway is down"),
            Verdict.SERVER: self.tr("The central server is down"),
            Verdict.SERVER_SERVICE: self.tr("A server service is down"),
            Verdict.ISP_LINK: self.tr("The line to the ISP is down"),
            Verdict.ISP_ACCESS: self.tr("The provider's network to the offices is down"),
            Verdict.ISP_UPSTREAM: self.tr("No internet beyond the ISP gateway"),
            Verdict.PATH_BROKEN: self.tr("The path from here to an office is broken; it answers another vantage"),
            Verdict.DNS: self.tr("Name lookups (DNS) fail"),
            Verdict.DEGRADED: self.tr("Reachable, but slow or lossy"),
        }
        return words[verdict]

    def _show_banner(self) -> None:
        report = self._report
        if report is None:
            self.banner.hide()
            return
        level = severity(report.result.verdict)
        color, glyph = SEVERITY_COLORS[level], SEVERITY_GLYPHS[level]
        self.banner.setProperty("severity", level)
        self.banner.setStyleSheet(
            f"#verdictBanner {{ background: {BANNER_TINTS[level]}; border: 1px solid {color.name()}; "
            f"border-left: 6px solid {color.name()}; }} #verdictBanner QLabel {{ color: #1d1d1d; }}")
        document: dict[str, Any] = render_json(report, self._lang)
        self.verdict_label.setText(f"{glyph} {self._verdict_words(report)}")
        self.verdict_label.setToolTip(self.tr("Verdict code: {code}").format(code=report.result.verdict.value))
        self.headline_label.setText(_HEADLINE_PREFIX.sub("", str(document["headline"])))
        also = [phrase(self._lang, "also", items=text) for text in also_texts(self._lang, report)]
        also += vantage_lines(self._lang, report)
        self.also_label.setText(printable("\n".join(also), keep_newlines=True))
        self.also_label.setVisible(bool(also))
        cause = document["cause"]["text"]
        self.cause_label.setText(str(cause or ""))
        self.cause_label.setVisible(bool(cause))
        steps = [str(step["text"]) for step in document["next_steps"]]
        self.steps_label.setText("\n".join([self.tr("Next steps:")] + [f"{n}. {text}" for n, text
                                                                         in enumerate(steps, 1)]))
        self.steps_label.setVisible(bool(steps))
        checked = sum(1 for outcome in report.outcomes if outcome.layer is not Layer.PATH)
        self.elapsed_label.setText(COUNTS.checks(checked).format(
            seconds=self._number(max(0.0, report.finished - report.started), 1),
            time=self._time(report.finished, zone_name=True)))
        self._show_freshness()
        self.banner.show()

    def _show_freshness(self) -> None:
        """How old the shown result is, and whether the network has changed since it was taken."""
        report = self._report
        if report is None:
            self._age_timer.stop()
            return
        age = self._age(time.time() - report.finished)
        changed = turned(self._seen, self._live)
        if not changed:
            self.freshness_label.setText(self.tr("Result from {age}; the monitored states still match it.")
                                         .format(age=age))
            self.freshness_label.setStyleSheet("")
            self.rerun_button.setVisible(time.time() - report.finished >= 60)
            return
        names = [self._site_label(site_id) for site_id in changed[:_STALE_NAMES]]
        more = len(changed) - len(names)
        listed = ", ".join(names) + (COUNTS.more(more) if more else "")
        self.freshness_label.setText(COUNTS.out_of_date(len(changed)).format(age=age, offices=listed))
        self.freshness_label.setStyleSheet(f"color: {FAULT_COLOR.name()}; font-weight: bold;")
        self.rerun_button.setVisible(True)

    def _site_label(self, site_id: str) -> str:
        site = self._network.site(site_id)
        return site.name if site is not None else site_id

    def _age(self, seconds: float) -> str:
        minutes = int(max(0.0, seconds) // 60)
        if minutes < 1:
            return self.tr("less than a minute ago")
        if minutes < 60:
            return COUNTS.minutes(minutes)
        hours = minutes // 60
        if hours < 48:
            return COUNTS.hours(hours)
        return COUNTS.days(hours // 24)


class BannerCounts(QObject):
    """The banner's texts with a count. A QObject of its own: `self.tr` with a count finds no translation when
    called from a part class that is not itself a QObject (PySide then looks the context up by the widget's
    class), so these live here, in this class's context."""

    def checks(self, n: int) -> str:
        return self.tr("%n check(s) in {seconds} s · finished {time}", "", n)

    def more(self, n: int) -> str:
        return self.tr(" and %n more", "", n)

    def out_of_date(self, n: int) -> str:
        return self.tr("Out of date: result from {age}, and %n office(s) changed state since ({offices}). Run it "
                       "again to see the network as it is now.", "", n)

    def minutes(self, n: int) -> str:
        return self.tr("%n minute(s) ago", "", n)

    def hours(self, n: int) -> str:
        return self.tr("%n hour(s) ago", "", n)

    def days(self, n: int) -> str:
        return self.tr("%n day(s) ago", "", n)


COUNTS = BannerCounts()
