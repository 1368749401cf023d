"""The window's status bar: what the database worker is doing, the catalog, the hub and sync.

From left to right: the busy indicator and its label while the database worker runs a task
(the window shows a busy cursor meanwhile); then, kept to the right, the catalog's version and
age (:meth:`WindowStatusBar.refresh`, with :class:`ui.freshness.FreshnessIndicator` in its place
on a window connected to the hub), whether the configured hub answers (checked off the GUI
thread every minute once the window is complete: :meth:`WindowStatusBar.start_hub_checks`),
the records waiting for sync, and the sync status widget of :mod:`ui.sync_status`. Once the
device is enrolled, the sync status replaces the hub and outbox labels
(:meth:`WindowStatusBar.enrolled`). Messages stay :data:`STATUS_MESSAGE_MS` (:meth:`say`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

if TYPE_CHECKING:
    from app.catalog.views import CatalogInfo
    from app.sync.probe import HubStatus
    from ui.context import Workstation

HUB_CHECK_INTERVAL_MS = 60_000
STATUS_MESSAGE_MS = 8000


class WindowStatusBar(QStatusBar):
    """The main window's status bar; see the module docstring."""

    def __init__(
        self, station: Workstation, sync_widget: QWidget, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.station = station
        self.catalog_label = QLabel(self.tr("目录：加载中……"))
        self.catalog_label.setObjectName("catalogStatus")
        self.hub_label = QLabel(self.tr("中心：—"))
        self.hub_label.setObjectName("hubStatus")
        self.outbox_label = QLabel(self.tr("待同步：—"))
        self.outbox_label.setObjectName("outboxStatus")
        self.busy_label = QLabel()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.setObjectName("busyIndicator")
        self.busy_label.hide()
        self.busy_bar.hide()
        self.addWidget(self.busy_bar)
        self.addWidget(self.busy_label)
        self.addPermanentWidget(self.catalog_label)
        from ui.freshness import FreshnessIndicator  # catalog version, age, days since sync

        self.freshness_indicator = FreshnessIndicator(station, self.catalog_label)
        self.addPermanentWidget(self.freshness_indicator)
        self.addPermanentWidget(self.hub_label)
        self.addPermanentWidget(self.outbox_label)
        self.addPermanentWidget(sync_widget)
        station.db_runner.busy_changed.connect(self._show_busy)

        self._hub_timer = QTimer(self)
        self._hub_timer.setInterval(HUB_CHECK_INTERVAL_MS)
        self._hub_timer.timeout.connect(self.check_hub)

    def say(self, text: str) -> None:
        """A message for a few seconds (what a command did, or why it did nothing)."""
        self.showMessage(text, STATUS_MESSAGE_MS)

    def opening(self) -> None:
        self.busy_label.setText(self.tr("正在打开数据库……"))

    def unavailable(self) -> None:
        """The database could not be opened."""
        self.catalog_label.setText(self.tr("目录：不可用"))

    def enrolled(self, connected: bool) -> None:
        """A connected device shows the sync status instead of the hub and outbox labels."""
        self.hub_label.setHidden(connected)
        self.outbox_label.setHidden(connected)

    def _show_busy(self, busy: bool, label: str) -> None:
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)
        self.busy_label.setText(label)
        window = self.window()
        if busy:
            window.setCursor(Qt.CursorShape.BusyCursor)
        else:
            window.unsetCursor()

    # ------------------------------------------------------------------ the catalog
    def refresh(self) -> None:
        """Reload the catalog version and the outbox count."""
        db = self.station.db
        if db is None:
            return

        def work() -> tuple[Any, int]:
            from app.catalog.views import catalog_info
            from app.sync.outbox import pending_count

            return catalog_info(db), pending_count(db)

        self.station.db_runner.submit(work, self._show_status, label=self.tr("正在读取目录……"))

    def _show_status(self, result: tuple[CatalogInfo, int]) -> None:
        info, pending = result
        text = self.tr("目录 {version}").format(version=info.version or self.tr("（无版本）"))
        age = _age_days(info.published_at)
        if age is not None:
            text += (
                self.tr("（{n} 天前发布）").format(n=age) if age > 0 else self.tr("（今天发布）")
            )
        if info.sample:
            text += self.tr(" · 示例数据")
        self.catalog_label.setText(text)
        self.catalog_label.setToolTip(
            self.tr("事项 {m} 项，证明 {i} 项，一件事 {b} 项").format(
                m=info.matters, i=info.items, b=info.bundles
            )
        )
        self.outbox_label.setText(self.tr("待同步：{n} 条").format(n=pending))
        self.freshness_indicator.refresh()

    # ------------------------------------------------------------------ the hub
    def start_hub_checks(self) -> None:
        """Check the hub now and every minute from now on."""
        self.check_hub()
        self._hub_timer.start()

    def stop_hub_checks(self) -> None:
        self._hub_timer.stop()

    def check_hub(self) -> None:
        """Check off the GUI thread whether the configured hub answers."""
        address = self.station.settings.hub_address

        def work() -> HubStatus:
            from app.sync.probe import probe_hub

            return probe_hub(address)

        if not address.strip():
            from app.sync.probe import HubState, HubStatus

            self._show_hub(HubStatus(HubState.NOT_CONFIGURED))
            return
        self.hub_label.setText(self.tr("中心：检查中……"))
        self.station.net_runner.submit(work, self._show_hub, label=self.tr("正在检查中心连接……"))

    def _show_hub(self, status: HubStatus) -> None:
        from app.sync.probe import HubState

        texts = {
            HubState.NOT_CONFIGURED: self.tr("中心：未配置中心"),
            HubState.REACHABLE: self.tr("中心：可连接"),
            HubState.UNREACHABLE: self.tr("中心：无法连接（离线工作）"),
            HubState.INVALID: self.tr("中心：地址有误"),
        }
        self.hub_label.setText(texts[status.state])
        colour = {"reachable": "#2e7d32", "unreachable": "#b3261e", "invalid": "#b3261e"}
        self.hub_label.setStyleSheet(f"color: {colour.get(status.state.value, '#5f6368')};")
        tip = status.address
        if status.detail:
            tip = f"{tip}（{status.detail}）"
        self.hub_label.setToolTip(tip)


def _age_days(published_at: str) -> int | None:
    try:
        published = date.fromisoformat(published_at[:10])
    except ValueError:
        return None
    return max((date.today() - published).days, 0)
