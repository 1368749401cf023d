"""The status bar's catalog freshness: the catalog version and its age, and, on a window
connected to the county hub, how long since the last successful sync, in a warning style past
the hub's first limit (default 7 days) and an alarm style past the second (default 30 days:
printed guides then say the catalog may be out of date). The figures come from
:func:`app.sync.freshness.freshness`, read on the database worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel

from ui.context import Workstation

if TYPE_CHECKING:
    from app.sync.freshness import Freshness

STYLES = {
    "ok": "",
    "standalone": "",
    "warn": "QLabel { background: #fce8b2; color: #6b4500; border-radius: 3px; padding: 0 6px; }",
    "stale": "QLabel { background: #f8d7da; color: #8a1010; border-radius: 3px; padding: 0 6px; "
    "font-weight: bold; }",
}


class FreshnessIndicator(QLabel):
    """Catalog version + age + days since the last sync, on a window connected to a hub
    (hidden on a standalone window, and until read).

    ``replaces``: a label showing the catalog version alone, hidden while this one shows.
    """

    def __init__(self, station: Workstation, replaces: QLabel | None = None) -> None:
        super().__init__()
        self.station = station
        self.replaces = replaces
        self.level = ""
        self.setObjectName("freshnessStatus")
        self.hide()

    def refresh(self) -> None:
        db = self.station.db
        if db is None:
            return

        def work() -> Any:
            from app.sync.freshness import freshness

            return freshness(db)

        self.station.db_runner.submit(work, self.show_freshness, owner=self)

    def show_freshness(self, fresh: Freshness) -> None:
        self.level = fresh.level.value
        if fresh.level.value == "standalone":  # no limits apply: the plain catalog label
            self.hide()
            if self.replaces is not None:
                self.replaces.show()
            return
        version = fresh.catalog_version or self.tr("（无版本）")
        text = self.tr("目录 {version}").format(version=version)
        if fresh.catalog_age_days is not None:
            text += self.tr(" · 发布 {n} 天").format(n=fresh.catalog_age_days)
        if fresh.days_since_sync is not None:
            if fresh.warns:
                text += self.tr(" · {n} 天未同步").format(n=fresh.days_since_sync)
            elif fresh.last_sync is not None:
                text += self.tr(" · 已同步")
        if fresh.level.value == "stale":
            text = "⚠ " + text + self.tr("：目录可能已过时")
        elif fresh.level.value == "warn":
            text = "⚠ " + text + self.tr("，请尽快同步")
        self.setText(text)
        self.setStyleSheet(STYLES.get(fresh.level.value, ""))
        self.setToolTip(self._tip(fresh))
        self.show()
        if self.replaces is not None:
            self.replaces.hide()

    def _tip(self, fresh: Freshness) -> str:
        lines = [fresh.summary() + "。"]
        if fresh.days_since_sync is not None:
            lines.append(
                self.tr(
                    "中心设定：超过 {warn} 天未同步提醒，超过 {mark} 天指南注明目录可能过时。"
                ).format(warn=fresh.warn_after_days, mark=fresh.mark_guides_after_days)
            )
        return "\n".join(lines)
