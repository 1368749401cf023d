"""Syncing with the county hub from the GUI: the 同步 action, the periodic sync and the
status-bar widget that says where syncing stands.

:class:`SyncController` owns the 同步 action (F9), the timer of the periodic sync (the interval
is a setting, :attr:`ui.settings.AppSettings.sync_interval_minutes`; 0 turns it off) and the
:class:`SyncStatusWidget`. A sync runs on the network runner of the workstation
(:class:`ui.tasks.TaskRunner`), never on the GUI thread, and never twice at once: a sync asked
for while one runs is run once right after it (a data query or an answer made meanwhile must
not wait for the timer), a timer tick meanwhile is dropped. A change that the hub should have at
once (:attr:`ui.tasks.Change.SEND_NOW`: a data query, a department's answer) starts a sync
right away on a connected device, and a connected device syncs once when it starts. After a
sync the views reload through the database runner's ``changed`` signal
(:meth:`ui.tasks.TaskRunner.announce`).

The failures of a sync (hub unreachable, token revoked, a hub error) are shown in the widget in
the core's Chinese sentence, never in a message box: the periodic sync must not interrupt the
clerk. Nothing is lost: what waits stays in the outbox and its count is shown.

Signals (SyncController):
    enrolment_changed(object): the data directory's enrolment (an
        :class:`app.sync.identity.Enrolment`, or None for a standalone window) became known or
        changed (after connecting).
    status_changed(object): a new :class:`app.sync.service.SyncStatus` is shown.
    synced(object): a sync ended: its :class:`app.sync.service.SyncResult`.
    message(str): a line for the status bar ("同步完成：……").
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from ui.context import Workstation
from ui.errors import user_message
from ui.tasks import Change, Progress

if TYPE_CHECKING:
    from app.sync.identity import Enrolment
    from app.sync.service import SyncResult, SyncStatus

SYNC_SHORTCUT = "F9"
GREY, GREEN, ORANGE, RED = "#5f6368", "#2e7d32", "#b06000", "#b3261e"


def local_time(value: datetime) -> str:
    """A naive-UTC time shown in local time: 14:32 today, else 2026-11-28 14:32."""
    local = value.replace(tzinfo=UTC).astimezone()
    if local.date() == date.today():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


class SyncStatusWidget(QWidget):
    """The status bar's part about the hub: who this device is, the last successful sync,
    what waits in the outbox, conflicts and the last error."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.state_label = QLabel(self.tr("中心：读取中……"))
        self.state_label.setObjectName("syncState")
        self.pending_label = QLabel()
        self.pending_label.setObjectName("syncPending")
        self.conflict_label = QLabel()
        self.conflict_label.setObjectName("syncConflicts")
        self.error_label = QLabel()
        self.error_label.setObjectName("syncError")
        self.error_label.setMaximumWidth(420)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        for label in (self.state_label, self.pending_label, self.conflict_label):
            layout.addWidget(label)
        layout.addWidget(self.error_label)
        self.sync_button = QToolButton()
        self.sync_button.setObjectName("syncButton")
        self.sync_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout.addWidget(self.sync_button)
        self.pending_label.hide()
        self.conflict_label.hide()
        self.error_label.hide()

    @staticmethod
    def _paint(label: QLabel, text: str, colour: str, tip: str = "") -> None:
        label.setText(text)
        label.setStyleSheet(f"color: {colour};")
        label.setToolTip(tip or text)
        label.setVisible(bool(text))

    def show_status(self, status: SyncStatus) -> None:
        enrolled = status.enrolment
        if enrolled is None:
            self._paint(
                self.state_label,
                self.tr("未连接中心"),
                GREY,
                self.tr("本机单机工作。连接县级中心：设置 → 连接中心"),
            )
            # the status bar's own 中心 and 待同步 labels already say so for a standalone window
            self.state_label.hide()
            self.pending_label.hide()
            self.conflict_label.hide()
            self.error_label.hide()
            return
        if status.last_success is not None:
            when = self.tr("上次同步 {time}").format(time=local_time(status.last_success))
        else:
            when = self.tr("尚未同步")
        tip = self.tr("{label}，县级中心：{hub}").format(
            label=enrolled.label, hub=enrolled.hub_name or enrolled.hub_url
        )
        colour = GREEN if status.last_success is not None and not status.error else GREY
        self._paint(
            self.state_label, f"{enrolled.label} · {when}", colour, f"{tip}（{enrolled.hub_url}）"
        )
        self._paint(
            self.pending_label,
            self.tr("待同步 {n} 条").format(n=status.pending),
            ORANGE if status.pending else GREY,
            self.tr("本机等待发送到县级中心的记录"),
        )
        self._paint(
            self.conflict_label,
            self.tr("冲突 {n} 条").format(n=status.conflicts) if status.conflicts else "",
            RED,
            self.tr("县级中心拒收的记录：仍保留在本机，每次同步重发；请联系县信息中心。"),
        )
        self.show_error(status.error)

    def show_error(self, error: str, *, unreachable: bool = False) -> None:
        if not error:
            self.error_label.hide()
            return
        text = self.tr("中心无法连接，离线工作") if unreachable else error
        self._paint(self.error_label, text, RED, error)

    def show_running(self, text: str) -> None:
        self._paint(self.state_label, text, GREY)


