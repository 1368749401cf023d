"""The intake (受理) dialog: the applicant, then one row per certificate item.

Page 1 takes the applicant (person: name + 18-digit resident ID; enterprise: name + unified
social credit code; phone), checked as the clerk types. "开始受理" creates the case. Page 2 shows
one :class:`ResolutionRow` per certificate item (each once, even in a bundle), where the clerk
records the measure used; every change is saved at once through
:class:`app.cases.CaseService`, so the dialog can be closed and the case resumed later from the
cases view. "办结" stays disabled, with the reasons shown, until nothing is missing.
"撤销办件…" cancels an open case (the applicant left, or the wrong matter was picked) after the
clerk gives the reason in :class:`CancelCaseDialog`.

Every change is a task that says it changes cases (:attr:`ui.tasks.Change.CASES`): the cases
list and the status bar reload themselves when it is done.

Signals:
    case_loaded(str): the case (id) is shown on page 2 with fresh data from the database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import ApplicantKind, CaseStatus
from app.errors import UserError
from ui.context import Workstation
from ui.errors import show_error
from ui.tasks import Change

if TYPE_CHECKING:
    from app.cases import CaseView, MeasureOption, ResolutionView

ERROR_STYLE = "color: #b3261e;"
OK_STYLE = "color: #2e7d32;"
WARN_STYLE = "color: #8a4b00;"
PERSON = "person"
ENTERPRISE = "enterprise"


class ResolutionRow(QFrame):
    """One certificate item of the case: pick a measure, give its evidence, record it.

    Signals:
        resolve_requested(str, str, dict): (item code, measure, keyword arguments for
            ``CaseService.resolve``).
    """

    resolve_requested = Signal(str, str, dict)

    def __init__(self, item_code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item_code = item_code
        self.setObjectName(f"row_{item_code}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.options: list[MeasureOption] = []
        self.resolution: ResolutionView | None = None

        self.name = QLabel()
        self.name.setStyleSheet("font-weight: bold;")
        self.name.setWordWrap(True)
        self.issuer = QLabel()
        self.issuer.setStyleSheet("color: #5f6368;")
        self.issuer.setWordWrap(True)
        self.state = QLabel()
        self.state.setObjectName("state")
        self.state.setWordWrap(True)
        self.state.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)

        self.measure = QComboBox()
        self.measure.setObjectName("measure")
        self.measure.setMinimumWidth(130)
        self.measure.currentIndexChanged.connect(self._measure_changed)
        self.document = QLineEdit()
        self.document.setObjectName("document")
        self.document.setPlaceholderText(self.tr("查验的替代材料名称"))
        self.submitted = QCheckBox(self.tr("申请人已提交证明原件"))
        self.submitted.setObjectName("submitted")
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("办理说明"))
        self.record = QPushButton(self.tr("登记"))
        self.record.setObjectName("record")
        self.record.clicked.connect(self._record)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.refusal = QLabel()
        self.refusal.setObjectName("refusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(WARN_STYLE)
        self.refusal.hide()

        head = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.name)
        names.addWidget(self.issuer)
        head.addLayout(names, 3)
        head.addWidget(self.state, 2)

        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("办理方式：")))
        controls.addWidget(self.measure)
        controls.addWidget(self.document, 1)
        controls.addWidget(self.submitted)
        controls.addWidget(self.note, 1)
        controls.addStretch(0)
        controls.addWidget(self.record)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addLayout(controls)
        layout.addWidget(self.hint)
        layout.addWidget(self.refusal)

    # -- data --------------------------------------------------------------------------------
    def set_data(
        self, resolution: ResolutionView, options: list[MeasureOption], editable: bool
    ) -> None:
        """Show the item's current resolution and the measures the service allows."""
        self.resolution = resolution
        self.name.setText(resolution.item_name)
        self.issuer.setText(self.tr("原开具单位：{issuer}").format(issuer=resolution.issuer or "—"))
        self.setToolTip(self.tr("依据：{basis}").format(basis=resolution.legal_basis or "—"))
        keep = self.current_measure()
        self.options = options
        self.measure.blockSignals(True)
        self.measure.clear()
        model = self.measure.model()
        for option in options:
            text = (
                option.label
                if option.allowed
                else self.tr("{label}（不可用）").format(label=option.label)
            )
            self.measure.addItem(text, str(option.measure))
            if not option.allowed and isinstance(model, QStandardItemModel):
                item = model.item(self.measure.count() - 1)
                item.setEnabled(False)
                item.setToolTip(option.reason)
        wanted = str(resolution.measure) if resolution.measure else keep
        if wanted is None:
            wanted = next((str(o.measure) for o in options if o.allowed), None)
        position = self.measure.findData(wanted) if wanted else -1
        self.measure.setCurrentIndex(max(position, 0) if options else -1)
        self.measure.blockSignals(False)
        if resolution.substitute_document:
            self.document.setText(resolution.substitute_document)
        if resolution.submitted is not None:
            self.submitted.setChecked(bool(resolution.submitted))
        if resolution.note:
            self.note.setText(resolution.note)

        refusals = [
            self.tr("{label}不可用：{reason}").format(label=o.label, reason=o.reason)
            for o in options
            if not o.allowed and o.reason
        ]
        extra = [o.reason for o in options if o.allowed and not o.in_catalog and o.reason]
        self.refusal.setText("\n".join(refusals + extra))
        self.refusal.setVisible(bool(refusals or extra))
        self._show_state(resolution)
        for widget in (self.measure, self.document, self.submitted, self.note, self.record):
            widget.setEnabled(editable)
        self._measure_changed()

    def _show_state(self, resolution: ResolutionView) -> None:
        self.state.setText(resolution.state_text)
        if resolution.measure is None:
            style = ERROR_STYLE
        elif resolution.done:
            style = OK_STYLE
        elif resolution.request_overdue:
            style = ERROR_STYLE + " font-weight: bold;"
        else:
            style = WARN_STYLE
        self.state.setStyleSheet(style)

    def current_measure(self) -> str | None:
        data = self.measure.currentData()
        return str(data) if data else None

    def option(self, measure: str) -> MeasureOption | None:
        return next((o for o in self.options if str(o.measure) == measure), None)

    def _measure_changed(self, _index: int = 0) -> None:
        measure = self.current_measure()
        option = self.option(measure) if measure else None
        needs = option.needs if option else ""
        self.document.setVisible(needs == "document")
        self.submitted.setVisible(needs == "submitted")
        self.note.setVisible(needs == "note")
        if needs == "document" and not self.document.text() and option is not None:
            self.document.setText(option.detail)
        self.hint.setText(self._hint(option))
        self.hint.setVisible(bool(self.hint.text()))

    def _hint(self, option: MeasureOption | None) -> str:
        if option is None:
            return ""
        measure = str(option.measure)
        if measure == "cancel":
            return self.tr("已直接取消，无需申请人提交任何材料。")
        if measure == "pledge":
            return self.tr("承诺内容：{text}").format(text=option.detail)
        if measure in ("share", "verify"):
            who = option.provider_name or option.provider_code
            text = self.tr("登记后向{who}发出请求，{n} 个工作日内答复。").format(
                who=who, n=option.deadline_days or 3
            )
            if option.one_click:
                text += self.tr("（一键查询）")
            return text
        if measure == "substitute":
            return self.tr("请查验申请人提供的替代材料并填写其名称。")
        if measure == "other":
            return option.detail
        if measure == "retained":
            return self.tr("此证明仍需申请人提交原件。")
        return ""

    def _record(self) -> None:
        measure = self.current_measure()
        if measure is None:
            return
        option = self.option(measure)
        if option is not None and not option.allowed:
            self.refusal.setText(option.reason)
            self.refusal.show()
            return
        kwargs: dict[str, Any] = {}
        needs = option.needs if option else ""
        if needs == "document":
            kwargs["substitute_document"] = self.document.text().strip()
        elif needs == "submitted":
            kwargs["submitted"] = self.submitted.isChecked()
        elif needs == "note":
            kwargs["note"] = self.note.text().strip()
        self.resolve_requested.emit(self.item_code, measure, kwargs)


