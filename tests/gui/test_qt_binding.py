"""The Qt binding itself: faults in it that would crash the window during a working day."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    flag = Signal(bool, str)
    number = Signal(int)


def test_emitting_signals_keeps_reference_counts(qapp) -> None:  # type: ignore[no-untyped-def]
    """PySide6 6.12.0 dropped a reference to True on every emit; after some ten thousand
    emits (a day of searching and intake) the interpreter aborts. pyproject pins it out."""
    emitter = _Emitter()
    seen: list[object] = []
    emitter.flag.connect(lambda value, text: seen.append(value))
    emitter.number.connect(seen.append)
    gc.collect()
    before = sys.getrefcount(True), sys.getrefcount(False)
    for n in range(500):
        emitter.flag.emit(n % 2 == 0, "busy")
        emitter.number.emit(n)
    seen.clear()
    gc.collect()
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
