"""The credit check tab: type a resident ID or credit code, see at once whether it is listed.

The answer comes from the window's local copy of the credit list (失信名单); each check is
audited by the service.

Signals:
    checked(int): a check finished; the number of active records found.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.context import Workstation
from ui.errors import is_user_error, show_error, user_message

CHECK_DELAY_MS = 250


class CreditCheckView(QWidget):
    """See the module docstring."""

    checked = Signal(int)

    def __init__(self, station: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self._generation = 0
        title = QLabel(self.tr("信用查询"))
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        explain = QLabel(
            self.tr(
                "输入申请人的身份证号码或企业的统一社会信用代码，立即显示其是否在失信名单中。"
                "在失信名单中的申请人不能使用告知承诺，须改用部门核验或提交证明。"
            )
        )
        explain.setWordWrap(True)
        explain.setStyleSheet("color: #5f6368;")
        self.id_edit = QLineEdit()
        self.id_edit.setObjectName("creditId")
        self.id_edit.setPlaceholderText(self.tr("18 位身份证号码或统一社会信用代码"))
        self.id_edit.setMaxLength(24)
        self.id_edit.setMaximumWidth(520)
        self.id_edit.setClearButtonEnabled(True)
        self.result = QLabel()
        self.result.setObjectName("creditResult")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addWidget(self.id_edit)
        layout.addWidget(self.result)
        layout.addStretch(1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check)
        self.id_edit.textChanged.connect(self._text_changed)
        self.id_edit.returnPressed.connect(self.check)

    def _text_changed(self, text: str) -> None:
        compact = "".join(text.split())
        if len(compact) >= 18:
            self._timer.start()
        else:
            self._timer.stop()
            self._generation += 1
            self.result.setText("")

    def check(self) -> None:
        """Check the entered number against the local credit list (on the database worker)."""
        db = self.station.db
        text = self.id_edit.text().strip()
        if db is None or not text:
            return
        self._generation += 1
        generation = self._generation

        def work() -> list[Any]:
            from app.cases import credit_check

            return credit_check(db, text, actor=self.station.clerk)

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            if is_user_error(exc):
                self._show(user_message(exc), "#b3261e")
            else:
                show_error(self, exc)

        self.station.db_runner.submit(
            work,
            lambda records: self._show_records(generation, records),
            failed,
            self.tr("正在查询信用记录……"),
            owner=self,
        )

    def _show(self, text: str, colour: str) -> None:
        self.result.setText(text)
        self.result.setStyleSheet(f"color: {colour}; font-size: 12pt;")

    def _show_records(self, generation: int, records: list[Any]) -> None:
        if generation != self._generation:
            return
        if not records:
            self._show(self.tr("未发现失信记录：可以使用告知承诺。"), "#2e7d32")
        else:
            lines = [
                self.tr("在失信名单中（{n} 条记录），不能使用告知承诺：").format(n=len(records))
            ]
            for record in records:
                until = (
                    self.tr("至 {date}").format(date=record.valid_until.isoformat())
                    if record.valid_until
                    else self.tr("长期有效")
                )
                lines.append(
                    self.tr("• {name}（{id}）：{reason}，{start} 起，{until}").format(
                        name=record.subject_name or "—",
                        id=record.subject_id_masked,
                        reason=record.reason,
                        start=record.valid_from.isoformat(),
                        until=until,
                    )
                )
            self._show("\n".join(lines), "#b3261e")
        self.checked.emit(len(records))
