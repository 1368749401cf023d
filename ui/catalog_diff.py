"""文件 → 比较目录版本…: what changed between two versions of the catalog, in the window.

The menu item asks for a catalog file (or registers) and compares it with the installed
catalog; in the dialog either side can be changed (another file, or back to the installed
catalog), so two files can be compared too. The comparison itself is
:func:`app.catalog.diff.compare`, run off the GUI thread: on the database worker when a side is
the installed catalog, else on the dialog's own worker. The changes are shown grouped by kind
with their counts (:class:`ui.catalog_diff_model.DiffModel`), can be narrowed to one kind or to
a code or name, and the report (of the kind shown) can be copied or saved as text or JSON. A
file that cannot be read or is not a valid catalog is said in the dialog, with every problem
listed below it.

Signals of :class:`CatalogDiffDialog`:
    compared(object): a comparison finished; its :class:`app.catalog.diff.CatalogDiff`.
    failed(str): a comparison was refused; what the clerk reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.catalog_diff_model import DiffModel
from ui.context import Workstation
from ui.errors import show_error, user_message
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.catalog.diff import CatalogDiff, ChangeKind

translate = QCoreApplication.translate  # the name pyside6-lupdate looks for

_SHOWN_PROBLEMS = 4  # lines of a refusal shown over the list (every one in the text below)


def choose_files(parent: QWidget, title: str) -> list[Path]:
    """Ask for a catalog file or register files (the tests replace this)."""
    from app.catalog.diff import DIFF_SUFFIXES

    patterns = " ".join(f"*{suffix}" for suffix in DIFF_SUFFIXES)
    names, _filter = QFileDialog.getOpenFileNames(
        parent,
        title,
        "",
        translate("CatalogDiff", "目录文件或登记表 ({patterns})").format(patterns=patterns),
    )
    return [Path(name) for name in names]


def choose_report_path(parent: QWidget) -> Path | None:
    """Ask where to save the report: a .txt or a .json file (the tests replace this)."""
    name, chosen = QFileDialog.getSaveFileName(
        parent,
        translate("CatalogDiff", "导出比较报告"),
        translate("CatalogDiff", "目录比较报告.txt"),
        translate("CatalogDiff", "文本文件 (*.txt);;JSON 文件 (*.json)"),
    )
    if not name:
        return None
    path = Path(name)
    if not path.suffix:
        path = path.with_suffix(".json" if "json" in chosen.lower() else ".txt")
    return path


class CatalogDiffDialog(QDialog):
    """Two catalogs side by side, compared; see the module docstring."""

    compared = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        station: Workstation,
        parent: QWidget | None = None,
        *,
        old: list[Path] | None = None,
        new: list[Path] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("catalogDiff")
        self.setWindowTitle(self.tr("比较目录版本"))
        self.resize(1100, 720)
        self.station = station
        self.old_paths: list[Path] = list(old or [])  # empty: the installed catalog
        self.new_paths: list[Path] = list(new or [])
        self.diff: CatalogDiff | None = None
        self.runner = TaskRunner("catalog-diff", parent=self)  # when no side needs the database
        self._generation = 0
        self._build()
        self._show_sides()

    # ------------------------------------------------------------------ construction
    def _build(self) -> None:
        sides = QGridLayout()
        self.old_edit = QLineEdit()
        self.old_edit.setObjectName("oldSide")
        self.old_edit.setReadOnly(True)
        self.new_edit = QLineEdit()
        self.new_edit.setObjectName("newSide")
        self.new_edit.setReadOnly(True)
        self.new_edit.setPlaceholderText(self.tr("请选择要比较的目录文件或登记表"))
        self.old_button = QPushButton(self.tr("选择旧目录(&O)…"))
        self.old_button.clicked.connect(self.choose_old)
        self.installed_button = QPushButton(self.tr("用当前目录(&U)"))
        self.installed_button.setToolTip(self.tr("以本窗口当前安装的目录作为旧目录"))
        self.installed_button.clicked.connect(self.use_installed)
        self.new_button = QPushButton(self.tr("选择新目录(&N)…"))
        self.new_button.clicked.connect(self.choose_new)
        self.swap_button = QPushButton(self.tr("交换(&W)"))
        self.swap_button.setToolTip(self.tr("交换旧目录和新目录"))
        self.swap_button.clicked.connect(self.swap)
        old_label, new_label = QLabel(self.tr("旧目录：")), QLabel(self.tr("新目录："))
        old_label.setBuddy(self.old_edit)
        new_label.setBuddy(self.new_edit)
        for row, widgets in enumerate(
            (
                (old_label, self.old_edit, self.old_button, self.installed_button),
                (new_label, self.new_edit, self.new_button, self.swap_button),
            )
        ):
            for column, widget in enumerate(widgets):
                sides.addWidget(widget, row, column)
        sides.setColumnStretch(1, 1)

        self.summary = QLabel()
        self.summary.setObjectName("diffSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        filters = QHBoxLayout()
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("diffKind")
        self.kind_combo.setMinimumContentsLength(16)
        self.kind_combo.currentIndexChanged.connect(self._apply_filter)
        kind_label = QLabel(self.tr("变化类型(&K)："))
        kind_label.setBuddy(self.kind_combo)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("diffFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText(self.tr("编码、名称或内容中的文字"))
        self.filter_edit.textChanged.connect(self._apply_filter)
        filter_label = QLabel(self.tr("查找(&F)："))
        filter_label.setBuddy(self.filter_edit)
        filters.addWidget(kind_label)
        filters.addWidget(self.kind_combo)
        filters.addSpacing(12)
        filters.addWidget(filter_label)
        filters.addWidget(self.filter_edit, 1)
        self.note = QLabel()  # what the last button did (copied, saved)
        self.note.setObjectName("diffNote")
        filters.addWidget(self.note)

        self.model = DiffModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("diffTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 230, 300)):
            header.resizeSection(column, width)
        self.tree.selectionModel().currentChanged.connect(self._show_current)
        self.model.modelReset.connect(self._model_reset)

        self.detail = QPlainTextEdit()
        self.detail.setObjectName("diffDetail")
        self.detail.setReadOnly(True)
        self.detail.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([440, 130])

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("关闭"))
        close.setAutoDefault(False)  # Enter in the list or the search box must not close it
        self.rerun_button = QPushButton(self.tr("重新比较(&R)"))
        self.copy_button = QPushButton(self.tr("复制报告(&Y)"))
        self.copy_button.setToolTip(self.tr("把所选变化类型的比较报告复制到剪贴板"))
        self.export_button = QPushButton(self.tr("导出报告(&E)…"))
        self.export_button.setToolTip(self.tr("把所选变化类型的比较报告保存为文本或 JSON 文件"))
        for button in (self.rerun_button, self.copy_button, self.export_button):
            button.setAutoDefault(False)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        for button in (self.old_button, self.installed_button, self.new_button, self.swap_button):
            button.setAutoDefault(False)
        self.rerun_button.clicked.connect(self.run)
        self.copy_button.clicked.connect(self.copy_report)
        self.export_button.clicked.connect(self.export_report)
        buttons.rejected.connect(self.reject)
        copy_action = QAction(self)
        copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        copy_action.triggered.connect(self._copy_selected)
        self.tree.addAction(copy_action)

        layout = QVBoxLayout(self)
        layout.addLayout(sides)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self._set_results_enabled(False)

    # ------------------------------------------------------------------ the two sides
    def _label(self, paths: list[Path], other: list[Path]) -> str:
        """A side's files; no files: the installed catalog (unless the other side is it too)."""
        if paths:
            return "；".join(str(p) for p in paths)
        return self.tr("当前安装的目录") if other else ""

    def _show_sides(self) -> None:
        self.old_edit.setText(
            self._label(self.old_paths, self.new_paths) or self.tr("当前安装的目录")
        )
        self.new_edit.setText(self._label(self.new_paths, self.old_paths))
        self.installed_button.setEnabled(bool(self.old_paths))
        self.swap_button.setEnabled(bool(self.old_paths or self.new_paths))

    def choose_old(self) -> None:
        paths = choose_files(self, self.tr("选择旧目录：目录文件或登记表"))
        if paths:
            self.old_paths = paths
            self._show_sides()
            self.run()

    def choose_new(self) -> None:
        paths = choose_files(self, self.tr("选择新目录：目录文件或登记表"))
        if paths:
            self.new_paths = paths
            self._show_sides()
            self.run()

    def use_installed(self) -> None:
        """The installed catalog as the old side (were it the new side, the sides swap)."""
        if not self.new_paths:
            self.new_paths = self.old_paths
        self.old_paths = []
        self._show_sides()
        self.new_button.setFocus()
        self.run()

    def swap(self) -> None:
        """The two sides change places (the installed catalog as well as files)."""
        self.old_paths, self.new_paths = self.new_paths, self.old_paths
        self._show_sides()
        self.run()

    # ------------------------------------------------------------------ comparing
    def run(self) -> None:
        """Compare the two sides off the GUI thread; a result that arrives after the sides
        changed again is dropped."""
        from app.catalog.diff import INSTALLED

        self._generation += 1
        generation = self._generation
        if not self.new_paths and not self.old_paths:
            self._refused(self.tr("请选择要与当前目录比较的目录文件或登记表（选择新目录）。"))
            return
        old_words: list[str | Path] = list(self.old_paths) or [INSTALLED]
        new_words: list[str | Path] = list(self.new_paths) or [INSTALLED]
        db = self.station.db
        needs_db = not self.old_paths or not self.new_paths
        runner = self.station.db_runner if needs_db else self.runner

        def work() -> CatalogDiff:
            from app.catalog.diff import NEW_SIDE, OLD_SIDE, compare, source_of

            return compare(source_of(old_words, OLD_SIDE), source_of(new_words, NEW_SIDE), db)

        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("正在比较……"))
        self.rerun_button.setEnabled(False)
        runner.submit(
            work,
            lambda diff: self._show(generation, diff),
            lambda exc: self._failed(generation, exc),
            self.tr("正在比较目录版本……"),
            owner=self,
        )

    def _show(self, generation: int, diff: CatalogDiff) -> None:
        if generation != self._generation:
            return
        self.rerun_button.setEnabled(True)
        self.diff = diff
        self.summary.setText(
            "\n".join(diff.report_lines()[1:4])  # both catalogs and the counts
        )
        self._fill_kinds(diff)
        self.model.set_diff(diff)
        self._set_results_enabled(True)
        self.tree.setFocus()  # the changes are what the clerk came for
        self.compared.emit(diff)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.rerun_button.setEnabled(True)
        self._refused(user_message(exc))

    def _refused(self, text: str) -> None:
        self.diff = None
        lines = text.splitlines()
        shown = lines[:_SHOWN_PROBLEMS]
        if len(lines) > len(shown):
            shown.append(self.tr("……共 {n} 行，全部列在下方。").format(n=len(lines)))
        self.summary.setStyleSheet("color: #b3261e;")
        self.summary.setText("\n".join(shown))
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        self.kind_combo.blockSignals(False)
        self.model.set_diff(None)
        self.detail.setPlainText(text)
        self._set_results_enabled(False)
        self.detail.setEnabled(True)
        self.failed.emit(text)

    def _set_results_enabled(self, enabled: bool) -> None:
        for widget in (
            self.kind_combo,
            self.filter_edit,
            self.tree,
            self.detail,
            self.copy_button,
            self.export_button,
        ):
            widget.setEnabled(enabled)

    # ------------------------------------------------------------------ filtering
    def _fill_kinds(self, diff: CatalogDiff) -> None:
        from app.catalog.diff import KIND_LABELS

        previous = self.kind_combo.currentData()
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        self.kind_combo.addItem(self.tr("全部变化（{n}）").format(n=len(diff.changes)), None)
        for kind, count in diff.counts().items():
            self.kind_combo.addItem(f"{KIND_LABELS[kind]}（{count}）", kind.value)
        found = self.kind_combo.findData(previous) if previous is not None else 0
        self.kind_combo.setCurrentIndex(max(found, 0))
        self.kind_combo.blockSignals(False)
        self._apply_filter()

    def current_kind(self) -> ChangeKind | None:
        """The kind of change shown (None: every kind)."""
        from app.catalog.diff import ChangeKind

        value = self.kind_combo.currentData()
        return None if value is None else ChangeKind(value)

    def _apply_filter(self) -> None:
        self.model.set_filter(self.current_kind(), self.filter_edit.text())

    def _model_reset(self) -> None:
        self.tree.expandAll()
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        first = self.model.index(0, 0)
        if first.isValid():
            self.tree.setCurrentIndex(self.model.index(0, 0, first))
        else:
            self._show_current(QModelIndex())

    def _show_current(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        change = self.model.change_at(current)
        if change is not None:
            self.detail.setPlainText(f"{change.label}\n" + "\n".join(change.lines()))
        elif self.diff is not None and self.diff.empty:
            self.detail.setPlainText(self.diff.summary())
        elif self.diff is not None and not self.model.shown_changes():
            self.detail.setPlainText(self.tr("没有符合条件的变化。"))
        else:
            self.detail.clear()

    # ------------------------------------------------------------------ the report
    def _report_kinds(self) -> list[ChangeKind] | None:
        kind = self.current_kind()
        return None if kind is None else [kind]

    def report_text(self) -> str:
        return "" if self.diff is None else self.diff.report(self._report_kinds())

    def copy_report(self) -> None:
        if self.diff is not None:
            QGuiApplication.clipboard().setText(self.report_text())
            self.note.setText(self.tr("已复制报告。"))

    def _copy_selected(self) -> None:
        change = self.model.change_at(self.tree.currentIndex())
        if change is not None:
            QGuiApplication.clipboard().setText("\n".join(change.lines()))

    def export_report(self) -> None:
        diff = self.diff
        if diff is None:
            return
        path = choose_report_path(self)
        if path is None:
            return
        kinds = self._report_kinds()

        def work() -> Path:
            from app.catalog.diff import save_report

            save_report(diff, path, kinds)
            return path

        self.runner.submit(
            work,
            self._exported,
            lambda exc: show_error(self, exc),
            self.tr("正在导出比较报告……"),
            owner=self,
        )

    def _exported(self, path: Path) -> None:
        self.note.setText(self.tr("报告已保存到 {name}。").format(name=path.name))
        self.note.setToolTip(str(path))
