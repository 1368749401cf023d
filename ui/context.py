"""What the windows and dialogs of the workstation share, passed to each explicitly."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ui.settings import AppSettings
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.bootstrap import Database


@dataclass
class Workstation:
    """The data directory, the settings, the two workers and (once opened) the database.

    ``db_runner`` is the one serialized worker that does every piece of database work;
    ``net_runner`` does network checks so a slow hub never delays the database.
    """

    data_dir: Path
    settings: AppSettings
    db_runner: TaskRunner
    net_runner: TaskRunner
    db: Database | None = field(default=None)
    # One-time notices already shown in this session (e.g. where the signing key is kept).
    shown_notices: set[str] = field(default_factory=set)

    def first_time(self, notice: str) -> bool:
        """True the first time ``notice`` is asked about in this session, False afterwards."""
        if notice in self.shown_notices:
            return False
        self.shown_notices.add(notice)
        return True

    @property
    def clerk(self) -> str:
        return self.settings.clerk_name or "受理员"

    @property
    def window_code(self) -> str:
        return self.settings.window_code
