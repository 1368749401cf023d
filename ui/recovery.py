"""Backups, restore and logs in the window: the 备份与恢复… dialog, the dialog that offers the
newest good backup when the database cannot be opened, 打开日志文件夹, and the day's backup at
start.

:class:`Upkeep` is what the main window holds (its hooks: :meth:`Upkeep.add_to` for the menu
items, :meth:`Upkeep.after_open` once the database is open, :meth:`Upkeep.offer_restore` when
opening failed, :meth:`Upkeep.shutdown` at close). All the work is the core's
(:mod:`app.upkeep`) and runs off the GUI thread: backups on a runner of their own (they read
through their own SQLite connection, so a search never waits for them), a restore on the
database worker, which it must have to itself.

Signals (Upkeep):
    backup_made(object): a backup finished (the :class:`app.upkeep.Backup`).
    restored(object): a restore finished (the :class:`app.upkeep.RestoreReport`); the window
        reopens the database.
    warned(list): the warnings shown after the start (read-only database, a full disk).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.context import Workstation
from ui.errors import inform, show_error
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QMenu

    from app.upkeep import Backup, RestoreReport

Index = QModelIndex | QPersistentModelIndex


# --------------------------------------------------------------------------- the work


def _restore_work(station: Workstation, source: Path) -> Callable[[], RestoreReport]:
    """The restore, for the database worker: the window's own database is closed first (its
    in-use hold goes with it), so only other programs can refuse the restore."""
    directory = station.data_dir
    clerk = station.clerk
    db = station.db
    station.db = None  # nothing new is queued for the old database meanwhile

    def work() -> RestoreReport:
        from app.upkeep import restore

        if db is not None:
            db.engine.dispose()
        return restore(directory, source, actor=clerk)

    return work


# --------------------------------------------------------------------------- the list


class Column(IntEnum):
    TAKEN = 0
    REASON = 1
    CASES = 2
    OUTBOX = 3
    FILE = 4


class BackupListModel(QAbstractTableModel):
    """The good backups, newest first (one row each)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backups: list[Backup] = []

    def set_backups(self, backups: list[Backup]) -> None:
        self.beginResetModel()
        self._backups = list(backups)
        self.endResetModel()

    def backup(self, row: int) -> Backup | None:
        return self._backups[row] if 0 <= row < len(self._backups) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._backups)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = (
            self.tr("时间"),
            self.tr("类型"),
            self.tr("办件"),
            self.tr("待同步"),
            self.tr("文件"),
        )
        return headers[section] if 0 <= section < len(headers) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.backup(index.row()) if index.isValid() else None
        if item is None:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            facts = item.facts
            values = {
                Column.TAKEN: f"{item.taken_at:%Y-%m-%d %H:%M}",
                Column.REASON: item.label,
                Column.CASES: str(facts.cases) if facts else "",
                Column.OUTBOX: str(facts.outbox) if facts else "",
                Column.FILE: item.path.name,
            }
            return values[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.CASES, Column.OUTBOX):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(item.path)
        return None


# --------------------------------------------------------------------------- dialogs


def _result_text(report: RestoreReport) -> str:
    return "\n".join(report.lines())


