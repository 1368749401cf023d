"""The window's settings (QSettings, organization "Wuzheng"); the dialog is in settings_dialog.

:class:`AppSettings` wraps one :class:`QSettings` object: the application uses the platform's
native store; tests hand in an INI file in a temporary folder so they never touch the clerk's
real settings.

Who works at the window (the clerk, the window code) is also kept in the data directory
(:mod:`app.station`, ``config.json``), which the command line reads and enrolment with the hub
writes: :func:`follow_station` makes the settings agree with it at start, and the settings
dialog writes both.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

if TYPE_CHECKING:
    from PySide6.QtCore import QByteArray

ORGANIZATION = "Wuzheng"
APPLICATION = "Wuzheng"
DEFAULT_SYNC_MINUTES = 5
MAX_SYNC_MINUTES = 24 * 60


def documents_folder() -> Path:
    """The user's documents folder (the home folder where there is none)."""
    from PySide6.QtCore import QStandardPaths

    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


class AppSettings:
    """Typed access to the stored settings."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings(ORGANIZATION, APPLICATION)

    def _text(self, key: str, default: str = "") -> str:
        value = self.store.value(key, default)
        return str(value) if value is not None else default

    # -- the window's identity -------------------------------------------------------------
    @property
    def window_name(self) -> str:
        return self._text("window/name")

    @window_name.setter
    def window_name(self, value: str) -> None:
        self.store.setValue("window/name", value)

    @property
    def window_code(self) -> str:
        return self._text("window/code")

    @window_code.setter
    def window_code(self, value: str) -> None:
        self.store.setValue("window/code", value)

    @property
    def clerk_name(self) -> str:
        return self._text("window/clerk")

    @clerk_name.setter
    def clerk_name(self, value: str) -> None:
        self.store.setValue("window/clerk", value)

    @property
    def hub_address(self) -> str:
        return self._text("sync/hub_address")

    @hub_address.setter
    def hub_address(self, value: str) -> None:
        self.store.setValue("sync/hub_address", value)

    # -- the periodic sync with the hub ------------------------------------------------------
    @property
    def sync_interval_minutes(self) -> int:
        """Minutes between two syncs of a connected device (default 5); 0: no periodic sync."""
        try:
            value = int(str(self.store.value("sync/interval_minutes", DEFAULT_SYNC_MINUTES)))
        except ValueError:
            return DEFAULT_SYNC_MINUTES
        return min(max(value, 0), MAX_SYNC_MINUTES)

    @sync_interval_minutes.setter
    def sync_interval_minutes(self, value: int) -> None:
        self.store.setValue("sync/interval_minutes", int(value))

    # -- where documents are saved ------------------------------------------------------------
    @property
    def save_folder(self) -> Path:
        """Where "另存为 PDF" opens: the folder last saved into, else the user's documents
        folder (never the process's working folder)."""
        stored = self._text("print/save_folder")
        if stored and Path(stored).is_dir():
            return Path(stored)
        return documents_folder()

    @save_folder.setter
    def save_folder(self, value: Path) -> None:
        self.store.setValue("print/save_folder", str(value))

    # -- layout ----------------------------------------------------------------------------
    def layout_state(self, key: str) -> QByteArray | None:
        from PySide6.QtCore import QByteArray

        value = self.store.value(f"layout/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_layout_state(self, key: str, value: QByteArray) -> None:
        self.store.setValue(f"layout/{key}", value)

    def sync(self) -> None:
        self.store.sync()


def follow_station(settings: AppSettings, data_dir: Path) -> None:
    """Make the clerk and the window code of ``settings`` agree with the data directory's.

    The data directory's value wins where it has one (``wuzheng config set clerk …`` or the
    hub's enrolment may have changed it since); a value only the settings hold (set before the
    data directory kept one) is written there, so that the command line acts as the same
    clerk. A data directory that cannot be written keeps the settings as they are.
    """
    from app.errors import UserError
    from app.station import load_station, save_station

    station = load_station(data_dir)
    if station.clerk:
        settings.clerk_name = station.clerk
    if station.window:
        settings.window_code = station.window
    clerk = settings.clerk_name if not station.clerk and settings.clerk_name else None
    window = settings.window_code if not station.window and settings.window_code else None
    if clerk is not None or window is not None:
        try:
            save_station(data_dir, clerk=clerk, window=window)
        except UserError:  # read-only, or too long: the window still works as it is set
            return
