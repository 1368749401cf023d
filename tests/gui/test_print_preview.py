"""The in-app print preview: a real guide's pages on screen, printed through Qt, saved as PDF."""

from __future__ import annotations

import gc
import io
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_helpers import answer_save_dialog, save_dialog
from pypdf import PdfReader

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPageRanges
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.printing.guide import print_guide
from app.printing.raster import _PDFIUM_LOCK as PDFIUM_LOCK
from app.printing.raster import PREVIEW_DPI, render_pages
from app.storage.db import Database
from ui.context import Workstation
from ui.printing.actions import preview_guide
from ui.printing.paper import page_qimage, print_pdf, print_resolution
from ui.printing.preview import PrintPreviewDialog
from ui.settings import AppSettings, documents_folder
from ui.tasks import TaskRunner

A4_POINTS = (595.28, 841.89)
MATTER = "M0001"  # 公共租赁住房资格申请: one page
BUNDLE = "B0001"  # 新生儿出生一件事: two pages


@pytest.fixture(scope="module")
def guide_pdfs(sample_home: Path) -> dict[str, bytes]:
    """Guides of the sample catalog (tests/gui/conftest.py seeds it through app.bootstrap)."""
    db = Database.open(sample_home)
    try:
        return {code: print_guide(db, code) for code in (MATTER, BUNDLE)}
    finally:
        db.engine.dispose()


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    reader = PdfReader(io.BytesIO(data))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def is_a4(size: tuple[float, float]) -> bool:
    return abs(size[0] - A4_POINTS[0]) < 2 and abs(size[1] - A4_POINTS[1]) < 2


