"""Rare characters in what the clerk types: shown on screen, and named before anything prints.

Real names use ideographs beyond the basic CJK set (䶮, 𠮷), and some applicants' names are in
scripts the printed documents cannot set (the core's :mod:`app.printing.fonts` prints those as
``□``). Two things follow for the GUI:

* :class:`GlyphCheck` asks the core which characters of a text no font can print, off the GUI
  thread (the first check loads the printing fonts, a few tenths of a second), so typing never
  waits for it; its answer comes back as :attr:`GlyphCheck.checked`.
* :func:`ensure_fallback_fonts` registers the bundled fallback fonts with Qt, so that the
  widgets draw such names instead of empty boxes. It costs a few milliseconds, so it is not
  done at start-up but the first time a text needs them.

Signals (:class:`GlyphCheck`):
    checked(object): the :class:`GlyphReport` of the text checked last.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from ui.tasks import TaskRunner


@dataclass(frozen=True)
class GlyphReport:
    """What the core said about one text."""

    text: str
    unprintable: tuple[str, ...]  # printed as □ (each once, in order)
    described: str  # the same, readable and exact: "ئ (U+0626)、ཀ (U+0F40)"
    needs_fallback: bool  # characters the main font lacks that a fallback font has


def check_text(text: str) -> GlyphReport:
    """Ask the core about ``text`` (slow the first time: run it on a worker)."""
    from app.printing.fonts import UnprintableReport, missing_glyphs, unprintable_characters

    unprintable = unprintable_characters(text)
    return GlyphReport(
        text=text,
        unprintable=tuple(unprintable),
        described=UnprintableReport(unprintable).describe(),
        needs_fallback=bool(missing_glyphs(text) - set(unprintable)),
    )


_fallback_families: list[str] | None = None


def ensure_fallback_fonts() -> list[str]:
    """Register the fallback fonts with Qt once (GUI thread) and make them the application
    font's fallbacks; returns their family names."""
    global _fallback_families
    if _fallback_families is not None:
        return _fallback_families
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    from app.paths import resource

    families: list[str] = []
    folder = resource("fonts", "fallback")
    if folder.is_dir():
        for path in sorted(folder.glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                families.extend(QFontDatabase.applicationFontFamilies(font_id))
    _fallback_families = families
    app = QGuiApplication.instance()
    if families and isinstance(app, QGuiApplication):
        # Qt falls back to registered fonts by itself on Linux; naming them keeps every
        # platform's choice the same.
        font = app.font()
        current = font.families() or [font.family()]
        font.setFamilies([*current, *(f for f in families if f not in current)])
        QGuiApplication.setFont(font)
    return families


class GlyphCheck(QObject):
    """Checks texts off the GUI thread, newest first; see the module docstring."""

    checked = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = TaskRunner("glyph-check", parent=self)
        self._latest = ""

    def check(self, text: str) -> None:
        """Check ``text``; an answer about an older text is dropped."""
        self._latest = text
        self.runner.submit(lambda: check_text(text), self._deliver, self._failed, owner=self)

    def _deliver(self, report: GlyphReport) -> None:
        if report.text != self._latest:
            return
        if report.needs_fallback:
            ensure_fallback_fonts()
        self.checked.emit(report)

    def _failed(self, exc: BaseException) -> None:
        # A check that cannot run (a damaged font file) must not stop an intake: the print
        # preview names what could not be printed all the same.
        import logging

        logging.getLogger("wuzheng.ui").warning("字形检查未能完成", exc_info=exc)

    def shutdown(self) -> None:
        self.runner.shutdown(wait=False)
