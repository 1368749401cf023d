"""A working day at the counter in one application session: fifty intakes, each with its
receipt's print preview opened and closed, keyboard only. Nothing may crash.

Closing a preview once freed its printers while Qt still held pointers to them (see
ui/lifetime.py); such faults show up late and elsewhere, so the whole session runs here, with
faulthandler on (pyproject's pytest options) to name the place if the process dies.
"""

from __future__ import annotations

from pathlib import Path

from clerk import Applicant, Clerk, take_in
from gui_helpers import PERSON_ID
from test_workstation import GZZF_MATTER

from app.cases import CaseService
from app.domain import CaseStatus
from app.storage.db import Database
from ui.main_window import MainWindow

INTAKES = 50
SAVED_EVERY = 10  # every tenth receipt is also saved as PDF through the save dialog


def test_fifty_intakes_with_receipt_previews_in_one_session(
    window: MainWindow, window_db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "receipts"
    folder.mkdir()
    window.station.settings.save_folder = folder
    window.activateWindow()
    clerk = Clerk()
    applicant = Applicant("王秀英", PERSON_ID, "13812345678")
    taken = []
    for number in range(INTAKES):
        taken.append(
            take_in(
                clerk,
                window,
                "gzzf",
                GZZF_MATTER,
                applicant,
                save_receipt=number % SAVED_EVERY == 0,
            )
        )
    service = CaseService(window_db)
    cases = service.list_cases()
    assert len(cases) == INTAKES == len({t.case_id for t in taken})
    for case in (service.get(t.case_id) for t in taken):
        assert case.status == CaseStatus.OPEN and case.applicant_name == "王秀英"
        assert all(r.measure is not None for r in case.resolutions)
    receipts = [t.receipt for t in taken if t.receipt is not None]
    assert len(receipts) == INTAKES // SAVED_EVERY
    assert all(r.read_bytes().startswith(b"%PDF") for r in receipts)
