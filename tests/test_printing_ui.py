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
from ui.printing import BatchExport, DocumentDialog, preview_guide, preview_pledges
from ui.settings import AppSettings
from ui.tasks import TaskRunner


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


def _open_dialog(qtbot: object, parent: QWidget) -> DocumentDialog:
    """The document dialog opened over ``parent`` (not one left over from an earlier test)."""
    found: list[DocumentDialog] = []

    def check() -> None:
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, DocumentDialog) and w.parentWidget() is parent and w.isVisible()
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
    dialog.ask_save_path = lambda: str(target)  # type: ignore[method-assign]
    opened: list[Path] = []
    dialog.open_with_system = lambda path: opened.append(path) or True  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.saved, timeout=5000):  # type: ignore[attr-defined]
        dialog.save_button.click()
    assert target.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    dialog.open_button.click()
    assert opened and opened[0].read_bytes().startswith(b"%PDF")
    dialog.close()


def test_pledge_form_from_the_gui_records_the_form_hash(
    station: Workstation, qtbot: object
) -> None:
    assert station.db is not None
    case = take_in_case(station.db)
    view = CaseService(station.db).get(case.id)
    parent = QWidget()
    qtbot.addWidget(parent)  # type: ignore[attr-defined]
    preview_pledges(parent, station, view)
    dialog = _open_dialog(qtbot, parent)
    assert dialog.data.startswith(b"%PDF")
    from sqlalchemy import select

    from app.storage.models import Pledge

    with station.db.session() as session:
        hashes = session.scalars(select(Pledge.form_hash).where(Pledge.case_id == case.id))
        assert all(len(h) == 64 for h in hashes)
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


def test_pledge_form_without_a_system_keyring_says_where_the_key_is(
    station: Workstation, qtbot: object
) -> None:
    from keyring.backends.fail import Keyring as NoKeyring

    from PySide6.QtWidgets import QMessageBox

    assert station.db is not None
    keyring.set_keyring(NoKeyring())  # the fixture restores the previous backend
    case = take_in_case(station.db)
    view = CaseService(station.db).get(case.id)
    parent = QWidget()
    qtbot.addWidget(parent)  # type: ignore[attr-defined]
    preview_pledges(parent, station, view)
    dialog = _open_dialog(qtbot, parent)
    texts: list[str] = []

    def warned() -> None:
        shown = [b for b in dialog.findChildren(QMessageBox) if b.isVisible()]
        assert shown
        texts.extend(b.text() for b in shown)
        for box in shown:
            box.accept()

    qtbot.waitUntil(warned, timeout=5000)  # type: ignore[attr-defined]
    assert any("签名密钥保存在文件" in text for text in texts)
    dialog.close()
