"""Names with rare characters at the counter.

A name in a script the printed documents cannot set (Uyghur in Arabic letters) is named under
the name field as it is typed, and the print preview names it before anything is printed. Rare
ideographs that do print (䶮 of CJK Extension A, 𠮷 of Extension B) raise no warning, and the
window draws them (the fallback fonts are registered with Qt when such a name appears).
"""

from __future__ import annotations

import pytest
from clerk import Clerk, active
from gui_helpers import PERSON_ID, open_gzzf_intake

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QTextLayout
from PySide6.QtWidgets import QMessageBox

from ui.application import load_fonts
from ui.glyphs import GlyphReport
from ui.intake.applicant import ApplicantPage
from ui.main_window import MainWindow
from ui.printing.preview import PrintPreviewDialog

WAIT_MS = 30_000
UYGHUR = "ئابدۇراھمان"  # Abdurahman: ئ (U+0626) and the letters after it need shaping
RARE_BUT_PRINTABLE = ("王䶮", "𠮷野")


def type_name(qtbot, clerk: Clerk, page: ApplicantPage, name: str) -> GlyphReport:  # type: ignore[no-untyped-def]
    """Type ``name`` over what the name field holds; the check of the whole name."""
    with qtbot.waitSignal(
        page.glyphs.checked, timeout=WAIT_MS, check_params_cb=lambda r: r.text == name
    ) as blocker:
        clerk.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        clerk.type(name)
    report: GlyphReport = blocker.args[0]
    return report


@pytest.fixture(autouse=True)
def _application_fonts(qapp) -> None:  # type: ignore[no-untyped-def]
    """The fonts the application loads at start (ui.application.run)."""
    load_fonts(qapp)


def drawn_glyphs(page: ApplicantPage) -> list[int]:
    """The glyphs the name field draws its text with (0: an empty box)."""
    layout = QTextLayout(page.name_edit.text(), page.name_edit.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [glyph for run in layout.glyphRuns() for glyph in run.glyphIndexes()]


def test_the_name_field_warns_of_characters_no_font_can_print(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
) -> None:
    clerk = Clerk(wait_ms=WAIT_MS)
    page = open_gzzf_intake(clerk, window).applicant

    report = type_name(qtbot, clerk, page, UYGHUR)
    assert "ئ" in report.unprintable
    assert page.glyph_message.isVisible()
    assert "ئ (U+0626)" in page.glyph_message.text() and "□" in page.glyph_message.text()
    assert page.name_edit.hasFocus()  # a warning, not a refusal: the clerk types on

    for name in RARE_BUT_PRINTABLE:
        report = type_name(qtbot, clerk, page, name)
        assert report.unprintable == ()
        assert not page.glyph_message.isVisible()
    # the window draws them: the fallback fonts are Qt's now
    assert {"HanaMinA", "HanaMinB"} <= set(QFontDatabase.families())
    assert page.name_edit.text() == "𠮷野" and 0 not in drawn_glyphs(page)


@pytest.mark.parametrize("name", [UYGHUR, "王䶮𠮷"])
def test_the_print_preview_names_what_prints_as_a_box_before_anything_prints(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    name: str,
) -> None:
    clerk = Clerk(wait_ms=WAIT_MS)
    intake = open_gzzf_intake(clerk, window)
    clerk.type(name)
    clerk.press(Qt.Key.Key_Tab)
    clerk.type(PERSON_ID)
    clerk.press(Qt.Key.Key_Return)
    clerk.wait_until(lambda: intake.case is not None, "the case taken in")
    printed: list[int] = []
    previews: list[PrintPreviewDialog] = []

    def preview_open() -> bool:
        previews[:] = [p for p in intake.findChildren(PrintPreviewDialog) if p.isVisible()]
        if previews:
            previews[0].printed.connect(printed.append)
        return bool(previews) and bool(previews[0].pages)

    clerk.press(Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # the receipt
    clerk.wait_until(preview_open, "the receipt's preview")
    preview = previews[0]
    boxes = [b for b in preview.findChildren(QMessageBox) if b.isVisible()]
    if name == UYGHUR:
        assert len(boxes) == 1 and boxes[0].windowTitle() == "无法打印的字符"
        assert boxes[0].icon() == QMessageBox.Icon.Warning
        assert "ئ (U+0626)" in boxes[0].text() and "□" in boxes[0].text()
        assert preview.notice.isVisible() and "ئ (U+0626)" in preview.notice.text()
        clerk.press(Qt.Key.Key_Return)  # read: the box closes, the preview is there
        clerk.wait_until(lambda: not boxes[0].isVisible() and active(preview), "the preview")
        assert preview.print_button.hasFocus()
    else:
        assert boxes == [] and not preview.notice.isVisible()
    assert printed == []  # nothing was printed meanwhile
    clerk.press(Qt.Key.Key_Escape)
