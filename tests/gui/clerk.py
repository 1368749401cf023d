"""A clerk at the keyboard: user input only, sent where a real keyboard sends it, and counted.

Every key press (with its modifiers), every typed character and every click is one input. Keys
go to the widget that has the focus, as they do at a real counter; Latin letters and digits are
key clicks, a Chinese character is what an input method commits (one input per character, the
way the issue counts the name). Between inputs the clerk may wait for what they would see (a
dialog to appear, a list to fill); waiting costs no input and never makes progress by itself.

Used by the GUI tests and by ``benchmarks/bench_counter.py`` (no pytest needed).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from ui.main_window import MainWindow

WAIT_MS = 30_000


class ClerkTimeout(AssertionError):
    """What the clerk waited for did not appear."""


class Clerk:
    """Sends user input to the application and counts it (:attr:`inputs`, :attr:`log`)."""

    def __init__(self, wait_ms: int = WAIT_MS) -> None:
        self.wait_ms = wait_ms
        self.inputs = 0
        self.log: list[str] = []

    # -- looking -----------------------------------------------------------------------------
    def wait_until(self, condition: Callable[[], object], what: str, ms: int | None = None) -> None:
        """Let the application work until ``condition()`` is true (costs no input)."""
        deadline = time.monotonic() + (ms or self.wait_ms) / 1000
        while not condition():
            if time.monotonic() > deadline:
                raise ClerkTimeout(f"waited in vain for: {what}")
            QTest.qWait(5)

    def focus(self) -> QWidget:
        """Where the keyboard's input goes now (waits for a window to have the focus)."""
        self.wait_until(lambda: QApplication.focusWidget() is not None, "a focused widget")
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    # -- acting ------------------------------------------------------------------------------
    def press(
        self,
        key: Qt.Key,
        modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
        note: str = "",
    ) -> None:
        """One key press (with its modifiers), where the focus is."""
        QTest.keyClick(self.focus(), key, modifiers)
        self._count(note or _key_name(key, modifiers))

    def type(self, text: str, note: str = "") -> None:
        """Type ``text`` where the focus is, one input per character."""
        for char in text:
            type_into(self.focus(), char)
            self._count(note or f"type {char}")

    def click(self, widget: QWidget, pos: QPoint | None = None, note: str = "") -> None:
        """One left click on ``widget`` (its centre, or ``pos``)."""
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        self._count(note or f"click {widget.objectName() or type(widget).__name__}")

    def _count(self, what: str) -> None:
        self.inputs += 1
        self.log.append(what)


def type_into(widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget``: Latin letters and digits as key clicks, anything else as
    an input method commits it (QTest's key clicks only know ASCII keys)."""
    for char in text:
        if char.isascii():
            QTest.keyClick(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def _key_name(key: Qt.Key, modifiers: Qt.KeyboardModifier) -> str:
    from PySide6.QtCore import QKeyCombination
    from PySide6.QtGui import QKeySequence

    return QKeySequence(QKeyCombination(modifiers, key)).toString() or str(key)


# ---------------------------------------------------------------------------- the intake flow


@dataclass(frozen=True)
class Applicant:
    name: str
    id_no: str
    phone: str = ""


@dataclass
class Intake:
    """What one intake left behind: the case, the receipt's file, the inputs it took."""

    case_id: str
    receipt: Path | None
    inputs: int


def active(widget: QWidget) -> bool:
    return (
        shiboken6.isValid(widget) and widget.isVisible() and QApplication.activeWindow() is widget
    )


def gone(widget: QWidget) -> bool:
    return not shiboken6.isValid(widget) or not widget.isVisible()


def take_in(
    clerk: Clerk,
    window: MainWindow,
    query: str,
    subject: str,
    applicant: Applicant,
    *,
    save_receipt: bool = True,
) -> Intake:
    """Search, take in a case for ``applicant``, resolve every item, save the receipt as PDF
    through the save dialog (or just open and close the preview), save and close the case:
    keyboard only, from the search box back to the search box."""
    from ui.intake.dialog import IntakeDialog
    from ui.printing.preview import PrintPreviewDialog

    start = clerk.inputs
    clerk.wait_until(
        lambda: window.search_tab.search_edit.hasFocus(), "the focus in the search box"
    )
    clerk.type(query)
    clerk.wait_until(  # the clerk reads the top hit before pressing Enter
        lambda: (
            window.search_tab.results_are_current() and window.search_tab.current_hit() is not None
        ),
        f"the results of {query}",
    )
    hit = window.search_tab.current_hit()
    assert hit is not None and hit[2] == subject, hit
    clerk.press(Qt.Key.Key_Return)

    found: list[IntakeDialog] = []

    def intake_open() -> bool:
        found[:] = [d for d in window.findChildren(IntakeDialog) if active(d)]
        return bool(found) and found[0].applicant.name_edit.hasFocus()

    clerk.wait_until(intake_open, "the intake dialog, its name field focused")
    intake = found[0]
    page = intake.applicant
    clerk.type(applicant.name)
    clerk.press(Qt.Key.Key_Tab)
    clerk.type(applicant.id_no)
    clerk.wait_until(page.phone_edit.hasFocus, "the phone field after a valid ID")
    clerk.type(applicant.phone)
    clerk.press(Qt.Key.Key_Return)
    clerk.wait_until(
        lambda: intake.case is not None and intake.rows_widget.isAncestorOf(clerk.focus()),
        "the items, the first one focused",
    )
    if intake.resolve_all_button.isEnabled():
        before = intake.case
        clerk.press(Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
        clerk.wait_until(lambda: intake.case is not before, "the items recorded")
    while any(row.needs_clerk for row in intake.rows.values()):
        before = intake.case
        clerk.press(Qt.Key.Key_Return)  # the focused row's default way
        clerk.wait_until(lambda before=before: intake.case is not before, "the item recorded")
    case = intake.case
    assert case is not None and all(r.measure is not None for r in case.resolutions)

    previews: list[PrintPreviewDialog] = []

    def preview_open() -> bool:
        previews[:] = [p for p in intake.findChildren(PrintPreviewDialog) if active(p)]
        return bool(previews) and bool(previews[0].pages)

    clerk.press(Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    clerk.wait_until(preview_open, "the receipt's preview")
    preview = previews[0]
    assert preview.print_button.hasFocus()
    receipt: Path | None = None
    if save_receipt:
        saved: list[str] = []
        preview.saved.connect(saved.append)
        clerk.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        clerk.wait_until(
            lambda: (
                QApplication.focusWidget() is not None
                and QApplication.focusWidget().objectName() == "fileNameEdit"
            ),  # type: ignore[union-attr]
            "the save dialog, its file name field focused",
        )
        clerk.press(Qt.Key.Key_Return)  # the name it suggests, in the settings' folder
        clerk.wait_until(lambda: bool(saved) and active(preview), "the receipt saved")
        receipt = Path(saved[0])
    clerk.press(Qt.Key.Key_Escape)
    clerk.wait_until(lambda: active(intake), "the intake dialog again")
    clerk.press(Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # 保存并关闭
    clerk.wait_until(
        lambda: (
            gone(intake)
            and window.search_tab.search_edit.hasFocus()
            and window.search_tab.search_edit.selectedText() == window.search_tab.search_edit.text()
        ),
        "the search box again, its text selected",
    )
    return Intake(case.id, receipt, clerk.inputs - start)
