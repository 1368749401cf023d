"""The main window's actions, shortcuts and menu bar.

文件: 导入目录, 比较目录版本 (:mod:`ui.catalog_diff`), 导出全部办事指南, 连接中心, 设置, the
backups and restore of :mod:`ui.recovery`, 退出 (Ctrl+Q). 办件: 查找事项 (Ctrl+F), 受理新办件
(Ctrl+N), 打印办事指南 (Ctrl+P). 视图: the tabs (Ctrl+1/2/3). 工具: 检查审计日志
(:mod:`ui.audit_check`), 同步 (F9, :mod:`ui.sync_status`). 帮助: 关于 and the log folder.

The actions call the window's commands; what those act on is decided at the key press (see
:mod:`ui.search_tab`). Ctrl+N and Ctrl+P stay disabled until the database is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class WindowMenus(QObject):
    """The actions of one main window (its shortcuts work from any of its widgets) and the
    menus that list them."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.find_action = QAction(self.tr("查找事项(&F)"), window)
        self.find_action.setShortcut("Ctrl+F")
        self.find_action.triggered.connect(window.focus_search)

        # Enabled once the database is open; what they act on is decided at the key press.
        self.new_case_action = QAction(self.tr("受理新办件(&N)…"), window)
        self.new_case_action.setShortcut("Ctrl+N")
        self.new_case_action.setEnabled(False)
        self.new_case_action.setToolTip(self.tr("受理查询结果中选中的事项或一件事（回车）"))
        self.new_case_action.triggered.connect(window.new_case)

        self.print_action = QAction(self.tr("打印办事指南(&P)…"), window)
        self.print_action.setShortcut("Ctrl+P")
        self.print_action.setEnabled(False)
        self.print_action.setToolTip(self.tr("打印查询结果中选中的事项或一件事的办事指南"))
        self.print_action.triggered.connect(window.print_guide)

        self.export_action = QAction(self.tr("导出全部办事指南(&E)…"), window)
        self.export_action.triggered.connect(window.export_guides)
        self.import_action = QAction(self.tr("导入目录(&I)…"), window)
        self.import_action.setToolTip(self.tr("导入目录文件（.json）或部门填报的登记表"))
        self.import_action.triggered.connect(window.import_catalog)

        self.settings_action = QAction(self.tr("设置(&S)…"), window)
        self.settings_action.triggered.connect(window.open_settings)
        self.connect_action = QAction(self.tr("连接中心(&L)…"), window)
        self.connect_action.triggered.connect(window.open_connect)
        self.quit_action = QAction(self.tr("退出(&Q)"), window)
        self.quit_action.setShortcut("Ctrl+Q")
        self.quit_action.triggered.connect(window.close)
        self.about_action = QAction(self.tr("关于(&A)"), window)
        self.about_action.triggered.connect(window.show_about)

        self.tab_actions: list[QAction] = []
        for number, title in enumerate(
            (self.tr("事项查询"), self.tr("办件"), self.tr("信用查询")), start=1
        ):
            tab_action = QAction(title, window)
            tab_action.setShortcut(f"Ctrl+{number}")
            tab_action.triggered.connect(lambda _checked=False, i=number - 1: window.show_tab(i))
            self.tab_actions.append(tab_action)

        for action in (
            self.find_action,
            self.new_case_action,
            self.print_action,
            *self.tab_actions,
            window.sync.action,
        ):
            window.addAction(action)

        menu = window.menuBar()
        file_menu = menu.addMenu(self.tr("文件(&F)"))
        file_menu.addAction(self.import_action)
        file_menu.addAction(window.catalog_diff.action)
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.connect_action)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        case_menu = menu.addMenu(self.tr("办件(&C)"))
        case_menu.addAction(self.find_action)
        case_menu.addAction(self.new_case_action)
        case_menu.addAction(self.print_action)
        view_menu = menu.addMenu(self.tr("视图(&V)"))
        for tab_action in self.tab_actions:
            view_menu.addAction(tab_action)
        tools_menu = menu.addMenu(self.tr("工具(&T)"))
        tools_menu.addAction(window.audit_check.action)
        tools_menu.addAction(window.sync.action)
        help_menu = menu.addMenu(self.tr("帮助(&H)"))
        help_menu.addAction(self.about_action)
        window.upkeep.add_to(file_menu, help_menu)
