"""The in-app print preview of a document: its pages on screen, then print it, save it as PDF
or open it with the system's PDF program.

The pages are rendered (:mod:`ui.printing.paper`) on the dialog's own task runner, so the
database worker stays free: the preview as soon as the dialog opens, the print job at the
printer's resolution while the dialog shows the progress. Saving keeps the original vector PDF.
The print settings dialog (native on Windows) is wrapped in
:meth:`PrintPreviewDialog.ask_print_settings` so tests can replace it.

Keyboard: the print button has the focus when the preview opens, so Enter or Ctrl+P prints
(Ctrl+P pressed before the pages are on screen prints as soon as they are); Ctrl+S saves the PDF,
in a file dialog that opens in the folder of the settings (the user's documents folder at
first, then wherever the clerk saved last) with the file name filled in; Esc closes.

Ownership: the preview widget and the print settings dialog keep raw pointers to their
printers (see :mod:`ui.lifetime`), so the printers stay alive until those widgets are destroyed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QShowEvent,
)
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

from app.errors import UserError, os_reason
from app.printing.raster import PREVIEW_DPI, PageImage, render_pages
from ui.errors import show_error
from ui.lifetime import keep_alive_until_destroyed
from ui.printing.paper import a4_printer, draw_page, pages_to_print, print_pdf
from ui.settings import AppSettings, documents_folder
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

    def __init__(
        self,
        title: str,
        file_name: str,
        data: bytes,
        parent: QWidget | None = None,
        *,
        settings: AppSettings | None = None,
        notice: str = "",
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("打印预览 — {title}").format(title=title))
        self.setObjectName("printPreview")
        self.title = title
        self.data = data
        self.file_name = file_name
        self.temp_path: Path | None = None
        self.pages: list[PageImage] = []
        self.printing = False
        self.print_when_ready = False  # Ctrl+P came before the pages were on screen
        self.settings = settings
        self.runner = TaskRunner("print-preview", parent=self)

        self.printer = a4_printer()  # what the preview lays the pages out on
        self.print_printer = a4_printer()  # what the print settings and the print job use
        self.preview = QPrintPreviewWidget(self.printer, self)
        # The widget (and its pages) point at the printer: it must outlive them, whatever
        # happens to this dialog's Python wrapper.
        keep_alive_until_destroyed(self.preview, self.printer)
        self.preview.setObjectName("previewPages")
        self.preview.setZoomMode(QPrintPreviewWidget.ZoomMode.FitInView)
        self.preview.paintRequested.connect(self.paint_preview)
        self.preview.previewChanged.connect(self._update_page_label)
        view = self.preview.findChild(QGraphicsView)
        if view is not None:  # the current page follows scrolling
            view.verticalScrollBar().valueChanged.connect(self._update_page_label)

        self.page_label = QLabel()
        self.notice = QLabel(notice)
        self.notice.setObjectName("previewNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #8a4b00;")
        self.notice.setVisible(bool(notice))
        self.status = QLabel(self.tr("正在生成预览……"))
        self.status.setObjectName("previewStatus")
        self.print_button = QPushButton(self.tr("打印(&P)…"))
        self.print_button.setObjectName("printDocument")
        self.print_button.setAutoDefault(False)  # stays the default wherever the focus went
        self.print_button.setDefault(True)
        self.print_button.setToolTip(self.tr("选择打印机并打印（Ctrl+P）"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(self.tr("另存为 PDF(&S)…"))
        self.save_button.setObjectName("saveDocument")
        self.save_button.setAutoDefault(False)
        self.save_button.setToolTip(
            self.tr("保存原始的 PDF 文件（文字清晰，可再次打印）（Ctrl+S）")
        )
        self.save_button.clicked.connect(self.save_as)
        self.open_button = QPushButton(self.tr("用系统程序打开(&O)"))
        self.open_button.setObjectName("openDocument")
        self.open_button.setAutoDefault(False)
        self.open_button.setToolTip(self.tr("用电脑上安装的 PDF 阅读器打开，也可以从那里打印"))
        self.open_button.clicked.connect(self.open_document)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.setAutoDefault(False)
        self.close_button.setToolTip(self.tr("关闭预览（Esc）"))
        self.close_button.clicked.connect(self.reject)
        # Ctrl+P prints and Ctrl+S saves, whichever widget of the dialog has the focus.
        self.print_action = self._shortcut(QKeySequence.StandardKey.Print, self.print_document)
        self.save_action = self._shortcut(QKeySequence.StandardKey.Save, self.save_as)

        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.open_button, self.save_button, self.print_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._toolbar())
        layout.addWidget(self.notice)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.print_button, self.save_button)
        self.setTabOrder(self.save_button, self.open_button)
        self.setTabOrder(self.open_button, self.close_button)
        self._fit_to_screen(parent)
        self.print_button.setFocus()

        self.runner.submit(
            lambda: render_pages(data, PREVIEW_DPI),
            self._pages_ready,
            self._render_failed,
            self.tr("正在生成预览……"),
        )

    def _shortcut(self, key: QKeySequence.StandardKey, slot: Callable[[], object]) -> QAction:
        act = QAction(self)
        act.setShortcut(QKeySequence(key))
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.print_button.setFocus()  # Enter or Ctrl+P prints, Ctrl+S saves, Esc closes

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
        if self.print_when_ready:
            self.print_when_ready = False
            self.print_document()

    def _render_failed(self, exc: BaseException) -> None:
        self.print_when_ready = False
        self.print_button.setEnabled(False)
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
        keep_alive_until_destroyed(dialog, printer)  # the dialog points at the printer
        dialog.setWindowTitle(self.tr("打印"))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        dialog.setMinMax(1, max(1, len(self.pages)))
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()  # one print dialog per print, not one more child per print
        return accepted

    @Slot()
    def print_document(self) -> None:
        """Ask for the print settings, then print on the worker, showing the progress.

        Asked before the pages are on screen (Ctrl+P right after the preview opened), it
        prints as soon as they are.
        """
        if self.printing:
            return
        if not self.pages:
            if self.print_button.isEnabled():  # still rendering (not failed)
                self.print_when_ready = True
                self.status.setText(self.tr("正在生成预览，完成后开始打印……"))
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

    def save_folder(self) -> Path:
        """Where the save dialog opens: the settings' folder (see :class:`AppSettings`)."""
        return self.settings.save_folder if self.settings is not None else documents_folder()

    def ask_save_path(self) -> QFileDialog:
        """Open the save dialog (window-modal, not blocking) in :meth:`save_folder`, with the
        file name filled in; choosing a file saves there (:meth:`save_to`)."""
        dialog = QFileDialog(self, self.tr("另存为 PDF"))
        dialog.setObjectName("saveDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilter(self.tr("PDF 文件 (*.pdf)"))
        dialog.setDefaultSuffix("pdf")
        dialog.setDirectory(str(self.save_folder()))
        dialog.selectFile(self.file_name)
        dialog.fileSelected.connect(self.save_to)
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(self._back_from_dialog)
        dialog.open()
        return dialog

    @Slot()
    def _back_from_dialog(self) -> None:
        # Keys go back to this window (not every platform re-activates a dialog's parent).
        self.activateWindow()

    @Slot()
    def open_document(self) -> None:
        try:
            path = self.write_temp()
        except OSError as exc:
            show_error(
                self,
                UserError(
                    translate("Printing", "无法写入临时文件：{reason}。").format(
                        reason=os_reason(exc)
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
        """Ask where, then save the original (vector) PDF, not the preview images."""
        self.ask_save_path()

    @Slot(str)
    def save_to(self, chosen: str) -> None:
        """Save the original PDF at ``chosen`` (".pdf" added when missing)."""
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
                        path=target, reason=os_reason(exc)
                    )
                ),
            )
            return
        if self.settings is not None:
            self.settings.save_folder = target.parent  # the next save starts there
        self.status.setText(self.tr("已保存到 {path}").format(path=target))
        self.saved.emit(str(target))
