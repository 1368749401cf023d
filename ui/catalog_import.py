"""导入目录…: a catalog file or the departments' registers, imported from the window.

The clerk (or the county's IT) picks the files. The import first runs as a dry run on the
database worker: every file is read and checked, nothing is written. A refusal lists each
problem (file, row and column) in a dialog the clerk can read and copy. When the built-in sample
would be replaced, the window asks before going on. The import itself then runs on the database
worker, with a progress dialog, and its report is shown. Nothing here touches the database:
:func:`app.catalog.importing.import_files` does the work.

Signals of :class:`CatalogImport`:
    imported(object): the import finished; its :class:`app.catalog.exchange.ImportReport`.
    ended(): the import finished, was refused, failed or the clerk said no.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import Workstation
from ui.errors import inform, show_error
from ui.tasks import Progress

if TYPE_CHECKING:
    from app.catalog.exchange import ImportReport

translate = QCoreApplication.translate  # the name pyside6-lupdate looks for


def choose_files(parent: QWidget) -> list[Path]:
    """Ask for the files to import (the tests replace this: a native dialog cannot be driven)."""
    from app.catalog.importing import IMPORT_SUFFIXES

    patterns = " ".join(f"*{suffix}" for suffix in IMPORT_SUFFIXES)
    names, _filter = QFileDialog.getOpenFileNames(
        parent,
        translate("CatalogImport", "选择目录文件或登记表"),
        "",
        translate("CatalogImport", "目录文件或登记表 ({patterns})").format(patterns=patterns),
    )
    return [Path(name) for name in names]


class ImportProblemsDialog(QDialog):
    """Why an import was refused: the heading, then one problem a line, to read and copy."""

    def __init__(self, heading: str, problems: Sequence[str], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("importProblems")
        self.setWindowTitle(self.tr("无法导入目录"))
        self.resize(760, 420)
        self.heading = QLabel(heading)
        self.heading.setWordWrap(True)
        self.list = QPlainTextEdit("\n".join(problems))
        self.list.setObjectName("importProblemList")
        self.list.setReadOnly(True)
        self.list.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        hint = QLabel(self.tr("数据库没有任何改动。请按上面列出的位置改正文件后，再导入一次。"))
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("复制全部"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_all)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.list.setFocus()

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(f"{self.heading.text()}\n{self.list.toPlainText()}")


class CatalogImport(QObject):
    """One import: dry run, the question about the sample, the import, the report."""

    imported = Signal(object)
    ended = Signal()

    def __init__(self, parent: QWidget, station: Workstation, paths: Sequence[Path]) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.station = station
        self.paths = list(paths)
        self.question: QMessageBox | None = None
        self.problems: ImportProblemsDialog | None = None
        self.dialog = QProgressDialog(self.tr("正在检查文件……"), "", 0, 0, parent)
        self.dialog.setObjectName("importProgress")
        self.dialog.setWindowTitle(self.tr("导入目录"))
        self.dialog.setCancelButton(None)  # one transaction: it finishes or changes nothing
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)

    def start(self) -> None:
        """Check the files (a dry run); the rest follows from its outcome."""
        self._run(dry_run=True)

    def _run(self, *, dry_run: bool) -> None:
        db = self.station.db
        if db is None:
            self.ended.emit()
            return
        paths, actor = self.paths, self.station.clerk
        self.dialog.setLabelText(self.tr("正在检查文件……") if dry_run else self.tr("正在导入……"))
        self.dialog.setRange(0, 0)
        self.dialog.setValue(0)

        def work(progress: Progress) -> ImportReport:
            from app.catalog.importing import import_files

            return import_files(db, paths, dry_run=dry_run, actor=actor, progress=progress.report)

        self.station.db_runner.submit_with_progress(
            work,
            self._show_progress,
            self._checked if dry_run else self._imported,
            self._failed,
            self.tr("正在检查目录文件……") if dry_run else self.tr("正在导入目录……"),
            owner=self,
        )

    def _show_progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _checked(self, report: ImportReport) -> None:
        if not report.replaces_sample:
            self._run(dry_run=False)
            return
        self.dialog.hide()
        box = QMessageBox(self.parent_widget)
        box.setObjectName("replaceSampleBox")
        box.setWindowTitle(self.tr("替换示例目录"))
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(
            self.tr(
                "现在使用的是内置示例目录（虚构的示范县，仅供演示和培训）。"
                "导入后示例目录将被替换：示例事项不再能查询、受理或打印。"
            )
        )
        cases = report.sample_cases
        informative = self.tr("在示例数据上受理的 {n} 件办件仍可查看。").format(n=cases)
        box.setInformativeText((informative + "\n\n" if cases else "") + self.tr("要导入吗？"))
        box.setDetailedText("\n".join(report.summary_lines()))
        self.replace_button = box.addButton(
            self.tr("导入并替换示例目录"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(self.replace_button)
        box.finished.connect(lambda _result: self._answered(box))
        self.question = box
        box.open()

    def _answered(self, box: QMessageBox) -> None:
        box.deleteLater()
        self.question = None
        if box.clickedButton() is self.replace_button:
            self.dialog.show()
            self._run(dry_run=False)
        else:
            self._end()

    def _imported(self, report: ImportReport) -> None:
        self.dialog.hide()
        self.imported.emit(report)
        inform(self.parent_widget, self.tr("导入目录"), "\n".join(report.summary_lines()))
        self._end()

    def _failed(self, exc: BaseException) -> None:
        self.dialog.hide()
        from app.catalog.exchange import CatalogFormatError
        from app.errors import UserError

        if isinstance(exc, CatalogFormatError):
            self._show_problems(exc.heading, exc.problems)
        elif isinstance(exc, UserError) and "\n" in str(exc):
            first, *rest = str(exc).splitlines()
            self._show_problems(first, rest)
        else:
            show_error(self.parent_widget, exc)
        self._end()

    def _show_problems(self, heading: str, problems: Sequence[str]) -> None:
        dialog = ImportProblemsDialog(heading, problems, self.parent_widget)
        dialog.finished.connect(dialog.deleteLater)
        self.problems = dialog
        dialog.open()

    def _end(self) -> None:
        self.dialog.hide()
        self.dialog.deleteLater()
        self.ended.emit()


def import_catalog_dialog(
    parent: QWidget, station: Workstation, paths: Sequence[Path] | None = None
) -> CatalogImport | None:
    """Ask for the files (unless given) and import them; None when the clerk picked none."""
    chosen = list(paths) if paths is not None else choose_files(parent)
    if not chosen or station.db is None:
        return None
    task = CatalogImport(parent, station, chosen)
    task.ended.connect(task.deleteLater)
    task.start()
    return task
