"""Qt printing: an in-app print preview of a document (print it, save it as PDF, open it with
the system's PDF program) and the batch export of every guide with a cancellable progress dialog.

The PDFs are made by :mod:`app.printing` (this module never imports reportlab) on the station's
database worker. PySide6-Essentials has no QtPdf, so the preview and the printer get page images
rendered by :mod:`app.printing.raster` (pypdfium2): the preview at 150 dpi, the printer at its own
resolution capped at :data:`~app.printing.raster.PRINT_DPI_CAP`. Both renderings run on the
dialog's own worker; saving keeps the original vector PDF. The print settings dialog (native on
Windows) is wrapped in :meth:`PrintPreviewDialog.ask_print_settings` so tests can replace it.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QMarginsF, QObject, QRectF, QThread, QUrl, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
)
from PySide6.QtPrintSupport import (
    QAbstractPrintDialog,
    QPrintDialog,
    QPrinter,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.printing.raster import (
    MIN_DPI,
    PREVIEW_DPI,
    PRINT_DPI_CAP,
    PageImage,
    page_count,
    render_pages,
)
from ui.context import Workstation
from ui.errors import inform, show_error
from ui.tasks import TaskRunner

translate = QCoreApplication.translate  # the name pyside6-lupdate looks for

if TYPE_CHECKING:
    from app.cases import CaseView
    from app.printing.batch import BatchResult


# --------------------------------------------------------------------------- painting pages


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


# --------------------------------------------------------------------------- the preview


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
    _print_progress = Signal(int, int)

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
        self._print_progress.connect(self._show_print_progress)

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
        self.runner.submit(
            lambda: print_pdf(printer, data, pages, self._print_progress.emit),
            self._printed,
            self._print_failed,
            self.tr("正在打印……"),
        )

    def _set_printing(self, printing: bool) -> None:
        self.printing = printing
        self.print_button.setEnabled(not printing and bool(self.pages))
        self.close_button.setEnabled(not printing)

    @Slot(int, int)
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


DocumentDialog = PrintPreviewDialog  # the earlier name, still used by callers and tests


def _show_document(parent: QWidget, title: str, file_name: str, data: bytes) -> PrintPreviewDialog:
    dialog = PrintPreviewDialog(title, file_name, data, parent)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def preview_guide(parent: QWidget, station: Workstation, kind: str, code: str) -> None:
    """Build the guide of a matter or bundle on the database worker, then show it."""
    db = station.db
    if db is None:
        return

    def work() -> tuple[str, bytes]:
        from app.catalog.views import catalog_info
        from app.printing.guide import find_guide_view, guide_pdf
        from app.printing.templates import load_template

        view = find_guide_view(db, code)
        template = load_template("guide", station.data_dir)
        return view.name, guide_pdf(
            view, catalog_version=catalog_info(db).version, template=template
        )

    def done(result: tuple[str, bytes]) -> None:
        name, data = result
        _show_document(
            parent,
            translate("Printing", "{name} · 办事指南").format(name=name),
            f"{code}_办事指南.pdf",
            data,
        )

    station.db_runner.submit(
        work, done, lambda exc: show_error(parent, exc), translate("Printing", "正在生成办事指南……")
    )


def _key_and_pledges(station: Workstation, case_id: str) -> tuple[bytes, str | None]:
    """The pledge form, and the signing key's warning (kept in a file: no system keyring)."""
    from app.printing.pledge import print_pledge_form
    from app.printing.signing import load_signing_key
    from app.printing.templates import load_template

    db = station.db
    if db is None:
        raise UserError(translate("Printing", "数据库尚未打开。"))
    key = load_signing_key(station.data_dir)
    data = print_pledge_form(
        db,
        case_id,
        key=key.key,
        template=load_template("pledge", station.data_dir),
        actor=station.clerk,
    )
    return data, key.warning


def preview_pledges(parent: QWidget, station: Workstation, case: CaseView) -> None:
    """Print the case's pledge form (records its hash on the pledges), then show it."""
    case_id, number = case.id, case.number

    def done(result: tuple[bytes, str | None]) -> None:
        data, warning = result
        title = translate("Printing", "告知承诺书 {number}").format(number=number)
        dialog = _show_document(parent, title, f"{number}_告知承诺书.pdf", data)
        if warning:  # the signing key is not protected by the system: say so, every time
            inform(dialog, translate("Printing", "签名密钥"), warning)

    station.db_runner.submit(
        lambda: _key_and_pledges(station, case_id),
        done,
        lambda exc: show_error(parent, exc),
        translate("Printing", "正在生成告知承诺书……"),
    )