class RecoveryDialog(QDialog):
    """At start, when the database is damaged: what is wrong, and the newest good backup.

    The restore runs on the database worker; the dialog then says what was salvaged and the
    window opens the restored database (``Upkeep.restored``).
    """

    def __init__(self, upkeep: Upkeep, problem: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.upkeep = upkeep
        self.backup: Backup | None = None
        self.setObjectName("recoveryDialog")
        self.setWindowTitle(self.tr("数据库已损坏"))
        self.setMinimumWidth(560)
        self.problem = QLabel(problem)
        self.problem.setObjectName("recoveryProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.offer = QLabel(self.tr("正在查找最新的完好备份……"))
        self.offer.setObjectName("recoveryOffer")
        self.offer.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(14)
        self.buttons = QDialogButtonBox()
        self.restore_button = QPushButton(self.tr("从这份备份恢复(&R)"))
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("暂不恢复(&C)"))
        self.close_button.setObjectName("closeButton")
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self.start_restore)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addWidget(self.offer)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

    def show_backup(self, backup: Backup | None) -> None:
        self.busy.hide()
        self.backup = backup
        if backup is None:
            self.offer.setText(
                self.tr(
                    "备份文件夹中没有可用的备份。请把数据目录交给县信息中心处理；"
                    "如果这台电脑上从未办理过业务，可以把损坏的数据库文件移走后重新启动。"
                )
            )
            self.close_button.setFocus()
            return
        self.offer.setText(
            self.tr(
                "最新的完好备份：{backup}。\n恢复后，原数据库中尚未同步的记录会尽量抢救到恢复的"
                "数据库中；原文件保留在旁边（.before-restore）。"
            ).format(backup=backup.describe())
        )
        self.restore_button.setEnabled(True)
        self.restore_button.setDefault(True)
        self.restore_button.setFocus()

    def start_restore(self) -> None:
        if self.backup is None:
            return
        self.restore_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.busy.show()
        self.offer.setText(self.tr("正在恢复……"))
        self.upkeep.run_restore(self.backup.path, self._restored, self._failed, owner=self)

    def _restored(self, report: RestoreReport) -> None:
        self.busy.hide()
        self.offer.setText(_result_text(report))
        self.restore_button.hide()
        self.close_button.setText(self.tr("完成"))
        self.close_button.setEnabled(True)
        self.close_button.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self.busy.hide()
        self.close_button.setEnabled(True)
        self.restore_button.setEnabled(self.backup is not None)
        self.offer.setText(self.tr("恢复没有完成。"))
        show_error(self, exc)


