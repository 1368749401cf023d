"""The print actions of the window and the intake dialog: build a document on the database
worker (the core makes the PDF: this package never imports reportlab), then show it in the
print preview.

Printing a pledge form records its hash on the case's pledges (the core does that through the
case service); the task says so (:attr:`ui.tasks.Change.CASES`), so the views that show cases
or the records waiting for sync reload themselves.

Characters no font can print (a name in a script the documents cannot set) come out as ``□``:
the core names them while the document is built (:func:`app.printing.fonts.collect_unprintable`),
and the preview says so over the pages, in a message box as well, before anything is printed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui.context import Workstation
from ui.errors import inform, show_error
from ui.printing.preview import PrintPreviewDialog
from ui.tasks import Change

if TYPE_CHECKING:
    from app.bootstrap import Database
    from app.cases import CaseView

translate = QCoreApplication.translate  # the name pyside6-lupdate looks for


@dataclass(frozen=True)
class Document:
    """A document built for the preview: its title, the file name to save it as, the PDF."""

    title: str
    file_name: str
    pdf: bytes
    warning: str | None = None  # shown over the preview (the signing key's storage)
    unprintable: str = ""  # the characters printed as □ ("ئ (U+0626)、…"), if any


def unprintable_notice(document: Document) -> str:
    """What the preview says about characters printed as □ ("" when there are none)."""
    if not document.unprintable:
        return ""
    return translate(
        "Printing",
        "注意：本文件中的 {chars} 没有可用的字体，已印成“□”。请打印后在纸面上手写补全。",
    ).format(chars=document.unprintable)


def show_document(
    parent: QWidget, document: Document, station: Workstation | None = None
) -> PrintPreviewDialog:
    """Open the print preview of ``document`` over ``parent`` (non-blocking).

    The document's warnings stay visible over the pages: characters printed as □ (a message
    box draws attention to them at every document that has them) and where the signing key is
    kept (its message box opens once a session, not at every pledge form).
    """
    unprintable = unprintable_notice(document)
    notices = [text for text in (unprintable, document.warning or "") if text]
    dialog = PrintPreviewDialog(
        document.title,
        document.file_name,
        document.pdf,
        parent,
        settings=station.settings if station is not None else None,
        notice="\n".join(notices),
    )
    dialog.finished.connect(dialog.deleteLater)
    # Keys go back to the window below (not every platform re-activates it by itself).
    # A bound method, not a lambda holding ``parent``: the connection is dropped while the
    # dialog is destroyed, and a closure's reference would then be released in the middle
    # of that, possibly the last one to a parent that would delete the dialog again.
    dialog.finished.connect(parent.activateWindow)
    dialog.open()
    box = None
    if unprintable:
        from PySide6.QtWidgets import QMessageBox

        box = inform(dialog, translate("Printing", "无法打印的字符"), unprintable)
        box.setIcon(QMessageBox.Icon.Warning)
    elif document.warning and (station is None or station.first_time(document.warning)):
        box = inform(dialog, translate("Printing", "签名密钥"), document.warning)
    if box is not None:  # read: keys go back to the preview (not every platform does that)
        box.finished.connect(dialog.activateWindow)
    return dialog


def _build_and_show(
    parent: QWidget,
    station: Workstation,
    build: Callable[[Database], Document],
    label: str,
    changes: Change = Change.NONE,
) -> None:
    db = station.db
    if db is None:
        return

    def work() -> Document:
        from app.printing.fonts import collect_unprintable

        with collect_unprintable() as report:
            document = build(db)
        return replace(document, unprintable=report.describe()) if report.characters else document

    station.db_runner.submit(
        work,
        lambda document: show_document(parent, document, station),
        lambda exc: show_error(parent, exc),
        label,
        owner=parent,
        changes=changes,
    )


def preview_guide(parent: QWidget, station: Workstation, kind: str, code: str) -> None:
    """The guide of a matter or bundle (``kind`` is the detail pane's; the code says which)."""
    data_dir = station.data_dir

    def build(db: Database) -> Document:
        from app.catalog.views import catalog_info
        from app.printing.guide import find_guide_view, guide_notice, guide_pdf
        from app.printing.templates import load_template

        view = find_guide_view(db, code)
        pdf = guide_pdf(
            view,
            catalog_version=catalog_info(db).version,
            template=load_template("guide", data_dir),
            notice=guide_notice(db),
        )
        title = translate("Printing", "{name} · 办事指南").format(name=view.name)
        return Document(title, f"{code}_办事指南.pdf", pdf)

    _build_and_show(parent, station, build, translate("Printing", "正在生成办事指南……"))


def preview_pledges(parent: QWidget, station: Workstation, case: CaseView) -> None:
    """Print the case's pledge form (its hash is recorded on the pledges), then show it."""
    case_id, number = case.id, case.number
    data_dir, clerk = station.data_dir, station.clerk

    def build(db: Database) -> Document:
        from app.printing.pledge_form import print_pledge_form

        printed = print_pledge_form(db, case_id, directory=data_dir, clerk=clerk)
        title = translate("Printing", "告知承诺书 {number}").format(number=number)
        return Document(title, f"{number}_告知承诺书.pdf", printed.pdf, printed.key_warning)

    label = translate("Printing", "正在生成告知承诺书……")
    _build_and_show(parent, station, build, label, changes=Change.CASES)


def preview_receipt(parent: QWidget, station: Workstation, case: CaseView) -> None:
    """The case's receipt (受理回执)."""
    case_id, number = case.id, case.number
    data_dir = station.data_dir

    def build(db: Database) -> Document:
        from app.printing.receipt import print_receipt
        from app.printing.templates import load_template

        pdf = print_receipt(db, case_id, template=load_template("receipt", data_dir))
        title = translate("Printing", "受理回执 {number}").format(number=number)
        return Document(title, f"{number}_受理回执.pdf", pdf)

    _build_and_show(parent, station, build, translate("Printing", "正在生成受理回执……"))
