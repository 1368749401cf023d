"""Regenerate the PNG renderings of the printed documents shown in the README.

Uses the built-in sample catalog and a made-up applicant (the resident ID is a valid test
number, printed masked). Needs ``pdftoppm`` (poppler-utils).

    .venv/bin/python docs/printing/make_renderings.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from app.cases.applicant import validate_applicant  # noqa: E402
from app.cases.service import CaseService  # noqa: E402
from app.catalog.sample import ensure_sample_catalog  # noqa: E402
from app.printing.guide import print_guide  # noqa: E402
from app.printing.pledge_form import render_pledge_form  # noqa: E402
from app.printing.receipt import print_receipt  # noqa: E402
from app.storage.db import Database  # noqa: E402

GUIDE_MATTER = "M0007"
CASE_MATTER = "M0009"
DPI = "70"


def take_in(db: Database) -> str:
    service = CaseService(db, clerk="李娜", window_code="HF01", today=lambda: date(2026, 11, 9))
    applicant = validate_applicant("person", "王秀英", "11010519491231002X", "13812345678")
    case = service.new_case(applicant, matter_code=CASE_MATTER)
    for resolution in case.resolutions:
        options = [o.measure for o in service.options(case.id, resolution.item_code)]
        preferred = next((m for m in ("pledge", "share", "verify") if m in options), options[0])
        extra: dict[str, object] = {}
        if preferred == "other":
            extra["note"] = "已现场查看"
        if preferred == "retained":
            extra["submitted"] = True
        service.resolve(case.id, resolution.item_code, preferred, **extra)  # type: ignore[arg-type]
    return case.number


def render(pdf: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                DPI,
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(path),
                str(HERE / name),
            ],
            check=True,
        )
    print(HERE / f"{name}.png")


def main() -> None:
    db = Database.in_memory()
    ensure_sample_catalog(db)
    number = take_in(db)
    render(print_guide(db, GUIDE_MATTER), "guide")
    render(render_pledge_form(db, number, key=b"renderings only, not a real key").pdf, "pledge")
    render(print_receipt(db, number), "receipt")


if __name__ == "__main__":
    main()
