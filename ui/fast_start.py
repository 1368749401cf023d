"""Opening the database without keeping the clerk waiting to search (issue 12).

:class:`FastStart` opens the database in two parts on the database worker
(:class:`app.bootstrap.Opening`): a cheap check first (the lock, damage, the schema revision;
plain ``sqlite3``, milliseconds), then the heavy part (SQLAlchemy, a migration when needed, the
sample catalog on a first start). Between the two, a current database answers searches from its
read-only search index: a query typed before the check ends is answered by the check's task
itself; later queries run on a worker of their own while the heavy part runs. The heavy part
starts once the window has shown those first results and finished its own start-up work (it
would compete with the GUI thread for the interpreter, and slow both). A new data directory, a
database that needs a migration and a damaged one are not searched early: searches wait for the
full open (which migrates, or says what is wrong). Enter pressed on an early result takes the
case in once the database is open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.bootstrap import Database, Opening
    from ui.context import Workstation

log = logging.getLogger("wuzheng.ui")

HitsHandler = Callable[[list[Any]], object]


@dataclass(frozen=True)
class _Query:
    text: str
    limit: int
    on_done: HitsHandler


class FastStart(QObject):
    """The two-part open and the early searches of one main window."""

    def __init__(self, station: Workstation, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self._opening: Opening | None = None
        self._checking = False  # the check runs: a query waits for it
        self.searchable = False  # the read-only index answers (the database is not open yet)
        self._waiting: _Query | None = None  # typed before the check ended
        self._runner: TaskRunner | None = None  # the early searches, created when needed
        self._after_open: Callable[[], object] | None = None

    @property
    def answering(self) -> bool:
        """A search now is answered before the database is open (or may be: the check runs)."""
        return self._checking or self.searchable

    def open(
        self,
        on_checked: Callable[[bool], object],
        on_opened: Callable[[Database], object],
        on_failed: Callable[[BaseException], object],
    ) -> None:
        """Open the database (again, after a restore): ``on_checked(searchable)`` after the
        check, then ``on_opened(db)``; ``on_failed(exc)`` if either part fails."""
        from app.bootstrap import Opening

        opening = self._opening = Opening(self.station.data_dir)
        self._checking, self.searchable = True, False
        label = QCoreApplication.translate("FastStart", "正在打开数据库……")

        def check() -> tuple[bool, _Query | None, list[Any] | None]:
            answers = opening.check()
            waiting = self._waiting
            hits = opening.search(waiting.text, waiting.limit) if answers and waiting else None
            opening.hold()  # the heavy part waits for the window (see proceed() below)
            return answers, waiting, hits

        def checked(result: tuple[bool, _Query | None, list[Any] | None]) -> None:
            answers, answered, hits = result
            if self._opening is not opening:
                return
            self._checking, self.searchable = False, answers
            waiting, self._waiting = self._waiting, None
            if hits is not None and answered is not None and answered is waiting:
                answered.on_done(hits)

            def finish_window() -> None:
                try:
                    on_checked(answers)
                finally:
                    opening.proceed()  # the window is complete: the heavy part may start

            if hits is None:
                finish_window()
            else:
                QTimer.singleShot(0, finish_window)  # once the hits are painted

        def opened(db: Database | None) -> None:
            if self._opening is opening:
                self._checking = self.searchable = False
            if db is None:
                return  # the check failed, and on_failed said why
            on_opened(db)
            command, self._after_open = self._after_open, None
            if command is not None:
                command()

        def failed(exc: BaseException) -> None:
            self._checking = self.searchable = False
            self._waiting = self._after_open = None
            on_failed(exc)

        runner = self.station.db_runner
        runner.submit(check, checked, failed, label)
        runner.submit(opening.finish, opened, failed, label)

    def search(self, text: str, limit: int, on_done: HitsHandler) -> None:
        """Search the read-only index; ``on_done(hits)`` unless the database opened meanwhile
        (then the window searches it instead)."""
        opening = self._opening
        if opening is None:
            return
        if self._checking:
            self._waiting = _Query(text, limit, on_done)  # the check's task answers it
            return
        if not self.searchable:
            return
        if self._runner is None:
            self._runner = TaskRunner("wuzheng-search", parent=self)

        def done(hits: list[Any] | None) -> None:
            if hits is not None:
                on_done(hits)

        def failed(exc: BaseException) -> None:  # the full open will say what is wrong
            log.warning("提前查询失败，等待数据库打开：%s", exc)

        self._runner.submit(lambda: opening.search(text, limit), done, failed)

    def when_open(self, command: Callable[[], object]) -> None:
        """Run ``command`` once the database is open (Enter pressed on an early result)."""
        self._after_open = command

    def shutdown(self) -> None:
        if self._opening is not None:
            self._opening.proceed()
        if self._runner is not None:
            self._runner.shutdown(wait=True)