def preview_receipt(parent: QWidget, station: Workstation, case: CaseView) -> None:
    case_id, number = case.id, case.number
    db = station.db
    if db is None:
        return

    def work() -> bytes:
        from app.printing.receipt import print_receipt
        from app.printing.templates import load_template

        return print_receipt(db, case_id, template=load_template("receipt", station.data_dir))

    station.db_runner.submit(
        work,
        lambda data: _show_document(
            parent,
            translate("Printing", "受理回执 {number}").format(number=number),
            f"{number}_受理回执.pdf",
            data,
        ),
        lambda exc: show_error(parent, exc),
        translate("Printing", "正在生成受理回执……"),
    )


# --------------------------------------------------------------------------- batch export


class _ExportWorker(QObject):
    """Runs the batch export in its thread; progress and the outcome come back as signals."""

    progressed = Signal(int, int)
    finished = Signal(object)  # BatchResult
    failed = Signal(object)  # the exception

    def __init__(self, views: list[Any], version: str, out_dir: Path, data_dir: Path, jobs: int):
        super().__init__()
        self.views = views
        self.version = version
        self.out_dir = out_dir
        self.data_dir = data_dir
        self.jobs = jobs
        self.cancel = threading.Event()

    @Slot()
    def run(self) -> None:
        from app.printing.batch import export_all_guides
        from app.printing.templates import load_template

        try:
            result = export_all_guides(
                self.views,
                self.out_dir,
                catalog_version=self.version,
                jobs=self.jobs,
                template=load_template("guide", self.data_dir),
                progress=self.progressed.emit,
                cancel=self.cancel,
            )
        except Exception as exc:  # shown by the one error place on the GUI thread
            self.failed.emit(exc)
        else:
            self.finished.emit(result)


class BatchExport(QObject):
    """Export every guide to a folder with a cancellable progress dialog.

    Signals:
        completed(object): the :class:`BatchResult` (also when cancelled).
    """

    completed = Signal(object)

    def __init__(self, parent: QWidget, station: Workstation, out_dir: Path, jobs: int = 2):
        super().__init__(parent)
        self.parent_widget = parent
        self.station = station
        self.out_dir = out_dir
        self.jobs = jobs
        self.worker_thread: QThread | None = None
        self.worker: _ExportWorker | None = None
        self.dialog = QProgressDialog(self.tr("正在准备……"), self.tr("取消"), 0, 0, parent)
        self.dialog.setWindowTitle(self.tr("导出全部办事指南"))
        self.dialog.setMinimumDuration(0)
        self.dialog.canceled.connect(self.cancel)
        self.result: BatchResult | None = None

    def start(self) -> None:
        db = self.station.db
        if db is None:
            return
        self.dialog.show()

        def load() -> tuple[list[Any], str]:
            from app.catalog.views import all_matters, catalog_info

            return all_matters(db), catalog_info(db).version

        self.station.db_runner.submit(
            load, self._run, self._failed, translate("Printing", "正在读取目录……")
        )

    def _run(self, loaded: tuple[list[Any], str]) -> None:
        views, version = loaded
        if self.dialog.wasCanceled():
            return
        self.dialog.setRange(0, len(views))
        self.worker = _ExportWorker(views, version, self.out_dir, self.station.data_dir, self.jobs)
        self.worker_thread = QThread(self)
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._progress)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.worker_thread.start()

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        self.dialog.setLabelText(
            self.tr("已导出 {done} / {total} 份……").format(done=done, total=total)
        )

    @Slot()
    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel.set()

    def _stop_thread(self) -> None:
        if self.worker_thread is not None:
            self.worker_thread.quit()
            self.worker_thread.wait()

    @Slot(object)
    def _finished(self, result: BatchResult) -> None:
        self._stop_thread()
        self.result = result
        self.dialog.reset()
        self.dialog.hide()
        self.completed.emit(result)

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self._stop_thread()
        self.dialog.reset()
        self.dialog.hide()
        show_error(self.parent_widget, exc)


def export_all_guides_dialog(
    parent: QWidget, station: Workstation, out_dir: Path | None = None, jobs: int = 2
) -> BatchExport | None:
    """Ask for a folder (unless given) and export every guide into it."""
    if out_dir is None:
        chosen = QFileDialog.getExistingDirectory(
            parent, translate("Printing", "选择导出办事指南的文件夹")
        )
        if not chosen:
            return None
        out_dir = Path(chosen)
    export = BatchExport(parent, station, out_dir, jobs)
    export.start()
    return export
