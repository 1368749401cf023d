"""Start the workstation: QApplication, fonts, translation, logging, the main window.

Start-up shows the window first and loads afterwards (:meth:`MainWindow.start` opens the
database on the worker thread), so a usable window appears about as fast as an empty one.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.paths import resource
from ui.context import Workstation
from ui.errors import install_excepthook
from ui.main_window import MainWindow
from ui.settings import APPLICATION, ORGANIZATION, AppSettings, follow_station
from ui.tasks import TaskRunner

log = logging.getLogger("wuzheng.ui")

CJK_FAMILY_HINTS = ("WenQuanYi", "Noto Sans CJK", "Source Han", "Microsoft YaHei", "SimSun")


def load_fonts(app: QApplication) -> str | None:
    """Register the bundled CJK font(s) and make one the application font.

    The same font on every machine means the same layout, and no boxes for missing glyphs on
    machines (or the offscreen platform) without a Chinese system font.
    """
    families: list[str] = []
    folder = resource("fonts")
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in (".ttf", ".ttc", ".otf"):
                font_id = QFontDatabase.addApplicationFont(str(path))
                if font_id >= 0:
                    families.extend(QFontDatabase.applicationFontFamilies(font_id))
    chosen = next((f for f in families if any(h in f for h in CJK_FAMILY_HINTS)), None)
    chosen = chosen or (families[0] if families else None)
    if chosen:
        font = QFont(chosen)
        font.setPointSize(max(app.font().pointSize(), 10))
        app.setFont(font)
    return chosen


def install_translators(app: QApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """Load our translation for the locale when a .qm file for it exists, and Qt's own.

    The source strings are Simplified Chinese, so Chinese needs no file of ours. Without a
    translation for the locale the window stays Chinese, and so do Qt's standard buttons.
    """
    locale = locale or QLocale.system()
    installed: list[QTranslator] = []
    ours = QTranslator(app)
    if ours.load(locale, "wuzheng", "_", str(resource("translations"))):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    qt_own = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(locale, "qtbase", "_", qt_dir):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    return installed


def setup_logging(data_dir: Path) -> None:
    """Log to ``logs/`` in the data directory: the core's masked, private, rotating log
    (:func:`app.logs.setup_logging`), the same as the command line's; nothing when the folder
    cannot be written."""
    import contextlib

    from app.logs import setup_logging as log_to_data_dir

    with contextlib.suppress(OSError):
        log_to_data_dir(data_dir)


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("无证明办事")
    icon = resource("icons", "wuzheng.png")
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    return app


def build_window(data_dir: Path, settings: AppSettings | None = None) -> MainWindow:
    """The main window with its workers, not yet shown or started."""
    station = Workstation(
        data_dir=data_dir,
        settings=settings or AppSettings(QSettings(ORGANIZATION, APPLICATION)),
        db_runner=TaskRunner("wuzheng-db"),
        net_runner=TaskRunner("wuzheng-net"),
    )
    return MainWindow(station)


def start_window(window: MainWindow) -> None:
    """What follows the first frame: the database (opened on the worker), then, once its cheap
    first part is done (:attr:`MainWindow.started`; the first search is answered by then), the
    log in the data directory (with what was logged before it: damage found by that first
    part) and the clerk and window code the data directory names (what the command line acts
    as; in place before the database is open).

    None of it is needed to show a window that takes typing, so none of it delays that.
    """
    from app.logs import EarlyRecords

    data_dir = window.station.data_dir
    early = EarlyRecords.install()

    def rest() -> None:
        window.started.disconnect(rest)  # once (a restore starts the window again)
        setup_logging(data_dir)
        early.release()
        follow_station(window.station.settings, data_dir)

    window.started.connect(rest)
    window.start()


# For benchmarks/bench_startup.py: quit once the window is shown ("window"), once the
# database is open and the catalog loaded ("ready"), or once a query typed into the search box
# as soon as the window shows has its results in the list ("search": the moment is printed,
# as ``shown <time.monotonic()>``), to time the real entry point.
STARTUP_PROBE = "WUZHENG_STARTUP_PROBE"
PROBE_QUERY = "dibao"  # 最低生活保障…, in the sample catalog


def probe_search(app: QApplication, window: MainWindow) -> None:
    """Type :data:`PROBE_QUERY` now; when its results are in the list, print when and quit."""
    import time

    def shown() -> None:
        print(f"shown {time.monotonic()!r}", flush=True)
        app.quit()

    window.search_tab.search_finished.connect(lambda count: count and QTimer.singleShot(0, shown))
    window.search_tab.search_edit.insert(PROBE_QUERY)  # what typing it does


def run(data_dir: Path) -> int:
    """Open the workstation on ``data_dir``; returns the exit code."""
    app = create_application()
    install_excepthook()
    load_fonts(app)
    install_translators(app)
    window = build_window(data_dir)
    window.show()
    probe = os.environ.get(STARTUP_PROBE, "")
    if probe == "window":
        QTimer.singleShot(0, app.quit)
    else:
        if probe == "ready":
            window.database_ready.connect(app.quit)
        elif probe == "search":
            probe_search(app, window)
        QTimer.singleShot(0, lambda: start_window(window))
    code = app.exec()
    window.close()
    log.info("窗口端已退出（%s）", code)
    return int(code)
