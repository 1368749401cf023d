"""The in-app print preview of a document: its pages on screen, then print it, save it as PDF
or open it with the system's PDF program.

The pages are rendered (:mod:`ui.printing.paper`) on the dialog's own task runner, so the
database worker stays free: the preview as soon as the dialog opens, the print job at the
printer's resolution while the dialog shows the progress. Saving keeps the original vector PDF.
The print settings dialog (native on Windows) is wrapped in
:meth:`PrintPreviewDialog.ask_print_settings` so tests can replace it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.printing.raster import PREVIEW_DPI, PageImage, render_pages
from ui.errors import show_error
from ui.printing.paper import a4_printer, draw_page, pages_to_print, print_pdf
from ui.tasks import Progress, TaskRunner

translate = QCoreApplication.translate  # the name pyside6-lupdate looks for


class PrintPreviewDialog(QDialog):
    """A printed document on screen, page by page: print it, save it as PDF or open it outside.

    The preview pages are rendered on the dialog's worker as soon as it opens; printing renders
    again at the printer's resolution on the same worker while the dialog shows the progress.

    Signals:
        preview_ready(int): the preview shows the document's pages (their number).
        printed(int): the pages were sent to the printer (their number).
        saved(str): the path the PDF was saved to.
    """

    preview_ready = Signal(int)
    printed = Signal(int)
    saved = Signal(str)

    def __init__(self, title: str, file_name: str, data: bytes, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("打印预览 — {title}").format(title=title))
        self.setObjectName("printPreview")
        self.title = title
        self.data = data
        self.file_name = file_name
        self.temp_path: Path | None = None
        self.pages: list[PageImage] = []
        self.printing = False
        self.runner = TaskRunner("print-preview", parent=self)

        self.printer = a4_printer()  # what the preview lays the pages out on
        self.print_printer = a4_printer()  # what the print settings and the print job use
        self.preview = QPrintPreviewWidget(self.printer, self)
        self.preview.setObjectName("previewPages")
        self.preview.setZoomMode(QPrintPreviewWidget.ZoomMode.FitInView)
        self.preview.paintRequested.connect(self.paint_preview)
        self.preview.previewChanged.connect(self._update_page_label)
        view = self.preview.findChild(QGraphicsView)
        if view is not None:  # the current page follows scrolling
            view.verticalScrollBar().valueChanged.connect(self._update_page_label)

        self.page_label = QLabel()
        self.status = QLabel(self.tr("正在生成预览……"))
        self.status.setObjectName("previewStatus")
        self.print_button = QPushButton(self.tr("打印…"))
        self.print_button.setObjectName("printDocument")
        self.print_button.setDefault(True)
        self.print_button.setEnabled(False)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setToolTip(self.tr("选择打印机并打印（Ctrl+P）"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(self.tr("另存为 PDF…"))
        self.save_button.setObjectName("saveDocument")
        self.save_button.setToolTip(self.tr("保存原始的 PDF 文件（文字清晰，可再次打印）"))
        self.save_button.clicked.connect(self.save_as)
        self.open_button = QPushButton(self.tr("用系统程序打开"))
        self.open_button.setObjectName("openDocument")
        self.open_button.setToolTip(self.tr("用电脑上安装的 PDF 阅读器打开，也可以从那里打印"))
        self.open_button.clicked.connect(self.open_document)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.open_button, self.save_button, self.print_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._toolbar())
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self._fit_to_screen(parent)

        self.runner.submit(
            lambda: render_pages(data, PREVIEW_DPI),
            self._pages_ready,
            self._render_failed,
            self.tr("正在生成预览……"),
        )

    def _toolbar(self) -> QToolBar:
        bar = QToolBar(self)
        bar.setObjectName("previewToolbar")

        def action(text: str, tip: str, slot: Callable[[], object], *keys: Any) -> QAction:
            act = QAction(text, self)
            act.setToolTip(tip)
            act.setShortcuts([QKeySequence(key) for key in keys])
            act.triggered.connect(slot)
            bar.addAction(act)
            return act

        action(self.tr("上一页"), self.tr("上一页（PageUp）"), self.previous_page, "PgUp")
        action(self.tr("下一页"), self.tr("下一页（PageDown）"), self.next_page, "PgDown")
        bar.addWidget(self.page_label)
        bar.addSeparator()
        action(self.tr("整页"), self.tr("显示整页"), self.preview.fitInView, "Ctrl+0")
        action(self.tr("适合宽度"), self.tr("页面与窗口同宽"), self.preview.fitToWidth)
        action(
            self.tr("放大"),
            self.tr("放大（Ctrl+加号）"),
            self.zoom_in,
            QKeySequence.StandardKey.ZoomIn,
        )
        action(
            self.tr("缩小"),
            self.tr("缩小（Ctrl+减号）"),
            self.zoom_out,
            QKeySequence.StandardKey.ZoomOut,
        )
        return bar

    def _fit_to_screen(self, parent: QWidget | None) -> None:
        screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
        available = screen.availableGeometry()
        self.resize(
            min(900, int(available.width() * 0.9)), min(1060, int(available.height() * 0.9))
        )

    # ------------------------------------------------------------------ the preview
    def _pages_ready(self, pages: list[PageImage]) -> None:
        self.pages = pages
        self.preview.updatePreview()
        self.print_button.setEnabled(bool(pages))
        self.status.setText(
            self.tr("共 {pages} 页 · A4 · {size} KB").format(
                pages=len(pages), size=max(1, len(self.data) // 1024)
            )
        )
        self._update_page_label()
        self.preview_ready.emit(len(pages))

    def _render_failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("无法显示预览，仍可另存为 PDF 或用系统程序打开。"))
        show_error(self, exc)

    @Slot(QPrinter)
    def paint_preview(self, printer: QPrinter) -> None:
        """Lay the preview images out on the preview's pages (the preview's paint handler)."""
        if not self.pages:
            return
        painter = QPainter()
        if not painter.begin(printer):
            return
        try:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            for index, page in enumerate(self.pages):
                if index:
                    printer.newPage()
                draw_page(painter, printer, page)
        finally:
            painter.end()

    @Slot()
    def _update_page_label(self) -> None:
        count = self.preview.pageCount()
        self.page_label.setText(
            self.tr(" 第 {current} / {count} 页 ").format(
                current=self.preview.currentPage() if count else 0, count=count
            )
        )

    @Slot()
    def previous_page(self) -> None:
        self.preview.setCurrentPage(max(1, self.preview.currentPage() - 1))
        self._update_page_label()

    @Slot()
    def next_page(self) -> None:
        self.preview.setCurrentPage(min(self.preview.pageCount(), self.preview.currentPage() + 1))
        self._update_page_label()

    @Slot()
    def zoom_in(self) -> None:
        self.preview.zoomIn(1.25)

    @Slot()
    def zoom_out(self) -> None:
        self.preview.zoomOut(1.25)

    # ------------------------------------------------------------------ printing
    def ask_print_settings(self, printer: QPrinter) -> bool:
        """Let the clerk choose the printer, pages and copies (replaced in tests)."""
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("打印"))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        dialog.setMinMax(1, max(1, len(self.pages)))
        return dialog.exec() == QDialog.DialogCode.Accepted

    @Slot()
    def print_document(self) -> None:
        """Ask for the print settings, then print on the worker, showing the progress."""
        if self.printing or not self.pages:
            return
        printer = self.print_printer
        if not self.ask_print_settings(printer):
            return
        pages = pages_to_print(printer, len(self.pages), self.preview.currentPage())
        if not pages:
            show_error(
                self,
                UserError(
                    translate(
                        "Printing",
                        "所选的页码不在文件范围内（共 {count} 页），请重新选择要打印的页。",
                    ).format(count=len(self.pages))
                ),
            )
            return
        self._set_printing(True)
        self.status.setText(self.tr("正在准备打印……"))
        data = self.data

        def work(progress: Progress) -> int:
            return print_pdf(printer, data, pages, progress.report)

        self.runner.submit_with_progress(
            work,
            self._show_print_progress,
            self._printed,
            self._print_failed,
            self.tr("正在打印……"),
        )

    def _set_printing(self, printing: bool) -> None:
        self.printing = printing
        self.print_button.setEnabled(not printing and bool(self.pages))
        self.close_button.setEnabled(not printing)

    def _show_print_progress(self, done: int, total: int) -> None:
        self.status.setText(
            self.tr("正在打印第 {done} / {total} 页……").format(done=done, total=total)
        )

    def _printed(self, sent: int) -> None:
        self._set_printing(False)
        self.status.setText(self.tr("已把 {pages} 页送往打印机。").format(pages=sent))
        self.printed.emit(sent)

    def _print_failed(self, exc: BaseException) -> None:
        self._set_printing(False)
        self.status.setText(self.tr("打印没有完成。"))
        show_error(self, exc)

    def done(self, result: int) -> None:
        if self.printing:  # the print job finishes first: a half-sent job helps nobody
            return
        self.runner.shutdown()
        super().done(result)

    # ------------------------------------------------------------------ the PDF itself
    def write_temp(self) -> Path:
        if self.temp_path is None:
            folder = Path(tempfile.mkdtemp(prefix="wuzheng-print-"))
            self.temp_path = folder / self.file_name
            self.temp_path.write_bytes(self.data)
        return self.temp_path

    def open_with_system(self, path: Path) -> bool:
        """Hand the PDF to the system's viewer (replaced in tests)."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def ask_save_path(self) -> str:
        """Ask where to save (replaced in tests)."""
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("另存为 PDF"), self.file_name, self.tr("PDF 文件 (*.pdf)")
        )
        return path

    @Slot()
    def open_document(self) -> None:
        try:
            path = self.write_temp()
        except OSError as exc:
            show_error(
                self,
                UserError(
                    translate("Printing", "无法写入临时文件：{reason}。").format(
                        reason=exc.strerror
                    )
                ),
            )
            return
        if not self.open_with_system(path):
            show_error(
                self,
                UserError(
                    translate(
                        "Printing",
                        "没有找到可以打开 PDF 的程序。文件已保存在 {path}，"
                        "也可以直接在本窗口中点“打印…”。",
                    ).format(path=path)
                ),
            )

    @Slot()
    def save_as(self) -> None:
        """Save the original (vector) PDF, not the preview images."""
        chosen = self.ask_save_path()
        if not chosen:
            return
        target = Path(chosen)
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        try:
            target.write_bytes(self.data)
        except OSError as exc:
            show_error(
                self,
                UserError(
                    translate("Printing", "无法保存到 {path}：{reason}。请换一个位置。").format(
                        path=target, reason=exc.strerror
                    )
                ),
            )
            return
        self.status.setText(self.tr("已保存到 {path}").format(path=target))
        self.saved.emit(str(target))
