"""Inputs a trained clerk needs at the counter: two intakes driven through the real window.

The real main window (offscreen, on a fresh data directory with the sample catalog) is driven
by user input only, every input counted (``tests/gui/clerk.py``): a key press with its
modifiers is one input, a typed Latin letter or digit one, a Chinese character one (what an
input method commits), a click one. Keys go to the focused widget, as on a real keyboard; the
driver waits for what a clerk would see (a dialog, a list) but never calls the application to
make progress. Both flows use the same data and reach the same outcome:

* search, then Enter on the top hit;
* applicant: name 王秀英 (3), Tab, resident ID (18: moves on by itself), phone (11), Enter;
* every certificate item resolved (一键登记, Alt+A; Enter on each row left that needs the clerk);
* the receipt previewed (Ctrl+P) and saved as PDF (Ctrl+S, then Enter in the save dialog,
  which opens in the folder of the settings with the file name filled in: here the settings
  name a temporary folder, the only stand-in for a choice the native dialog would offer), the
  preview closed (Esc);
* the case saved and closed (保存并关闭, Alt+S): the focus is back in the search box.

The floor is the data itself: the 32 characters of name, ID and phone that any flow must type.

Usage: ``python benchmarks/bench_counter.py [-v]`` (``-v`` lists every input). Targets: public
rental housing (公共租赁住房资格申请, ``gzzf``) at most 45 inputs, the newborn bundle
(新生儿出生一件事, ``xse``) at most 60.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "gui"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

NAME, RESIDENT_ID, PHONE = "王秀英", "11010519491231002X", "13812345678"
DATA_CHARACTERS = len(NAME) + len(RESIDENT_ID) + len(PHONE)  # 32


@dataclass(frozen=True)
class Flow:
    title: str
    query: str
    subject: str
    target: int


FLOWS = (
    Flow("public rental housing", "gzzf", "公共租赁住房资格申请", 45),
    Flow("newborn bundle", "xse", "新生儿出生一件事", 60),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every input")
    args = parser.parse_args()

    from clerk import Applicant, Clerk, take_in

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.cases import CaseService
    from app.domain import CaseStatus
    from ui.application import build_window, create_application, load_fonts
    from ui.settings import AppSettings

    work = Path(tempfile.mkdtemp(prefix="wuzheng-counter-"))
    try:
        app = create_application([sys.argv[0]])
        load_fonts(app)
        settings = AppSettings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
        settings.clerk_name = "李娜"
        settings.window_code = "HF01"
        receipts = work / "receipts"
        receipts.mkdir()
        settings.save_folder = receipts  # the settings' folder: where "另存为 PDF" opens
        window = build_window(work / "data", settings)
        window.show()
        window.start()
        clerk = Clerk(wait_ms=120_000)
        clerk.wait_until(lambda: window.station.db is not None, "the database")
        window.activateWindow()
        applicant = Applicant(NAME, RESIDENT_ID, PHONE)
        failed = False
        print(f"inputs per intake (floor: the {DATA_CHARACTERS} characters of name, ID, phone)")
        for flow in FLOWS:
            first = len(clerk.log)
            done = take_in(clerk, window, flow.query, flow.subject, applicant)
            assert window.station.db is not None
            case = CaseService(window.station.db).get(done.case_id)
            resolved = all(r.measure is not None for r in case.resolutions)
            saved = done.receipt is not None and done.receipt.read_bytes().startswith(b"%PDF")
            outcome = case.status == CaseStatus.OPEN and resolved and saved
            ok = outcome and done.inputs <= flow.target
            failed |= not ok
            print(
                f"  {flow.title:<22} {done.inputs:3d} inputs  "
                f"({done.inputs - DATA_CHARACTERS} beyond the data, "
                f"{done.inputs / DATA_CHARACTERS:.2f} × floor)  "
                f"target ≤ {flow.target}: {'OK' if ok else 'MISSED'}  "
                f"[{len(case.resolutions)} items resolved, receipt saved, case saved]"
                if outcome
                else f"  {flow.title:<22} outcome not reached"
            )
            if args.verbose:
                print("    " + ", ".join(clerk.log[first:]))
        window.close()
        QApplication.processEvents()
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