class SyncController(QObject):
    """The 同步 action, the periodic sync and the status widget; see the module docstring."""

    enrolment_changed = Signal(object)
    status_changed = Signal(object)
    synced = Signal(object)
    message = Signal(str)

    def __init__(self, station: Workstation, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.enrolment: Enrolment | None = None
        self.status: SyncStatus | None = None
        self.widget = SyncStatusWidget()
        self.action = QAction(self.tr("同步(&Y)"), self)
        self.action.setShortcut(QKeySequence(SYNC_SHORTCUT))
        self.action.setToolTip(self.tr("与县级中心同步：发送待同步的记录，接收答复（F9）"))
        self.action.setEnabled(False)
        self.action.triggered.connect(self.sync_now)
        self.widget.sync_button.setDefaultAction(self.action)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._timer_fired)
        self._known = False  # the enrolment was read at least once
        self._running = False
        self._again = False
        self._unreachable = False  # the last sync's error: the hub could not be reached
        self._failure = ""  # the last sync could not start (token missing from the keyring)
        station.db_runner.changed.connect(self._data_changed)

    # ------------------------------------------------------------------ state
    @property
    def running(self) -> bool:
        return self._running

    @property
    def connected(self) -> bool:
        return self.enrolment is not None

    def refresh(self) -> None:
        """Read where syncing stands (the database runner; no network) into the widget."""
        db = self.station.db
        if db is None:
            return

        def work() -> SyncStatus:
            from app.sync.service import SyncService

            return SyncService(db).status()

        self.station.db_runner.submit(work, self._show_status, label=self.tr("正在读取同步状态……"))

    def _show_status(self, status: SyncStatus) -> None:
        self.status = status
        before, self.enrolment = self.enrolment, status.enrolment
        if not self._running:
            self.widget.show_status(status)
            self.widget.show_error(
                self._failure or status.error, unreachable=self._unreachable and not self._failure
            )
        self.action.setEnabled(True)
        if not self._known or _identity(before) != _identity(self.enrolment):
            first, self._known = not self._known, True
            self.apply_interval()
            self.enrolment_changed.emit(self.enrolment)
            if first and self.connected:  # the answers that came while the PC was off
                QTimer.singleShot(0, self.sync_now)
        self.status_changed.emit(status)

    def apply_interval(self) -> None:
        """(Re)start the periodic sync with the interval of the settings (0: off)."""
        minutes = self.station.settings.sync_interval_minutes
        if self.connected and minutes > 0:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    # ------------------------------------------------------------------ syncing
    def _timer_fired(self) -> None:
        if not self._running:
            self.sync_now()

    def _data_changed(self, changes: Change) -> None:
        if Change.SEND_NOW in changes and self.connected:
            self.sync_now()
        elif changes & (Change.CASES | Change.INBOX):
            self.refresh()  # the count of records waiting

    def sync_now(self) -> bool:
        """Start a sync on the network runner; False when none was started (not connected,
        or one runs: then it is run again once it ends)."""
        db = self.station.db
        if db is None:
            return False
        if not self.connected:
            self.message.emit(
                self.tr("本机尚未连接县级中心：请在“设置 → 连接中心”中输入中心地址和注册码。")
            )
            return False
        if self._running:
            self._again = True
            return False
        self._running = True
        self._again = False
        self.widget.show_running(self.tr("正在同步……"))

        def work(progress: Progress) -> SyncResult:
            from app.sync.service import SyncService

            phases = {"push": 0, "pull": 1}

            def report(phase: str, done: int, total: int) -> None:
                progress.report(phases.get(phase, 1) * 1_000_000 + done, total)

            return SyncService(db).sync(progress=report)

        self.station.net_runner.submit_with_progress(
            work,
            self._progress,
            self._done,
            self._failed,
            label=self.tr("正在同步……"),
        )
        return True

    def _progress(self, done: int, total: int) -> None:
        pulling, count = divmod(done, 1_000_000)
        if pulling:
            text = self.tr("正在接收……（{n} 条）").format(n=count)
        elif total > 0:
            text = self.tr("正在发送……（{done}/{total}）").format(done=count, total=total)
        else:
            text = self.tr("正在同步……")
        self.widget.show_running(text)

    def _done(self, result: SyncResult) -> None:
        self._finish()
        self._failure = ""
        if result.completed:
            text = self.tr("同步完成：发送 {pushed} 条，接收 {pulled} 条").format(
                pushed=result.pushed, pulled=result.pulled
            )
            if result.applied:
                text += self.tr("，更新 {n} 条").format(n=result.applied)
            if result.conflicts:
                text += self.tr("；{n} 条被中心拒收，已保留").format(n=result.conflicts)
            self.message.emit(text)
        else:
            self.message.emit(
                self.tr("同步未完成：{error}（待同步 {n} 条，均已保留在本机）").format(
                    error=result.error, n=result.pending
                )
            )
        self._unreachable = not result.reachable
        self.synced.emit(result)
        # the views follow the database runner: answers, inbox requests, 待同步 markers
        changes = Change.CASES | Change.INBOX
        if result.applied:
            changes |= Change.ANSWERS
        self.station.db_runner.announce(changes)
        self._again_if_asked()

    def _failed(self, exc: BaseException) -> None:
        # not connected any more, or the token is missing from the keyring: said in the widget
        self._finish()
        text = user_message(exc)
        self._unreachable = False
        self.message.emit(self.tr("同步未完成：{error}").format(error=text))
        self._again = False
        self._failure = text
        self.refresh()

    def _finish(self) -> None:
        self._running = False

    def _again_if_asked(self) -> None:
        # the status is read again through the announcement (_data_changed)
        if self._again:
            self._again = False
            QTimer.singleShot(0, self.sync_now)

    def shutdown(self) -> None:
        self.timer.stop()


def _identity(enrolment: Enrolment | None) -> Any:
    if enrolment is None:
        return None
    return (enrolment.kind, enrolment.code, enrolment.hub_url, enrolment.key)
