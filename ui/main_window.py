"""The clerk's main window: search, the detail pane, cases, credit check and the status bar.

The window is shown before anything is loaded; :meth:`MainWindow.start` then opens the database
on the database worker (the first start of a new data directory imports the sample catalog)
while the status bar shows progress.

Keyboard: the search box has the focus (Ctrl+F); Up/Down/PageUp/PageDown in it move through
the results; Enter or Ctrl+N takes in a case for the highlighted matter or bundle and Ctrl+P
previews its guide. What these act on is always the results list's current row at the moment
of the key press (never the detail pane, which loads afterwards); keys pressed while the list
still shows an older query's results wait for the current one. On a certificate item the
status bar says why nothing opens. When the intake closes, the focus is back in the search box
with its text selected. Ctrl+1/2/3 switch to 事项查询, 办件 and 信用查询.

Signals:
    started(): the database's cheap first part is done (or failed): the window is complete.
    database_ready(): the database is open and the catalog loaded.
    search_finished(int): the hits of the latest search are shown (their count).
    detail_shown(str, str): the detail pane shows (kind, code).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.context import Workstation
from ui.errors import inform, show_error
from ui.fast_start import FastStart
from ui.search_box import SearchBox
from ui.search_model import SearchHitDelegate, SearchResultsModel, SearchRole
from ui.tasks import Change

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from app.catalog.views import CatalogInfo
    from app.sync.probe import HubStatus
    from ui.cases_view import CasesView
    from ui.credit import CreditCheckView
    from ui.detail import DetailPane
    from ui.inbox_view import InboxView

SEARCH_DEBOUNCE_MS = 150
SEARCH_LIMIT = 100
HUB_CHECK_INTERVAL_MS = 60_000
STATUS_MESSAGE_MS = 8000


def placeholder_hint() -> str:
    return QCoreApplication.translate(
        "Detail", "在左侧输入事项、证明或“一件事”的名称、拼音或首字母进行查找。"
    )


class MainWindow(QMainWindow):
    """The workstation window; see the module docstring for its signals."""

    started = Signal()
    database_ready = Signal()
    search_finished = Signal(int)
    detail_shown = Signal(str, str)

    def __init__(self, station: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self._search_generation = 0
        self._detail_generation = 0
        self._requested_query: str | None = None  # the query searched last
        self._shown_query: str | None = None  # the query whose results the list shows
        self._pending_steps = 0  # Up/Down pressed before the list showed the current query
        self._pending_command: Callable[[], object] | None = None  # likewise Enter, Ctrl+N/P
        self._dialogs: list[QWidget] = []
        self.cases_view: CasesView | None = None
        self.credit_view: CreditCheckView | None = None
        self.inbox_view: InboxView | None = None  # a department's 待核验 tab
        self.setWindowTitle(self.tr("无证明办事 · 窗口受理"))
        self.resize(1180, 760)
        station.db_runner.set_default_error_handler(lambda exc: show_error(self, exc))
        station.net_runner.set_default_error_handler(lambda exc: show_error(self, exc))
        station.db_runner.changed.connect(self._data_changed)
        self.fast_start = FastStart(station, self)  # searches while the database opens

        self._build_search_tab()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(self.search_page, self.tr("事项查询"))
        self.setCentralWidget(self.tabs)
        self._build_actions()
        self._build_status_bar()

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.new_case)
        self.search_edit.moved.connect(self.move_in_results)

        self._hub_timer = QTimer(self)
        self._hub_timer.setInterval(HUB_CHECK_INTERVAL_MS)
        self._hub_timer.timeout.connect(self.check_hub)

        self._restore_layout()
        self.search_edit.setFocus()

    # ------------------------------------------------------------------ construction
    def _build_search_tab(self) -> None:
        self.search_edit = SearchBox()
        self.search_edit.setObjectName("searchBox")
        self.search_edit.setPlaceholderText(
            self.tr("输入事项、证明或一件事：汉字、拼音或首字母（Ctrl+F）")
        )
        self.search_edit.setToolTip(
            self.tr("↑↓ 选择查询结果，回车受理所选事项（Ctrl+N），Ctrl+P 打印办事指南")
        )
        self.search_edit.setClearButtonEnabled(True)

        self.results_model = SearchResultsModel(self)
        self.results = QListView()
        self.results.setObjectName("searchResults")
        self.results.setModel(self.results_model)
        self.results.setItemDelegate(SearchHitDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.results.selectionModel().selectionChanged.connect(self._selection_changed)
        self.results.activated.connect(self._result_activated)

        self.result_hint = QLabel(self.tr("正在打开数据库……"))
        self.result_hint.setObjectName("resultHint")
        self.result_hint.setStyleSheet("color: #5f6368;")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 4, 8)
        left_layout.addWidget(self.search_edit)
        left_layout.addWidget(self.result_hint)
        left_layout.addWidget(self.results, 1)

        # A plain label stands in for the detail pane until start() builds the real one, so
        # the first frame needs none of the detail pane's Qt classes.
        self.detail: DetailPane | None = None
        stand_in = QLabel(placeholder_hint())
        stand_in.setStyleSheet("color: #5f6368; qproperty-alignment: AlignCenter;")
        stand_in.setWordWrap(True)

        self.splitter = QSplitter()  # horizontal
        self.splitter.setObjectName("searchSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(stand_in)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([420, 740])
        self.search_page = self.splitter
        self.setTabOrder(self.search_edit, self.results)

    def _build_actions(self) -> None:
        self.find_action = QAction(self.tr("查找事项(&F)"), self)
        self.find_action.setShortcut("Ctrl+F")
        self.find_action.triggered.connect(self.focus_search)

        # Enabled once the database is open; what they act on is decided at the key press.
        self.new_case_action = QAction(self.tr("受理新办件(&N)…"), self)
        self.new_case_action.setShortcut("Ctrl+N")
        self.new_case_action.setEnabled(False)
        self.new_case_action.setToolTip(self.tr("受理查询结果中选中的事项或一件事（回车）"))
        self.new_case_action.triggered.connect(self.new_case)

        self.print_action = QAction(self.tr("打印办事指南(&P)…"), self)
        self.print_action.setShortcut("Ctrl+P")
        self.print_action.setEnabled(False)
        self.print_action.setToolTip(self.tr("打印查询结果中选中的事项或一件事的办事指南"))
        self.print_action.triggered.connect(self.print_guide)

        self.export_action = QAction(self.tr("导出全部办事指南(&E)…"), self)
        self.export_action.triggered.connect(self.export_guides)
        self.import_action = QAction(self.tr("导入目录(&I)…"), self)
        self.import_action.setToolTip(self.tr("导入目录文件（.json）或部门填报的登记表"))
        self.import_action.triggered.connect(self.import_catalog)

        self.settings_action = QAction(self.tr("设置(&S)…"), self)
        self.settings_action.triggered.connect(self.open_settings)
        self.quit_action = QAction(self.tr("退出(&Q)"), self)
        self.quit_action.setShortcut("Ctrl+Q")
        self.quit_action.triggered.connect(self.close)
        self.about_action = QAction(self.tr("关于(&A)"), self)
        self.about_action.triggered.connect(self.show_about)

        self.tab_actions: list[QAction] = []
        for number, title in enumerate(
            (self.tr("事项查询"), self.tr("办件"), self.tr("信用查询")), start=1
        ):
            tab_action = QAction(title, self)
            tab_action.setShortcut(f"Ctrl+{number}")
            tab_action.triggered.connect(lambda _checked=False, i=number - 1: self.show_tab(i))
            self.tab_actions.append(tab_action)

        for action in (
            self.find_action,
            self.new_case_action,
            self.print_action,
            *self.tab_actions,
        ):
            self.addAction(action)
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("文件(&F)"))
        file_menu.addAction(self.import_action)
        from ui.catalog_diff import CatalogDiffMenu  # 比较目录版本… (issue 11)

        self.catalog_diff = CatalogDiffMenu(self, self.station)
        file_menu.addAction(self.catalog_diff.action)
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        case_menu = menu.addMenu(self.tr("办件(&C)"))
        case_menu.addAction(self.find_action)
        case_menu.addAction(self.new_case_action)
        case_menu.addAction(self.print_action)
        view_menu = menu.addMenu(self.tr("视图(&V)"))
        for tab_action in self.tab_actions:
            view_menu.addAction(tab_action)
        from ui.audit_check import AuditCheck  # the audit trail: a menu item, a check at start

        self.audit_check = AuditCheck(self, self.station)
        tools_menu = menu.addMenu(self.tr("工具(&T)"))
        tools_menu.addAction(self.audit_check.action)
        from ui.sync_status import SyncController  # 同步, the periodic sync (issue 10)

        self.sync = SyncController(self.station, self)
        self.sync.message.connect(
            lambda text: self.statusBar().showMessage(text, STATUS_MESSAGE_MS)
        )
        self.sync.enrolment_changed.connect(self._enrolment_known)
        self.connect_action = QAction(self.tr("连接中心(&L)…"), self)
        self.connect_action.triggered.connect(self.open_connect)
        self.addAction(self.sync.action)
        tools_menu.addAction(self.sync.action)
        file_menu.insertAction(self.settings_action, self.connect_action)

        help_menu = menu.addMenu(self.tr("帮助(&H)"))
        help_menu.addAction(self.about_action)
        from ui.recovery import Upkeep  # backups, restore, the log folder (issue 12)

        self.upkeep = Upkeep(self, self.station, reopen=self.start)
        self.upkeep.add_to(file_menu, help_menu)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.catalog_label = QLabel(self.tr("目录：加载中……"))
        self.catalog_label.setObjectName("catalogStatus")
        self.hub_label = QLabel(self.tr("中心：—"))
        self.hub_label.setObjectName("hubStatus")
        self.outbox_label = QLabel(self.tr("待同步：—"))
        self.outbox_label.setObjectName("outboxStatus")
        self.busy_label = QLabel()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.setObjectName("busyIndicator")
        self.busy_label.hide()
        self.busy_bar.hide()
        bar.addWidget(self.busy_bar)
        bar.addWidget(self.busy_label)
        bar.addPermanentWidget(self.catalog_label)
        from ui.freshness import FreshnessIndicator  # catalog version, age, days since sync

        self.freshness_indicator = FreshnessIndicator(self.station, self.catalog_label)
        bar.addPermanentWidget(self.freshness_indicator)
        bar.addPermanentWidget(self.hub_label)
        bar.addPermanentWidget(self.outbox_label)
        bar.addPermanentWidget(self.sync.widget)
        self.station.db_runner.busy_changed.connect(self._show_busy)

    def _build_deferred(self) -> None:
        # Built right after the window is first shown: the search box is what the clerk needs
        # first, and loading these widgets' Qt classes takes a noticeable time on a slow PC.
        from ui.cases_view import CasesView
        from ui.credit import CreditCheckView
        from ui.detail import DetailPane

        self.detail = DetailPane()
        self.detail.setObjectName("detailPane")
        self.detail.open_requested.connect(self.open_entry)
        sizes = self.splitter.sizes()
        stand_in = self.splitter.replaceWidget(1, self.detail)
        if stand_in is not None:
            stand_in.deleteLater()
        self.splitter.setSizes(sizes)
        self.setTabOrder(self.results, self.detail)

        self.cases_view = CasesView(self.station)
        self.cases_view.setObjectName("casesView")
        self.cases_view.open_case.connect(lambda case_id: self.open_intake(case_id=case_id))
        self.cases_view.restore_state()
        self.tabs.addTab(self.cases_view, self.tr("办件"))
        self.credit_view = CreditCheckView(self.station)
        self.credit_view.setObjectName("creditView")
        self.tabs.addTab(self.credit_view, self.tr("信用查询"))
        for index, tab_action in enumerate(self.tab_actions):
            self.tabs.setTabToolTip(index, tab_action.shortcut().toString())
        self.tabs.currentChanged.connect(self._tab_changed)

    # ------------------------------------------------------------------ start-up
    def start(self) -> None:
        """Open the database off the GUI thread (in two parts: :mod:`ui.fast_start`), and
        finish the window once its first, cheap part is done.

        A first start of a new data directory also imports the sample catalog (seconds); the
        status bar shows the progress meanwhile, and the search box already takes input.
        """
        self.busy_label.setText(self.tr("正在打开数据库……"))
        self.fast_start.open(self._database_checked, self._database_opened, self._database_failed)
        if self._query():
            self._search_now()  # typed as the window appeared: the check answers it (fast_start)

    def _database_checked(self, searchable: bool) -> None:
        if searchable:  # still opening, but its search index answers
            self.result_hint.setText(self.tr("请输入要查找的内容。"))
            if self._query() and not self.results_are_current():
                self.run_search()
        self._finish_start()

    def _finish_start(self) -> None:  # after the database's first part: nothing delays a search
        if self.detail is None:
            self._build_deferred()
            self.check_hub()
            self._hub_timer.start()
        self.started.emit()

    def _database_opened(self, db: Any) -> None:
        self.station.db = db
        self.new_case_action.setEnabled(True)
        self.print_action.setEnabled(True)
        self.result_hint.setText(self.tr("请输入要查找的内容。"))
        self.refresh_status()
        self.sync.refresh()  # who this device is; where syncing stands
        if self.cases_view is not None:
            self.cases_view.reload()
        self.database_ready.emit()
        if self._query() and not self.results_are_current():
            self.run_search()
        elif (hit := self.current_hit()) is not None:
            self.open_entry(hit[0], hit[1])  # the details of a result found before it opened
        self.upkeep.after_open()  # the day's backup, warnings about the machine

    def _database_failed(self, exc: BaseException) -> None:
        if self.detail is None:  # the first part failed
            self._finish_start()
        self.result_hint.setText(self.tr("数据库无法打开，请查看提示信息。"))
        self.catalog_label.setText(self.tr("目录：不可用"))
        if not self.upkeep.offer_restore(exc):  # damage: the newest good backup is offered
            show_error(self, exc)

    def refresh_status(self) -> None:
        """Reload the catalog version and the outbox count into the status bar."""
        db = self.station.db
        if db is None:
            return

        def work() -> tuple[Any, int]:
            from app.catalog.views import catalog_info
            from app.sync.outbox import pending_count

            return catalog_info(db), pending_count(db)

        self.station.db_runner.submit(work, self._show_status, label=self.tr("正在读取目录……"))

    def _show_status(self, result: tuple[CatalogInfo, int]) -> None:
        info, pending = result
        text = self.tr("目录 {version}").format(version=info.version or self.tr("（无版本）"))
        age = _age_days(info.published_at)
        if age is not None:
            text += (
                self.tr("（{n} 天前发布）").format(n=age) if age > 0 else self.tr("（今天发布）")
            )
        if info.sample:
            text += self.tr(" · 示例数据")
        self.catalog_label.setText(text)
        self.catalog_label.setToolTip(
            self.tr("事项 {m} 项，证明 {i} 项，一件事 {b} 项").format(
                m=info.matters, i=info.items, b=info.bundles
            )
        )
        self.outbox_label.setText(self.tr("待同步：{n} 条").format(n=pending))
        self.freshness_indicator.refresh()

    def check_hub(self) -> None:
        """Check off the GUI thread whether the configured hub answers."""
        address = self.station.settings.hub_address

        def work() -> HubStatus:
            from app.sync.probe import probe_hub

            return probe_hub(address)

        if not address.strip():
            from app.sync.probe import HubState, HubStatus

            self._show_hub(HubStatus(HubState.NOT_CONFIGURED))
            return
        self.hub_label.setText(self.tr("中心：检查中……"))
        self.station.net_runner.submit(work, self._show_hub, label=self.tr("正在检查中心连接……"))

    def _show_hub(self, status: HubStatus) -> None:
        from app.sync.probe import HubState

        texts = {
            HubState.NOT_CONFIGURED: self.tr("中心：未配置中心"),
            HubState.REACHABLE: self.tr("中心：可连接"),
            HubState.UNREACHABLE: self.tr("中心：无法连接（离线工作）"),
            HubState.INVALID: self.tr("中心：地址有误"),
        }
        self.hub_label.setText(texts[status.state])
        colour = {"reachable": "#2e7d32", "unreachable": "#b3261e", "invalid": "#b3261e"}
        self.hub_label.setStyleSheet(f"color: {colour.get(status.state.value, '#5f6368')};")
        tip = status.address
        if status.detail:
            tip = f"{tip}（{status.detail}）"
        self.hub_label.setToolTip(tip)

    def _show_busy(self, busy: bool, label: str) -> None:
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)
        self.busy_label.setText(label)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    # ------------------------------------------------------------------ search
    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.search_page)
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def show_tab(self, index: int) -> None:
        """Switch to a tab (Ctrl+1/2/3) with the focus in its search field."""
        if index == 0:
            self.focus_search()
            return
        self.tabs.setCurrentIndex(index)
        current = self.tabs.currentWidget()
        if self.cases_view is not None and current is self.cases_view:
            self.cases_view.focus_search()
        elif self.credit_view is not None and current is self.credit_view:
            self.credit_view.id_edit.setFocus()
            self.credit_view.id_edit.selectAll()

    def _query(self) -> str:
        return self.search_edit.text().strip()

    def results_are_current(self) -> bool:
        """True when the list shows the results of what the search box holds."""
        return self._shown_query == self._query()

    def _search_now(self) -> None:
        """Search at once for what the box holds, unless that search is already under way."""
        waiting = self._search_timer.isActive()
        self._search_timer.stop()
        if waiting or self._requested_query != self._query():
            self.run_search()

    def _when_current(self, command: Callable[[], object]) -> bool:
        """False (and ``command`` runs once the list shows the current query) while the list
        still shows an older query's results; True when it shows the current one."""
        if self.results_are_current():
            return True
        self._pending_command = command
        self._search_now()
        return False

    def move_in_results(self, steps: int) -> None:
        """Move the results' current row (Up/Down in the search box)."""
        if not self.results_are_current():
            self._pending_steps += steps
            self._search_now()
            return
        count = self.results_model.rowCount()
        if not count:
            return
        row = max(self.results.currentIndex().row(), 0)
        self.results.setCurrentIndex(self.results_model.index(max(0, min(count - 1, row + steps))))

    def run_search(self) -> None:
        """Search on the database worker; an answer to an older query is dropped."""
        db = self.station.db
        if db is None and not self.fast_start.answering:
            return
        self._search_timer.stop()  # it would search for the same text again
        text = self._query()
        self._requested_query = text
        self._search_generation += 1
        generation = self._search_generation
        if not text:
            self._show_hits(generation, [], text)
            return
        if db is None:  # still opening: its read-only search index answers (ui.fast_start)
            self.fast_start.search(
                text, SEARCH_LIMIT, lambda hits: self._show_hits(generation, hits, text)
            )
            return

        def work() -> list[Any]:
            from app.catalog.search import search

            return search(db, text, SEARCH_LIMIT)

        self.station.db_runner.submit(
            work,
            lambda hits: self._show_hits(generation, hits, text),
            label=self.tr("正在查找……"),
        )

    def _show_hits(self, generation: int, hits: list[Any], query: str) -> None:
        if generation != self._search_generation:
            return
        self._shown_query = query
        self.results_model.set_hits(hits)
        text = query
        if not text:
            self.result_hint.setText(self.tr("请输入要查找的内容。"))
        elif not hits:
            self.result_hint.setText(
                self.tr("没有找到“{text}”。请换个说法，或只输入关键的两三个字。").format(text=text)
            )
        else:
            self.result_hint.setText(
                self.tr("找到 {n} 项 · ↑↓ 选择，回车受理，Ctrl+P 打印办事指南").format(n=len(hits))
            )
        if hits:
            self.results.setCurrentIndex(self.results_model.index(0))
        steps, self._pending_steps = self._pending_steps, 0
        if steps:
            self.move_in_results(steps)
        self.search_finished.emit(len(hits))
        command, self._pending_command = self._pending_command, None
        if command is not None and self.results_are_current():
            command()

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        index = indexes[0]
        self.open_entry(str(index.data(SearchRole.KIND)), str(index.data(SearchRole.CODE)))

    def _result_activated(self, _index: QModelIndex) -> None:
        self.new_case()  # Enter or a double click on a result

    def current_hit(self) -> tuple[str, str, str] | None:
        """(kind, code, name) of the results list's current row, if any."""
        index = self.results.currentIndex()
        if not index.isValid():
            return None
        return (
            str(index.data(SearchRole.KIND)),
            str(index.data(SearchRole.CODE)),
            str(index.data(SearchRole.NAME)),
        )

    def selected_target(self) -> tuple[str, str] | None:
        """(kind, code) of the matter or bundle at the results list's current row: what a new
        case or a guide is for (never what the detail pane happens to show)."""
        hit = self.current_hit()
        if hit is None or hit[0] not in ("matter", "bundle"):
            return None
        return hit[0], hit[1]

    def _target_or_say_why(self, command: str) -> tuple[str, str] | None:
        """The current matter or bundle; else a status bar message saying what to pick."""
        hit = self.current_hit()
        if hit is not None and hit[0] in ("matter", "bundle"):
            return hit[0], hit[1]
        if hit is None:
            text = self.tr("请先在查询结果中选择一个事项或一件事，再{command}。").format(
                command=command
            )
        else:
            text = self.tr(
                "“{name}”是证明事项，不能直接{command}：请选择需要它的事项或一件事"
                "（右侧列出了需要此证明的事项）。"
            ).format(name=hit[2], command=command)
        self.statusBar().showMessage(text, STATUS_MESSAGE_MS)
        return None

    def open_entry(self, kind: str, code: str) -> None:
        """Load a matter, item or bundle into the detail pane (on the database worker)."""
        db = self.station.db
        if db is None:
            return
        self._detail_generation += 1
        generation = self._detail_generation

        def work() -> tuple[str, Any, Any]:
            from app.catalog import views

            if kind == "matter":
                return kind, views.get_matter(db, code), None
            if kind == "bundle":
                return kind, views.get_bundle(db, code), None
            return kind, views.get_item(db, code), views.matters_demanding(db, code)

        self.station.db_runner.submit(
            work,
            lambda result: self._show_entry(generation, result),
            label=self.tr("正在读取……"),
        )

    def _show_entry(self, generation: int, result: tuple[str, Any, Any]) -> None:
        if generation != self._detail_generation:
            return
        kind, view, extra = result
        if self.detail is None:
            return
        if kind == "matter":
            self.detail.show_matter(view)
        elif kind == "bundle":
            self.detail.show_bundle(view)
        else:
            self.detail.show_item(view, extra)
        self.detail_shown.emit(kind, view.code)

    # ------------------------------------------------------------------ commands
    def new_case(self) -> None:
        """Take in a case for the results list's current matter or bundle (Enter, Ctrl+N)."""
        if self.station.db is None and self.fast_start.searchable:
            self.fast_start.when_open(self.new_case)  # Enter on an early result: once it opens
        if self.station.db is None or not self._when_current(self.new_case):
            return
        target = self._target_or_say_why(self.tr("受理"))
        if target is not None:
            self.open_intake(target=target)

    def open_intake(self, target: tuple[str, str] | None = None, case_id: str | None = None) -> Any:
        """Open the intake dialog for a new case (target) or to continue one (case_id)."""
        from ui.intake.dialog import IntakeDialog

        for open_dialog in self._dialogs:
            if case_id is not None and getattr(open_dialog, "case_id", None) == case_id:
                open_dialog.raise_()
                open_dialog.activateWindow()
                return open_dialog
        came_from = self.tabs.currentWidget()
        dialog = IntakeDialog(self.station, target=target, case_id=case_id, parent=self)
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        dialog.finished.connect(lambda _result: self._back_from_intake(came_from))
        self._dialogs.append(dialog)
        dialog.open()
        return dialog

    def _back_from_intake(self, came_from: QWidget) -> None:
        """Ready for the next applicant: the search box (or the cases search) with its text
        selected, in an active window (not every platform re-activates it by itself)."""
        self.activateWindow()
        if self.cases_view is not None and came_from is self.cases_view:
            self.tabs.setCurrentWidget(self.cases_view)
            self.cases_view.focus_search()
        else:
            self.focus_search()

    def _forget_dialog(self, dialog: QWidget) -> None:
        if dialog in self._dialogs:
            self._dialogs.remove(dialog)
        dialog.deleteLater()

    def _data_changed(self, _changes: Change) -> None:
        self.refresh_status()  # the records waiting for sync, at least

    def _tab_changed(self, _index: int) -> None:
        current = self.tabs.currentWidget()
        if self.cases_view is not None and current is self.cases_view:
            self.cases_view.reload()
        elif self.credit_view is not None and current is self.credit_view:
            self.credit_view.id_edit.setFocus()

    def print_guide(self) -> None:
        """Preview the guide of the results list's current matter or bundle (Ctrl+P)."""
        if self.station.db is None or not self._when_current(self.print_guide):
            return
        target = self._target_or_say_why(self.tr("打印办事指南"))
        if target is None:
            return
        from ui.printing.actions import preview_guide

        preview_guide(self, self.station, *target)

    def export_guides(self) -> Any:
        """Export the guide of every matter as PDF files into a folder the clerk picks."""
        if self.station.db is None:
            return None
        from ui.printing.export import export_all_guides_dialog

        return export_all_guides_dialog(self, self.station)

    def import_catalog(self) -> Any:
        """Import a catalog file or registers the clerk picks (ui.catalog_import)."""
        if self.station.db is None:
            return None
        from ui.catalog_import import import_catalog_dialog

        task = import_catalog_dialog(self, self.station)
        if task is not None:
            task.imported.connect(self._catalog_imported)
        return task

    def _catalog_imported(self, _report: Any) -> None:
        self.refresh_status()  # the catalog's version (示例数据 no more)
        self.run_search()  # the hits of the new catalog

    def open_settings(self) -> Any:
        from ui.settings_dialog import SettingsDialog

        enrolled = self.sync.enrolment
        dialog = SettingsDialog(
            self.station.settings,
            self.station.data_dir,
            self,
            connect=self.open_connect,
            enrolled_window=enrolled.code if enrolled is not None and enrolled.is_window else None,
        )
        dialog.accepted.connect(self.check_hub)
        dialog.accepted.connect(self.sync.apply_interval)
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self._dialogs.append(dialog)
        dialog.open()
        return dialog

    def open_connect(self) -> Any:
        """Settings → 连接中心: enrol this data directory with the hub (ui.connect_dialog)."""
        from ui.connect_dialog import ConnectDialog

        dialog = ConnectDialog(self.station, self.sync.enrolment, self)
        dialog.connected.connect(lambda _done: self.sync.refresh())
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self._dialogs.append(dialog)
        dialog.open()
        return dialog

    def _enrolment_known(self, enrolment: Any) -> None:
        """The title names the enrolled window or department; a department gets its 待核验
        inbox (Ctrl+4) and takes in no cases; the sync status replaces the hub labels."""
        from ui.inbox_view import InboxView

        connected = enrolment is not None
        self.hub_label.setHidden(connected)
        self.outbox_label.setHidden(connected)
        department = connected and enrolment.is_department
        role = self.tr("部门核验") if department else self.tr("窗口受理")
        label = f" · {enrolment.label}" if connected else ""
        self.setWindowTitle(self.tr("无证明办事 · {role}").format(role=role) + label)
        self.new_case_action.setEnabled(not department)
        if department and self.inbox_view is None:
            inbox = self.inbox_view = InboxView(self.station)
            inbox.setObjectName("inboxView")
            self.tabs.addTab(inbox, self.tr("待核验"))
            show = QAction(self.tr("待核验"), self)
            show.setShortcut("Ctrl+4")
            show.triggered.connect(self.show_inbox)
            self.addAction(show)
            inbox.reload()
            self.show_inbox()

    def show_inbox(self) -> None:
        """The department's 待核验 tab, its list focused (Ctrl+4)."""
        if self.inbox_view is not None:
            self.tabs.setCurrentWidget(self.inbox_view)
            self.inbox_view.focus_list()

    def show_about(self) -> None:
        inform(
            self,
            self.tr("关于"),
            self.tr("无证明办事 · 窗口端\n数据目录：{path}").format(path=self.station.data_dir),
        )

    # ------------------------------------------------------------------ layout memory
    def _restore_layout(self) -> None:
        settings = self.station.settings
        geometry = settings.layout_state("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = settings.layout_state("main/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_layout(self) -> None:
        settings = self.station.settings
        settings.set_layout_state("main/geometry", self.saveGeometry())
        settings.set_layout_state("main/splitter", self.splitter.saveState())
        if self.cases_view is not None:
            self.cases_view.save_state()
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.audit_check.shutdown()
        self.sync.shutdown()
        self._hub_timer.stop()
        self.station.net_runner.shutdown(wait=False)
        self.fast_start.shutdown()  # before the database worker: its open waits for nothing
        self.station.db_runner.shutdown(wait=True)
        self.upkeep.shutdown()
        super().closeEvent(event)


def _age_days(published_at: str) -> int | None:
    try:
        published = date.fromisoformat(published_at[:10])
    except ValueError:
        return None
    return max((date.today() - published).days, 0)
