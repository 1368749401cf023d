"""A search box that steers the list under it: the clerk's hands stay on the keyboard.

Signals:
    moved(int): Up / Down / PageUp / PageDown was pressed: how many rows to move (negative:
        up). The box keeps its text and its focus.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

PAGE_ROWS = 10


@cache
def _steps() -> dict[Qt.Key, int]:
    # Built at the first key press: creating the Qt.Key enum costs ~17 ms, which the window
    # should not pay before it shows (benchmarks/bench_startup.py).
    return {
        Qt.Key.Key_Up: -1,
        Qt.Key.Key_Down: 1,
        Qt.Key.Key_PageUp: -PAGE_ROWS,
        Qt.Key.Key_PageDown: PAGE_ROWS,
    }


class SearchBox(QLineEdit):
    """A line edit whose Up/Down/PageUp/PageDown move through a result list; see the module
    docstring for its signal."""

    moved = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = _steps().get(Qt.Key(event.key()))
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if steps is not None and modifiers == Qt.KeyboardModifier.NoModifier:
            self.moved.emit(steps)
            event.accept()
            return
        super().keyPressEvent(event)
