"""GUI fixtures: the real main window on a copy of a data directory holding the sample catalog.

Settings go to an INI file in the test's temporary folder (and QSettings' default paths point
into a temporary folder too), so no test touches the clerk's real settings.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring_support import NoKeyring

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app.bootstrap import open_database
from app.storage.db import Database
from ui.main_window import MainWindow
from ui.settings import AppSettings

STARTUP_TIMEOUT_MS = 60_000


@pytest.fixture(scope="session", autouse=True)
def _private_qsettings(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, folder)


@pytest.fixture(scope="session")
def sample_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory opened once (migrated, sample catalog imported), copied per test.

    Its audit key is kept in the directory's key file (as on a PC without a keyring), so that
    each copy's audit trail checks out with the test's own keyring, as the window checks it.
    """
    directory = tmp_path_factory.mktemp("sample-home")
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        db = open_database(directory)
        db.engine.dispose()
    finally:
        keyring.set_keyring(previous)
    return directory


@pytest.fixture
def data_dir(sample_home: Path, tmp_path: Path) -> Path:
    target = tmp_path / "home"
    shutil.copytree(sample_home, target)
    return target


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    result = AppSettings(store)
    result.clerk_name = "李娜"
    result.window_code = "HF01"
    return result


@pytest.fixture
def shown(qtbot, data_dir: Path, settings: AppSettings) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """The main window shown but not started: a test prepares the data directory first, then
    starts it (``window.start()``, or as the application does: ``gui_helpers.start``)."""
    from ui.application import build_window

    main = build_window(data_dir, settings)
    qtbot.addWidget(main)
    main.show()
    yield main
    for widget in QApplication.topLevelWidgets():
        if widget is not main and widget.isVisible():
            widget.close()
    main.close()


@pytest.fixture
def window(qtbot, shown: MainWindow) -> MainWindow:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(shown.database_ready, timeout=STARTUP_TIMEOUT_MS):
        shown.start()
    return shown


@pytest.fixture
def own_log_handlers() -> Iterator[None]:
    """The log handlers a test adds (the window's, the command line's) are removed after it."""
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


@pytest.fixture
def window_db(window: MainWindow) -> Database:
    """The window's own database, for assertions and for acting as another department."""
    assert window.station.db is not None
    return window.station.db