def pdf_printer(path: Path) -> QPrinter:
    """What the print settings dialog hands back when the clerk prints to a PDF file."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def open_preview(
    qtbot: object, data: bytes, settings: AppSettings | None = None
) -> PrintPreviewDialog:
    dialog = PrintPreviewDialog(
        "公共租赁住房资格申请 · 办事指南", "M0001_办事指南.pdf", data, settings=settings
    )
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    with qtbot.waitSignal(dialog.preview_ready, timeout=15000):  # type: ignore[attr-defined]
        dialog.show()
    return dialog


def dark_pixels(image: QImage) -> int:
    small = image.scaled(124, 175)  # every 10th pixel is enough to see text and rules
    return sum(
        1
        for y in range(small.height())
        for x in range(small.width())
        if small.pixelColor(x, y).lightness() < 128
    )


def test_page_images_match_the_pdf(guide_pdfs: dict[str, bytes], qtbot: object) -> None:
    pdf = guide_pdfs[BUNDLE]
    pages = render_pages(pdf, dpi=150)
    assert len(pages) == len(pdf_pages(pdf)) > 1
    image = page_qimage(pages[0])
    assert abs(image.width() - 1240) <= 2 and abs(image.height() - 1754) <= 2
    assert not image.isNull()
    assert dark_pixels(image) > 50  # the title, the tables, the QR code
    assert image.pixelColor(3, 3).lightness() == 255  # white paper in the margin


def test_preview_shows_every_page_of_the_guide(guide_pdfs: dict[str, bytes], qtbot: object) -> None:
    pdf = guide_pdfs[BUNDLE]
    dialog = open_preview(qtbot, pdf)
    assert dialog.preview.pageCount() == len(pdf_pages(pdf))
    assert len(dialog.pages) == len(pdf_pages(pdf))
    assert all(page.dpi == PREVIEW_DPI for page in dialog.pages)
    assert dialog.print_button.isEnabled()
    assert f"共 {len(dialog.pages)} 页" in dialog.status.text()
    dialog.next_page()
    assert dialog.preview.currentPage() == 2
    assert "第 2 /" in dialog.page_label.text()
    shot = dialog.grab().toImage()
    assert dark_pixels(shot) > 50
    dialog.close()


def test_printing_sends_a4_pages_to_the_printer(
    guide_pdfs: dict[str, bytes], qtbot: object, tmp_path: Path
) -> None:
    pdf = guide_pdfs[BUNDLE]
    dialog = open_preview(qtbot, pdf)
    out = tmp_path / "printed.pdf"
    asked: list[QPrinter] = []

    def choose_pdf_file(printer: QPrinter) -> bool:
        asked.append(printer)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    dialog.ask_print_settings = choose_pdf_file  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.printed, timeout=30000) as blocker:  # type: ignore[attr-defined]
        dialog.print_button.click()
    assert asked
    count = len(pdf_pages(pdf))
    assert blocker.args == [count]
    printed = pdf_pages(out.read_bytes())
    assert len(printed) == count
    assert all(is_a4(size) for size in printed)
    assert dialog.print_button.isEnabled()
    assert f"已把 {count} 页送往打印机" in dialog.status.text()
    dialog.close()


def test_printing_a_page_range_prints_only_those_pages(
    guide_pdfs: dict[str, bytes], qtbot: object, tmp_path: Path
) -> None:
    dialog = open_preview(qtbot, guide_pdfs[BUNDLE])
    out = tmp_path / "page-2.pdf"

    def second_and_third(printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setPageRanges(QPageRanges.fromString("2"))
        return True

    dialog.ask_print_settings = second_and_third  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.printed, timeout=30000):  # type: ignore[attr-defined]
        dialog.print_button.click()
    assert len(pdf_pages(out.read_bytes())) == 1
    dialog.close()


def test_cancelling_the_print_settings_prints_nothing(
    guide_pdfs: dict[str, bytes], qtbot: object, tmp_path: Path
) -> None:
    dialog = open_preview(qtbot, guide_pdfs[MATTER])
    out = tmp_path / "never.pdf"

    def cancel(printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return False

    dialog.ask_print_settings = cancel  # type: ignore[method-assign]
    with qtbot.assertNotEmitted(dialog.printed, wait=300):  # type: ignore[attr-defined]
        dialog.print_button.click()
    assert not out.exists()
    dialog.close()


def test_printed_page_is_the_guide_at_print_resolution(
    guide_pdfs: dict[str, bytes], qtbot: object, tmp_path: Path
) -> None:
    pdf = guide_pdfs[MATTER]
    out = tmp_path / "one.pdf"
    printer = pdf_printer(out)
    assert print_resolution(printer) == 300  # a 1200 dpi device gets 300 dpi images
    assert print_pdf(printer, pdf) == 1
    (size,) = pdf_pages(out.read_bytes())
    assert is_a4(size)
    # What is on the printed sheet looks like the guide itself: render both, compare.
    (original,) = render_pages(pdf, dpi=50)
    (printed,) = render_pages(out.read_bytes(), dpi=50)
    a, b = page_qimage(original), page_qimage(printed)
    assert (a.width(), a.height()) == (b.width(), b.height())
    differing = sum(
        1
        for y in range(0, a.height(), 4)
        for x in range(0, a.width(), 4)
        if abs(a.pixelColor(x, y).lightness() - b.pixelColor(x, y).lightness()) > 96
    )
    assert differing < 0.005 * (a.width() // 4) * (a.height() // 4)


def test_save_as_writes_the_original_pdf_through_the_save_dialog(
    guide_pdfs: dict[str, bytes], qtbot: object, tmp_path: Path, settings: AppSettings
) -> None:
    pdf = guide_pdfs[MATTER]
    dialog = open_preview(qtbot, pdf, settings)
    assert dialog.print_button.hasFocus()  # Enter or Ctrl+P prints
    # Ctrl+S opens the save dialog in the user's documents folder (no folder saved yet), with
    # the file name filled in
    qtbot.keyClick(dialog.print_button, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    chooser = save_dialog(qtbot, dialog)
    assert Path(chooser.directory().absolutePath()) == documents_folder()
    assert chooser.selectedFiles()[0].endswith("M0001_办事指南.pdf")
    target = tmp_path / "saved" / "指南"
    target.parent.mkdir()
    with qtbot.waitSignal(dialog.saved, timeout=5000):  # type: ignore[attr-defined]
        answer_save_dialog(qtbot, chooser, str(target))
    assert target.with_suffix(".pdf").read_bytes() == pdf
    assert settings.save_folder == target.parent
    # the next save starts where the last one went; Enter keeps the suggested name
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)  # type: ignore[attr-defined]
    qtbot.keyClick(dialog.print_button, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    chooser = save_dialog(qtbot, dialog)
    assert Path(chooser.directory().absolutePath()) == target.parent
    with qtbot.waitSignal(dialog.saved, timeout=5000) as blocker:  # type: ignore[attr-defined]
        answer_save_dialog(qtbot, chooser)
    assert blocker.args == [str(target.parent / "M0001_办事指南.pdf")]
    assert (target.parent / "M0001_办事指南.pdf").read_bytes() == pdf
    dialog.close()


def test_ctrl_p_before_the_pages_are_on_screen_prints_once_they_are(
    guide_pdfs: dict[str, bytes], qtbot: object, tmp_path: Path
) -> None:
    out = tmp_path / "early.pdf"

    def choose_pdf_file(printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    with PDFIUM_LOCK:  # the preview cannot be rendered before the key press
        dialog = PrintPreviewDialog("办事指南", "M0001.pdf", guide_pdfs[MATTER])
        qtbot.addWidget(dialog)  # type: ignore[attr-defined]
        dialog.ask_print_settings = choose_pdf_file  # type: ignore[method-assign]
        with qtbot.waitActive(dialog):  # type: ignore[attr-defined]
            dialog.show()
        assert dialog.print_button.hasFocus()
        qtbot.keyClick(dialog.print_button, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
        assert not dialog.pages and "完成后开始打印" in dialog.status.text()
    with qtbot.waitSignal(dialog.printed, timeout=30000):  # type: ignore[attr-defined]
        pass
    assert len(pdf_pages(out.read_bytes())) == 1
    dialog.close()


def test_a_closed_preview_frees_its_printers_only_after_the_widgets_that_point_at_them(
    guide_pdfs: dict[str, bytes], qtbot: object
) -> None:
    """The preview widget (and its page items) and the print settings dialog keep raw pointers
    to the dialog's printers. Closing the dialog (deleteLater) drops its Python wrapper at the
    start of its C++ destruction: the printers must not go with it while those widgets live."""
    owner = QDialog()
    qtbot.addWidget(owner)  # type: ignore[attr-defined]
    owner.show()
    dialog = PrintPreviewDialog("回执", "r.pdf", guide_pdfs[MATTER], owner)
    dialog.finished.connect(dialog.deleteLater)
    events: list[str] = []
    weakref.finalize(dialog.printer, events.append, "preview printer freed")
    weakref.finalize(dialog.print_printer, events.append, "print printer freed")
    dialog.preview.destroyed.connect(lambda: events.append("preview widget destroyed"))
    with qtbot.waitSignal(dialog.preview_ready, timeout=15000):  # type: ignore[attr-defined]
        dialog.open()
    # the clerk opens the print settings and cancels them
    asked: list[QPrintDialog] = []

    def cancel_print_settings() -> None:
        modal = QApplication.activeModalWidget()
        assert isinstance(modal, QPrintDialog)
        modal.destroyed.connect(lambda: events.append("print dialog destroyed"))
        asked.append(modal)
        modal.reject()

    QTimer.singleShot(0, cancel_print_settings)
    assert not dialog.ask_print_settings(dialog.print_printer)
    assert asked
    asked.clear()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # type: ignore[attr-defined]
    del dialog

    def freed() -> None:
        gc.collect()
        assert "preview printer freed" in events and "print printer freed" in events

    qtbot.waitUntil(freed, timeout=5000)  # type: ignore[attr-defined]
    assert events.index("preview widget destroyed") < events.index("preview printer freed")
    assert events.index("print dialog destroyed") < events.index("print printer freed")


@pytest.fixture
def station(data_dir: Path, settings: AppSettings, qtbot: object) -> Iterator[Workstation]:
    db = Database.open(data_dir)
    runner = TaskRunner("test-db")
    station = Workstation(data_dir, settings, runner, TaskRunner("test-net"), db)
    yield station
    runner.shutdown()
    station.net_runner.shutdown()
    db.engine.dispose()


def test_guide_from_the_matter_view_opens_the_preview(station: Workstation, qtbot: object) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)  # type: ignore[attr-defined]
    preview_guide(parent, station, "matter", "M0001")
    found: list[PrintPreviewDialog] = []

    def shown() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, PrintPreviewDialog)]
        assert dialogs and dialogs[-1].preview.pageCount() == 1
        found.append(dialogs[-1])

    qtbot.waitUntil(shown, timeout=15000)  # type: ignore[attr-defined]
    assert "公共租赁住房资格申请" in found[-1].windowTitle()
    found[-1].close()
