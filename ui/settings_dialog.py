"""The settings dialog: window name and code, clerk, hub address, where PDFs are saved; the data
directory shown.

The clerk and the window code are also written to the data directory (:mod:`app.station`), so
that the command line on this PC acts as the same clerk at the same window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.sync.probe import parse_hub_address
from ui.settings import MAX_SYNC_MINUTES, AppSettings


class SettingsDialog(QDialog):
    """Edit the window name and code, the clerk's name, the hub address and the folder "另存为
    PDF" opens in (the user's documents folder at first; each save remembers its folder).

    The data directory is shown read-only (it is chosen with ``--data-dir`` or $WUZHENG_HOME).
    """

    def __init__(
        self,
        settings: AppSettings,
        data_dir: Path,
        parent: QWidget | None = None,
        *,
        connect: Callable[[], object] | None = None,
        enrolled_window: str | None = None,
    ):
        super().__init__(parent)
        self.settings = settings
        self.directory = data_dir
        self.setWindowTitle(self.tr("设置"))
        self.setMinimumWidth(460)

        self.window_name = QLineEdit(settings.window_name)
        self.window_name.setPlaceholderText(self.tr("例如：县政务服务中心 3 号窗口"))
        self.window_code = QLineEdit(settings.window_code)
        self.window_code.setPlaceholderText(self.tr("例如：W03"))
        if enrolled_window:  # the hub's code numbers every case: not the clerk's to change
            self.window_code.setText(enrolled_window)
            self.window_code.setReadOnly(True)
            self.window_code.setToolTip(self.tr("本机已在县级中心注册为此窗口，编码由中心指定"))
        self.clerk_name = QLineEdit(settings.clerk_name)
        self.hub_address = QLineEdit(settings.hub_address)
        self.hub_address.setPlaceholderText(self.tr("例如：http://10.0.0.8:8420（可留空）"))
        self.sync_interval = QSpinBox()
        self.sync_interval.setObjectName("syncInterval")
        self.sync_interval.setRange(0, MAX_SYNC_MINUTES)
        self.sync_interval.setValue(settings.sync_interval_minutes)
        self.sync_interval.setSuffix(self.tr(" 分钟"))
        self.sync_interval.setSpecialValueText(self.tr("不自动同步"))
        self.sync_interval.setToolTip(self.tr("已连接中心时每隔多久自动同步一次；0 为不自动同步"))
        hub_row = QHBoxLayout()
        hub_row.addWidget(self.hub_address, 1)
        self.connect_button = QPushButton(self.tr("连接中心(&L)…"))
        self.connect_button.setObjectName("openConnect")
        self.connect_button.setAutoDefault(False)
        self.connect_button.setVisible(connect is not None)
        if connect is not None:
            self.connect_button.clicked.connect(lambda: connect())
        hub_row.addWidget(self.connect_button)
        self.save_folder = QLineEdit(str(settings.save_folder))
        self.save_folder.setObjectName("saveFolder")
        browse = QPushButton(self.tr("浏览…"))
        browse.setAutoDefault(False)
        browse.clicked.connect(self.choose_save_folder)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_folder, 1)
        save_row.addWidget(browse)
        self.data_dir = QLineEdit(str(data_dir))
        self.data_dir.setReadOnly(True)
        self.error = QLabel()
        self.error.setObjectName("settingsError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow(self.tr("窗口名称："), self.window_name)
        form.addRow(self.tr("窗口编码："), self.window_code)
        form.addRow(self.tr("受理人员："), self.clerk_name)
        form.addRow(self.tr("中心地址："), hub_row)
        form.addRow(self.tr("自动同步间隔："), self.sync_interval)
        form.addRow(self.tr("PDF 保存位置："), save_row)
        form.addRow(self.tr("数据目录："), self.data_dir)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def problems(self) -> list[str]:
        """Why the entered values cannot be saved (empty when they can)."""
        from app.station import MAX_CLERK, MAX_WINDOW

        found: list[str] = []
        code = self.window_code.text().strip()
        if code and not all(c.isascii() and (c.isalnum() or c in "-_") for c in code):
            found.append(self.tr("窗口编码只能包含字母、数字、“-”和“_”。"))
        if len(code) > MAX_WINDOW:
            found.append(self.tr("窗口编码过长（最多 {n} 个字符）。").format(n=MAX_WINDOW))
        if len(self.clerk_name.text().strip()) > MAX_CLERK:
            found.append(self.tr("受理人员姓名过长（最多 {n} 个字）。").format(n=MAX_CLERK))
        hub = self.hub_address.text().strip()
        if hub and (" " in hub or parse_hub_address(hub) is None):
            found.append(
                self.tr("中心地址格式不正确，请填写如 http://10.0.0.8:8420 的地址，或留空。")
            )
        folder = self.save_folder.text().strip()
        if folder and not Path(folder).expanduser().is_dir():
            found.append(self.tr("PDF 保存位置不存在，请选择一个已有的文件夹。"))
        return found

    def choose_save_folder(self) -> QFileDialog:
        """Pick the folder in a (non-blocking) folder dialog."""
        dialog = QFileDialog(self, self.tr("PDF 保存位置"), self.save_folder.text())
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self.save_folder.setText)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def accept(self) -> None:
        from app.errors import UserError
        from app.station import save_station

        found = self.problems()
        if found:
            self._refuse(found)
            return
        try:  # first, so that a refusal changes nothing
            station = save_station(
                self.directory,
                clerk=self.clerk_name.text(),
                window=self.window_code.text().strip(),
            )
        except UserError as exc:  # the data directory cannot be written
            self._refuse([str(exc)])
            return
        self.settings.window_name = self.window_name.text().strip()
        self.settings.window_code = station.window
        self.settings.clerk_name = station.clerk
        self.settings.hub_address = self.hub_address.text().strip()
        self.settings.sync_interval_minutes = self.sync_interval.value()
        folder = self.save_folder.text().strip()
        if folder:
            self.settings.save_folder = Path(folder).expanduser()
        self.settings.sync()
        super().accept()

    def _refuse(self, problems: list[str]) -> None:
        self.error.setText("\n".join(problems))
        self.error.show()
