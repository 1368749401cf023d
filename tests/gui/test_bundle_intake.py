"""A 一件事 bundle taken in through the real widgets: each certificate item appears once."""

from __future__ import annotations

from gui_helpers import PERSON_ID
from test_workstation import (
    WAIT_MS,
    click_result,
    fill_applicant,
    new_case_dialog,
    start_case,
    type_search,
)

from PySide6.QtCore import Qt

from app.catalog.views import get_bundle
from app.storage.db import Database
from ui.main_window import MainWindow

NEWBORN = "新生儿出生一件事"


def test_newborn_bundle_intake_lists_each_certificate_once(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    window_db: Database,
) -> None:
    type_search(qtbot, window, "xinshenger")  # pinyin: the keyboard types ASCII
    click_result(qtbot, window, NEWBORN)
    detail = window.search_tab.detail
    assert detail is not None and NEWBORN in detail.text()

    bundle = get_bundle(window_db, "B0001")
    assert len(bundle.matters) == 9
    demanded = [item.code for matter in bundle.matters for item in matter.items]
    assert len(demanded) > len(set(demanded))  # several matters demand the same certificate

    dialog = new_case_dialog(qtbot, window)
    assert dialog.applicant.subject_label.text() == f"一件事：{NEWBORN}"
    fill_applicant(qtbot, dialog, "张自见", PERSON_ID)
    start_case(qtbot, dialog)
    assert list(dialog.rows) == list(dict.fromkeys(demanded))  # once each, first-demanded order

    # one certificate resolved through its row is resolved for the whole bundle
    first_code, first_row = next(iter(dialog.rows.items()))
    with qtbot.waitSignal(dialog.case_loaded, timeout=WAIT_MS):
        qtbot.mouseClick(first_row.record, Qt.MouseButton.LeftButton)
    assert first_row.state.text() != "未处理"
    assert dialog.case is not None
    resolved = [r.item_code for r in dialog.case.resolutions if r.measure is not None]
    assert resolved == [first_code]
