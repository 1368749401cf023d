"""Lifetimes shared between Python and Qt.

Some Qt objects keep a raw C++ pointer to an object they do not own: a
:class:`~PySide6.QtPrintSupport.QPrintPreviewWidget` or a
:class:`~PySide6.QtPrintSupport.QPrintDialog` to its :class:`~PySide6.QtPrintSupport.QPrinter`
(and the preview's page items to pictures the printer owns). When Python created that object,
Python alone decides when it is freed: as soon as the last Python reference goes. A dialog
closed with ``deleteLater`` drops its Python wrapper, and with it the attributes that held such
objects, at the *start* of its C++ destruction, before Qt destroys the child widgets that still
point at them: from then on any use of those pointers writes into freed memory.

:func:`keep_alive_until_destroyed` ties the Python references to the C++ object that uses them:
they are released only from that object's ``destroyed`` signal, which Qt emits once the object's
own destructor (and its children's) has run.
"""

from __future__ import annotations

from PySide6.QtCore import QObject


def keep_alive_until_destroyed(user: QObject, *objects: object) -> None:
    """Keep ``objects`` alive until the C++ object ``user`` (which points at them) is destroyed.

    The references live in a slot connected to ``user.destroyed``; the binding drops the slot,
    and so the references, after the signal was delivered.
    """

    def release(_destroyed: QObject | None = None, _keep: tuple[object, ...] = objects) -> None:
        return None  # the references go with this slot

    user.destroyed.connect(release)
