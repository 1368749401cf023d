"""Rebuild the fallback fonts in ``resources/fonts/fallback/`` from Debian's fonts-hanazono.

WenQuanYi Micro Hei, the face every document uses, lacks CJK Extension A/B ideographs that real
names use (䶮, 𠮷…) and several scripts. The printed documents fall back, character by
character, to two subsets of HanaMinA/HanaMinB (TrueType outlines, which reportlab accepts):

* ``hanamin-a-subset.ttf``: every character HanaMinA has and WenQuanYi Micro Hei lacks
  (Extension A, the Unicode 4.1+ tail of the basic block, compatibility ideographs, the
  Extension B–E characters of the 通用规范汉字表, Latin/Greek/Armenian/Georgian… letters);
* ``hanamin-b-subset.ttf``: the rest of CJK Extension B, and the Extension C–F characters that
  have a Mandarin reading (pypinyin's dictionary: those that Chinese texts and names use).

Usage (needs the ``pyftsubset`` command of fontTools: ``pip install fonttools``)::

    apt-get download fonts-hanazono && dpkg -x fonts-hanazono_*.deb hanazono
    .venv/bin/python docs/printing/make_fallback_fonts.py hanazono/usr/share/fonts/truetype/hanazono

The fonts are used under the Hanazono Font License (they are dual-licensed with the OFL), which
allows modified versions under any name; the licence ships beside them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from pypinyin.pinyin_dict import pinyin_dict  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402

from app.printing.fonts import FALLBACK_DIR, FONT_FILE, needs_shaping  # noqa: E402

EXT_B = range(0x20000, 0x2A6E0)
EXT_C_TO_F = range(0x2A700, 0x2EBF0)


def cmap(path: Path, index: int = 0) -> set[int]:
    return set(TTFont(path.stem, str(path), subfontIndex=index).face.charToGlyph)


def wanted(source: Path) -> tuple[list[int], list[int]]:
    primary = cmap(ROOT / "resources" / "fonts" / FONT_FILE)
    a = cmap(source / "HanaMinA.ttf")
    b = cmap(source / "HanaMinB.ttf")
    in_a = sorted(cp for cp in a - primary if not needs_shaping(chr(cp)) and cp > 0x20)
    taken = primary | a
    in_b = sorted(cp for cp in b - taken if cp in EXT_B or (cp in EXT_C_TO_F and cp in pinyin_dict))
    return in_a, in_b


def subset(font: Path, codepoints: list[int], target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "unicodes.txt"
        listing.write_text("\n".join(f"U+{cp:04X}" for cp in codepoints), encoding="ascii")
        subprocess.run(
            [
                "pyftsubset",
                str(font),
                f"--unicodes-file={listing}",
                "--layout-features=",
                "--no-hinting",
                "--drop-tables+=FFTM",
                "--name-IDs=*",
                f"--output-file={target}",
            ],
            check=True,
        )


def main() -> int:
    if len(sys.argv) != 2 or shutil.which("pyftsubset") is None:
        print(__doc__)
        return 2
    source = Path(sys.argv[1])
    target = ROOT / "resources" / "fonts" / FALLBACK_DIR
    target.mkdir(parents=True, exist_ok=True)
    in_a, in_b = wanted(source)
    subset(source / "HanaMinA.ttf", in_a, target / "hanamin-a-subset.ttf")
    subset(source / "HanaMinB.ttf", in_b, target / "hanamin-b-subset.ttf")
    for name, count in (("hanamin-a-subset.ttf", len(in_a)), ("hanamin-b-subset.ttf", len(in_b))):
        size = (target / name).stat().st_size
        print(f"{name}: {count} characters, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
