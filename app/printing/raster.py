"""PDF pages as pixel images (pypdfium2), for the print preview and for printing through Qt.

The documents stay vector PDFs everywhere else (saving, the system's PDF program); only a
printer driven by Qt gets page images, rendered at the printer's resolution.

Each image is opaque (white background, alpha 255 everywhere) in the byte order that maps
directly onto a Qt image format without touching the pixels: ``"BGRA"`` on little-endian
machines (Qt's ``Format_RGB32``), ``"RGBA"`` elsewhere (``Format_RGBX8888``).

PDFium is not thread-safe, so every call into it holds one module-wide lock: a preview
rendered on a worker and a print job on another never run PDFium at the same time.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from app.errors import UserError

PREVIEW_DPI = 150
PRINT_DPI_CAP = 300
MIN_DPI = 36
MAX_DPI = 600
POINTS_PER_INCH = 72.0

PixelFormat = Literal["BGRA", "RGBA"]
NATIVE_FORMAT: PixelFormat = "BGRA" if sys.byteorder == "little" else "RGBA"

_PDFIUM_LOCK = threading.Lock()
_WHITE = (255, 255, 255, 255)


@dataclass(frozen=True)
class PageImage:
    """One rendered page: ``height`` rows of ``stride`` bytes, 4 bytes a pixel, opaque."""

    width: int
    height: int
    stride: int
    format: PixelFormat
    dpi: int
    data: bytes

    def __repr__(self) -> str:  # the pixels would flood a test report
        return (
            f"PageImage({self.width}x{self.height}, {self.format}, {self.dpi} dpi, "
            f"{len(self.data)} bytes)"
        )


@contextmanager
def _open(pdf: bytes) -> Iterator[pdfium.PdfDocument]:
    """The document under the PDFium lock, closed afterwards (pages are closed by the caller)."""
    with _PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise UserError("无法读取这份 PDF 文件，它可能已损坏。请重新生成后再试。") from exc
        try:
            yield document
        finally:
            document.close()


def _check_index(document: pdfium.PdfDocument, index: int) -> None:
    count = len(document)
    if not 0 <= index < count:
        raise UserError(f"这份文件只有 {count} 页，没有第 {index + 1} 页。")


def page_count(pdf: bytes) -> int:
    """How many pages the PDF has."""
    with _open(pdf) as document:
        return len(document)


def page_size_points(pdf: bytes, index: int) -> tuple[float, float]:
    """Width and height of page ``index`` (0-based) in points (1/72 inch); A4 is 595 × 842."""
    with _open(pdf) as document:
        _check_index(document, index)
        page = document[index]
        try:
            width, height = page.get_size()
        finally:
            page.close()
        return float(width), float(height)


def render_pages(pdf: bytes, dpi: int = PREVIEW_DPI, pages: range | None = None) -> list[PageImage]:
    """Render the pages (all, or the 0-based ``pages``) at ``dpi``; see the module docstring."""
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise UserError(f"分辨率应在 {MIN_DPI} 到 {MAX_DPI} dpi 之间，收到的是 {dpi} dpi。")
    images: list[PageImage] = []
    with _open(pdf) as document:
        wanted = range(len(document)) if pages is None else pages
        for index in wanted:
            _check_index(document, index)
            page = document[index]
            try:
                bitmap = page.render(
                    scale=dpi / POINTS_PER_INCH,
                    force_bitmap_format=pdfium_raw.FPDFBitmap_BGRA,
                    rev_byteorder=NATIVE_FORMAT == "RGBA",
                    fill_color=_WHITE,
                )
                try:
                    images.append(
                        PageImage(
                            width=bitmap.width,
                            height=bitmap.height,
                            stride=bitmap.stride,
                            format=NATIVE_FORMAT,
                            dpi=dpi,
                            data=bytes(bitmap.buffer),
                        )
                    )
                finally:
                    bitmap.close()
            finally:
                page.close()
    return images
