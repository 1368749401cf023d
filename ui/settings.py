"""The window's settings (QSettings, organization "Wuzheng"); the dialog is in settings_dialog.

:class:`AppSettings` wraps one :class:`QSettings` object: the application uses the platform's
native store; tests hand in an INI file in a temporary folder so they never touch the clerk's
real settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

if TYPE_CHECKING:
    from PySide6.QtCore import QByteArray

ORGANIZATION = "Wuzheng"
APPLICATION = "Wuzheng"


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
