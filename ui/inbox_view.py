"""The department's 待核验 inbox: the requests addressed to it, answered from the keyboard.

A department device (its role comes from the enrolment) gets this tab instead of taking in
cases. Each row is a request (an :class:`app.sync.inbox.InboxItem`): the case number and
window, the certificate item, the subject with the ID masked, what to verify, the deadline and
how many working days are left; overdue rows are red. Answered rows leave the list.

Keyboard: Up/Down in the list; Ctrl+R shows the highlighted subject's full ID (audited by the
core, :meth:`app.sync.inbox.InboxService.reveal`; it is masked again when another row is
highlighted); Alt+M goes to the note; Alt+Y 属实, Alt+N 不属实, Alt+U 无法确定 answer the
highlighted request with the note; Alt+A also lists the answered requests (待同步 until the
hub has the answer). An answer is a task that says :attr:`ui.tasks.Change.SEND_NOW`:
a connected device syncs right away.

Signals (InboxView):
    loaded(int): the list was (re)loaded; the number of rows.
    answered(object): a request was answered: its new :class:`app.sync.inbox.InboxItem`.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.context import Workstation
from ui.errors import is_user_error, show_error, user_message
from ui.tasks import Change

translate = QCoreApplication.translate  # the name pyside6-lupdate looks for

if TYPE_CHECKING:
    from app.sync.inbox import InboxCounts, InboxItem, InboxService

Index = QModelIndex | QPersistentModelIndex

OVERDUE_BACKGROUND = QColor("#fde7e9")
OVERDUE_FOREGROUND = QColor("#8c1d18")
REVEAL_SHORTCUT = "Ctrl+R"


class InboxRole(IntEnum):
    REQUEST_ID = Qt.ItemDataRole.UserRole + 1
    OVERDUE = Qt.ItemDataRole.UserRole + 2
    ITEM = Qt.ItemDataRole.UserRole + 3


class InboxModel(QAbstractTableModel):
    """One row per request (an :class:`app.sync.inbox.InboxItem`), oldest deadline first."""

    COLUMNS = ("case", "window", "item", "kind", "subject", "id", "deadline", "state")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[InboxItem] = []
        self._revealed: tuple[str, str] | None = None  # (request id, full ID)

    def headers(self) -> list[str]:
        return [
            translate("Inbox", "办件编号"),
            translate("Inbox", "窗口"),
            translate("Inbox", "证明事项"),
            translate("Inbox", "方式"),
            translate("Inbox", "核验对象"),
            translate("Inbox", "证件号码"),
            translate("Inbox", "答复期限"),
            translate("Inbox", "状态"),
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(item, column)
        if role == Qt.ItemDataRole.BackgroundRole and item.overdue:
            return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and item.overdue:
            return QBrush(OVERDUE_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and item.overdue and column == "state":
            font = QFont()
            font.setBold(True)
            return font
        if role == InboxRole.REQUEST_ID:
            return item.id
        if role == InboxRole.OVERDUE:
            return item.overdue
        if role == InboxRole.ITEM:
            return item
        return None

    def _display(self, item: InboxItem, column: str) -> str:
        if column == "case":
            return item.case_number
        if column == "window":
            return item.window_code
        if column == "item":
            return item.item_name or item.item_code
        if column == "kind":
            return item.kind_label
        if column == "subject":
            return item.subject_name
        if column == "id":
            if self._revealed is not None and self._revealed[0] == item.id:
                return self._revealed[1]
            return item.subject_id_masked
        if column == "deadline":
            return item.deadline.isoformat() if item.deadline else ""
        return item.state_text

    def set_items(self, items: list[InboxItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._revealed = None
        self.endResetModel()

    def item_at(self, row: int) -> InboxItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, request_id: str) -> int:
        return next((i for i, item in enumerate(self._items) if item.id == request_id), -1)

    def reveal(self, request_id: str, full_id: str) -> None:
        """Show ``full_id`` for this request only (any other is masked again)."""
        self._revealed = (request_id, full_id)
        self._id_column_changed()

    def mask(self) -> None:
        if self._revealed is not None:
            self._revealed = None
            self._id_column_changed()

    def revealed_id(self) -> str | None:
        return self._revealed[0] if self._revealed is not None else None

    def _id_column_changed(self) -> None:
        if self._items:
            column = self.COLUMNS.index("id")
            self.dataChanged.emit(self.index(0, column), self.index(len(self._items) - 1, column))


class InboxView(QWidget):
    """The 待核验 tab; see the module docstring for its keys and signals."""

    loaded = Signal(int)
    answered = Signal(object)

    def __init__(self, station: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self._generation = 0
        self._select_after_load: int | None = None  # the row to highlight after an answer
        self.model = InboxModel(self)
        self.table = QTableView()
        self.table.setObjectName("inboxTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 60, 200, 80, 80, 170, 100)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.count_label = QLabel()
        self.count_label.setObjectName("inboxCount")
        self.overdue_only = QCheckBox(self.tr("只看超期(&O)"))
        self.overdue_only.setObjectName("inboxOverdueOnly")
        self.overdue_only.toggled.connect(lambda _on: self.reload())
        self.show_answered = QCheckBox(self.tr("显示已答复(&A)"))
        self.show_answered.setObjectName("inboxShowAnswered")
        self.show_answered.setToolTip(
            self.tr("也列出已答复和窗口已撤回的请求（未送达中心的标“待同步”）")
        )
        self.show_answered.toggled.connect(lambda _on: self.reload())
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setObjectName("refreshInbox")
        self.refresh_button.clicked.connect(self.reload)

        self.fact_label = QLabel()
        self.fact_label.setObjectName("inboxFact")
        self.fact_label.setWordWrap(True)
        self.fact_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reveal_button = QPushButton(self.tr("显示证件号码（Ctrl+R）"))
        self.reveal_button.setObjectName("revealButton")
        self.reveal_button.setToolTip(self.tr("显示完整证件号码以便核对；每次查看都会记入审计日志"))
        self.reveal_button.setAutoDefault(False)
        self.reveal_button.clicked.connect(self.reveal_current)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("answerNote")
        self.note_edit.setPlaceholderText(self.tr("答复说明，例如核对依据或不属实的原因（可留空）"))
        self.note_edit.setMaxLength(2000)
        note_label = QLabel(self.tr("说明(&M)："))
        note_label.setBuddy(self.note_edit)
        self.confirm_button = QPushButton(self.tr("属实(&Y)"))
        self.confirm_button.setObjectName("answerConfirmed")
        self.deny_button = QPushButton(self.tr("不属实(&N)"))
        self.deny_button.setObjectName("answerDenied")
        self.unknown_button = QPushButton(self.tr("无法确定(&U)"))
        self.unknown_button.setObjectName("answerUnknown")
        for button, answer in (
            (self.confirm_button, "confirmed"),
            (self.deny_button, "denied"),
            (self.unknown_button, "unknown"),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, a=answer: self.answer_current(a))
        self.answer_error = QLabel()
        self.answer_error.setObjectName("answerError")
        self.answer_error.setStyleSheet("color: #b3261e;")
        self.answer_error.setWordWrap(True)
        self.answer_error.hide()

        reveal_action = QAction(self.tr("显示证件号码"), self)
        reveal_action.setShortcut(QKeySequence(REVEAL_SHORTCUT))
        reveal_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        reveal_action.triggered.connect(self.reveal_current)
        self.addAction(reveal_action)
        self.reveal_action = reveal_action

        top = QHBoxLayout()
        title = QLabel(self.tr("待核验请求"))
        title.setStyleSheet("font-weight: bold;")
        top.addWidget(title)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.overdue_only)
        top.addWidget(self.show_answered)
        top.addWidget(self.refresh_button)
        answer_box = QGridLayout()
        answer_box.addWidget(self.fact_label, 0, 0, 1, 5)
        answer_box.addWidget(self.reveal_button, 1, 0)
        answer_box.addWidget(note_label, 1, 1)
        answer_box.addWidget(self.note_edit, 1, 2)
        buttons = QHBoxLayout()
        for button in (self.confirm_button, self.deny_button, self.unknown_button):
            buttons.addWidget(button)
        answer_box.addLayout(buttons, 1, 3)
        answer_box.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(answer_box)
        layout.addWidget(self.answer_error)
        hint = QLabel(
            self.tr(
                "↑↓ 选择请求；Ctrl+R 显示证件号码；Alt+M 填写说明；"
                "Alt+Y 属实、Alt+N 不属实、Alt+U 无法确定。红色行已超过答复期限。"
            )
        )
        hint.setStyleSheet("color: #5f6368;")
        layout.addWidget(hint)
        self.setTabOrder(self.table, self.reveal_button)
        self.setTabOrder(self.reveal_button, self.note_edit)
        self.setTabOrder(self.note_edit, self.confirm_button)
        station.db_runner.changed.connect(self._data_changed)
        self._show_current(None)

    # ------------------------------------------------------------------ loading
    def _service(self) -> InboxService:
        from app.sync.inbox import InboxService

        assert self.station.db is not None
        return InboxService(self.station.db, answerer=self.station.clerk)

    def reload(self) -> None:
        if self.station.db is None:
            return
        self._generation += 1
        generation = self._generation
        overdue = self.overdue_only.isChecked()
        waiting = not self.show_answered.isChecked()
        service = self._service()

        def work() -> tuple[list[InboxItem], InboxCounts]:
            return service.list(waiting_only=waiting, overdue_only=overdue), service.counts()

        self.station.db_runner.submit(
            work,
            lambda result: self._show(generation, *result),
            label=self.tr("正在读取待核验请求……"),
            owner=self,
        )

    def _data_changed(self, changes: Change) -> None:
        if Change.INBOX in changes:
            self.reload()

    def _show(self, generation: int, items: list[InboxItem], counts: InboxCounts) -> None:
        if generation != self._generation:
            return
        current = self.current_item()
        had_focus = self.table.hasFocus()
        self.model.set_items(items)
        text = self.tr("待答复 {n} 件").format(n=counts.waiting)
        if counts.overdue:
            text += self.tr("，其中 {n} 件已超期").format(n=counts.overdue)
        self.count_label.setText(text)
        self.count_label.setStyleSheet("color: #8c1d18;" if counts.overdue else "color: #5f6368;")
        row = self.model.row_of(current.id) if current is not None else -1
        if self._select_after_load is not None:
            row, self._select_after_load = self._select_after_load, None
        if items:
            row = min(max(row, 0), len(items) - 1)
            self.table.selectRow(row)
        self._show_current(self.current_item())
        if had_focus:
            self.table.setFocus()
        self.loaded.emit(len(items))

    # ------------------------------------------------------------------ the current request
    def current_item(self) -> InboxItem | None:
        index = self.table.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def focus_list(self) -> None:
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(0)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.model.item_at(current.row()) if current.isValid() else None
        if item is None or item.id != self.model.revealed_id():
            self.model.mask()  # a revealed ID is shown for its own row only
        self.answer_error.hide()
        self._show_current(item)

    def _show_current(self, item: InboxItem | None) -> None:
        enabled = item is not None and item.waiting
        for widget in (
            self.reveal_button,
            self.note_edit,
            self.confirm_button,
            self.deny_button,
            self.unknown_button,
        ):
            widget.setEnabled(enabled)
        if item is None:
            self.fact_label.setText(self.tr("没有待核验的请求。"))
            return
        self.fact_label.setText(
            self.tr("{kind}：{fact}（{subject}，办件 {case}，{who} 于 {when} 发起）").format(
                kind=item.kind_label,
                fact=item.fact or item.item_name or item.item_code,
                subject=item.subject_name,
                case=item.case_number,
                who=item.requested_by or item.window_code,
                when=f"{item.requested_at:%Y-%m-%d}",
            )
        )

    def reveal_current(self) -> None:
        """Show the highlighted subject's full ID (the core audits the access)."""
        item = self.current_item()
        if item is None or self.station.db is None:
            return
        service = self._service()
        request_id = item.id
        self.station.db_runner.submit(
            lambda: service.reveal(request_id),
            lambda full: self._revealed(request_id, full),
            self._refused,
            label=self.tr("正在读取……"),
            owner=self,
        )

    def _revealed(self, request_id: str, full_id: str) -> None:
        current = self.current_item()
        if current is not None and current.id == request_id:
            self.model.reveal(request_id, full_id)

    def answer_current(self, answer: str) -> None:
        """Answer the highlighted request with the note; it then leaves the list."""
        item = self.current_item()
        if item is None or self.station.db is None or not item.waiting:
            return
        service = self._service()
        request_id, note = item.id, self.note_edit.text()
        row = self.table.currentIndex().row()

        def work() -> InboxItem:
            return service.answer(request_id, answer, note=note)

        def done(answered: InboxItem) -> None:
            self.note_edit.clear()
            self._select_after_load = row
            self.table.setFocus()
            self.answered.emit(answered)

        self.station.db_runner.submit(
            work,
            done,
            self._refused,
            label=self.tr("正在保存答复……"),
            owner=self,
            changes=Change.INBOX | Change.SEND_NOW,
        )

    def _refused(self, exc: BaseException) -> None:
        if is_user_error(exc):
            self.answer_error.setText(user_message(exc))
            self.answer_error.show()
            self.reload()  # answered elsewhere meanwhile, or withdrawn
        else:
            show_error(self, exc)
