"""Logging without personal data (PIPL), kept in the data directory, private to its user.

Public API::

    setup_logging(directory) -> Path      # <data dir>/logs/: wuzheng.log (INFO+), wuzheng-error.log
                                          # (ERROR+, the crash reports); idempotent; returns logs/
                                          # (the GUI and every CLI command log here; a file is
                                          # created when the first record is written)
    install_masking()                     # every log record of the process is scrubbed (idempotent)
    EarlyRecords.install() -> held        # what is logged before setup_logging: held.release()
                                          # passes it on to the log once it is set up
    mask_text(text) -> str                # IDs, credit codes, phones and long numbers masked
    MaskingFilter                         # the same scrubbing as a logging.Filter
    private_handler(path, level)          # a RotatingFileHandler (masking filter) whose files
                                          # are created 0600
    prepare_log_folder(directory) -> Path # logs/ 0700 and wuzheng.log 0600, for a handler
                                          # opened elsewhere (the GUI's) to append to

Two layers keep personal data out: the database engine never puts statement parameters into
its exceptions (``hide_parameters=True`` in :mod:`app.storage.db`), and every record is scrubbed
before any handler sees it (:func:`install_masking` wraps the record factory, so the stderr
fallback handler and handlers added by others are covered too; :class:`MaskingFilter` repeats it
on our own handlers). Scrubbing formats the exception's traceback into the record's text and
masks it there. Names cannot be recognised in free text: they must never be logged, which is why
the parameters are hidden at the source.

Logs live only in ``<data dir>/logs/`` (folder 0700, files 0600 on POSIX), never in the shared
temp folder: when that folder cannot be written, nothing is logged.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import traceback
from pathlib import Path
from typing import Any

from app.paths import ensure_private_dir, private_file

__all__ = [
    "ERROR_LOG",
    "LOG_FILE",
    "LOG_FOLDER",
    "MaskingFilter",
    "install_masking",
    "mask_text",
    "prepare_log_folder",
    "private_handler",
    "setup_logging",
]

LOG_FOLDER = "logs"
LOG_FILE = "wuzheng.log"
ERROR_LOG = "wuzheng-error.log"
MAX_BYTES = 2_000_000
_OURS = "_wuzheng_data_log"
BACKUPS = 3

_D = "[0-9０-９]"
_X = "[0-9０-９XxＸｘ]"
_SEP = r"[ \-－]?"
_EDGE_L = r"(?<![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])"
_EDGE_R = r"(?![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])"
_USCC = "[0-9A-HJ-NP-RTUWXYＡ-Ｚ０-９]"

# Each pattern: (regex, how many leading and trailing characters stay visible).
_PATTERNS: list[tuple[re.Pattern[str], int, int]] = [
    # resident IDs, permits and the new permanent residence card: 17 digits and a digit or X
    (re.compile(f"{_EDGE_L}{_D}{{6}}{_SEP}{_D}{{8}}{_SEP}{_D}{{3}}{_X}{_EDGE_R}"), 6, 4),
    # the 15-character permanent residence card
    (re.compile(f"{_EDGE_L}[A-Za-zＡ-Ｚａ-ｚ]{{3}}{_D}{{12}}{_EDGE_R}"), 7, 2),
    # credit codes
    (re.compile(f"{_EDGE_L}{_USCC}{{2}}{_D}{{6}}{_USCC}{{10}}{_EDGE_R}"), 6, 4),
    # mobiles, also written 138-1234-5678 or +86 138 1234 5678
    (
        re.compile(
            f"{_EDGE_L}(?:\\+?86{_SEP})?1[3-9０-９]{_D}{_SEP}{_D}{{4}}{_SEP}{_D}{{4}}{_EDGE_R}"
        ),
        3,
        2,
    ),
    # landlines with an area code: 0718-8123456, (0718)8123456, 010 6512 3456
    (
        re.compile(
            f"{_EDGE_L}[(（]?0{_D}{{2,3}}[)）]?{_SEP}[2-9２-９]{_D}{{2,3}}{_SEP}{_D}{{4}}{_EDGE_R}"
        ),
        4,
        2,
    ),
    # any other run of 11 or more digits (bank cards, IDs written oddly …)
    (re.compile(f"{_D}{{11,}}"), 3, 2),
]


def _mask_match(match: re.Match[str], keep_head: int, keep_tail: int) -> str:
    value = match.group(0)
    visible = len(value) - keep_head - keep_tail
    if visible <= 0:
        return "*" * len(value)
    return value[:keep_head] + "*" * visible + value[len(value) - keep_tail :]


def mask_text(text: str) -> str:
    """``text`` with every ID, credit code, phone number and long digit run masked."""
    for pattern, head, tail in _PATTERNS:
        text = pattern.sub(functools.partial(_mask_match, keep_head=head, keep_tail=tail), text)
    return text


def _scrub(record: logging.LogRecord) -> None:
    """Replace the record's message, arguments and exception by their masked text."""
    if getattr(record, "_wuzheng_masked", False):
        return
    try:
        message = record.getMessage()
    except Exception:  # a malformed format string: keep what can be said safely
        message = f"{record.msg!s} {record.args!r}"
    record.msg = mask_text(message)
    record.args = None
    if record.exc_info and record.exc_info[1] is not None:
        formatted = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        record.exc_text = mask_text(formatted)
        record.exc_info = None
    elif record.exc_text:
        record.exc_text = mask_text(record.exc_text)
    if record.stack_info:
        record.stack_info = mask_text(record.stack_info)
    record._wuzheng_masked = True


