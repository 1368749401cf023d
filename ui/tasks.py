"""A small task runner: one serialized worker thread, results back on the GUI thread.

Database work runs on one :class:`TaskRunner` (one worker, so the database is never used from two
threads at once and tasks run in the order they were submitted); network checks run on another.
Callbacks (``on_done``, ``on_error``) always run on the GUI thread, delivered through a queued
Qt signal. A task that takes longer than ``busy_delay_ms`` makes the runner report itself busy,
so the window can show a progress indication without flickering for quick work.

Signals:
    busy_changed(bool, str): the runner became busy (with the label of the oldest running task)
        or idle again.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import shiboken6

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)

BUSY_DELAY_MS = 300

ErrorHandler = Callable[[BaseException], object]


@dataclass
class _Pending:
    label: str
    on_done: Callable[[Any], object] | None
    on_error: ErrorHandler | None
    owner: QObject | None = None

    def owner_gone(self) -> bool:
        return self.owner is not None and not shiboken6.isValid(self.owner)


class TaskRunner(QObject):
    """Runs callables one at a time on a worker thread; see the module docstring."""

    busy_changed = Signal(bool, str)
    _finished = Signal(int, object, object)

    def __init__(
        self,
        name: str,
        default_error_handler: ErrorHandler | None = None,
        busy_delay_ms: int = BUSY_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._name = name
        self._executor: ThreadPoolExecutor | None = None  # started by the first task
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._default_error_handler = default_error_handler
        self._busy = False
        self._closed = False
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(busy_delay_ms)
        self._busy_timer.timeout.connect(self._become_busy)
        self._finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def pending(self) -> int:
        """How many submitted tasks have not delivered their result yet."""
        return len(self._pending)

    def set_default_error_handler(self, handler: ErrorHandler) -> None:
        self._default_error_handler = handler

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], object] | None = None,
        on_error: ErrorHandler | None = None,
        label: str = "",
        owner: QObject | None = None,
    ) -> int:
        """Queue ``fn``; ``on_done(result)`` or ``on_error(exc)`` later runs on the GUI thread.

        ``owner`` is the widget the callbacks update: when it has been deleted by the time the
        result arrives (a dialog closed meanwhile), the callbacks are skipped.
        """
        if self._closed:
            return 0
        task_id = next(self._ids)
        self._pending[task_id] = _Pending(label, on_done, on_error, owner)
        if not self._busy and not self._busy_timer.isActive():
            self._busy_timer.start()
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self._name)
        future = self._executor.submit(fn)
        future.add_done_callback(functools.partial(self._done_in_worker, task_id))
        return task_id

    def _done_in_worker(self, task_id: int, future: Future[Any]) -> None:
        # Runs on the worker thread: hand the outcome to the GUI thread through the signal.
        if future.cancelled():  # dropped at shutdown: nobody waits for it any more
            return
        exc = future.exception()
        result = None if exc is not None else future.result()
        # RuntimeError: the runner was deleted while the task ran (application exit).
        with contextlib.suppress(RuntimeError):
            self._finished.emit(task_id, result, exc)

    def _deliver(self, task_id: int, result: Any, exc: BaseException | None) -> None:
        pending = self._pending.pop(task_id, None)
        if not self._pending:
            self._busy_timer.stop()
            if self._busy:
                self._busy = False
                self.busy_changed.emit(False, "")
        if pending is None or self._closed or pending.owner_gone():
            if exc is not None:  # nobody is left to show it: keep it in the log at least
                log.warning("后台任务失败（窗口已关闭）", exc_info=exc)
            return
        if exc is not None:
            handler = pending.on_error or self._default_error_handler
            if handler is None:
                log.error("后台任务失败：%s", pending.label, exc_info=exc)
            else:
                handler(exc)
            return
        if pending.on_done is not None:
            pending.on_done(result)

    def _become_busy(self) -> None:
        if self._pending and not self._busy:
            self._busy = True
            label = next(iter(self._pending.values())).label
            self.busy_changed.emit(True, label)

    def shutdown(self, wait: bool = True) -> None:
        """Stop accepting work; by default wait for the running task to end."""
        self._closed = True
        self._busy_timer.stop()
        if self._executor is not None:
            self._executor.shutdown(wait=wait, cancel_futures=True)
