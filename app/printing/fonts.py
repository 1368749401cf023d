"""The bundled fonts, the fallback chain for rare characters, and Chinese line-breaking rules.

Every document is set in WenQuanYi Micro Hei (TrueType). It lacks the CJK Extension A/B
ideographs that real names use (䶮, 𠮷…) and some scripts; reportlab has no glyph fallback,
so :func:`font_runs` splits a text into runs by the first font of the chain that has each
character: WenQuanYi Micro Hei, then two subsets of HanaMinA/HanaMinB (``fonts/fallback/``,
loaded only when a text needs them). A text the main font covers costs one set lookup.

A character no font has, or one of a script that needs shaping reportlab cannot do (Arabic,
Tibetan, Mongolian, Indic…), prints as ``□`` so that it can be written in by hand. Check a text
before printing with :func:`unprintable_characters`; :func:`collect_unprintable` gathers what a
whole document could not print while it is built.

Import this module before anything from ``reportlab.platypus``: the paragraph module copies
``reportlab.lib.textsplit.ALL_CANNOT_START`` when it is first imported, so the Chinese closing
punctuation must be added here first. Every printing module imports ``fonts`` at the top.
"""

from __future__ import annotations

import sys
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TextIO

import reportlab.lib.textsplit as _textsplit

# Chinese closing punctuation that must never start a line (reportlab only knows the Japanese
# set): full-width comma, semicolon, colon, exclamation and question marks, closing quotes and
# brackets, the ellipsis and the percent sign.
CHINESE_CANNOT_START = "，；：！？》〉）」』】〕、。…”’％·"
if CHINESE_CANNOT_START[0] not in _textsplit.ALL_CANNOT_START:
    _textsplit.ALL_CANNOT_START += CHINESE_CANNOT_START
_paragraph = sys.modules.get("reportlab.platypus.paragraph")
if _paragraph is not None:  # imported before us after all: patch its copy too
    _paragraph.ALL_CANNOT_START = _textsplit.ALL_CANNOT_START  # type: ignore[attr-defined]

from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase import ttfonts as _ttfonts  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402

from app.paths import resource  # noqa: E402

_reportlab_to_unicode = _ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 pairs.

    reportlab writes ``<%04X>`` for every code point, so 𠮷 (U+20BB7) becomes five hex digits
    and copying or searching the PDF yields a wrong character. PDF wants UTF-16BE there.
    """
    text: str = _reportlab_to_unicode(fontname, subset)
    for index, code in enumerate(subset):
        if code > 0xFFFF:
            utf16 = chr(code).encode("utf-16-be").hex().upper()
            text = text.replace(f"\n<{index:02X}> <{code:04X}>\n", f"\n<{index:02X}> <{utf16}>\n")
    return text


_ttfonts.makeToUnicodeCMap = _to_unicode_cmap

FONT = "WZHei"  # WenQuanYi Micro Hei, the face every document uses
FONT_MONO = "WZHeiMono"  # its monospaced sibling, for codes and numbers in tables
FONT_FILE = "wqy-microhei.ttc"
FALLBACK_DIR = "fallback"
# Tried in this order for a character the main font lacks (see make_fallback_fonts.py).
FALLBACK_FONTS = (
    ("WZHanaA", "hanamin-a-subset.ttf"),  # Extension A, compatibility ideographs, scripts
    ("WZHanaB", "hanamin-b-subset.ttf"),  # Extension B (and C–F characters with a reading)
)
PLACEHOLDER = "□"  # printed for a character no font can draw: room to write it in by hand

_lock = threading.Lock()
_registered = False
_fallbacks: tuple[tuple[str, frozenset[int]], ...] | None = None

# Scripts whose letters change shape with their neighbours or are reordered: reportlab draws
# them letter by letter, which misspells a name, so they count as unprintable.
_SHAPING_RANGES = (
    (0x0590, 0x08FF),  # Hebrew, Arabic (Uyghur, Kazakh), Syriac, Thaana, N'Ko, …
    (0x0900, 0x0DFF),  # Devanagari … Sinhala
    (0x0E00, 0x0EFF),  # Thai, Lao (marks stacked above and below)
    (0x0F00, 0x0FFF),  # Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x18AF),  # Khmer, Mongolian
    (0xA840, 0xA87F),  # Phags-pa
    (0xFB1D, 0xFDFF),  # Hebrew and Arabic presentation forms
    (0xFE70, 0xFEFF),  # Arabic presentation forms B
)


def font_path() -> str:
    return str(resource("fonts", FONT_FILE))


def fallback_path(file_name: str) -> str:
    return str(resource("fonts", FALLBACK_DIR, file_name))


def ensure_fonts() -> None:
    """Register the bundled font with reportlab (once per process; cheap afterwards)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        path = font_path()
        pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=0))
        pdfmetrics.registerFont(TTFont(FONT_MONO, path, subfontIndex=1))
        # No bold face ships in the .ttc: documents simulate bold with a stroked outline
        # (see layout.BoldParagraph); mapping bold to the regular face keeps <b> harmless.
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
        _registered = True


