"""The Qt printing helpers: a document built off the GUI thread, saved; the batch export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from printing_support import MemoryKeyring, install_catalog, take_in_case

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from app.cases.service import CaseService
from app.storage.db import Database
from ui.context import Workstation
from ui.printing.actions import preview_guide, preview_pledges
from ui.printing.export import BatchExport
from ui.printing.preview import PrintPreviewDialog
from ui.settings import AppSettings
from ui.tasks import Change, TaskRunner


@pytest.fixture
def station(tmp_path: Path, qtbot: object) -> Iterator[Workstation]:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    db = Database.open(tmp_path / "data")
    install_catalog(db)
    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    runner = TaskRunner("test-db")
    station = Workstation(tmp_path / "data", settings, runner, TaskRunner("test-net"), db)
    yield station
    runner.shutdown()
    station.net_runner.shutdown()
    keyring.set_keyring(previous)


def _open_dialog(qtbot: object, parent: QWidget) -> PrintPreviewDialog:
    """The document dialog opened over ``parent`` (not one left over from an earlier test)."""
    found: list[PrintPreviewDialog] = []

    def check() -> None:
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, PrintPreviewDialog) and w.parentWidget() is parent and w.isVisible()
        ]
        assert dialogs
        found.append(dialogs[-1])

    qtbot.waitUntil(check, timeout=15000)  # type: ignore[attr-defined]
    return found[-1]


def test_guide_is_built_and_saved_as_pdf(
    station: Workstation, qtbot: object, tmp_path: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)  # type: ignore[attr-defined]
    preview_guide(parent, station, "matter", "M0001")
    dialog = _open_dialog(qtbot, parent)
    target = tmp_path / "saved" / "guide"
    target.parent.mkdir()
    opened: list[Path] = []
    dialog.open_with_system = lambda path: opened.append(path) or True  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.saved, timeout=5000):  # type: ignore[attr-defined]
        dialog.save_to(str(target))  # the save dialog itself: tests/gui/test_print_preview.py
    assert target.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    dialog.open_button.click()
    assert opened and opened[0].read_bytes().startswith(b"%PDF")
    dialog.close()


def test_pledge_form_from_the_gui_records_the_form_hash_and_queues_it(
    station: Workstation, qtbot: object
) -> None:
    from sqlalchemy import select

    from app.storage.models import Pledge
    from app.sync.outbox import pending_count

    assert station.db is not None
    case = take_in_case(station.db)
    view = CaseService(station.db).get(case.id)
    pledges = [r.pledge_id for r in view.resolutions if r.pledge_id]
    assert pledges
    queued_before = pending_count(station.db)
    announced: list[Change] = []
    station.db_runner.changed.connect(announced.append)
    parent = QWidget()
    qtbot.addWidget(parent)  # type: ignore[attr-defined]
    preview_pledges(parent, station, view)
    dialog = _open_dialog(qtbot, parent)
    assert dialog.data.startswith(b"%PDF")
    with station.db.session() as session:
        hashes = list(session.scalars(select(Pledge.form_hash).where(Pledge.case_id == case.id)))
    assert len(hashes) == len(pledges) and len(set(hashes)) == 1 and len(hashes[0]) == 64
    # every pledge, now carrying the hash, waits for the hub; the views were told to reload
    assert pending_count(station.db) == queued_before + len(pledges)
    assert announced == [Change.CASES]
    dialog.close()


def test_batch_export_reports_progress_and_finishes(
    station: Workstation, qtbot: object, tmp_path: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)  # type: ignore[attr-defined]
    export = BatchExport(parent, station, tmp_path / "guides", jobs=1)
    with qtbot.waitSignal(export.completed, timeout=60000) as blocker:  # type: ignore[attr-defined]
        export.start()
    result = blocker.args[0]
    assert len(result.written) == 3 and not result.cancelled
    assert len(list((tmp_path / "guides").glob("*.pdf"))) == 3
    assert export.dialog.isHidden()


def test_pledge_form_without_a_system_keyring_is_refused_in_one_message(
    station: Workstation, qtbot: object
) -> None:
    """The window's Ed25519 signing key lives in the keyring only: no plain-file fallback."""
    from keyring.backends.fail import Keyring as NoKeyring
    from sqlalchemy import select

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from app.storage.models import Pledge

    assert station.db is not None
    keyring.set_keyring(NoKeyring())  # the fixture restores the previous backend
    case = take_in_case(station.db)
    view = CaseService(station.db).get(case.id)
    parent = QWidget()
    qtbot.addWidget(parent)  # type: ignore[attr-defined]
    preview_pledges(parent, station, view)
    texts: list[str] = []

    def refused() -> None:
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()
        ]
        assert shown
        for box in shown:
            texts.append(box.text())
            qtbot.keyClick(box, Qt.Key.Key_Return)  # type: ignore[attr-defined]

    qtbot.waitUntil(refused, timeout=5000)  # type: ignore[attr-defined]
    assert any("没有可用的系统密钥库" in text for text in texts)
    assert not [d for d in parent.findChildren(PrintPreviewDialog) if d.isVisible()]
    assert not list(station.data_dir.glob("*.key"))
    with station.db.reading() as session:
        hashes = set(session.scalars(select(Pledge.form_hash).where(Pledge.case_id == case.id)))
    assert hashes == {""}  # nothing recorded
