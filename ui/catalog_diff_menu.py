"""The menu item 比较目录版本… (issue 11), kept apart from the dialog so that the window's start
does not load the dialog's classes: :mod:`ui.catalog_diff` is imported when the clerk opens it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.catalog_diff import CatalogDiffDialog
    from ui.context import Workstation


class CatalogDiffMenu(QObject):
    """The menu item 比较目录版本… (:attr:`action`): asks for a file, opens the dialog."""

    def __init__(self, window: QWidget, station: Workstation) -> None:
        super().__init__(window)
        self.window = window
        self.station = station
        self.dialog: CatalogDiffDialog | None = None
        self.action = QAction(self.tr("比较目录版本(&D)…"), window)
        self.action.setObjectName("catalogDiffAction")
        self.action.setToolTip(
            self.tr("比较两个目录版本：新增和删除的证明事项、措施、依据和部门的变化")
        )
        self.action.triggered.connect(self.open)

    def open(self) -> CatalogDiffDialog | None:
        """Ask for the file to compare with the installed catalog, then compare them."""
        from ui import catalog_diff

        paths = catalog_diff.choose_files(
            self.window, self.tr("选择要与当前目录比较的目录文件或登记表")
        )
        if not paths:
            return None
        if self.dialog is not None:
            self.dialog.close()
        dialog = catalog_diff.CatalogDiffDialog(self.station, self.window, new=paths)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._forget)
        self.dialog = dialog
        dialog.show()
        dialog.run()
        return dialog

    def _forget(self) -> None:
        self.dialog = None
