"""Page 1 of the intake dialog: who applies, checked as the clerk types.

Person: name + the number of an ID document (证件号码: the resident ID card, a residence permit
for Hong Kong, Macau or Taiwan residents, a foreigner's permanent residence ID card);
enterprise: name + unified social credit code; a phone number. The number is checked by the
core (:func:`app.cases.normalize_id_no`) once it is complete, the page names the document it
recognised (居民身份证, 港澳居民居住证 …), and a valid one is looked up in the credit list on
the database worker: a listed applicant cannot pledge, and the page says so before the case is
even taken in.

The name is checked for characters no font can print (they would print as □) shortly after
the clerk stops typing, off the GUI thread (:class:`ui.glyphs.GlyphCheck`); the page warns
under the name. Rare characters that do print (䶮, 𠮷) raise no warning.

Keyboard: the name field has the focus from the start (typing never waits for the matter to
load); Tab follows the fields top to bottom, then 取消 and 开始受理; a complete, valid number
moves on to the phone by itself; Enter anywhere starts the intake (开始受理 is the default
button). The phone is checked by the core (:func:`app.cases.validate_phone`), which accepts
what people type.

Signals:
    submitted(object): the clerk pressed "开始受理" and the applicant is valid: the
        :class:`app.cases.Applicant` to take the case in for.
    cancelled(): the clerk pressed "取消".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import ApplicantKind
from app.errors import UserError
from ui.context import Workstation
from ui.glyphs import GlyphCheck, GlyphReport
from ui.intake.styles import ERROR_STYLE, OK_STYLE, WARN_STYLE

if TYPE_CHECKING:
    from app.catalog.views import BundleView, MatterView

CREDIT_CHECK_DELAY_MS = 250  # after the last keystroke of a valid number
GLYPH_CHECK_DELAY_MS = 300  # after the last keystroke of the name
OLD_CARD_LENGTH = 15  # the foreigners' permanent residence card before 2023: 3 letters, 12 digits


def show_message(label: QLabel, text: str, style: str) -> None:
    label.setText(text)
    label.setStyleSheet(style)
    label.show()


def message_label(name: str) -> QLabel:
    """A label under a field for its message, hidden until there is one."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


