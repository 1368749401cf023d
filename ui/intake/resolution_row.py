"""One certificate item of a case in the intake dialog: the measure the clerk picks among those
the case service allows (with the reasons for those it refuses), its evidence, and "登记".

Keyboard: Enter anywhere in the row records it with the measure shown (the catalog's first
allowed one until the clerk picks another) and what was entered; the dialog then moves the
focus to the next item that still needs the clerk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.cases import Need
from app.domain import Measure
from ui.intake.styles import ERROR_STYLE, OK_STYLE, WARN_STYLE

if TYPE_CHECKING:
    from app.cases import MeasureOption, ResolutionView


def deadline_days(option: MeasureOption) -> int:
    """The working days the department has to answer, as the case service sets them."""
    if option.deadline_days is not None:
        return option.deadline_days
    from app.cases.workdays import DEFAULT_DEADLINE_DAYS  # the service's own default

    return DEFAULT_DEADLINE_DAYS


class ResolutionRow(QFrame):
    """One certificate item of the case: pick a measure, give its evidence, record it.

    Signals:
        resolve_requested(str, str, dict): (item code, measure, keyword arguments for
            ``CaseService.resolve``).
        entered(QWidget): the focus moved into the row (this row: the dialog scrolls it into
            view).
    """

    resolve_requested = Signal(str, str, dict)
    entered = Signal(QWidget)

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
        self.record.setAutoDefault(False)  # Enter is the row's own (keyPressEvent)
        self.record.setToolTip(self.tr("按所选方式登记（回车）"))
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
        for widget in self.inputs():
            widget.installEventFilter(self)

    # -- keyboard ----------------------------------------------------------------------------
    def inputs(self) -> list[QWidget]:
        """The row's widgets that take the focus, in tab order."""
        return [self.measure, self.document, self.submitted, self.note, self.record]

    def focus_first(self) -> None:
        """Give the focus to the first input the measure shown needs (else the measure)."""
        needs = self.option(self.current_measure() or "")
        first: QWidget = self.measure
        if needs is not None and needs.needs == "document":
            first = self.document
        elif needs is not None and needs.needs == "note":
            first = self.note
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def needs_clerk(self) -> bool:
        """True while the item needs the clerk: a measure, another measure after a denied
        answer, or the applicant's certificate (waiting for an answer is not the clerk's)."""
        if self.resolution is None or not self.measure.isEnabled():
            return False
        return self.resolution.need in (Need.MEASURE, Need.OTHER_MEASURE, Need.SUBMISSION)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.record.isEnabled():
            self._record()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self.entered.emit(self)
        return False

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
        measure = option.measure
        if measure == Measure.CANCEL:
            return self.tr("已直接取消，无需申请人提交任何材料。")
        if measure == Measure.PLEDGE:
            return self.tr("承诺内容：{text}").format(text=option.detail)
        if measure in (Measure.SHARE, Measure.VERIFY):
            who = option.provider_name or option.provider_code
            text = self.tr("登记后向{who}发出请求，{n} 个工作日内答复。").format(
                who=who, n=deadline_days(option)
            )
            if option.one_click:
                text += self.tr("（一键查询）")
            return text
        if measure == Measure.SUBSTITUTE:
            return self.tr("请查验申请人提供的替代材料并填写其名称。")
        if measure == Measure.OTHER:
            return option.detail
        if measure == Measure.RETAINED:
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
