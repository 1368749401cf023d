"""Backups, restore and logs in the window: the menu items 备份与恢复… and 打开日志文件夹, the
dialog that offers the newest good backup when the database cannot be opened, and the day's
backup at start.

:class:`Upkeep` is what the main window holds (its hooks: :meth:`Upkeep.add_to` for the menu
items, :meth:`Upkeep.after_open` once the database is open, :meth:`Upkeep.offer_restore` when
opening failed, :meth:`Upkeep.shutdown` at close). All the work is the core's
(:mod:`app.upkeep`) and runs off the GUI thread: backups on a runner of their own (they read
through their own SQLite connection, so a search never waits for them), a restore on the
database worker, which it must have to itself. The dialogs are in :mod:`ui.backup_dialogs`,
loaded when one opens.

Signals (Upkeep):
    backup_made(object): a backup finished (the :class:`app.upkeep.Backup`).
    restored(object): a restore finished (the :class:`app.upkeep.RestoreReport`); the window
        reopens the database.
    warned(list): the warnings shown after the start (read-only database, a full disk).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from ui.context import Workstation
from ui.errors import inform, show_error
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QMainWindow, QMenu

    from app.upkeep import Backup, RestoreReport
    from ui.backup_dialogs import BackupDialog


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
        if backup is not None:  # quietly: the status bar's messages are the clerk's hints
            self.backup_made.emit(backup)
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
        from ui.backup_dialogs import RecoveryDialog

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

        from ui.backup_dialogs import restore_work

        self.station.db_runner.submit(
            restore_work(self.station, source),
            done,
            failed,
            label=self.tr("正在从备份恢复数据库……"),
            owner=owner,
        )

    # ---------------------------------------------------------------- menu items

    def open_backups(self) -> BackupDialog:
        from ui.backup_dialogs import BackupDialog

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
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

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