class ApplicantPage(QWidget):
    """The applicant form; see the module docstring for its signals."""

    submitted = Signal(object)
    cancelled = Signal()

    def __init__(self, station: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
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
        self.name_message = message_label("nameMessage")
        self.glyph_message = message_label("nameGlyphs")
        self.glyph_message.setStyleSheet(WARN_STYLE)
        name_messages = QVBoxLayout()
        name_messages.setContentsMargins(0, 0, 0, 0)
        name_messages.addWidget(self.name_message)
        name_messages.addWidget(self.glyph_message)
        self.id_edit = QLineEdit()
        self.id_edit.setObjectName("applicantId")
        self.id_edit.setMaxLength(24)
        self.id_message = message_label("idMessage")
        self.phone_edit = QLineEdit()
        self.phone_edit.setObjectName("applicantPhone")
        self.phone_edit.setPlaceholderText(self.tr("手机或固定电话（可不填）"))
        self.phone_message = message_label("phoneMessage")
        self.credit_message = message_label("creditMessage")

        self.id_title = QLabel()
        self.name_title = QLabel()
        form = QGridLayout()
        form.addWidget(QLabel(self.tr("申请人类型：")), 0, 0)
        form.addLayout(kind_row, 0, 1)
        form.addWidget(self.name_title, 1, 0)
        form.addWidget(self.name_edit, 1, 1)
        form.addLayout(name_messages, 2, 1)
        form.addWidget(self.id_title, 3, 0)
        form.addWidget(self.id_edit, 3, 1)
        form.addWidget(self.id_message, 4, 1)
        form.addWidget(self.credit_message, 5, 1)
        form.addWidget(QLabel(self.tr("联系电话：")), 6, 0)
        form.addWidget(self.phone_edit, 6, 1)
        form.addWidget(self.phone_message, 7, 1)
        form.setColumnStretch(1, 1)

        self.applicant_error = message_label("applicantError")
        self.start_button = QPushButton(self.tr("开始受理"))
        self.start_button.setObjectName("startButton")
        self.start_button.setAutoDefault(False)  # stays the default wherever the focus went
        self.start_button.setDefault(True)
        self.start_button.setToolTip(self.tr("开始受理（回车）"))
        self.start_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setObjectName("cancelIntake")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setToolTip(self.tr("不受理，关闭（Esc）"))
        self.cancel_button.clicked.connect(self.cancelled)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.start_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.subject_label)
        layout.addWidget(self.subject_hint)
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.applicant_error)
        layout.addLayout(buttons)

        self._credit_timer = QTimer(self)
        self._credit_timer.setSingleShot(True)
        self._credit_timer.setInterval(CREDIT_CHECK_DELAY_MS)
        self._credit_timer.timeout.connect(self._check_credit)
        self.glyphs = GlyphCheck(self)
        self.glyphs.checked.connect(self._show_glyphs)
        self._glyph_timer = QTimer(self)
        self._glyph_timer.setSingleShot(True)
        self._glyph_timer.setInterval(GLYPH_CHECK_DELAY_MS)
        self._glyph_timer.timeout.connect(self._check_glyphs)
        self.name_edit.textEdited.connect(lambda _t: self.name_message.hide())
        self.name_edit.textChanged.connect(lambda _t: self._glyph_timer.start())
        self.id_edit.textChanged.connect(self._id_changed)
        self.id_edit.editingFinished.connect(lambda: self._check_id(final=True))
        self.phone_edit.editingFinished.connect(self._check_phone)
        for first, second in (
            (self.person_radio, self.enterprise_radio),
            (self.enterprise_radio, self.name_edit),
            (self.name_edit, self.id_edit),
            (self.id_edit, self.phone_edit),
            (self.phone_edit, self.cancel_button),
            (self.cancel_button, self.start_button),
        ):
            self.setTabOrder(first, second)
        self._kind_changed()

    # ------------------------------------------------------------------ the subject
    def show_matter(self, view: MatterView) -> None:
        """Name the matter, and allow only the kind of applicant it admits."""
        self.subject_label.setText(view.name)
        self.subject_hint.setText(
            self.tr("{dept} · 原需 {n} 项证明，受理后逐项登记办理方式。").format(
                dept=view.department_name, n=len(view.items)
            )
        )
        self._admit({view.applicant_kind})

    def show_bundle(self, view: BundleView) -> None:
        """Name the bundle, and allow only the kinds of applicant its matters admit."""
        self.subject_label.setText(self.tr("一件事：{name}").format(name=view.name))
        self.subject_hint.setText(
            self.tr("包含 {m} 个事项；原需 {n} 项证明，每项只办一次。").format(
                m=len(view.matters), n=len(view.items)
            )
        )
        self._admit({m.applicant_kind for m in view.matters})

    def _admit(self, kinds: set[ApplicantKind]) -> None:
        only = kinds - {ApplicantKind.BOTH}
        if only == {ApplicantKind.ENTERPRISE}:
            self.enterprise_radio.setChecked(True)
        elif only == {ApplicantKind.PERSON}:
            self.person_radio.setChecked(True)
        self.person_radio.setEnabled(only != {ApplicantKind.ENTERPRISE})
        self.enterprise_radio.setEnabled(only != {ApplicantKind.PERSON})

    # ------------------------------------------------------------------ checks as typed
    def applicant_kind(self) -> ApplicantKind:
        return ApplicantKind.PERSON if self.person_radio.isChecked() else ApplicantKind.ENTERPRISE

    def _kind_changed(self, _checked: bool = True) -> None:
        person = self.applicant_kind() == ApplicantKind.PERSON
        self.name_title.setText(self.tr("姓名：") if person else self.tr("企业名称："))
        self.id_title.setText(self.tr("证件号码：") if person else self.tr("统一社会信用代码："))
        self.id_edit.setPlaceholderText(
            self.tr("居民身份证、港澳台居民居住证或外国人永久居留身份证号码")
            if person
            else self.tr("18 位统一社会信用代码")
        )
        if self.id_edit.text():
            self._check_id(final=True)

    def _id_changed(self, text: str) -> None:
        self.credit_message.hide()
        compact = "".join(text.split())
        old_card = (
            self.applicant_kind() == ApplicantKind.PERSON
            and len(compact) == OLD_CARD_LENGTH
            and compact[:3].isascii()
            and compact[:3].isalpha()
        )
        if len(compact) >= 18 or old_card:
            valid = self._check_id(final=True) is not None
            if valid and self.id_edit.hasFocus():  # typed to the end: nothing else to enter
                self.phone_edit.setFocus()
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
            number = normalize_id_no(self.applicant_kind(), text)
        except UserError as exc:
            show_message(self.id_message, str(exc), ERROR_STYLE)
            return None
        show_message(self.id_message, self._valid_text(number), OK_STYLE)
        self._credit_timer.start()
        return number

    def _valid_text(self, number: str) -> str:
        """The OK message, naming the document the number was recognised as (港澳居民居住证…)."""
        if self.applicant_kind() != ApplicantKind.PERSON:
            return self.tr("统一社会信用代码有效。")
        from app.cases.applicant import DOCUMENT_LABELS, id_document

        return self.tr("{document}号码有效。").format(document=DOCUMENT_LABELS[id_document(number)])

    def _check_glyphs(self) -> None:
        text = self.name_edit.text()
        if text.strip():
            self.glyphs.check(text)
        else:
            self.glyph_message.hide()

    def _show_glyphs(self, report: GlyphReport) -> None:
        if report.text != self.name_edit.text():
            return  # typed on meanwhile: the newer text's answer follows
        if not report.unprintable:
            self.glyph_message.hide()
            return
        show_message(
            self.glyph_message,
            self.tr(
                "注意：{chars} 没有可用的字体，打印时会印成“□”，请在打印出的表格上手写补全。"
            ).format(chars=report.described),
            WARN_STYLE,
        )

    def shutdown(self) -> None:
        """Stop the page's background checks (the dialog is closing)."""
        self._glyph_timer.stop()
        self.glyphs.shutdown()

    def _check_phone(self) -> bool:
        from app.cases import validate_phone

        try:
            validate_phone(self.phone_edit.text())
        except UserError as exc:
            show_message(self.phone_message, str(exc), ERROR_STYLE)
            return False
        self.phone_message.hide()
        return True

    def _check_credit(self) -> None:
        db = self.station.db
        text = self.id_edit.text()
        if db is None or not text.strip():
            return
        clerk = self.station.clerk

        def work() -> list[Any]:
            from app.cases import credit_check

            return credit_check(db, text, actor=clerk)

        def shown(records: list[Any]) -> None:
            if self.id_edit.text() != text:
                return
            if records:
                reasons = "；".join(r.reason for r in records)
                show_message(
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

    # ------------------------------------------------------------------ 开始受理
    def submit(self) -> None:
        """Check the whole applicant; emit :attr:`submitted` if valid, else show why not."""
        from app.cases import validate_applicant

        self.applicant_error.hide()
        if not self.name_edit.text().strip():
            show_message(
                self.name_message,
                self.tr("请填写申请人姓名。")
                if self.applicant_kind() == ApplicantKind.PERSON
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
            self.show_refusal(str(exc))
            return
        self.start_button.setEnabled(False)  # until the case is taken in, or refused
        self.submitted.emit(applicant)

    def show_refusal(self, text: str) -> None:
        """Why the applicant cannot be taken in (the page's or the case service's words)."""
        self.start_button.setEnabled(True)
        show_message(self.applicant_error, text, ERROR_STYLE)
