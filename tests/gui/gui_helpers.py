"""Shared values and helpers of the GUI tests."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget

PERSON_ID = "11010519491231002X"  # a valid resident ID (check digit, birth date, region)
PERSON_ID_2 = "360426199101010071"


def visible_text(widget: QWidget) -> str:
    """The text of every label the user can see in ``widget``."""
    return "\n".join(
        label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)
    )


def type_chinese(widget: QWidget, text: str) -> None:
    """Enter Chinese text the way an input method does: one committed string.

    (QTest's key clicks only know ASCII keys.)
    """
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
