"""Export the guide of every matter into a folder, with a progress dialog that can cancel it.

The catalog is read on the database worker; the export itself (worker processes, tens of
seconds for a large catalog: :func:`app.printing.batch.export_all_guides`) runs on the export's
own task runner, so the window keeps searching and taking in cases meanwhile.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from ui.context import Workstation
from ui.errors import show_error
from ui.tasks import Progress, TaskRunner

if TYPE_CHECKING:
    from app.printing.batch import BatchResult

translate = QCoreApplication.translate  # the name pyside6-lupdate looks for


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
        self.runner = TaskRunner("batch-export", parent=self)
        self.progress: Progress | None = None  # the running export's handle
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
            load, self._run, self._failed, translate("Printing", "正在读取目录……"), owner=self
        )

    def _run(self, loaded: tuple[list[Any], str]) -> None:
        views, version = loaded
        if self.dialog.wasCanceled():
            return
        self.dialog.setRange(0, len(views))
        out_dir, data_dir, jobs = self.out_dir, self.station.data_dir, self.jobs

        def work(progress: Progress) -> BatchResult:
            from app.printing.batch import export_all_guides
            from app.printing.templates import load_template

            return export_all_guides(
                views,
                out_dir,
                catalog_version=version,
                jobs=jobs,
                template=load_template("guide", data_dir),
                progress=progress.report,
                cancel=progress.cancel_event,
            )

        self.progress = self.runner.submit_with_progress(
            work, self._show_progress, self._finished, self._failed, self.tr("正在导出……")
        )

    def _show_progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        self.dialog.setLabelText(
            self.tr("已导出 {done} / {total} 份……").format(done=done, total=total)
        )

    @Slot()
    def cancel(self) -> None:
        if self.progress is not None:
            self.progress.cancel()

    def _finished(self, result: BatchResult) -> None:
        self.runner.shutdown(wait=False)
        self.result = result
        self.dialog.reset()
        self.dialog.hide()
        self.completed.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.runner.shutdown(wait=False)
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