class CancelCaseDialog(QDialog):
    """Asks why a case is cancelled (撤销办件); accepted only with a reason.

    Opened window-modal with ``open()`` (nothing blocks); :meth:`reason` is the text entered.
    """

    def __init__(
        self, number: str, pending: int, pledges: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cancelCaseDialog")
        self.setWindowTitle(self.tr("撤销办件 {number}").format(number=number))
        consequences = [self.tr("撤销后办件不能再办理或办结。")]
        if pending:
            consequences.append(self.tr("{n} 项未答复的核验请求将被撤回。").format(n=pending))
        if pledges:
            consequences.append(self.tr("{n} 份承诺书将作废。").format(n=pledges))
        self.intro = QLabel(
            self.tr("请填写撤销原因（例如：申请人放弃申请、选错了事项）。")
            + "\n"
            + "".join(consequences)
        )
        self.intro.setObjectName("cancelIntro")
        self.intro.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("cancelReason")
        self.reason_edit.setPlaceholderText(self.tr("撤销原因"))
        self.reason_edit.setMaxLength(500)
        self.buttons = QDialogButtonBox()
        self.confirm_button = self.buttons.addButton(
            self.tr("撤销办件"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.confirm_button.setObjectName("confirmCancel")
        self.confirm_button.setEnabled(False)
        back = self.buttons.addButton(self.tr("返回"), QDialogButtonBox.ButtonRole.RejectRole)
        back.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(
            lambda text: self.confirm_button.setEnabled(bool(text.strip()))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.buttons)
        self.resize(420, self.sizeHint().height())

    def reason(self) -> str:
        return self.reason_edit.text().strip()


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
        self._subject_kind = "both"
        self.setWindowTitle(self.tr("受理办件"))
        self.resize(900, 680)
        self.setSizeGripEnabled(True)

        self.pages = QStackedWidget()
        self._build_applicant_page()
        self._build_resolution_page()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

        settings = station.settings.layout_state("intake/geometry")
        if settings is not None:
            self.restoreGeometry(settings)

        if case_id is not None:
            self.pages.setCurrentWidget(self.resolution_page)
            self.reload(audit_access=True)  # reopening a case reads the applicant's data
        else:
            self._load_subject()

    # ------------------------------------------------------------------ page 1: applicant
    def _build_applicant_page(self) -> None:
        page = QWidget()
        self.subject_label = QLabel(self.tr("正在读取事项……"))
        self.subject_label.setObjectName("subject")
        self.subject_label.setWordWrap(True)
        self.subject_label.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.subject_hint = QLabel()
        self.subject_hint.setWordWrap(True)
        self.subject_hint.setStyleSheet("color: #5f6368;")

        self.person_radio = QRadioButton(self.tr("个人"))
        self.enterprise_radio = QRadioButton(self.tr("企业"))
        self.person_radio.setChecked(True)
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.person_radio)
        self.kind_group.addButton(self.enterprise_radio)
        self.person_radio.toggled.connect(self._kind_changed)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.person_radio)
        kind_row.addWidget(self.enterprise_radio)
        kind_row.addStretch(1)

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("applicantName")
        self.name_message = self._message_label("nameMessage")
        self.id_edit = QLineEdit()
        self.id_edit.setObjectName("applicantId")
        self.id_edit.setMaxLength(24)
        self.id_message = self._message_label("idMessage")
        self.phone_edit = QLineEdit()
        self.phone_edit.setObjectName("applicantPhone")
        self.phone_edit.setPlaceholderText(self.tr("手机或固定电话（可不填）"))
        self.phone_message = self._message_label("phoneMessage")
        self.credit_message = self._message_label("creditMessage")

        self.id_title = QLabel()
        self.name_title = QLabel()
        form = QGridLayout()
        form.addWidget(QLabel(self.tr("申请人类型：")), 0, 0)
        form.addLayout(kind_row, 0, 1)
        form.addWidget(self.name_title, 1, 0)
        form.addWidget(self.name_edit, 1, 1)
        form.addWidget(self.name_message, 2, 1)
        form.addWidget(self.id_title, 3, 0)
        form.addWidget(self.id_edit, 3, 1)
        form.addWidget(self.id_message, 4, 1)
        form.addWidget(self.credit_message, 5, 1)
        form.addWidget(QLabel(self.tr("联系电话：")), 6, 0)
        form.addWidget(self.phone_edit, 6, 1)
        form.addWidget(self.phone_message, 7, 1)
        form.setColumnStretch(1, 1)

        self.applicant_error = self._message_label("applicantError")
        self.start_button = QPushButton(self.tr("开始受理"))
        self.start_button.setObjectName("startButton")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_case)
        cancel = QPushButton(self.tr("取消"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.start_button)

        layout = QVBoxLayout(page)
        layout.addWidget(self.subject_label)
        layout.addWidget(self.subject_hint)
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.applicant_error)
        layout.addLayout(buttons)
        self.applicant_page = page
        self.pages.addWidget(page)

        self._credit_timer = QTimer(self)
        self._credit_timer.setSingleShot(True)
        self._credit_timer.setInterval(250)
        self._credit_timer.timeout.connect(self._check_credit)
        self.name_edit.textEdited.connect(lambda _t: self.name_message.hide())
        self.id_edit.textChanged.connect(self._id_changed)
        self.id_edit.editingFinished.connect(lambda: self._check_id(final=True))
        self.phone_edit.editingFinished.connect(self._check_phone)
        self.setTabOrder(self.person_radio, self.name_edit)
        self.setTabOrder(self.name_edit, self.id_edit)
        self.setTabOrder(self.id_edit, self.phone_edit)
        self.setTabOrder(self.phone_edit, self.start_button)
        self._kind_changed()

    def _message_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet(ERROR_STYLE)
        label.hide()
        return label

    def applicant_kind(self) -> str:
        return PERSON if self.person_radio.isChecked() else ENTERPRISE

    def _kind_changed(self, _checked: bool = True) -> None:
        person = self.applicant_kind() == PERSON
        self.name_title.setText(self.tr("姓名：") if person else self.tr("企业名称："))
        self.id_title.setText(self.tr("身份证号码：") if person else self.tr("统一社会信用代码："))
        self.id_edit.setPlaceholderText(
            self.tr("18 位居民身份证号码") if person else self.tr("18 位统一社会信用代码")
        )
        if self.id_edit.text():
            self._check_id(final=True)

    def _id_changed(self, text: str) -> None:
        self.credit_message.hide()
        compact = "".join(text.split())
        if len(compact) >= 18:
            self._check_id(final=True)
        else:
            self.id_message.hide()

    def _check_id(self, final: bool = False) -> str | None:
        """The normalized ID if valid; shows the reason under the field when not."""
        from app.cases import normalize_id_no

        text = self.id_edit.text()
        if not text.strip():
            if final:
                self.id_message.hide()
            return None
        try:
            number = normalize_id_no(ApplicantKind(self.applicant_kind()), text)
        except UserError as exc:
            self._show_message(self.id_message, str(exc), ERROR_STYLE)
            return None
        self._show_message(self.id_message, self.tr("号码有效。"), OK_STYLE)
        self._credit_timer.start()
        return number

    def _check_phone(self) -> bool:
        from app.cases import validate_phone

        try:
            validate_phone(self.phone_edit.text())
        except UserError as exc:
            self._show_message(self.phone_message, str(exc), ERROR_STYLE)
            return False
        self.phone_message.hide()
        return True

    def _check_credit(self) -> None:
        db = self.station.db
        text = self.id_edit.text()
        if db is None or not text.strip():
            return

        def work() -> list[Any]:
            from app.cases import credit_check

            return credit_check(db, text, actor=self.station.clerk)

        def shown(records: list[Any]) -> None:
            if self.id_edit.text() != text:
                return
            if records:
                reasons = "；".join(r.reason for r in records)
                self._show_message(
                    self.credit_message,
                    self.tr("注意：申请人在失信名单中（{reasons}），不能使用告知承诺。").format(
                        reasons=reasons
                    ),
                    WARN_STYLE + " font-weight: bold;",
                )
            else:
                self.credit_message.hide()

        self.station.db_runner.submit(
            work, shown, lambda _exc: None, self.tr("正在查询信用记录……"), owner=self
        )

    @staticmethod
    def _show_message(label: QLabel, text: str, style: str) -> None:
        label.setText(text)
        label.setStyleSheet(style)
        label.show()

    def _load_subject(self) -> None:
        db = self.station.db
        assert self.target is not None
        kind, code = self.target
        if db is None:
            return

        def work() -> Any:
            from app.catalog.views import get_bundle, get_matter

            return get_bundle(db, code) if kind == "bundle" else get_matter(db, code)

        self.station.db_runner.submit(
            work, self._show_subject, label=self.tr("正在读取事项……"), owner=self
        )

    def _show_subject(self, view: Any) -> None:
        if self.target and self.target[0] == "bundle":
            kinds = {str(m.applicant_kind) for m in view.matters}
            items = view.items
            self.subject_label.setText(self.tr("一件事：{name}").format(name=view.name))
            self.subject_hint.setText(
                self.tr("包含 {m} 个事项；原需 {n} 项证明，每项只办一次。").format(
                    m=len(view.matters), n=len(items)
                )
            )
        else:
            kinds = {str(view.applicant_kind)}
            self.subject_label.setText(view.name)
            self.subject_hint.setText(
                self.tr("{dept} · 原需 {n} 项证明，受理后逐项登记办理方式。").format(
                    dept=view.department_name, n=len(view.items)
                )
            )
        only = kinds - {"both"}
        if only == {ENTERPRISE}:
            self.enterprise_radio.setChecked(True)
        elif only == {PERSON}:
            self.person_radio.setChecked(True)
        self.person_radio.setEnabled(only != {ENTERPRISE})
        self.enterprise_radio.setEnabled(only != {PERSON})
        self.name_edit.setFocus()

    def start_case(self) -> None:
        """Check the applicant and create the case; problems are shown in the dialog."""
        from app.cases import validate_applicant

        self.applicant_error.hide()
        if not self.name_edit.text().strip():
            self._show_message(
                self.name_message,
                self.tr("请填写申请人姓名。")
                if self.applicant_kind() == PERSON
                else self.tr("请填写企业名称。"),
                ERROR_STYLE,
            )
        try:
            applicant = validate_applicant(
                self.applicant_kind(),
                self.name_edit.text(),
                self.id_edit.text(),
                self.phone_edit.text(),
            )
        except UserError as exc:
            self._check_id(final=True)
            self._check_phone()
            self._show_message(self.applicant_error, str(exc), ERROR_STYLE)
            return
        db = self.station.db
        assert self.target is not None and db is not None
        kind, code = self.target
        service = self._service()

        def work() -> Any:
            if kind == "bundle":
                return service.new_case(applicant, bundle_code=code)
            return service.new_case(applicant, matter_code=code)

        def failed(exc: BaseException) -> None:
            self.start_button.setEnabled(True)
            if isinstance(exc, UserError):
                self._show_message(self.applicant_error, str(exc), ERROR_STYLE)
            else:
                show_error(self, exc)

        self.start_button.setEnabled(False)
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

    def _service(self) -> Any:
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

        self.rows_widget = QWidget()
        self.rows_layout = QVBoxLayout(self.rows_widget)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.rows_widget)

        self.missing_label = QLabel()
        self.missing_label.setObjectName("missing")
        self.missing_label.setWordWrap(True)

        self.pledge_button = QPushButton(self.tr("打印承诺书"))
        self.pledge_button.setObjectName("printPledge")
        self.pledge_button.clicked.connect(self.print_pledges)
        self.receipt_button = QPushButton(self.tr("打印回执"))
        self.receipt_button.setObjectName("printReceipt")
        self.receipt_button.clicked.connect(self.print_receipt)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setObjectName("refresh")
        self.refresh_button.setToolTip(self.tr("重新读取办件（查看是否已有核验答复）"))
        self.refresh_button.clicked.connect(self.reload)
        self.save_button = QPushButton(self.tr("保存并关闭"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setToolTip(self.tr("已登记的内容均已保存，可稍后在“办件”中继续办理"))
        self.save_button.clicked.connect(self.accept)
        self.cancel_case_button = QPushButton(self.tr("撤销办件…"))
        self.cancel_case_button.setObjectName("cancelCaseButton")
        self.cancel_case_button.setToolTip(self.tr("申请人放弃申请或选错事项时撤销本办件"))
        self.cancel_case_button.setEnabled(False)
        self.cancel_case_button.clicked.connect(self.ask_cancel_case)
        self.finish_button = QPushButton(self.tr("办结"))
        self.finish_button.setObjectName("finishButton")
        self.finish_button.setEnabled(False)
        self.finish_button.clicked.connect(self.finish_case)
        self.receipt_button.setShortcut("Ctrl+P")
        self.receipt_button.setToolTip(self.tr("打印受理回执（Ctrl+P）"))

        buttons = QHBoxLayout()
        buttons.addWidget(self.pledge_button)
        buttons.addWidget(self.receipt_button)
        buttons.addWidget(self.cancel_case_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.finish_button)

        layout = QVBoxLayout(page)
        layout.addWidget(self.case_title)
        layout.addWidget(self.case_info)
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

        def work() -> tuple[Any, dict[str, list[Any]]]:
            case = service.get(case_id, audit_access=audit_access)
            return case, service.all_options(case.id)

        self.station.db_runner.submit(
            work, self._show_case, label=self.tr("正在读取办件……"), owner=self
        )

    def _show_case(self, result: tuple[CaseView, dict[str, list[MeasureOption]]]) -> None:
        case, options = result
        self.case = case
        self.case_id = case.id
        editable = case.status == CaseStatus.OPEN
        self.setWindowTitle(self.tr("办件 {number}").format(number=case.number))
        self.case_title.setText(case.subject)
        kind = self.tr("个人") if str(case.applicant_kind) == PERSON else self.tr("企业")
        self.case_info.setText(
            self.tr("办件编号 {number} · {kind}申请人 {name}（{id}）· 状态：{status}").format(
                number=case.number,
                kind=kind,
                name=case.applicant_name,
                id=case.applicant_id_masked,
                status=case.status_label,
            )
        )
        for resolution in case.resolutions:
            row = self.rows.get(resolution.item_code)
            if row is None:
                row = ResolutionRow(resolution.item_code)
                row.resolve_requested.connect(self._resolve)
                self.rows[resolution.item_code] = row
                self.rows_layout.insertWidget(self.rows_layout.count() - 1, row)
                row.show()  # now, not after the next event loop pass
            row.set_data(resolution, options.get(resolution.item_code, []), editable)
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
        self.case_loaded.emit(case.id)

    def _change_case(
        self,
        change: Callable[[Any], CaseView],
        failed: Callable[[BaseException], None],
        label: str,
    ) -> None:
        """Run ``change(service)`` on the database worker, then show the case it returns with
        every item's options (read in one transaction); ``failed`` shows a refusal."""
        if self.case_id is None:
            return
        service = self._service()

        def work() -> tuple[CaseView, dict[str, list[MeasureOption]]]:
            case = change(service)
            return case, service.all_options(case.id)

        self.station.db_runner.submit(
            work, self._show_case, failed, label, owner=self, changes=Change.CASES
        )

    def _refuse_in_missing_label(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.missing_label.setText(str(exc))
            self.missing_label.setStyleSheet(ERROR_STYLE)
        else:
            show_error(self, exc)

    def _resolve(self, item_code: str, measure: str, kwargs: dict[str, Any]) -> None:
        case_id = self.case_id

        def failed(exc: BaseException) -> None:
            row = self.rows.get(item_code)
            if isinstance(exc, UserError) and row is not None:
                row.refusal.setText(str(exc))
                row.refusal.show()
            else:
                show_error(self, exc)

        self._change_case(
            lambda service: service.resolve(case_id, item_code, measure, **kwargs),
            failed,
            self.tr("正在登记……"),
        )

    def finish_case(self) -> None:
        case_id = self.case_id
        self._change_case(
            lambda service: service.finish(case_id),
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
        case_id = self.case_id

        def failed(exc: BaseException) -> None:
            self.cancel_case_button.setEnabled(True)
            self._refuse_in_missing_label(exc)

        self.cancel_case_button.setEnabled(False)
        self._change_case(
            lambda service: service.cancel(case_id, reason), failed, self.tr("正在撤销……")
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
        super().done(result)
