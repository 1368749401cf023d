"""The audit trail from the window: 工具 → 检查审计日志, and a check at every start.

Both run :func:`app.audit.verify`, which reads every entry and the signed checkpoint kept
outside the table, and name the first bad entry when the trail was edited, cut short or
reordered.

* The menu item checks on the database worker (the busy indicator shows for a long trail) and
  answers in a message box: the number of entries checked, or what is wrong and where; and the
  core's warning when there is one (the key kept in a file for want of a keyring).
* At start the check waits until the database is open and the clerk has had a moment for the
  first search, then reads the trail on a worker of its own beside the database worker (SQLite
  lets a reader run next to the writer), so a long trail never delays a search or an intake. An
  intact trail is only logged; a broken one puts a red mark in the status bar and opens a
  notice that does not block the window nor take the keyboard from the clerk.

Signals:
    checked(object): the :class:`app.audit.ChainReport` of a check (menu or start).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from ui.context import Workstation
from ui.errors import inform, user_message
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from app.audit import ChainReport
    from ui.main_window import MainWindow

log = logging.getLogger("wuzheng.ui.audit")

START_CHECK_DELAY_MS = 2000  # after the database is open: the first search goes first


def _verify(db: Any) -> ChainReport:
    from app.audit import verify

    return verify(db)


class AuditCheck(QObject):
    """The menu item (:attr:`action`) and the check at start; see the module docstring."""

    checked = Signal(object)

    def __init__(self, window: MainWindow, station: Workstation) -> None:
        super().__init__(window)
        self.window = window
        self.station = station
        self.action = QAction(self.tr("检查审计日志(&A)…"), window)
        self.action.setToolTip(self.tr("检查审计日志是否完整、有无被改动或删除"))
        self.action.setEnabled(False)  # until the database is open
        self.action.triggered.connect(self.check_now)
        self.runner = TaskRunner("audit-check", parent=self)
        self.status_label: QLabel | None = None
        self.notice: QMessageBox | None = None
        self._start_timer = QTimer(self)
        self._start_timer.setSingleShot(True)
        self._start_timer.setInterval(START_CHECK_DELAY_MS)
        self._start_timer.timeout.connect(self.check_in_background)
        window.database_ready.connect(self._database_ready)

    def _database_ready(self) -> None:
        self.action.setEnabled(True)
        self._start_timer.start()

    # ------------------------------------------------------------------ the menu item
    def check_now(self) -> None:
        """Check the whole trail on the database worker and show the answer."""
        db = self.station.db
        if db is None:
            return
        self.station.db_runner.submit(
            lambda: _verify(db), self._answer, label=self.tr("正在检查审计日志……"), owner=self
        )

    def _answer(self, report: ChainReport) -> QMessageBox:
        self._mark(report)
        if report.ok:
            text = report.message
        else:
            text = self.tr("审计日志检查未通过：{problem}\n请联系县数据中心核查。").format(
                problem=report.message
            )
        if report.warning:
            text += "\n\n" + self.tr("提示：{warning}").format(warning=report.warning)
        from PySide6.QtWidgets import QMessageBox

        box = inform(self.window, self.tr("审计日志"), text)
        box.setObjectName("auditAnswer")
        box.finished.connect(self.window.activateWindow)  # keys back to the window
        if not report.ok:
            box.setIcon(QMessageBox.Icon.Warning)
        self.checked.emit(report)
        return box

    # ------------------------------------------------------------------ the check at start
    def check_in_background(self) -> None:
        """Check the trail beside the database worker; warn only when it is broken."""
        db = self.station.db
        if db is None:
            return
        self.runner.submit(lambda: _verify(db), self._checked_at_start, self._failed_at_start)

    def _checked_at_start(self, report: ChainReport) -> None:
        self._mark(report)
        if report.ok:
            log.info("%s", report.message)
        else:
            log.warning("审计日志检查未通过：%s", report.message)
            self._show_notice(report)
        self.checked.emit(report)

    def _failed_at_start(self, exc: BaseException) -> None:
        from ui.errors import is_user_error

        if is_user_error(exc):
            log.warning("审计日志未能检查：%s", user_message(exc))
        else:
            log.error("审计日志检查出错", exc_info=exc)
        label = self._status_label()
        label.setText(self.tr("审计日志：未能检查"))
        label.setToolTip(user_message(exc))
        label.show()

    def _show_notice(self, report: ChainReport) -> None:
        """A notice over the window that blocks nothing and leaves the keyboard where it is."""
        from PySide6.QtWidgets import QApplication, QMessageBox

        if self.notice is None:
            self.notice = QMessageBox(self.window)
            self.notice.setObjectName("auditNotice")
            self.notice.setIcon(QMessageBox.Icon.Warning)
            self.notice.setWindowTitle(self.tr("审计日志"))
            self.notice.setWindowModality(Qt.WindowModality.NonModal)
            self.notice.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
            self.notice.setStandardButtons(QMessageBox.StandardButton.Ok)
            self.notice.finished.connect(self.window.activateWindow)
        text = self.tr(
            "启动时检查审计日志，发现问题：{problem}\n"
            "请联系县数据中心核查；可在“工具 → 检查审计日志”中再次检查。"
        ).format(problem=report.message)
        if report.warning:
            text += "\n\n" + self.tr("提示：{warning}").format(warning=report.warning)
        self.notice.setText(text)
        # Where the clerk is typing stays active: not every platform honours
        # WA_ShowWithoutActivating (the offscreen one activates every window it shows).
        active, focused = QApplication.activeWindow(), QApplication.focusWidget()
        self.notice.show()
        if active is not None and active is not self.notice:
            active.activateWindow()
            if focused is not None:
                focused.setFocus()

    # ------------------------------------------------------------------ the status bar
    def _status_label(self) -> QLabel:
        if self.status_label is None:
            self.status_label = QLabel()
            self.status_label.setObjectName("auditStatus")
            self.status_label.setStyleSheet("color: #b3261e; font-weight: bold;")
            self.window.statusBar().addPermanentWidget(self.status_label)
        return self.status_label

    def _mark(self, report: ChainReport) -> None:
        """A red mark in the status bar while the trail is known to be broken."""
        if report.ok:
            if self.status_label is not None:
                self.status_label.hide()
            return
        label = self._status_label()
        label.setText(self.tr("审计日志异常"))
        label.setToolTip(report.message)
        label.show()

    # ------------------------------------------------------------------ closing
    def shutdown(self) -> None:
        """No check starts any more (the window is closing)."""
        self._start_timer.stop()
        self.runner.shutdown(wait=False)
