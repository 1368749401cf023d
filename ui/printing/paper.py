"""Pages on paper: a PDF's pages, rendered as images by :mod:`app.printing.raster` (pypdfium2),
painted on a :class:`QPrinter` set to A4 (the PDF carries its own margins).

PySide6-Essentials has no QtPdf, so the preview and the printer both get page images: the
preview at :data:`~app.printing.raster.PREVIEW_DPI`, the printer at its own resolution capped at
:data:`~app.printing.raster.PRINT_DPI_CAP`. :func:`print_pdf` is safe on a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from app.errors import UserError
from app.printing.raster import MIN_DPI, PRINT_DPI_CAP, PageImage, page_count, render_pages

translate = QCoreApplication.translate  # the name pyside6-lupdate looks for


def page_qimage(page: PageImage) -> QImage:
    """The page's pixels as a :class:`QImage` that shares them (keep ``page`` alive meanwhile).

    The pages are opaque, so "BGRA" (little-endian machines) is exactly ``Format_RGB32`` and
    "RGBA" is ``Format_RGBX8888``; an opaque format also keeps a PDF printer from adding a mask.
    """
    pixel_format = (
        QImage.Format.Format_RGB32 if page.format == "BGRA" else QImage.Format.Format_RGBX8888
    )
    return QImage(page.data, page.width, page.height, page.stride, pixel_format)


def a4_printer(mode: QPrinter.PrinterMode = QPrinter.PrinterMode.HighResolution) -> QPrinter:
    """A printer set to A4 portrait, painting on the whole sheet (the PDF has its own margins)."""
    printer = QPrinter(mode)
    printer.setFullPage(True)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    return printer


def print_resolution(printer: QPrinter) -> int:
    """The dpi to render pages at for ``printer``: its own, at most the cap."""
    return max(MIN_DPI, min(printer.resolution(), PRINT_DPI_CAP))


def draw_page(painter: QPainter, printer: QPrinter, page: PageImage) -> None:
    """Draw one page image on the whole sheet, keeping its proportions, centred."""
    width, height = float(printer.width()), float(printer.height())
    scale = min(width / page.width, height / page.height)
    target = QRectF(
        (width - page.width * scale) / 2,
        (height - page.height * scale) / 2,
        page.width * scale,
        page.height * scale,
    )
    painter.drawImage(target, page_qimage(page))


def pages_to_print(printer: QPrinter, count: int, current: int = 1) -> list[int]:
    """The 0-based pages the print settings ask for: all, the chosen ranges or the current one."""
    chosen = printer.printRange()
    if chosen == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            return [index for index in range(count) if ranges.contains(index + 1)]
    if chosen == QPrinter.PrintRange.CurrentPage:
        return [current - 1] if 1 <= current <= count else []
    return list(range(count))


def print_pdf(
    printer: QPrinter,
    pdf: bytes,
    pages: list[int] | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> int:
    """Paint the PDF's pages (all, or the 0-based ``pages``) on ``printer``; how many were sent.

    Each page is rendered at :func:`print_resolution` just before it is painted, so only one
    page image is in memory. Safe on a worker thread (Qt paints on a QPrinter from any thread).
    """
    count = page_count(pdf)
    indexes = list(range(count)) if pages is None else [i for i in pages if 0 <= i < count]
    if not indexes:
        raise UserError(
            translate(
                "Printing", "所选的页码不在文件范围内（共 {count} 页），没有可以打印的页面。"
            ).format(count=count)
        )
    printer.setFullPage(True)  # the whole sheet: the PDF's pages carry their own margins
    dpi = print_resolution(printer)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError(
            translate("Printing", "无法开始打印。请检查打印机是否已连接并开机，然后再试。")
        )
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for done, index in enumerate(indexes):
            if done and not printer.newPage():
                raise UserError(
                    translate("Printing", "打印机没有接受下一页，打印已中止。请检查打印机后再试。")
                )
            (image,) = render_pages(pdf, dpi, range(index, index + 1))
            draw_page(painter, printer, image)
            if progress is not None:
                progress(done + 1, len(indexes))
    except BaseException:
        printer.abort()
        raise
    finally:
        painter.end()
    return len(indexes)
