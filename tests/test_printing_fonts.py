"""The bundled font draws every character we print, and Chinese punctuation never starts a line."""

from __future__ import annotations

import tomllib
from pathlib import Path

from printing_support import catalog_document

from app.catalog.sample import sample_catalog_document
from app.catalog.views import APPLICANT_LABELS, LEVEL_LABELS, MEASURE_LABELS
from app.paths import resource
from app.printing.fonts import FONT, font_path, missing_glyphs
from app.printing.layout import Styles, para


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_font_and_licence_ship_together() -> None:
    assert Path(font_path()).stat().st_size > 1_000_000
    licence = resource("fonts", "wqy-microhei.COPYRIGHT.txt").read_text(encoding="utf-8")
    assert "Apache-2.0" in licence


def test_every_character_of_catalogs_templates_and_labels_has_a_glyph() -> None:
    texts = _strings(catalog_document())
    texts += _strings(sample_catalog_document())
    for path in resource("templates").glob("*.toml"):
        texts += _strings(tomllib.loads(path.read_text(encoding="utf-8")))
    texts += [*MEASURE_LABELS.values(), *LEVEL_LABELS.values(), *APPLICANT_LABELS.values()]
    texts += ["第 1 页 / 共 2 页", "110105********002X", "「」“”《》（）—…·、；：！？"]
    characters = set("".join(texts))
    assert len(characters) > 300
    assert missing_glyphs("".join(sorted(characters))) == set()
    assert missing_glyphs("𠀀") == {"𠀀"}  # the check itself can fail (CJK Ext. B)


def test_no_line_starts_with_chinese_closing_punctuation() -> None:
    # 12 characters fit on a line, so the 13th (a full-width comma) would start line two
    text = "申请人应当如实填写申请表，所述情况真实；承诺不实的：依法撤销！"
    one = Styles.body.fontSize
    for chars in range(8, 16):
        paragraph = para(text, Styles.body)
        paragraph.wrap(one * chars + 0.5, 1000)
        lines = ["".join(line[1]) for line in paragraph.blPara.lines]
        assert len(lines) > 1
        for line in lines[1:]:
            assert line[0] not in "，；：。！？》）」", (chars, lines)
    assert Styles.body.fontName == FONT
