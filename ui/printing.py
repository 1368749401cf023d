"""Qt helpers for printing: a document dialog (open/print with the system, save as) and the
batch export of every guide with a cancellable progress dialog.

The PDFs are made by :mod:`app.printing` (this module never imports reportlab). Building runs
on the station's database worker; the batch export runs in a :class:`QThread` whose worker
calls :func:`app.printing.batch.export_all_guides` (which spreads the work over processes)
and reports progress through signals.

PySide6-Essentials has no QtPdf, so pages are not painted here: "打开/打印" hands the file to
the system's PDF program (text stays sharp), wrapped in :meth:`DocumentDialog.open_with_system`
so tests can replace it.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from ui.context import Workstation
from ui.errors import show_error

if TYPE_CHECKING:
    from app.cases import CaseView
    from app.printing.batch import BatchResult


class DocumentDialog(QDialog):
    """A printed document ready to go: open it (to read or print) or save it somewhere.

    Signals:
        saved(str): the path the document was saved to.
    """

    saved = Signal(str)

    def __init__(self, title: str, file_name: str, data: bytes, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.data = data
        self.file_name = file_name
        self.temp_path: Path | None = None
        text = QLabel(
            self.tr("“{title}”已生成（{size} KB，A4）。可以打开后打印，或另存为 PDF 文件。").format(
                title=title, size=max(1, len(data) // 1024)
            )
        )
        text.setWordWrap(True)
        self.open_button = QPushButton(self.tr("打开 / 打印"))
        self.open_button.setObjectName("openDocument")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_document)
        self.save_button = QPushButton(self.tr("另存为…"))
        self.save_button.setObjectName("saveDocument")
        self.save_button.clicked.connect(self.save_as)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)

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
            self, self.tr("另存为"), self.file_name, self.tr("PDF 文件 (*.pdf)")
        )
        return path

    @Slot()
    def open_document(self) -> None:
        try:
            path = self.write_temp()
        except OSError as exc:
            show_error(self, UserError(f"无法写入临时文件：{exc.strerror}。"))
            return
        if not self.open_with_system(path):
            show_error(
                self,
                UserError(
                    f"没有找到可以打开 PDF 的程序。文件已保存在 {path}，请用 PDF 阅读器打开打印。"
                ),
            )

    @Slot()
    def save_as(self) -> None:
        chosen = self.ask_save_path()
        if not chosen:
            return
        target = Path(chosen)
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        try:
            target.write_bytes(self.data)
        except OSError as exc:
            show_error(self, UserError(f"无法保存到 {target}：{exc.strerror}。请换一个位置。"))
            return
        self.saved.emit(str(target))


def _show_document(parent: QWidget, title: str, file_name: str, data: bytes) -> DocumentDialog:
    dialog = DocumentDialog(title, file_name, data, parent)
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
        _show_document(parent, f"{name} · 办事指南", f"{code}_办事指南.pdf", data)

    station.db_runner.submit(work, done, lambda exc: show_error(parent, exc), "正在生成办事指南……")


def _key_and_pledges(station: Workstation, case_id: str) -> bytes:
    from app.printing.pledge import print_pledge_form
    from app.printing.signing import load_signing_key
    from app.printing.templates import load_template

    db = station.db
    if db is None:
        raise UserError("数据库尚未打开。")
    key = load_signing_key(station.data_dir)
    return print_pledge_form(
        db,
        case_id,
        key=key.key,
        template=load_template("pledge", station.data_dir),
        actor=station.clerk,
    )


def preview_pledges(parent: QWidget, station: Workstation, case: CaseView) -> None:
    """Print the case's pledge form (records its hash on the pledges), then show it."""
    case_id, number = case.id, case.number
    station.db_runner.submit(
        lambda: _key_and_pledges(station, case_id),
        lambda data: _show_document(
            parent, f"告知承诺书 {number}", f"{number}_告知承诺书.pdf", data
        ),
        lambda exc: show_error(parent, exc),
        "正在生成告知承诺书……",
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
        lambda data: _show_document(parent, f"受理回执 {number}", f"{number}_受理回执.pdf", data),
        lambda exc: show_error(parent, exc),
        "正在生成受理回执……",
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
        self.thread: QThread | None = None
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

        self.station.db_runner.submit(load, self._run, self._failed, "正在读取目录……")

    def _run(self, loaded: tuple[list[Any], str]) -> None:
        views, version = loaded
        if self.dialog.wasCanceled():
            return
        self.dialog.setRange(0, len(views))
        self.worker = _ExportWorker(views, version, self.out_dir, self.station.data_dir, self.jobs)
        self.thread = QThread(self)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._progress)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.thread.start()

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
        if self.thread is not None:
            self.thread.quit()
            self.thread.wait()

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
        chosen = QFileDialog.getExistingDirectory(parent, "选择导出办事指南的文件夹")
        if not chosen:
            return None
        out_dir = Path(chosen)
    export = BatchExport(parent, station, out_dir, jobs)
    export.start()
    return export
