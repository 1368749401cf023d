"""Shared values and helpers of the GUI tests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clerk import Clerk, active, type_into

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QWidget,
)

if TYPE_CHECKING:
    from ui.intake.dialog import IntakeDialog
    from ui.main_window import MainWindow

STARTUP_TIMEOUT_MS = 60_000
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


def start(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Start ``window`` as the application does (log, clerk, database) until it is ready."""
    from ui.application import start_window

    with qtbot.waitSignal(window.database_ready, timeout=STARTUP_TIMEOUT_MS):
        start_window(window)


def choose_from_menu(qtbot, window: MainWindow, menu_key: Qt.Key, item_key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    """Alt+<menu key>, then the item's key: the way a clerk reaches a menu item by keyboard."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=STARTUP_TIMEOUT_MS)
    qtbot.keyClick(window, menu_key, Qt.KeyboardModifier.AltModifier)
    menus: list[QMenu] = []

    def menu_open() -> None:
        menus[:] = [m for m in window.findChildren(QMenu) if m.isVisible()]
        assert menus

    qtbot.waitUntil(menu_open, timeout=STARTUP_TIMEOUT_MS)
    qtbot.keyClick(menus[0], item_key)


def message_box(qtbot, parent: QWidget, name: str) -> QMessageBox:  # type: ignore[no-untyped-def]
    """The message box named ``name`` shown over ``parent`` (waits for it)."""
    found: list[QMessageBox] = []

    def shown() -> None:
        found[:] = [b for b in parent.findChildren(QMessageBox, name) if b.isVisible()]
        assert found

    qtbot.waitUntil(shown, timeout=STARTUP_TIMEOUT_MS)
    return found[-1]


def open_gzzf_intake(clerk: Clerk, window: MainWindow) -> IntakeDialog:
    """From the search box: gzzf, Enter; the intake dialog of public rental housing, its name
    field focused."""
    from ui.intake.dialog import IntakeDialog

    window.activateWindow()
    clerk.wait_until(window.search_tab.search_edit.hasFocus, "the search box")
    clerk.type("gzzf")
    clerk.press(Qt.Key.Key_Return)
    found: list[IntakeDialog] = []

    def intake_open() -> bool:
        found[:] = [d for d in window.findChildren(IntakeDialog) if active(d)]
        return bool(found) and found[0].applicant.name_edit.hasFocus()

    clerk.wait_until(intake_open, "the intake dialog, its name field focused")
    return found[0]
