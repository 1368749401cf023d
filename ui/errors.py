"""The one place that shows errors to the clerk.

What the clerk reads comes from the core (:func:`app.errors.user_text`): a
:class:`app.errors.UserError` is a polite Chinese sentence from a service, shown as it is; an
expected condition of the machine (a full disk, a read-only or busy database, a database from a
newer version) is one clear Chinese sentence too, with no crash report. Anything else is a bug:
it is logged with its traceback (masked, :mod:`app.logs`) and the clerk sees an apology, with
the technical details (masked as well) collapsed behind "显示详细信息". Message boxes are opened
window-modal with ``open()`` so nothing blocks the event loop (and tests can close them).
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from app.errors import UserError, user_text

translate = QCoreApplication.translate  # the name pyside6-lupdate looks for

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger("wuzheng.ui")


def is_user_error(exc: BaseException) -> bool:
    """True for a refusal or an expected condition (said to the clerk), False for a bug."""
    return user_text(exc) is not None


def user_message(exc: BaseException) -> str:
    """What the clerk reads for an exception: the core's sentence, or an apology for a bug."""
    text = user_text(exc)
    if text is not None:
        return text
    return translate(
        "Errors",
        "很抱歉，程序出现了意外错误，当前操作没有完成。请重试；如果问题仍然存在，请联系县数据中心。",
    )


def inform(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """A non-blocking information box (window-modal, opened with ``open()``)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setText(text)
    box.setIcon(QMessageBox.Icon.Information)
    box.setObjectName("infoBox")
    box.open()
    return box


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Show ``exc`` to the clerk (non-blocking) and return the message box."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setWindowTitle(translate("Errors", "无证明办事"))
    text = user_text(exc)
    if text is not None:
        box.setText(text)
        box.setIcon(QMessageBox.Icon.Warning)
        if not isinstance(exc, UserError):  # the machine's condition: a line for county IT
            log.warning("操作未完成：%s", text)
    else:
        log.error("意外错误", exc_info=exc)
        box.setText(user_message(exc))
        box.setIcon(QMessageBox.Icon.Critical)
        import traceback

        from app.logs import mask_text

        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        box.setDetailedText(mask_text(details))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setObjectName("errorBox")
    box.open()
    return box


def install_excepthook() -> None:
    """Route exceptions escaping a Qt slot to :func:`show_error` instead of a console traceback."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        parent = QApplication.activeWindow()
        show_error(parent, exc)

    sys.excepthook = hook
