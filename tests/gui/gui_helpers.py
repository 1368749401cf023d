"""Shared values and helpers of the GUI tests."""

from __future__ import annotations

from clerk import type_into

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QLineEdit, QWidget

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


def save_dialog(qtbot, parent: QWidget) -> QFileDialog:  # type: ignore[no-untyped-def]
    """The save dialog open over ``parent`` (Qt's own dialog: offscreen has no native one)."""
    found: list[QFileDialog] = []

    def shown() -> None:
        dialogs = [d for d in parent.findChildren(QFileDialog) if d.isVisible()]
        assert dialogs
        found.append(dialogs[-1])

    qtbot.waitUntil(shown, timeout=15_000)
    return found[-1]


def answer_save_dialog(qtbot, dialog: QFileDialog, name: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Type ``name`` (a file name or a full path) into the save dialog, or keep the name it
    suggests, and press Enter, as a clerk does."""
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    assert edit is not None
    qtbot.waitUntil(edit.hasFocus, timeout=15_000)  # the dialog starts in its name field
    if name is not None:
        edit.selectAll()
        type_into(edit, name)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
