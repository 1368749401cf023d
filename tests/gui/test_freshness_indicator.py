"""The status bar's freshness indicator: catalog version and age; on a connected window the days
since the last successful sync, in the warning style past the hub's first limit."""

from __future__ import annotations

from datetime import timedelta

from app.ids import utcnow
from app.storage.db import Database
from app.sync.identity import Enrolment, save_enrolment, set_state
from app.sync.service import LAST_SUCCESS
from app.sync.wire import DeviceKind
from ui.main_window import MainWindow


def _connected(db: Database, synced_days_ago: int) -> None:
    then = utcnow() - timedelta(days=synced_days_ago)
    with db.session() as session:
        save_enrolment(
            session,
            Enrolment(
                kind=DeviceKind.WINDOW,
                code="HF01",
                device_name="前台",
                hub_url="http://127.0.0.1:9",
                hub_id="0193a000-0000-7000-8000-00000000beef",
                hub_name="示范县",
                key="k",
                enrolled_at=then - timedelta(days=1),
            ),
        )
        set_state(session, LAST_SUCCESS, then.isoformat())


def test_the_status_bar_warns_past_the_first_limit_and_alarms_past_the_second(
    qtbot, window: MainWindow, window_db: Database
) -> None:  # type: ignore[no-untyped-def]
    indicator = window.status_bar.freshness_indicator
    qtbot.waitUntil(lambda: indicator.level == "standalone", timeout=10_000)
    assert (
        not indicator.isVisible() and window.status_bar.catalog_label.isVisible()
    )  # no limits apply

    _connected(window_db, synced_days_ago=2)
    window.status_bar.refresh()
    qtbot.waitUntil(lambda: indicator.level == "ok", timeout=10_000)
    assert (
        indicator.isVisible() and not window.status_bar.catalog_label.isVisible()
    )  # it shows the version
    assert "目录 2026.11-sample" in indicator.text() and "已同步" in indicator.text()
    assert indicator.styleSheet() == ""

    _connected(window_db, synced_days_ago=9)
    window.status_bar.refresh()
    qtbot.waitUntil(lambda: indicator.level == "warn", timeout=10_000)
    assert "9 天未同步" in indicator.text() and "background" in indicator.styleSheet()
    assert "超过 7 天" in indicator.toolTip()

    _connected(window_db, synced_days_ago=31)
    window.status_bar.refresh()
    qtbot.waitUntil(lambda: indicator.level == "stale", timeout=10_000)
    assert "目录可能已过时" in indicator.text()
