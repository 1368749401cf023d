"""The bundled CJK font (WenQuanYi Micro Hei, TrueType) and Chinese line-breaking rules.

Import this module before anything from ``reportlab.platypus``: the paragraph module copies
``reportlab.lib.textsplit.ALL_CANNOT_START`` when it is first imported, so the Chinese closing
punctuation must be added here first. Every printing module imports ``fonts`` at the top.
"""

from __future__ import annotations

import sys
import threading
from functools import lru_cache

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
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402

from app.paths import resource  # noqa: E402

FONT = "WZHei"  # WenQuanYi Micro Hei, the face every document uses
FONT_MONO = "WZHeiMono"  # its monospaced sibling, for codes and numbers in tables
FONT_FILE = "wqy-microhei.ttc"

_lock = threading.Lock()
_registered = False


def font_path() -> str:
    return str(resource("fonts", FONT_FILE))


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


@lru_cache(maxsize=1)
def _cmap() -> frozenset[int]:
    ensure_fonts()
    font = pdfmetrics.getFont(FONT)
    return frozenset(font.face.charToGlyph)


def missing_glyphs(text: str) -> set[str]:
    """The characters of ``text`` the bundled font cannot draw (they would print as blanks)."""
    cmap = _cmap()
    return {ch for ch in text if not ch.isspace() and ord(ch) not in cmap}


ensure_fonts()
