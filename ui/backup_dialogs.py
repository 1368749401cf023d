"""The dialogs of backups and restore: 备份与恢复… (:class:`BackupDialog`) and the one that
offers the newest good backup when the database is damaged at start (:class:`RecoveryDialog`).

They are opened by :class:`ui.recovery.Upkeep`, which runs their work (imported only when a
dialog opens: the window's start does not wait for these classes).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
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
from ui.errors import show_error

if TYPE_CHECKING:
    from app.upkeep import Backup, RestoreReport
    from ui.recovery import Upkeep

Index = QModelIndex | QPersistentModelIndex


# --------------------------------------------------------------------------- the work


def restore_work(station: Workstation, source: Path) -> Callable[[], RestoreReport]:
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
