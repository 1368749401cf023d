"""The clerk's main window: the tabs (事项查询, 办件, 信用查询; 待核验 on a department's
device), the menus and the status bar, and the start sequence that opens the database.

The window is shown before anything is loaded; :meth:`MainWindow.start` then opens the database
on the database worker (the first start of a new data directory imports the sample catalog)
while the status bar shows progress.

Its parts, each in a module of its own: the search tab (:mod:`ui.search_tab`: the search box,
its results, the detail pane and what the keys act on), the actions and menus
(:mod:`ui.window_menus`), the status bar (:mod:`ui.status_bar`), the two-part open with its
early searches (:mod:`ui.fast_start`), sync (:mod:`ui.sync_status`), the audit check
(:mod:`ui.audit_check`), backups and restore (:mod:`ui.recovery`) and the catalog diff
(:mod:`ui.catalog_diff`). The window composes them and runs the commands of its menus.

Keyboard: the search box has the focus (Ctrl+F); Enter or Ctrl+N takes in a case for the
highlighted matter or bundle and Ctrl+P previews its guide (:mod:`ui.search_tab` says what they
act on). When the intake closes, the focus is back in the search box with its text selected.
Ctrl+1/2/3 switch to 事项查询, 办件 and 信用查询.

Signals:
    started(): the database's cheap first part is done (or failed): the window is complete.
    database_ready(): the database is open and the catalog loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from ui.context import Workstation
from ui.errors import inform, show_error
from ui.fast_start import FastStart
from ui.search_tab import SearchTab
from ui.status_bar import WindowStatusBar
from ui.tasks import Change
from ui.window_menus import WindowMenus

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from ui.cases_view import CasesView
    from ui.credit import CreditCheckView
    from ui.inbox_view import InboxView


class MainWindow(QMainWindow):
    """The workstation window; see the module docstring for its signals."""

    started = Signal()
    database_ready = Signal()

    def __init__(self, station: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
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

        self.search_tab = SearchTab(station, self.fast_start)
        self.search_tab.take_in.connect(self.new_case)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(self.search_tab, self.tr("事项查询"))
        self.setCentralWidget(self.tabs)

        from ui.audit_check import AuditCheck  # the audit trail: a menu item, a check at start
        from ui.catalog_diff_menu import CatalogDiffMenu  # 比较目录版本… (issue 11)
        from ui.recovery import Upkeep  # backups, restore, the log folder (issue 12)
        from ui.sync_status import SyncController  # 同步, the periodic sync (issue 10)

        self.catalog_diff = CatalogDiffMenu(self, station)
        self.audit_check = AuditCheck(self, station)
        self.sync = SyncController(station, self)
        self.sync.enrolment_changed.connect(self._enrolment_known)
        self.upkeep = Upkeep(self, station, reopen=self.start)
        self.menus = WindowMenus(self)
        self.status_bar = WindowStatusBar(station, self.sync.widget)
        self.setStatusBar(self.status_bar)
        self.sync.message.connect(self.status_bar.say)
        self.search_tab.message.connect(self.status_bar.say)

        self._restore_layout()
        self.search_tab.search_edit.setFocus()

    def _build_deferred(self) -> None:
        # Built right after the window is first shown: the search box is what the clerk needs
        # first, and loading these widgets' Qt classes takes a noticeable time on a slow PC.
        from ui.cases_view import CasesView
        from ui.credit import CreditCheckView

        self.search_tab.install_detail()
        self.cases_view = CasesView(self.station)
        self.cases_view.setObjectName("casesView")
        self.cases_view.open_case.connect(lambda case_id: self.open_intake(case_id=case_id))
        self.cases_view.restore_state()
        self.tabs.addTab(self.cases_view, self.tr("办件"))
        self.credit_view = CreditCheckView(self.station)
        self.credit_view.setObjectName("creditView")
        self.tabs.addTab(self.credit_view, self.tr("信用查询"))
        for index, tab_action in enumerate(self.menus.tab_actions):
            self.tabs.setTabToolTip(index, tab_action.shortcut().toString())
        self.tabs.currentChanged.connect(self._tab_changed)

    # ------------------------------------------------------------------ start-up
    def start(self) -> None:
        """Open the database off the GUI thread (in two parts: :mod:`ui.fast_start`), and
        finish the window once its first, cheap part is done.

        A first start of a new data directory also imports the sample catalog (seconds); the
        status bar shows the progress meanwhile, and the search box already takes input.
        """
        self.status_bar.opening()
        self.fast_start.open(self._database_checked, self._database_opened, self._database_failed)
        if self.search_tab.query():
            self.search_tab.search_now()  # typed as the window appeared: the check answers it

    def _database_checked(self, searchable: bool) -> None:
        if searchable:  # still opening, but its search index answers
            self.search_tab.answering()
            self.search_tab.catch_up()
        self._finish_start()

    def _finish_start(self) -> None:  # after the database's first part: nothing delays a search
        if self.search_tab.detail is None:
            self._build_deferred()
            self.status_bar.start_hub_checks()
        self.started.emit()

    def _database_opened(self, db: Any) -> None:
        self.station.db = db
        self.menus.new_case_action.setEnabled(True)
        self.menus.print_action.setEnabled(True)
        self.search_tab.answering()
        self.status_bar.refresh()
        self.sync.refresh()  # who this device is; where syncing stands
        if self.cases_view is not None:
            self.cases_view.reload()
        self.database_ready.emit()
        self.search_tab.catch_up(details=True)  # or the details of a result found before
        self.upkeep.after_open()  # the day's backup, warnings about the machine

    def _database_failed(self, exc: BaseException) -> None:
        if self.search_tab.detail is None:  # the first part failed
            self._finish_start()
        self.search_tab.unavailable()
        self.status_bar.unavailable()
        if not self.upkeep.offer_restore(exc):  # damage: the newest good backup is offered
            show_error(self, exc)

    # ------------------------------------------------------------------ tabs
    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.search_tab)
        self.search_tab.focus_search()

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

    # ------------------------------------------------------------------ commands
    def new_case(self) -> None:
        """Take in a case for the results list's current matter or bundle (Enter, Ctrl+N)."""
        if self.station.db is None and self.fast_start.searchable:
            self.fast_start.when_open(self.new_case)  # Enter on an early result: once it opens
        if self.station.db is None or not self.search_tab.when_current(self.new_case):
            return
        target = self.search_tab.target_or_say_why(self.tr("受理"))
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
        self.status_bar.refresh()  # the records waiting for sync, at least

    def _tab_changed(self, _index: int) -> None:
        current = self.tabs.currentWidget()
        if self.cases_view is not None and current is self.cases_view:
            self.cases_view.reload()
        elif self.credit_view is not None and current is self.credit_view:
            self.credit_view.id_edit.setFocus()

    def print_guide(self) -> None:
        """Preview the guide of the results list's current matter or bundle (Ctrl+P)."""
        if self.station.db is None or not self.search_tab.when_current(self.print_guide):
            return
        target = self.search_tab.target_or_say_why(self.tr("打印办事指南"))
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
        self.status_bar.refresh()  # the catalog's version (示例数据 no more)
        self.search_tab.run_search()  # the hits of the new catalog

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
        dialog.accepted.connect(self.status_bar.check_hub)
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
        self.status_bar.enrolled(connected)
        department = connected and enrolment.is_department
        role = self.tr("部门核验") if department else self.tr("窗口受理")
        label = f" · {enrolment.label}" if connected else ""
        self.setWindowTitle(self.tr("无证明办事 · {role}").format(role=role) + label)
        self.menus.new_case_action.setEnabled(not department)
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
            self.search_tab.restoreState(splitter)

    def save_layout(self) -> None:
        settings = self.station.settings
        settings.set_layout_state("main/geometry", self.saveGeometry())
        settings.set_layout_state("main/splitter", self.search_tab.saveState())
        if self.cases_view is not None:
            self.cases_view.save_state()
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.audit_check.shutdown()
        self.sync.shutdown()
        self.status_bar.stop_hub_checks()
        self.station.net_runner.shutdown(wait=False)
        self.fast_start.shutdown()  # before the database worker: its open waits for nothing
        self.station.db_runner.shutdown(wait=True)
        self.upkeep.shutdown()
        super().closeEvent(event)
