"""Settings → 连接中心: enrol this data directory with the county hub by a one-time code.

The dialog takes the hub's address, the enrolment code the county's IT gave and a name for
this PC, and calls :func:`app.sync.connect.connect` on the network runner (the window stays
responsive). A refusal (a bad address, a used or expired code, no keyring, a code of another
window) is one Chinese sentence in the dialog, and nothing changes; afterwards the dialog shows
what this device now is (窗口 HF01, 部门 SFX-MZJ).

Signals:
    connected(object): the :class:`app.sync.connect.Connected` of a successful connection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import Workstation
from ui.errors import is_user_error, show_error, user_message

if TYPE_CHECKING:
    from app.sync.connect import Connected
    from app.sync.identity import Enrolment


class ConnectDialog(QDialog):
    """Connect to the county hub; see the module docstring for its signal."""

    connected = Signal(object)

    def __init__(
        self,
        station: Workstation,
        current: Enrolment | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.station = station
        self.current = current
        self.setWindowTitle(self.tr("连接县级中心"))
        self.setMinimumWidth(520)
        self.setObjectName("connectDialog")
        intro = QLabel(
            self.tr(
                "输入县信息中心给出的中心地址和一次性注册码（24 小时内有效，只能使用一次）。"
                "本机的凭据保存在系统密钥库中。"
            )
        )
        intro.setWordWrap(True)
        self.address_edit = QLineEdit(
            current.hub_url if current is not None else station.settings.hub_address
        )
        self.address_edit.setObjectName("hubAddress")
        self.address_edit.setPlaceholderText(self.tr("例如：http://10.0.0.8:8470"))
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("enrolCode")
        self.code_edit.setPlaceholderText(self.tr("县信息中心给出的注册码"))
        self.name_edit = QLineEdit(
            current.device_name if current is not None else station.settings.window_name
        )
        self.name_edit.setObjectName("deviceName")
        self.name_edit.setPlaceholderText(self.tr("例如：和丰镇便民服务中心 1 号窗口（可留空）"))
        self.enrolled_label = QLabel()
        self.enrolled_label.setObjectName("enrolledAs")
        self.enrolled_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("connectError")
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        form = QFormLayout()
        form.addRow(self.tr("中心地址(&A)："), self.address_edit)
        form.addRow(self.tr("注册码(&C)："), self.code_edit)
        form.addRow(self.tr("本机名称(&N)："), self.name_edit)

        self.buttons = QDialogButtonBox()
        self.connect_button = QPushButton(self.tr("连接(&L)"))
        self.connect_button.setObjectName("connectButton")
        self.connect_button.setDefault(True)
        self.buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("关闭"))
        self.buttons.rejected.connect(self.reject)
        self.connect_button.clicked.connect(self.start_connect)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.enrolled_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._show_enrolment(current)
        (self.code_edit if self.address_edit.text() else self.address_edit).setFocus()

    def _show_enrolment(self, enrolment: Enrolment | None) -> None:
        if enrolment is None:
            self.enrolled_label.setText(self.tr("本机尚未连接县级中心（单机工作）。"))
            return
        self.enrolled_label.setText(
            self.tr("本机已注册为 {label}（{name}），县级中心：{hub}。").format(
                label=enrolment.label,
                name=enrolment.device_name,
                hub=enrolment.hub_name or enrolment.hub_url,
            )
        )

    def start_connect(self) -> None:
        """Connect on the network runner with what the fields hold."""
        db = self.station.db
        if db is None:
            self._refuse(self.tr("数据库尚未打开，请稍候再试。"))
            return
        address = self.address_edit.text().strip()
        code = self.code_edit.text().strip()
        name = self.name_edit.text().strip()
        if not address:
            self._refuse(self.tr("请输入县级中心地址，如 http://10.0.0.8:8470。"))
            self.address_edit.setFocus()
            return
        if not code:
            self._refuse(self.tr("请输入县信息中心给出的一次性注册码。"))
            self.code_edit.setFocus()
            return
        directory = self.station.data_dir

        def work() -> Connected:
            from app.sync.connect import connect

            return connect(db, address, code, device_name=name, directory=directory)

        self.error_label.hide()
        self.connect_button.setEnabled(False)
        self.enrolled_label.setText(self.tr("正在连接县级中心……"))
        self.station.net_runner.submit(
            work, self._connected, self._failed, label=self.tr("正在连接县级中心……"), owner=self
        )

    def _connected(self, done: Connected) -> None:
        self.connect_button.setEnabled(True)
        self.code_edit.clear()  # used once: it is worth nothing now
        enrolment = done.enrolment
        settings = self.station.settings
        settings.hub_address = enrolment.hub_url
        if enrolment.is_window:
            settings.window_code = enrolment.code
        settings.sync()
        self.current = enrolment
        self._show_enrolment(enrolment)
        if done.adopted:
            self.enrolled_label.setText(
                self.enrolled_label.text()
                + self.tr("此前单机受理的 {n} 件办件已改用窗口编码 {code}。").format(
                    n=done.adopted, code=enrolment.code
                )
            )
        self.connected.emit(done)

    def _failed(self, exc: BaseException) -> None:
        from app.sync.client import HubError

        self.connect_button.setEnabled(True)
        self._show_enrolment(self.current)
        if isinstance(exc, HubError):
            self._refuse(str(exc))
        elif is_user_error(exc):
            self._refuse(user_message(exc))
        else:
            show_error(self, exc)

    def _refuse(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