def needs_shaping(ch: str) -> bool:
    """True for a letter of a script reportlab cannot shape (right-to-left or complex)."""
    cp = ord(ch)
    if cp < 0x0590:
        return False
    if any(low <= cp <= high for low, high in _SHAPING_RANGES):
        return unicodedata.category(ch)[0] in "LM"  # letters and marks, not a currency sign
    return unicodedata.bidirectional(ch) in ("R", "AL")


def _ignorable(ch: str) -> bool:
    """Invisible format characters and variation selectors: dropped, never a blank."""
    cp = ord(ch)
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:
        return True
    return unicodedata.category(ch) in ("Cf", "Cc") and not ch.isspace()


_SPACES = frozenset(cp for cp in range(0x3001) if chr(cp).isspace())


@lru_cache(maxsize=4)
def _coverage(font_name: str) -> frozenset[int]:
    """The code points ``font_name`` draws as they are (plus every kind of space)."""
    ensure_fonts()
    face = pdfmetrics.getFont(font_name).face
    return frozenset(cp for cp in face.charToGlyph if not needs_shaping(chr(cp))) | _SPACES


def _fallback_chain() -> tuple[tuple[str, frozenset[int]], ...]:
    """The fallback fonts with what each covers, registered on first use."""
    global _fallbacks
    if _fallbacks is not None:
        return _fallbacks
    with _lock:
        if _fallbacks is None:
            chain = []
            for name, file_name in FALLBACK_FONTS:
                font = TTFont(name, fallback_path(file_name))
                pdfmetrics.registerFont(font)
                chain.append((name, frozenset(font.face.charToGlyph)))
            _fallbacks = tuple(chain)
    return _fallbacks


def _fallback_for(ch: str) -> str | None:
    if needs_shaping(ch):
        return None
    cp = ord(ch)
    return next((name for name, cover in _fallback_chain() if cp in cover), None)


@dataclass
class UnprintableReport:
    """The characters a document could not print (each once, in order of appearance)."""

    characters: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """``ئ (U+0626)、ཀ (U+0F40)``: readable, and exact for county IT."""
        return "、".join(f"{ch} (U+{ord(ch):04X})" for ch in self.characters)


_collector: ContextVar[UnprintableReport | None] = ContextVar("unprintable", default=None)


def _note_unprintable(ch: str) -> None:
    report = _collector.get()
    if report is not None and ch not in report.characters:
        report.characters.append(ch)


@contextmanager
def collect_unprintable() -> Iterator[UnprintableReport]:
    """Gather the characters printed as ``□`` by the documents built inside the block."""
    report = UnprintableReport()
    token = _collector.set(report)
    try:
        yield report
    finally:
        _collector.reset(token)


@contextmanager
def warn_unprintable(stream: TextIO, document: str) -> Iterator[None]:
    """For the command line: one line on ``stream`` if the document has unprintable text."""
    with collect_unprintable() as report:
        yield
    if report.characters:
        print(
            f"提示：{document}中有 {len(report.characters)} 个字符没有可用的字形，"
            f"已印成“{PLACEHOLDER}”，请在纸面上手写补全：{report.describe()}。",
            file=stream,
        )


def font_runs(text: str, font: str = FONT) -> list[tuple[str, str]]:
    """``text`` as (font name, run) pairs: the main ``font`` where it has the glyphs.

    Characters no font can print become :data:`PLACEHOLDER` (and are noted for
    :func:`collect_unprintable`); invisible format characters are dropped.
    """
    cover = _coverage(font)
    if cover.issuperset(map(ord, text)):
        return [(font, text)]
    runs: list[tuple[str, str]] = []
    current, buffer = font, list[str]()
    for ch in text:
        if ord(ch) in cover:
            name = current if ch.isspace() else font
        elif _ignorable(ch):
            continue
        else:
            found = _fallback_for(ch)
            if found is None:
                _note_unprintable(ch)
                ch, found = PLACEHOLDER, font
            name = found
        if name != current and buffer:
            runs.append((current, "".join(buffer)))
            buffer = []
        current = name
        buffer.append(ch)
    if buffer:
        runs.append((current, "".join(buffer)))
    return runs


def unprintable_characters(text: str) -> list[str]:
    """The characters of ``text`` that no bundled font can print (each once, in order).

    Call it before printing (a name as it is typed at intake, a case's texts in the print
    dialog): each would print as ``□``. Spaces and invisible format characters are fine.
    """
    cover = _coverage(FONT)
    if cover.issuperset(map(ord, text)):
        return []
    found: dict[str, None] = {}
    for ch in text:
        if ord(ch) in cover or _ignorable(ch):
            continue
        if _fallback_for(ch) is None:
            found[ch] = None
    return list(found)


def string_width(text: str, font: str, size: float) -> float:
    """The width of ``text`` as :func:`font_runs` sets it."""
    return float(
        sum(pdfmetrics.stringWidth(run, name, size) for name, run in font_runs(text, font))
    )


def missing_glyphs(text: str) -> set[str]:
    """The characters of ``text`` the main font cannot draw (they need the fallback fonts)."""
    cover = _coverage(FONT)
    return {ch for ch in text if not ch.isspace() and ord(ch) not in cover}


ensure_fonts()
