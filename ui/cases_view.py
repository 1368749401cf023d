"""The cases tab: today's and open cases, what each waits for, overdue requests highlighted.

The working filters (今日及办理中, 办理中) show every case they select; the long ones (已办结,
已撤销, 全部) show the newest cases only (200, ``app.cases.listing.LIST_PAGE``) and say so:
"显示最近 200 件，共 12000 件".

The search box above the list (Ctrl+2 puts the focus there) finds cases of any status by
number, applicant name or the last digits of the ID (``CaseService.search``); Up/Down move
through the list, Enter opens the highlighted case (the intake dialog puts the focus on the
first thing still to do).

Signals (CasesView):
    open_case(str): the clerk opened a case (double-click or Enter) to continue it.
    loaded(int): the list was (re)loaded; the number of rows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.context import Workstation
from ui.search_box import SearchBox
from ui.tasks import Change

translate = QCoreApplication.translate  # the name pyside6-lupdate looks for

if TYPE_CHECKING:
    from PySide6.QtCore import QByteArray

    from app.cases import CasePage, CaseSummary

Index = QModelIndex | QPersistentModelIndex


class CaseRole(IntEnum):
    CASE_ID = Qt.ItemDataRole.UserRole + 1
    STATUS = Qt.ItemDataRole.UserRole + 2
    OVERDUE = Qt.ItemDataRole.UserRole + 3
    SUMMARY = Qt.ItemDataRole.UserRole + 4


class CaseFilter(IntEnum):
    TODAY_AND_OPEN = 0
    OPEN = 1
    FINISHED = 2
    ALL = 3
    CANCELLED = 4


def filter_labels() -> list[tuple[CaseFilter, str]]:
    return [
        (CaseFilter.TODAY_AND_OPEN, translate("Cases", "今日及办理中")),
        (CaseFilter.OPEN, translate("Cases", "办理中")),
        (CaseFilter.FINISHED, translate("Cases", "已办结")),
        (CaseFilter.CANCELLED, translate("Cases", "已撤销")),
        (CaseFilter.ALL, translate("Cases", "全部")),
    ]


OVERDUE_BACKGROUND = QColor("#fde7e9")
OVERDUE_FOREGROUND = QColor("#8c1d18")
CANCELLED_FOREGROUND = QColor("#80868b")


def _local_time(value: datetime) -> str:
    """A naive-UTC timestamp from the database, shown in local time."""
    local = value.replace(tzinfo=UTC).astimezone()
    if local.date() == date.today():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


class CasesModel(QAbstractTableModel):
    """One row per case (a :class:`app.cases.CaseSummary`), newest first."""

    COLUMNS = ("number", "applicant", "id", "subject", "created", "status", "waiting")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cases: list[CaseSummary] = []

    def headers(self) -> list[str]:
        return [
            translate("Cases", "办件编号"),
            translate("Cases", "申请人"),
            translate("Cases", "证件号码"),
            translate("Cases", "事项"),
            translate("Cases", "受理时间"),
            translate("Cases", "状态"),
            translate("Cases", "等待"),
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cases)

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
        if not index.isValid() or not 0 <= index.row() < len(self._cases):
            return None
        case = self._cases[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(case, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if case.overdue:
                return translate("Cases", "有核验请求已超过答复期限，请联系提供部门。")
            return self._display(case, column)
        if role == Qt.ItemDataRole.BackgroundRole and case.overdue:
            return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and case.overdue:
            return QBrush(OVERDUE_FOREGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and str(case.status) == "cancelled":
            return QBrush(CANCELLED_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and case.overdue and column == "waiting":
            font = QFont()
            font.setBold(True)
            return font
        if role == CaseRole.CASE_ID:
            return case.id
        if role == CaseRole.STATUS:
            return str(case.status)
        if role == CaseRole.OVERDUE:
            return case.overdue
        if role == CaseRole.SUMMARY:
            return case
        return None

    @staticmethod
    def _display(case: CaseSummary, column: str) -> str:
        if column == "number":
            return case.number
        if column == "applicant":
            return case.applicant_name
        if column == "id":
            return case.applicant_id_masked
        if column == "subject":
            return case.subject
        if column == "created":
            return _local_time(case.created_at)
        if column == "status":
            if case.provisional:  # made or changed here; the hub does not have it yet
                return translate("Cases", "{status}（待同步）").format(status=case.status_label)
            return case.status_label
        waiting = case.waiting_for
        if case.overdue:
            waiting = translate("Cases", "{waiting}（已超期）").format(waiting=waiting)
        return waiting

    def roleNames(self) -> dict[int, QByteArray]:
        from PySide6.QtCore import QByteArray

        names = dict(super().roleNames())
        names.update({role.value: QByteArray(role.name.lower().encode()) for role in CaseRole})
        return names

    def set_cases(self, cases: list[CaseSummary]) -> None:
        self.beginResetModel()
        self._cases = list(cases)
        self.endResetModel()

    def case_at(self, row: int) -> CaseSummary | None:
        return self._cases[row] if 0 <= row < len(self._cases) else None

    def row_of(self, case_id: str) -> int:
        return next((i for i, c in enumerate(self._cases) if c.id == case_id), -1)


_CASE_LISTS = {
    CaseFilter.TODAY_AND_OPEN: "today_and_open",
    CaseFilter.OPEN: "open",
    CaseFilter.FINISHED: "finished",
    CaseFilter.CANCELLED: "cancelled",
    CaseFilter.ALL: "all",
}


SEARCH_DELAY_MS = 200


def load_cases(
    station: Workstation, which: CaseFilter, page_size: int | None = None, search: str = ""
) -> CasePage:
    """The cases a filter selects, or a search finds, from the case service (runs on the
    database worker).

    ``page_size``: how many the long filters and a search show (default: the core's page).
    """
    from app.cases import CaseList, CaseService

    assert station.db is not None
    service = CaseService(station.db, clerk=station.clerk, window_code=station.window_code)
    if search.strip():
        return service.search(search, limit=page_size)
    return service.page(CaseList(_CASE_LISTS[which]), limit=page_size)


class CasesView(QWidget):
    """The cases tab; see the module docstring for its signals."""

    open_case = Signal(str)
    loaded = Signal(int)

    def __init__(self, station: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.page_size: int | None = None  # the long filters' page; None: the core's default
        self._generation = 0
        self._shown_search: str | None = None  # the search whose cases the list shows
        self._open_when_loaded = False  # Enter came before the list showed the search
        self.search_edit = SearchBox()
        self.search_edit.setObjectName("caseSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("按办件编号、申请人姓名或证件号码后几位查找（Ctrl+2）")
        )
        self.search_edit.setToolTip(self.tr("↑↓ 选择办件，回车继续办理"))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.open_current)
        self.search_edit.moved.connect(self.move_in_list)
        self.filter = QComboBox()
        self.filter.setObjectName("caseFilter")
        for value, label in filter_labels():
            self.filter.addItem(label, int(value))
        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setObjectName("refreshCases")
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_button.clicked.connect(self.reload)
        self.count_label = QLabel()
        self.count_label.setObjectName("caseCount")
        self.count_label.setStyleSheet("color: #5f6368;")

        self.model = CasesModel(self)
        self.table = QTableView()
        self.table.setObjectName("casesTable")
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
        for column, width in enumerate((150, 80, 170, 230, 110, 120)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._activated)  # double-click or Enter
        station.db_runner.changed.connect(self._data_changed)

        open_action = QAction(self.tr("继续办理"), self)
        open_action.triggered.connect(self._open_current)
        self.table.addAction(open_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 2)
        top.addWidget(QLabel(self.tr("显示：")))
        top.addWidget(self.filter)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        hint = QLabel(self.tr("双击或按回车继续办理所选办件；红色行表示有核验请求已超期。"))
        hint.setStyleSheet("color: #5f6368;")
        layout.addWidget(hint)

    def current_filter(self) -> CaseFilter:
        return CaseFilter(int(self.filter.currentData()))

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _search_text(self) -> str:
        return self.search_edit.text().strip()

    def reload(self) -> None:
        if self.station.db is None:
            return
        self._search_timer.stop()
        self._generation += 1
        generation = self._generation
        which = self.current_filter()
        page_size = self.page_size
        search = self._search_text()
        self.station.db_runner.submit(
            lambda: load_cases(self.station, which, page_size, search),
            lambda page: self._show(generation, page, search),
            label=self.tr("正在读取办件……"),
            owner=self,
        )

    def move_in_list(self, steps: int) -> None:
        """Move the list's current row (Up/Down in the search box)."""
        count = self.model.rowCount()
        if not count:
            return
        row = max(self.table.currentIndex().row(), 0)
        self.table.selectRow(max(0, min(count - 1, row + steps)))

    def open_current(self) -> None:
        """Open the highlighted case (Enter in the search box); once the list shows what the
        box holds, when it does not yet."""
        if self._shown_search != self._search_text():
            self._open_when_loaded = True
            self.reload()
            return
        self._open_current()

    def _data_changed(self, changes: Change) -> None:
        if Change.CASES in changes:
            self.reload()

    def _show(self, generation: int, page: CasePage, search: str = "") -> None:
        if generation != self._generation:
            return
        cases = page.cases
        selected = self.selected_case_id()
        self._shown_search = search
        self.model.set_cases(cases)
        overdue = sum(1 for c in cases if c.overdue)
        if search and not cases:
            text = self.tr("没有找到“{text}”").format(text=search)
        elif search:
            text = self.tr("找到 {total} 件").format(total=page.total)
            if page.limited:
                text += self.tr("，显示最近 {n} 件").format(n=len(cases))
        elif page.limited:
            text = self.tr("显示最近 {n} 件，共 {total} 件").format(n=len(cases), total=page.total)
        else:
            text = self.tr("共 {n} 件").format(n=len(cases))
        if overdue:
            text += self.tr("，其中 {n} 件有超期核验").format(n=overdue)
        self.count_label.setText(text)
        self.filter.setEnabled(not search)  # a search looks through every case
        row = self.model.row_of(selected) if selected else -1
        if row < 0 and search and cases:
            row = 0  # Enter opens the best match at once
        if row >= 0:
            self.table.selectRow(row)
        self.loaded.emit(len(cases))
        if self._open_when_loaded and self._shown_search == self._search_text():
            self._open_when_loaded = False
            self._open_current()

    def selected_case_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        value = index.data(CaseRole.CASE_ID)
        return str(value) if value else None

    def _activated(self, index: QModelIndex) -> None:
        value = index.data(CaseRole.CASE_ID)
        if value:
            self.open_case.emit(str(value))

    def _open_current(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        self._activated(index)

    def save_state(self) -> None:
        self.station.settings.set_layout_state(
            "cases/header", self.table.horizontalHeader().saveState()
        )

    def restore_state(self) -> None:
        state = self.station.settings.layout_state("cases/header")
        if state is not None:
            self.table.horizontalHeader().restoreState(state)
