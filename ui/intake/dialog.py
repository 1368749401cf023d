"""The intake (受理) dialog: the applicant, then one row per certificate item.

Page 1 (:class:`~ui.intake.applicant.ApplicantPage`) takes the applicant, checked as the
clerk types; "开始受理" creates the case. Page 2 shows one
:class:`~ui.intake.resolution_row.ResolutionRow` per certificate item (each once, even in a
bundle), where the clerk records the measure used; every change is saved at once through
:class:`app.cases.CaseService`, so the dialog can be closed and the case resumed later from the
cases view. "办结" stays disabled, with the reasons shown, until nothing is missing.
"撤销办件…" cancels an open case (the applicant left, or the wrong matter was picked) after the
clerk gives the reason in :class:`~ui.intake.cancel.CancelCaseDialog`.

Every change is a task that says it changes cases (:attr:`ui.tasks.Change.CASES`): the cases
list and the status bar reload themselves when it is done.

Keyboard (page 2): the first item that needs the clerk has the focus when the page opens (for a
case reopened from 办件 too: else 办结 when it can be finished, else 刷新); Enter in a row records
it and moves on to the next item that needs the clerk; 一键登记 (Alt+A) records, in one go,
every item whose default needs no one (cancelled, data queries, verifications), leaving the
rows that need the clerk. Tab goes through the rows, then the buttons; the scroll area is never
a stop. 打印回执 is Alt+P or Ctrl+P (Ctrl+P prints in every window), 保存并关闭 Alt+S, 办结
Alt+F.

Signals:
    case_loaded(str): the case (id) is shown on page 2 with fresh data from the database.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import ApplicantKind, CaseStatus
from ui.context import Workstation
from ui.errors import is_user_error, show_error, user_message
from ui.intake.applicant import ApplicantPage
from ui.intake.cancel import CancelCaseDialog
from ui.intake.resolution_row import ResolutionRow
from ui.intake.styles import ERROR_STYLE, OK_STYLE, WARN_STYLE
from ui.tasks import Change

if TYPE_CHECKING:
    from app.cases import Applicant, CaseService, CaseView, MeasureOption
    from app.catalog.views import BundleView, MatterView


class IntakeDialog(QDialog):
    """Take in a new case, or continue one; see the module docstring."""

    case_loaded = Signal(str)

    def __init__(
        self,
        station: Workstation,
        target: tuple[str, str] | None = None,
        case_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if target is None and case_id is None:
            raise ValueError("IntakeDialog needs a target (kind, code) or a case id")
        self.station = station
        self.target = target
        self.case_id = case_id
        self.case: CaseView | None = None
        self.rows: dict[str, ResolutionRow] = {}
        self.options: dict[str, list[MeasureOption]] = {}
        # Where the focus goes once the case is shown again: "open" (the page just opened),
        # "all" (after 一键登记), the code of the row recorded from the keyboard (the next
        # row after it), or None (it stays where it is).
        self._focus_after_load: str | None = "open"
        self.setWindowTitle(self.tr("受理办件"))
        self.resize(900, 680)
        self.setSizeGripEnabled(True)

        self.pages = QStackedWidget()
        self.applicant = ApplicantPage(station)
        self.applicant.submitted.connect(self._take_in)
        self.applicant.cancelled.connect(self.reject)
        self.pages.addWidget(self.applicant)
        self._build_resolution_page()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

        settings = station.settings.layout_state("intake/geometry")
        if settings is not None:
            self.restoreGeometry(settings)

        station.db_runner.changed.connect(self._data_changed)
        if case_id is not None:
            self.pages.setCurrentWidget(self.resolution_page)
            self.reload(audit_access=True)  # reopening a case reads the applicant's data
        else:
            self.applicant.name_edit.setFocus()  # typing never waits for the matter to load
            self._load_subject()

    # ------------------------------------------------------------------ page 1: applicant
    def _load_subject(self) -> None:
        db = self.station.db
        assert self.target is not None
        kind, code = self.target
        if db is None:
            return

        def work() -> MatterView | BundleView:
            from app.catalog.views import get_bundle, get_matter

            return get_bundle(db, code) if kind == "bundle" else get_matter(db, code)

        show = self.applicant.show_bundle if kind == "bundle" else self.applicant.show_matter
        self.station.db_runner.submit(work, show, label=self.tr("正在读取事项……"), owner=self)

    def _take_in(self, applicant: Applicant) -> None:
        """Create the case for the applicant page 1 accepted (on the database worker)."""
        assert self.target is not None and self.station.db is not None
        kind, code = self.target
        service = self._service()

        def work() -> CaseView:
            if kind == "bundle":
                return service.new_case(applicant, bundle_code=code)
            return service.new_case(applicant, matter_code=code)

        def failed(exc: BaseException) -> None:
            if is_user_error(exc):  # a refusal, or the machine's condition (a full disk…)
                self.applicant.show_refusal(user_message(exc))
            else:
                self.applicant.start_button.setEnabled(True)
                show_error(self, exc)

        self.station.db_runner.submit(
            work,
            self._case_created,
            failed,
            self.tr("正在受理……"),
            owner=self,
            changes=Change.CASES,
        )

    def _case_created(self, case: CaseView) -> None:
        self.case_id = case.id
        self.pages.setCurrentWidget(self.resolution_page)
        self.reload()

    def _service(self) -> CaseService:
        from app.cases import CaseService

        assert self.station.db is not None
        return CaseService(
            self.station.db, clerk=self.station.clerk, window_code=self.station.window_code
        )

    # ------------------------------------------------------------------ page 2: resolutions
    def _build_resolution_page(self) -> None:
        page = QWidget()
        self.case_title = QLabel()
        self.case_title.setObjectName("caseTitle")
        self.case_title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.case_title.setWordWrap(True)
        self.case_info = QLabel()
        self.case_info.setObjectName("caseInfo")
        self.case_info.setWordWrap(True)
        self.case_info.setStyleSheet("color: #5f6368;")

        self.resolve_all_button = QPushButton(self.tr("一键登记(&A)"))
        self.resolve_all_button.setObjectName("resolveAll")
        self.resolve_all_button.setAutoDefault(False)
        self.resolve_all_button.setToolTip(
            self.tr(
                "按默认方式登记所有无需填写内容的证明（直接取消、数据查询、部门核验），"
                "只留下需要受理员处理的证明（Alt+A）"
            )
        )
        self.resolve_all_button.setEnabled(False)
        self.resolve_all_button.clicked.connect(self.resolve_all)
        self.rows_title = QLabel()
        self.rows_title.setObjectName("rowsTitle")
        self.rows_title.setStyleSheet("color: #5f6368;")
        rows_head = QHBoxLayout()
        rows_head.addWidget(self.rows_title, 1)
        rows_head.addWidget(self.resolve_all_button)

        self.rows_widget = QWidget()
        self.rows_layout = QVBoxLayout(self.rows_widget)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("rowsArea")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.rows_widget)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from row to row, not here
        self.rows_area = scroll

        self.missing_label = QLabel()
        self.missing_label.setObjectName("missing")
        self.missing_label.setWordWrap(True)

        self.pledge_button = QPushButton(self.tr("打印承诺书(&C)"))
        self.pledge_button.setObjectName("printPledge")
        self.pledge_button.setToolTip(self.tr("打印告知承诺书，由申请人签字（Alt+C）"))
        self.pledge_button.clicked.connect(self.print_pledges)
        self.receipt_button = QPushButton(self.tr("打印回执(&P)"))
        self.receipt_button.setObjectName("printReceipt")
        self.receipt_button.setToolTip(self.tr("打印受理回执（Alt+P 或 Ctrl+P）"))
        self.receipt_button.clicked.connect(self.print_receipt)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setObjectName("refresh")
        self.refresh_button.setToolTip(self.tr("重新读取办件（查看是否已有核验答复）（F5）"))
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_button.clicked.connect(self.reload)
        self.save_button = QPushButton(self.tr("保存并关闭(&S)"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setToolTip(
            self.tr("已登记的内容均已保存，可稍后在“办件”中继续办理（Alt+S）")
        )
        self.save_button.clicked.connect(self.accept)
        self.cancel_case_button = QPushButton(self.tr("撤销办件(&X)…"))
        self.cancel_case_button.setObjectName("cancelCaseButton")
        self.cancel_case_button.setToolTip(self.tr("申请人放弃申请或选错事项时撤销本办件（Alt+X）"))
        self.cancel_case_button.setEnabled(False)
        self.cancel_case_button.clicked.connect(self.ask_cancel_case)
        self.finish_button = QPushButton(self.tr("办结(&F)"))
        self.finish_button.setObjectName("finishButton")
        self.finish_button.setEnabled(False)
        self.finish_button.clicked.connect(self.finish_case)
        self.buttons_in_order = [  # left to right, as Tab visits them after the rows
            self.pledge_button,
            self.receipt_button,
            self.cancel_case_button,
            self.refresh_button,
            self.save_button,
            self.finish_button,
        ]
        for button in self.buttons_in_order:
            button.setAutoDefault(False)  # Enter belongs to the rows
        # Ctrl+P prints in every window: here the receipt (the buttons keep their Alt keys)
        self.print_action = QAction(self.tr("打印回执"), self)
        self.print_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_action.setEnabled(False)
        self.print_action.triggered.connect(self.print_receipt)
        self.addAction(self.print_action)

        buttons = QHBoxLayout()
        for position, button in enumerate(self.buttons_in_order):
            if position == 3:
                buttons.addStretch(1)  # printing and cancelling left, the case's end right
            buttons.addWidget(button)

        layout = QVBoxLayout(page)
        layout.addWidget(self.case_title)
        layout.addWidget(self.case_info)
        layout.addLayout(rows_head)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.missing_label)
        layout.addLayout(buttons)
        self.resolution_page = page
        self.pages.addWidget(page)

    def reload(self, *, audit_access: bool = False) -> None:
        """Read the case and every item's options again (on the database worker)."""
        if self.case_id is None or self.station.db is None:
            return
        service = self._service()
        case_id = self.case_id

        def work() -> tuple[CaseView, dict[str, list[MeasureOption]]]:
            case = service.get(case_id, audit_access=audit_access)
            return case, service.all_options(case.id)

        self.station.db_runner.submit(
            work, self._show_case, label=self.tr("正在读取办件……"), owner=self
        )

    def _data_changed(self, changes: Change) -> None:
        if Change.ANSWERS in changes and self.case is not None:
            self.reload()  # a sync brought answers: a data query's, a department's

    def _show_case(self, result: tuple[CaseView, dict[str, list[MeasureOption]]]) -> None:
        case, options = result
        self.case = case
        self.case_id = case.id
        editable = case.status == CaseStatus.OPEN
        self.setWindowTitle(self.tr("办件 {number}").format(number=case.number))
        self.case_title.setText(case.subject)
        kind = self.tr("个人") if case.applicant_kind == ApplicantKind.PERSON else self.tr("企业")
        self.case_info.setText(
            self.tr("办件编号 {number} · {kind}申请人 {name}（{id}）· 状态：{status}").format(
                number=case.number,
                kind=kind,
                name=case.applicant_name,
                id=case.applicant_id_masked,
                status=case.status_label,
            )
            + (self.tr("（待同步）") if case.provisional else "")
        )
        added = False
        for resolution in case.resolutions:
            row = self.rows.get(resolution.item_code)
            if row is None:
                row = ResolutionRow(resolution.item_code)
                row.resolve_requested.connect(self._resolve)
                row.entered.connect(self.rows_area.ensureWidgetVisible)
                self.rows[resolution.item_code] = row
                self.rows_layout.insertWidget(self.rows_layout.count() - 1, row)
                row.show()  # now, not after the next event loop pass
                added = True
            row.set_data(resolution, options.get(resolution.item_code, []), editable)
        if added:
            self._chain_tab_order()
        self.options = options
        automatic = self.automatic_rows()
        self.resolve_all_button.setEnabled(editable and bool(automatic))
        waiting = sum(1 for row in self.rows.values() if row.needs_clerk)
        if automatic:
            title = self.tr("证明事项 {n} 项，其中 {m} 项可一键登记（Alt+A），回车登记所在的一项")
        elif waiting:
            title = self.tr("证明事项 {n} 项，{k} 项待受理员处理：回车按所选方式登记")
        else:
            title = self.tr("证明事项 {n} 项，均已登记")
        self.rows_title.setText(title.format(n=len(case.resolutions), m=len(automatic), k=waiting))
        if case.missing:
            self.missing_label.setText(
                self.tr("尚不能办结：") + "\n" + "\n".join(f"• {m}" for m in case.missing)
            )
            self.missing_label.setStyleSheet(WARN_STYLE)
        elif editable:
            self.missing_label.setText(self.tr("所有证明均已处理，可以办结。"))
            self.missing_label.setStyleSheet(OK_STYLE)
        elif case.cancel_reason:
            self.missing_label.setText(
                self.tr("此办件已撤销，原因：{reason}").format(reason=case.cancel_reason)
            )
            self.missing_label.setStyleSheet(WARN_STYLE)
        else:
            self.missing_label.setText(self.tr("此办件{status}。").format(status=case.status_label))
            self.missing_label.setStyleSheet(OK_STYLE)
        self.cancel_case_button.setEnabled(editable)
        self.finish_button.setEnabled(case.can_finish)
        self.finish_button.setToolTip(
            "" if case.can_finish else self.tr("尚有未处理的证明或未答复的核验，暂不能办结")
        )
        self.pledge_button.setEnabled(any(r.pledge_id for r in case.resolutions))
        self.receipt_button.setEnabled(True)
        self.print_action.setEnabled(True)
        self._move_focus()
        self.case_loaded.emit(case.id)

    # ------------------------------------------------------------------ keyboard
    def _chain_tab_order(self) -> None:
        """Tab: 一键登记, each row's inputs top to bottom, then the buttons left to right."""
        chain: list[QWidget] = [self.resolve_all_button]
        for row in self.rows.values():
            chain.extend(row.inputs())
        chain.extend(self.buttons_in_order)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _move_focus(self) -> None:
        """After a load: the next thing to do (see the module docstring), or nowhere."""
        after, self._focus_after_load = self._focus_after_load, None
        if after is None or self.case is None:
            return
        rows = list(self.rows.values())
        codes = list(self.rows)
        start = codes.index(after) + 1 if after in self.rows else 0
        waiting = [row for row in rows[start:] + rows[:start] if row.needs_clerk]
        if waiting:
            waiting[0].focus_first()
        elif self.finish_button.isEnabled():
            self.finish_button.setFocus()
        elif after == "open" and self.case.status == CaseStatus.OPEN:
            self.refresh_button.setFocus()  # reopened: waiting for answers
        else:
            self.save_button.setFocus()

    def automatic_rows(self) -> dict[str, str]:
        """Item code -> measure of every unresolved item whose default needs no one."""
        from app.cases.options import automatic_default

        found: dict[str, str] = {}
        if self.case is None:
            return found
        for resolution in self.case.resolutions:
            if resolution.measure is not None:
                continue
            default = automatic_default(self.options.get(resolution.item_code, []))
            if default is not None:
                found[resolution.item_code] = str(default.measure)
        return found

    def resolve_all(self) -> None:
        """Record every item whose default needs no one, in one task (一键登记)."""
        todo = self.automatic_rows()
        if not todo or self.case_id is None:
            return
        self.resolve_all_button.setEnabled(False)

        def resolve(service: CaseService, case_id: str) -> CaseView:
            case: CaseView | None = None
            for code, measure in todo.items():
                case = service.resolve(case_id, code, measure)
            assert case is not None
            return case

        def failed(exc: BaseException) -> None:
            self.reload()  # what was recorded before the refusal is shown
            self._refuse_in_missing_label(exc)

        self._focus_after_load = "all"
        self._change_case(resolve, failed, self.tr("正在登记……"), send_now="share" in todo.values())

    def _change_case(
        self,
        change: Callable[[CaseService, str], CaseView],
        failed: Callable[[BaseException], None],
        label: str,
        *,
        send_now: bool = False,
    ) -> None:
        """Run ``change(service, case id)`` on the database worker, then show the case it
        returns with every item's options (read in one transaction); ``failed`` shows a
        refusal. ``send_now``: it made a data query, which a connected window sends at once."""
        if self.case_id is None:
            return
        service = self._service()
        case_id = self.case_id

        def work() -> tuple[CaseView, dict[str, list[MeasureOption]]]:
            case = change(service, case_id)
            return case, service.all_options(case.id)

        changes = Change.CASES | (Change.SEND_NOW if send_now else Change.NONE)
        self.station.db_runner.submit(
            work, self._show_case, failed, label, owner=self, changes=changes
        )

    def _refuse_in_missing_label(self, exc: BaseException) -> None:
        if is_user_error(exc):
            self.missing_label.setText(user_message(exc))
            self.missing_label.setStyleSheet(ERROR_STYLE)
        else:
            show_error(self, exc)

    def _resolve(self, item_code: str, measure: str, kwargs: dict[str, Any]) -> None:
        row, focused = self.rows.get(item_code), QApplication.focusWidget()
        if row is not None and focused is not None and row.isAncestorOf(focused):
            self._focus_after_load = item_code  # recorded from the keyboard: move on

        def failed(exc: BaseException) -> None:
            row = self.rows.get(item_code)
            if is_user_error(exc) and row is not None:
                row.refusal.setText(user_message(exc))
                row.refusal.show()
            else:
                show_error(self, exc)

        self._change_case(
            lambda service, case_id: service.resolve(case_id, item_code, measure, **kwargs),
            failed,
            self.tr("正在登记……"),
            send_now=measure == "share",  # a data query: answered online within a second
        )

    def finish_case(self) -> None:
        self._change_case(
            lambda service, case_id: service.finish(case_id),
            self._refuse_in_missing_label,
            self.tr("正在办结……"),
        )

    def ask_cancel_case(self) -> CancelCaseDialog | None:
        """Ask for the reason (non-blocking); the case is cancelled when the clerk confirms."""
        if self.case is None or self.case.status != CaseStatus.OPEN:
            return None
        pending = sum(1 for r in self.case.resolutions if r.request_id and r.request_answer is None)
        pledges = sum(1 for r in self.case.resolutions if r.pledge_id)
        dialog = CancelCaseDialog(self.case.number, pending, pledges, self)
        dialog.accepted.connect(lambda: self.cancel_case(dialog.reason()))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def cancel_case(self, reason: str) -> None:
        """Cancel the case with ``reason`` (on the database worker); refusals are shown here."""
        if self.case_id is None:
            return

        def failed(exc: BaseException) -> None:
            self.cancel_case_button.setEnabled(True)
            self._refuse_in_missing_label(exc)

        self.cancel_case_button.setEnabled(False)
        self._change_case(
            lambda service, case_id: service.cancel(case_id, reason),
            failed,
            self.tr("正在撤销……"),
        )

    # ------------------------------------------------------------------ printing
    def print_pledges(self) -> None:
        if self.case is None:
            return
        from ui.printing.actions import preview_pledges

        preview_pledges(self, self.station, self.case)

    def print_receipt(self) -> None:
        if self.case is None:
            return
        from ui.printing.actions import preview_receipt

        preview_receipt(self, self.station, self.case)

    def done(self, result: int) -> None:
        self.station.settings.set_layout_state("intake/geometry", self.saveGeometry())
        self.applicant.shutdown()
        super().done(result)
