"""The 事项查询 tab: the search box, its results and the detail pane of the current result.

Keyboard: Up/Down/PageUp/PageDown in the search box move through the results; Enter in it (or
on a result, or a double click) asks the window to take in a case (:attr:`SearchTab.take_in`).
What the window's commands act on is always the results list's current row at the moment of
the key press (:meth:`SearchTab.current_hit`; never the detail pane, which loads afterwards);
keys pressed while the list still shows an older query's results wait for the current one
(:meth:`SearchTab.when_current`). On a certificate item :meth:`SearchTab.target_or_say_why`
says in the status bar why nothing opens.

Searches run on the database worker, or before the database is open on the read-only index of
:mod:`ui.fast_start`; an answer to an older query is dropped. The detail pane is a plain label
until the window installs the real one (:meth:`SearchTab.install_detail`), so the first frame
needs none of its Qt classes.

Signals:
    search_finished(int): the hits of the latest search are shown (their count).
    detail_shown(str, str): the detail pane shows (kind, code).
    take_in(): Enter in the search box or on a result, or a double click on one.
    message(str): a status bar message (what to pick before a command).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QItemSelection, QModelIndex, QTimer, Signal
from PySide6.QtWidgets import QLabel, QListView, QSplitter, QVBoxLayout, QWidget

from ui.search_box import SearchBox
from ui.search_model import SearchHitDelegate, SearchResultsModel, SearchRole

if TYPE_CHECKING:
    from ui.context import Workstation
    from ui.detail import DetailPane
    from ui.fast_start import FastStart

SEARCH_DEBOUNCE_MS = 150
SEARCH_LIMIT = 100


def placeholder_hint() -> str:
    return QCoreApplication.translate(
        "Detail", "在左侧输入事项、证明或“一件事”的名称、拼音或首字母进行查找。"
    )


class SearchTab(QSplitter):
    """The search page (a horizontal splitter: search and results | detail); see the module
    docstring for its signals."""

    search_finished = Signal(int)
    detail_shown = Signal(str, str)
    take_in = Signal()
    message = Signal(str)

    def __init__(
        self, station: Workstation, fast_start: FastStart, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)  # horizontal
        self.station = station
        self.fast_start = fast_start
        self._search_generation = 0
        self._detail_generation = 0
        self._requested_query: str | None = None  # the query searched last
        self._shown_query: str | None = None  # the query whose results the list shows
        self._pending_steps = 0  # Up/Down pressed before the list showed the current query
        self._pending_command: Callable[[], object] | None = None  # likewise Enter, Ctrl+N/P
        self.setObjectName("searchSplitter")

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

        # A plain label stands in for the detail pane until install_detail() builds the real
        # one, so the first frame needs none of the detail pane's Qt classes.
        self.detail: DetailPane | None = None
        stand_in = QLabel(placeholder_hint())
        stand_in.setStyleSheet("color: #5f6368; qproperty-alignment: AlignCenter;")
        stand_in.setWordWrap(True)

        self.addWidget(left)
        self.addWidget(stand_in)
        self.setStretchFactor(0, 2)
        self.setStretchFactor(1, 3)
        self.setSizes([420, 740])
        self.setTabOrder(self.search_edit, self.results)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.take_in)
        self.search_edit.moved.connect(self.move_in_results)

    def install_detail(self) -> None:
        """Put the real detail pane in place of the stand-in label (after the first frame)."""
        from ui.detail import DetailPane

        self.detail = DetailPane()
        self.detail.setObjectName("detailPane")
        self.detail.open_requested.connect(self.open_entry)
        sizes = self.sizes()
        stand_in = self.replaceWidget(1, self.detail)
        if stand_in is not None:
            stand_in.deleteLater()
        self.setSizes(sizes)
        self.setTabOrder(self.results, self.detail)

    def focus_search(self) -> None:
        """The focus in the search box, its text selected."""
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # ------------------------------------------------------------------ the database
    def answering(self) -> None:
        """The database, or its read-only index, answers searches now."""
        self.result_hint.setText(self.tr("请输入要查找的内容。"))

    def catch_up(self, *, details: bool = False) -> None:
        """Search for what was typed while nothing answered; with ``details``, when the list
        is current already, load the details of a result found before the database opened."""
        if self.query() and not self.results_are_current():
            self.run_search()
        elif details and (hit := self.current_hit()) is not None:
            self.open_entry(hit[0], hit[1])

    def unavailable(self) -> None:
        """The database could not be opened."""
        self.result_hint.setText(self.tr("数据库无法打开，请查看提示信息。"))

    # ------------------------------------------------------------------ searching
    def query(self) -> str:
        return self.search_edit.text().strip()

    def results_are_current(self) -> bool:
        """True when the list shows the results of what the search box holds."""
        return self._shown_query == self.query()

    def search_now(self) -> None:
        """Search at once for what the box holds, unless that search is already under way."""
        waiting = self._search_timer.isActive()
        self._search_timer.stop()
        if waiting or self._requested_query != self.query():
            self.run_search()

    def when_current(self, command: Callable[[], object]) -> bool:
        """False (and ``command`` runs once the list shows the current query) while the list
        still shows an older query's results; True when it shows the current one."""
        if self.results_are_current():
            return True
        self._pending_command = command
        self.search_now()
        return False

    def move_in_results(self, steps: int) -> None:
        """Move the results' current row (Up/Down in the search box)."""
        if not self.results_are_current():
            self._pending_steps += steps
            self.search_now()
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
        text = self.query()
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
        self.take_in.emit()  # Enter or a double click on a result

    # ------------------------------------------------------------------ the current row
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

    def target_or_say_why(self, command: str) -> tuple[str, str] | None:
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
        self.message.emit(text)
        return None

    # ------------------------------------------------------------------ the detail pane
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
