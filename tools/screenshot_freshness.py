"""Render the freshness warning of the status bar to docs/screenshots/freshness.png.

Usage: ``python tools/screenshot_freshness.py [OUT_DIR]``. A temporary data directory with the
sample catalog, enrolled as window HF01 of a county hub whose last successful sync was 12 days
ago (past the first limit, 7 days: the warning style). Nothing of the user's is touched, and
no hub is contacted (the hub address is a closed loopback port).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

DAYS = 12


def wait_until(predicate: object, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError("界面没有在规定时间内完成加载")
        QApplication.processEvents()
        time.sleep(0.01)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="wuzheng-fresh-"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(work / "config"))

    from app.ids import utcnow
    from app.sync.identity import Enrolment, save_enrolment, set_state
    from app.sync.service import LAST_SUCCESS
    from app.sync.wire import DeviceKind
    from ui.application import build_window, create_application, load_fonts
    from ui.settings import AppSettings

    app = create_application(["screenshots"])
    load_fonts(app)
    settings = AppSettings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    settings.clerk_name = "李娜"
    settings.window_code = "HF01"
    window = build_window(work / "data", settings)
    window.resize(1280, 800)
    window.show()
    ready: list[bool] = []
    window.database_ready.connect(lambda: ready.append(True))
    window.start()
    wait_until(lambda: bool(ready))
    db = window.station.db
    assert db is not None
    then = utcnow() - timedelta(days=DAYS)
    with db.session() as session:
        save_enrolment(
            session,
            Enrolment(
                kind=DeviceKind.WINDOW,
                code="HF01",
                device_name="前台电脑",
                hub_url="http://127.0.0.1:9",
                hub_id="0193a000-0000-7000-8000-00000000f00d",
                hub_name="示范县政务数据中心",
                key="screenshot",
                enrolled_at=then - timedelta(days=30),
            ),
        )
        set_state(session, LAST_SUCCESS, then.isoformat())
    window.status_bar.refresh()
    window.sync.refresh()  # the sync widget reads the enrolment made above
    indicator = window.status_bar.freshness_indicator
    wait_until(lambda: indicator.isVisible() and indicator.level == "warn")
    wait_until(lambda: window.sync.widget.state_label.text().startswith("窗口"))
    end = time.monotonic() + 0.5
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)
    path = out / "freshness.png"
    window.grab().save(str(path))
    print(f"{path} ({window.width()}×{window.height()}): {indicator.text()}")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
