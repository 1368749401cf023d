"""Coloured badges for the measures that replace a certificate (直接取消, 数据查询, …)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.domain import Measure

# Measure is a StrEnum: a plain string such as "cancel" finds its entry too.
MEASURE_ORDER: tuple[Measure, ...] = tuple(Measure)

# (background, text) per measure: green when nothing is needed at all, blues when the office
# finds out itself, purple for another document, amber for a pledge, grey / red when the
# applicant still has to bring something.
MEASURE_COLOURS: dict[str, tuple[str, str]] = {
    Measure.CANCEL: ("#2e7d32", "#ffffff"),
    Measure.SHARE: ("#1565c0", "#ffffff"),
    Measure.VERIFY: ("#00838f", "#ffffff"),
    Measure.SUBSTITUTE: ("#6a1b9a", "#ffffff"),
    Measure.PLEDGE: ("#e65100", "#ffffff"),
    Measure.OTHER: ("#616161", "#ffffff"),
    Measure.RETAINED: ("#b71c1c", "#ffffff"),
}


def measure_label(measure: str) -> str:
    """The Chinese (or translated) name of a measure."""
    labels: dict[str, str] = {
        Measure.CANCEL: QCoreApplication.translate("Measure", "直接取消"),
        Measure.SHARE: QCoreApplication.translate("Measure", "数据查询"),
        Measure.VERIFY: QCoreApplication.translate("Measure", "部门核验"),
        Measure.SUBSTITUTE: QCoreApplication.translate("Measure", "替代"),
        Measure.PLEDGE: QCoreApplication.translate("Measure", "告知承诺"),
        Measure.OTHER: QCoreApplication.translate("Measure", "其他"),
        Measure.RETAINED: QCoreApplication.translate("Measure", "保留"),
    }
    return labels.get(str(measure), str(measure))


def badge_style(measure: str, muted: bool = False) -> str:
    background, text = MEASURE_COLOURS.get(str(measure), ("#616161", "#ffffff"))
    if muted:
        return (
            f"QLabel {{ color: {background}; background: transparent;"
            f" border: 1px solid {background}; border-radius: 4px; padding: 1px 6px; }}"
        )
    return (
        f"QLabel {{ color: {text}; background: {background};"
        f" border-radius: 4px; padding: 2px 8px; font-weight: bold; }}"
    )


class MeasureBadge(QLabel):
    """A rounded, coloured label naming one measure; ``muted`` for alternatives."""

    def __init__(self, measure: str, muted: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(measure_label(measure), parent)
        self.measure = str(measure)
        self.setObjectName(f"badge_{self.measure}")
        self.setStyleSheet(badge_style(self.measure, muted))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