class MaskingFilter(logging.Filter):
    """Scrubs personal data from every record passing through (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        _scrub(record)
        return True


_installed = False


def install_masking() -> None:
    """Scrub every log record of this process at creation (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _scrub(record)
        return record

    logging.setLogRecordFactory(factory)
    _installed = True


@functools.cache
def _private_rotating_handler() -> Any:
    """RotatingFileHandler whose files (the current one and each rotation) are created 0600
    (``logging.handlers`` is imported only when a log file is opened: not at start-up)."""
    import logging.handlers

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        def _open(self) -> Any:
            private_file(Path(self.baseFilename))
            return super()._open()

        def handleError(self, record: logging.LogRecord) -> None:
            # the folder went away or the disk is full: nothing is logged (never a
            # "--- Logging error ---" traceback on the user's console)
            return

    return PrivateRotatingFileHandler


def private_handler(path: Path, level: int, *, delay: bool = False) -> logging.Handler:
    """A rotating, masked handler on ``path``, its files private to the user (``delay``: the
    file is created when the first record is written)."""
    handler: logging.Handler = _private_rotating_handler()(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=delay
    )
    handler.setLevel(level)
    handler.addFilter(MaskingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


def prepare_log_folder(directory: Path) -> Path:
    """``<directory>/logs`` (0700) with ``wuzheng.log`` (0600) in it, for a handler that someone
    else opens there in append mode. Raises :class:`OSError`."""
    folder = ensure_private_dir(directory / LOG_FOLDER)
    private_file(folder / LOG_FILE)
    return folder


class EarlyRecords(logging.Handler):
    """Keeps the records logged before :func:`setup_logging` (the window sets the log up once
    the database's first check is done, so that nothing delays the first search) and passes
    them on to the log's handlers at :meth:`release`. Records are masked at creation."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @classmethod
    def install(cls) -> EarlyRecords:
        held = cls()
        logging.getLogger().addHandler(held)
        return held

    def release(self) -> None:
        root = logging.getLogger()
        root.removeHandler(self)
        records, self.records = self.records, []
        for record in records:
            root.handle(record)


def setup_logging(directory: Path) -> Path:
    """Log to ``<directory>/logs/`` (masked, private); returns that folder.

    Idempotent for one folder. Raises :class:`OSError` when the folder cannot be created or
    written: then nothing is logged anywhere (no fallback to a shared folder).
    """
    install_masking()
    folder = directory / LOG_FOLDER
    root = logging.getLogger()
    target = os.path.abspath(folder / LOG_FILE)
    for existing in root.handlers:
        if getattr(existing, "baseFilename", None) == target:
            return folder
    ensure_private_dir(folder)
    for previous in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(previous)  # another data directory's, earlier in this process
        previous.close()
    for name, level in ((LOG_FILE, logging.INFO), (ERROR_LOG, logging.ERROR)):
        handler = private_handler(folder / name, level, delay=True)
        setattr(handler, _OURS, True)
        root.addHandler(handler)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # start-up chatter
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    return folder
