"""The one way the GUI runs work off its thread: a :class:`TaskRunner` (Anki's CollectionOp /
QueryOp are the model).

Database work runs on one runner (one worker, so the database is never used from two threads
at once and tasks run in the order they were submitted); network checks run on another; a
dialog with long work of its own (rendering pages, printing, the batch export) owns a third, so
the database stays free meanwhile. Whatever the runner, a task is a plain callable and:

* its outcome comes back on the GUI thread: ``on_done(result)`` or ``on_error(exc)`` (else the
  runner's default error handler: the one place that shows errors); when its ``owner`` widget
  was deleted meanwhile (a dialog closed), the callbacks are skipped;
* it reports progress, if it wants to, through the :class:`Progress` handed to it
  (:meth:`TaskRunner.submit_with_progress`), which also carries the cancellation flag;
* it says what it changes (``changes``, a :class:`Change`): once it succeeded, the runner emits
  :attr:`TaskRunner.changed` and every view that shows such data reloads itself, so a dialog
  never tells the other windows to refresh;
* a task still running after ``busy_delay_ms`` makes the runner report itself busy, so the
  window shows a progress indication without flickering for quick work.

Signals:
    busy_changed(bool, str): the runner became busy (with the label of the oldest running task)
        or idle again.
    changed(Change): a task that changes data finished successfully; what it changed.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import itertools
import logging
import threading
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
ProgressHandler = Callable[[int, int], object]


class Change(enum.Flag):
    """What a task changed, so that each view decides for itself whether to reload."""

    NONE = 0
    CASES = enum.auto()  # a case: its resolutions, requests, pledges (queued for sync too)
    INBOX = enum.auto()  # the department's inbox: requests pulled, answers given
    SEND_NOW = enum.auto()  # the hub should have it at once (a data query, an answer)
    ANSWERS = enum.auto()  # answers to this window's requests arrived (a sync applied them)


class Progress:
    """Handed to a task that reports progress: thread-safe, and it carries the cancel flag.

    The task calls :meth:`report` (from the worker) and checks :attr:`cancelled` or passes
    :attr:`cancel_event` to a core function that takes a ``threading.Event``; the GUI calls
    :meth:`cancel`.
    """

    def __init__(self, report: Callable[[int, int], None]) -> None:
        self._report = report
        self.cancel_event = threading.Event()

    def report(self, done: int, total: int) -> None:
        self._report(done, total)

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


@dataclass
class _Pending:
    label: str
    on_done: Callable[[Any], object] | None
    on_error: ErrorHandler | None
    owner: QObject | None = None
    changes: Change = Change.NONE
    on_progress: ProgressHandler | None = None

    def owner_gone(self) -> bool:
        return self.owner is not None and not shiboken6.isValid(self.owner)


class TaskRunner(QObject):
    """Runs callables one at a time on a worker thread; see the module docstring."""

    busy_changed = Signal(bool, str)
    changed = Signal(object)  # Change
    _finished = Signal(int, object, object)
    _progressed = Signal(int, int, int)

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
        self._progressed.connect(self._deliver_progress)

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
        *,
        changes: Change = Change.NONE,
    ) -> int:
        """Queue ``fn``; ``on_done(result)`` or ``on_error(exc)`` later runs on the GUI thread.

        ``owner`` is the widget the callbacks update: when it has been deleted by the time the
        result arrives (a dialog closed meanwhile), the callbacks are skipped. ``changes``: what
        ``fn`` changes; :attr:`changed` announces it once ``fn`` succeeded (owner or not).
        """
        return self._start(fn, _Pending(label, on_done, on_error, owner, changes))

    def submit_with_progress(
        self,
        fn: Callable[[Progress], Any],
        on_progress: ProgressHandler,
        on_done: Callable[[Any], object] | None = None,
        on_error: ErrorHandler | None = None,
        label: str = "",
        owner: QObject | None = None,
        *,
        changes: Change = Change.NONE,
    ) -> Progress:
        """Like :meth:`submit`, for work that reports progress and can be cancelled.

        ``fn(progress)`` runs on the worker; each ``progress.report(done, total)`` reaches
        ``on_progress(done, total)`` on the GUI thread. The returned :class:`Progress` is the
        GUI's handle: :meth:`Progress.cancel` asks the work to stop.
        """
        pending = _Pending(label, on_done, on_error, owner, changes, on_progress)
        task_id = next(self._ids)
        progress = Progress(functools.partial(self._report_in_worker, task_id))
        self._start(functools.partial(fn, progress), pending, task_id)
        return progress

    def announce(self, changes: Change) -> None:
        """Say that data changed by work done elsewhere (a sync on another runner), so that
        the views that follow this runner reload."""
        if changes and not self._closed:
            self.changed.emit(changes)

    def _start(self, fn: Callable[[], Any], pending: _Pending, task_id: int | None = None) -> int:
        if self._closed:
            return 0
        task_id = next(self._ids) if task_id is None else task_id
        self._pending[task_id] = pending
        if not self._busy and not self._busy_timer.isActive():
            self._busy_timer.start()
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self._name)
        future = self._executor.submit(fn)
        future.add_done_callback(functools.partial(self._done_in_worker, task_id))
        return task_id

    def _report_in_worker(self, task_id: int, done: int, total: int) -> None:
        # RuntimeError: the runner was deleted while the task ran (application exit).
        with contextlib.suppress(RuntimeError):
            self._progressed.emit(task_id, done, total)

    def _deliver_progress(self, task_id: int, done: int, total: int) -> None:
        pending = self._pending.get(task_id)
        if pending is None or pending.on_progress is None or pending.owner_gone():
            return
        pending.on_progress(done, total)

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
        if pending is not None and exc is None and pending.changes and not self._closed:
            self.changed.emit(pending.changes)  # the data changed, whoever asked for it
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