class BackupDialog(QDialog):
    """备份与恢复…: the backups (newest first), a backup now, a restore from the chosen one."""

    def __init__(self, upkeep: Upkeep, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.upkeep = upkeep
        self.setObjectName("backupDialog")
        self.setWindowTitle(self.tr("备份与恢复"))
        self.resize(720, 420)
        explain = QLabel(
            self.tr(
                "数据库每天自动备份一次，升级和更换目录前也会备份，备份经检查完好后才保留。"
                "备份保存在：{folder}"
            ).format(folder=upkeep.backup_folder())
        )
        explain.setWordWrap(True)
        explain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = BackupListModel(self)
        self.table = QTableView()
        self.table.setObjectName("backupList")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            int(Column.FILE), QHeaderView.ResizeMode.Stretch
        )
        self.status = QLabel(self.tr("正在读取备份……"))
        self.status.setObjectName("backupStatus")
        self.status.setWordWrap(True)
        self.backup_button = QPushButton(self.tr("立即备份(&B)"))
        self.backup_button.setObjectName("backupNowButton")
        self.restore_button = QPushButton(self.tr("从所选备份恢复(&R)…"))
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setEnabled(False)
        self.folder_button = QPushButton(self.tr("打开备份文件夹"))
        self.close_button = QPushButton(self.tr("关闭"))
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.confirm_restore)
        self.folder_button.clicked.connect(upkeep.open_backup_folder)
        self.close_button.clicked.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.confirm_restore())
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.confirmation: QMessageBox | None = None
        self.reload()

    def reload(self) -> None:
        self.upkeep.runner.submit(
            self.upkeep.list_work(), self._show, label=self.tr("正在读取备份……"), owner=self
        )

    def _show(self, backups: list[Backup]) -> None:
        self.model.set_backups(backups)
        if backups:
            self.status.setText(self.tr("共 {n} 份备份。").format(n=len(backups)))
            self.table.selectRow(0)
            self.table.setFocus()
        else:
            self.status.setText(self.tr("还没有备份。"))
            self.backup_button.setFocus()

    def _selection_changed(self, *_args: Any) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.backup(rows[0].row()) if rows else None

    def backup_now(self) -> None:
        self.backup_button.setEnabled(False)
        self.status.setText(self.tr("正在备份……"))

        def done(backup: Backup) -> None:
            self.backup_button.setEnabled(True)
            self.reload()
            self.status.setText(self.tr("已备份：{name}").format(name=backup.path.name))

        def failed(exc: BaseException) -> None:
            self.backup_button.setEnabled(True)
            self.status.setText(self.tr("备份没有完成。"))
            show_error(self, exc)

        self.upkeep.run_backup(done, failed, owner=self)

    def confirm_restore(self) -> QMessageBox | None:
        backup = self.selected()
        if backup is None:
            return None
        box = QMessageBox(self)
        box.setObjectName("confirmRestore")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("从备份恢复"))
        box.setText(
            self.tr(
                "用 {backup} 替换当前的数据库？\n当前数据库会保留在旁边（.before-restore），"
                "其中尚未同步的记录会抢救到恢复的数据库中。恢复期间窗口暂时不能使用。"
            ).format(backup=backup.describe())
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("恢复"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("取消"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.accepted.connect(lambda: self.restore(backup))
        self.confirmation = box
        box.open()
        return box

    def restore(self, backup: Backup) -> None:
        for button in (self.backup_button, self.restore_button, self.close_button):
            button.setEnabled(False)
        self.status.setText(self.tr("正在恢复……"))

        def done(report: RestoreReport) -> None:
            self.close_button.setEnabled(True)
            self.backup_button.setEnabled(True)
            self.status.setText(_result_text(report))
            self.reload()

        def failed(exc: BaseException) -> None:
            self.close_button.setEnabled(True)
            self.backup_button.setEnabled(True)
            self.status.setText(self.tr("恢复没有完成，数据库保持原样。"))
            show_error(self, exc)

        self.upkeep.run_restore(backup.path, done, failed, owner=self)


# --------------------------------------------------------------------------- the hooks


class Upkeep(QObject):
    """The window's backups, restore and logs; see the module docstring."""

    backup_made = Signal(object)
    restored = Signal(object)
    warned = Signal(list)

    def __init__(
        self, window: QMainWindow, station: Workstation, reopen: Callable[[], None]
    ) -> None:
        super().__init__(window)
        self.window = window
        self.station = station
        self._reopen = reopen
        self.runner = TaskRunner("wuzheng-backup", parent=self)
        self.runner.set_default_error_handler(lambda exc: show_error(window, exc))
        self.dialog: QDialog | None = None
        self.backup_action = QAction(self.tr("备份与恢复(&B)…"), self)
        self.backup_action.setObjectName("backupAction")
        self.backup_action.triggered.connect(self.open_backups)
        self.log_action = QAction(self.tr("打开日志文件夹(&L)"), self)
        self.log_action.setObjectName("logFolderAction")
        self.log_action.triggered.connect(self.open_log_folder)

    def add_to(self, file_menu: QMenu, help_menu: QMenu) -> None:
        """备份与恢复… in the file menu (before its first separator), 打开日志文件夹 in the help
        menu."""
        separators = [a for a in file_menu.actions() if a.isSeparator()]
        if separators:
            file_menu.insertAction(separators[0], self.backup_action)
        else:
            file_menu.addAction(self.backup_action)
        help_menu.addAction(self.log_action)

    # ---------------------------------------------------------------- start

    def after_open(self) -> None:
        """Once the database is open: the day's backup (when due) and the warnings about the
        machine (a read-only database, a nearly full disk), off the GUI thread."""
        directory = self.station.data_dir

        def work() -> tuple[list[str], Backup | None, BaseException | None]:
            from app.upkeep import daily_backup, start_warnings

            warnings = start_warnings(directory)
            try:
                return warnings, daily_backup(directory), None
            except Exception as exc:  # shown with the warnings, never as a crash
                return warnings, None, exc

        self.runner.submit(work, self._after_open_done, label=self.tr("正在备份……"))

    def _after_open_done(
        self, result: tuple[list[str], Backup | None, BaseException | None]
    ) -> None:
        warnings, backup, failure = result
        if failure is not None:
            from app.errors import user_text

            text = user_text(failure) or self.tr("每日备份没有完成（详见日志）。")
            warnings = [*warnings, text]
        if backup is not None:
            self.backup_made.emit(backup)
            self.window.statusBar().showMessage(
                self.tr("已完成每日备份：{name}").format(name=backup.path.name), 8000
            )
        if warnings:
            inform(self.window, self.tr("请注意"), "\n\n".join(warnings))
            self.warned.emit(warnings)

    def offer_restore(self, exc: BaseException) -> bool:
        """When opening failed because the database is damaged: the dialog that offers the
        newest good backup (True). Anything else (a newer version, a locked file): False."""
        from app.upkeep import is_damage

        if not is_damage(exc):
            return False
        from app.errors import user_text

        dialog = RecoveryDialog(self, user_text(exc) or str(exc), self.window)
        self._show_dialog(dialog)
        directory = self.station.data_dir

        def work() -> Backup | None:
            from app.upkeep import newest_good_backup

            return newest_good_backup(directory)

        self.runner.submit(work, dialog.show_backup, label=self.tr("正在查找备份……"), owner=dialog)
        return True

    # ---------------------------------------------------------------- work

    def backup_folder(self) -> Path:
        from app.upkeep import backup_folder

        return backup_folder(self.station.data_dir)

    def list_work(self) -> Callable[[], list[Backup]]:
        directory = self.station.data_dir

        def work() -> list[Backup]:
            from app.upkeep import list_backups

            return list_backups(directory)

        return work

    def run_backup(
        self,
        on_done: Callable[[Backup], object],
        on_error: Callable[[BaseException], object],
        owner: QObject,
    ) -> None:
        directory = self.station.data_dir

        def work() -> Backup:
            from app.upkeep import make_backup

            return make_backup(directory)

        def done(backup: Backup) -> None:
            self.backup_made.emit(backup)
            on_done(backup)

        self.runner.submit(work, done, on_error, label=self.tr("正在备份……"), owner=owner)

    def run_restore(
        self,
        source: Path,
        on_done: Callable[[RestoreReport], object],
        on_error: Callable[[BaseException], object],
        owner: QObject,
    ) -> None:
        """Restore on the database worker, then reopen the database (also after a refusal:
        the window's own database was closed for the attempt)."""

        def done(report: RestoreReport) -> None:
            self.restored.emit(report)
            on_done(report)
            self._reopen()

        def failed(exc: BaseException) -> None:
            on_error(exc)
            self._reopen()

        self.station.db_runner.submit(
            _restore_work(self.station, source),
            done,
            failed,
            label=self.tr("正在从备份恢复数据库……"),
            owner=owner,
        )

    # ---------------------------------------------------------------- menu items

    def open_backups(self) -> BackupDialog:
        dialog = BackupDialog(self, self.window)
        self._show_dialog(dialog)
        return dialog

    def _show_dialog(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def open_log_folder(self) -> bool:
        """Show ``<data dir>/logs`` in the system's file manager."""
        from app.errors import UserError
        from app.upkeep import log_folder

        try:
            folder = log_folder(self.station.data_dir)
        except UserError as exc:
            show_error(self.window, exc)
            return False
        return self._open_folder(folder)

    def open_backup_folder(self) -> bool:
        return self._open_folder(self.backup_folder())

    def _open_folder(self, folder: Path) -> bool:
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            return True
        inform(
            self.window,
            self.tr("打开文件夹"),
            self.tr("无法自动打开文件夹，请手动打开：{path}").format(path=folder),
        )
        return False

    def shutdown(self) -> None:
        """At close: a backup in progress finishes (it takes a moment) before the exit."""
        self.runner.shutdown(wait=True)
