"""Asking why a case is cancelled (撤销办件), with what cancelling it will do."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget


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
