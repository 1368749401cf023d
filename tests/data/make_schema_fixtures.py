"""Make the saved window data directories under tests/data/schema/, one per schema revision.

    .venv/bin/python tests/data/make_schema_fixtures.py            # every revision below
    .venv/bin/python tests/data/make_schema_fixtures.py 0004       # one of them

Each database is made by the code of its own revision: the commit named below is checked out
in a temporary git worktree and this script runs inside it (``--inside``), so the rows are
exactly what that revision wrote: cases (open, finished, cancelled where the revision knew
cancelling), resolutions, pledges (one with a printed form's hash where the revision recorded
it), verification requests and data queries (answered, withdrawn, waiting), credit records,
audit entries and outbox entries. tests/test_storage_upgrade.py upgrades each to the newest
schema and compares counts and values.

A revision's commit is the last one at which it was the newest schema (0001 predates the case
service, so its rows are written with that revision's ORM models).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = HERE / "schema"

# schema revision -> the commit that made its fixture (None: the working tree)
COMMITS: dict[str, str | None] = {
    "0001": "46347d3f7ca5cedff65f90a630ca03eba0082275",
    "0002": "7355410",
    "0003": "e89bc90",
    "0004": "2e9c35e",
    "0005": "2268f45",
    "0006": "15499a5",
    "0007": None,
}

PERSON_ID = "11010519491231002X"
PERSON_ID_2 = "360426199101010071"
TODAY = date(2026, 11, 2)


def _kind(name: str) -> Any:
    try:
        from app.domain import ApplicantKind
    except ImportError:
        from app.storage.models import ApplicantKind  # type: ignore[no-redef]
    return ApplicantKind(name)


def _items_by_measure(db: Any) -> dict[str, tuple[str, str]]:
    """measure -> (matter code, item code) of a person matter whose item offers it."""
    from sqlalchemy import text

    found: dict[str, tuple[str, str]] = {}
    with db.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT im.measure, m.code, ci.code FROM item_measure im "
                "JOIN certificate_item ci ON ci.id = im.item_id "
                "JOIN matter_item mi ON mi.item_id = ci.id "
                "JOIN matter m ON m.id = mi.matter_id "
                "WHERE m.applicant_kind IN ('person', 'both') "
                "ORDER BY m.code, mi.position, im.position"
            )
        )
        for measure, matter, item in rows:
            found.setdefault(str(measure), (str(matter), str(item)))
    return found


def make_with_service(directory: Path) -> None:
    from app.bootstrap import open_database
    from app.cases import Applicant, CaseService, add_credit_record

    db = open_database(directory)
    pick = _items_by_measure(db)
    person = _kind("person")
    svc = CaseService(db, clerk="李娜", window_code="HF01", today=lambda: TODAY)

    def intake(matter: str, name: str, id_no: str, phone: str = "13812345678") -> Any:
        return svc.new_case(Applicant(person, name, id_no, phone), matter_code=matter)

    # a case answered and finished: verification confirmed
    matter, item = pick["verify"]
    finished = intake(matter, "王秀英", PERSON_ID)
    view = svc.resolve(finished.id, item, "verify")
    request_id = view.resolution(item).request_id
    svc.answer_request(request_id, "confirmed", note="户籍信息一致", answered_by="赵核验")
    order = ["cancel", "substitute", "pledge", "other", "retained", "share", "verify"]
    for res in svc.get(finished.id).resolutions:
        if res.measure is None:
            measure = min(res.allowed, key=lambda m: order.index(m.value))
            extra: dict[str, Any] = {}
            if measure.value == "other":
                extra["note"] = "现场核实"
            if measure.value == "retained":
                extra["submitted"] = True
            svc.resolve(finished.id, res.item_code, measure, **extra)
    for res in svc.get(finished.id).resolutions:
        if res.request_id and res.request_answer is None:
            svc.answer_request(res.request_id, "confirmed", answered_by="钱核验")
    svc.finish(finished.id)

    # an open case: a pledge (with its printed form where the revision records it), a
    # re-resolved item whose first request was withdrawn, and a data query still waiting
    matter, item = pick["pledge"]
    pledged = intake(matter, "李小红", PERSON_ID_2, "0718-8123456")
    svc.resolve(pledged.id, item, "pledge")
    if hasattr(svc, "record_pledge_form"):
        svc.record_pledge_form(pledged.id, "ab" * 32)
    matter, item = pick["verify"]
    asked = intake(matter, "陈大文", PERSON_ID)
    svc.resolve(asked.id, item, "verify")
    if "pledge" in [m.value for m in svc.get(asked.id).resolution(item).allowed]:
        svc.resolve(asked.id, item, "pledge")  # withdraws the request
        svc.resolve(asked.id, item, "verify")  # a new, waiting request
    if "share" in pick:
        matter, item = pick["share"]
        shared = intake(matter, "周一一", PERSON_ID_2)
        svc.resolve(shared.id, item, "share")
    if hasattr(svc, "cancel"):
        matter, item = pick["verify"]
        cancelled = intake(matter, "吴放弃", PERSON_ID)
        svc.resolve(cancelled.id, item, "verify")
        svc.cancel(cancelled.id, "申请人放弃申请")
    add_credit_record(
        db, id_no=PERSON_ID_2, name="李小红", reason="虚假承诺", kind=person, actor="王监管"
    )
    _hub_rows(db)
    db.engine.dispose()


def _hub_rows(db: Any) -> None:
    """From 0007: what the hub broadcast (a credit record and its ending, a device key, a
    calendar year), written as the pull writes them."""
    from app.storage import models

    if not hasattr(models, "DeviceKey"):
        return
    from datetime import datetime

    with db.session() as session:
        session.add(
            models.CreditRecord(
                id="0193a000-0000-7000-8000-000000000001",
                origin="hub",
                revision=2,
                subject_kind=_kind("person"),
                subject_id_no=PERSON_ID,
                subject_name="王秀英",
                reason="虚假承诺（县级中心）",
                valid_from=TODAY,
                recorded_at=datetime(2026, 11, 2, 8, 0),
                recorded_by="县监管",
                ended_at=datetime(2026, 11, 3, 8, 0),
                end_reason="复核撤销",
                ended_by="县监管",
            )
        )
        session.add(
            models.DeviceKey(
                key_id="0123456789abcdef",
                record_id="0193a000-0000-7000-8000-000000000002",
                revision=1,
                device_kind="window",
                device_code="HF01",
                device_name="前台电脑",
                public_key="A" * 43 + "=",
                enrolled_at=datetime(2026, 11, 1, 8, 0),
                revoked=False,
            )
        )
        document = {"year": 2026, "source": "测试", "holidays": [], "makeup_workdays": []}
        session.add(
            models.CalendarYearRow(
                year=2026,
                record_id="0193a000-0000-7000-8000-000000000003",
                revision=1,
                source="测试",
                document=json.dumps(document, ensure_ascii=False),
            )
        )


def make_with_models(directory: Path) -> None:
    """0001 had no case service: write the rows with that revision's models."""
    from datetime import datetime

    from app import audit
    from app.storage.db import Database
    from app.storage.models import (
        Case,
        CertificateItem,
        CreditRecord,
        Department,
        ItemMeasure,
        Matter,
        MatterItem,
        OutboxEntry,
        Pledge,
        Resolution,
        VerificationRequest,
    )

    db = Database.open(directory)
    person = _kind("person")
    with db.session() as s:
        dept = Department(code="D-GA", name="县公安局")
        s.add(dept)
        s.flush()
        matter = Matter(code="M0001", name="公共租赁住房申请", department_id=dept.id)
        verify = CertificateItem(code="C0001", name="户籍证明", issuer="派出所")
        pledge_item = CertificateItem(code="C0002", name="无犯罪记录证明", issuer="派出所")
        s.add_all([matter, verify, pledge_item])
        s.flush()
        s.add_all(
            [
                ItemMeasure(item_id=verify.id, measure="verify", provider_code="D-GA"),
                ItemMeasure(item_id=pledge_item.id, measure="pledge", detail="本人承诺。"),
                MatterItem(matter_id=matter.id, item_id=verify.id, position=0),
                MatterItem(matter_id=matter.id, item_id=pledge_item.id, position=1),
            ]
        )
        s.flush()
        for n, (name, id_no, status) in enumerate(
            [("王秀英", PERSON_ID, "finished"), ("李小红", PERSON_ID_2, "open")], start=1
        ):
            case = Case(
                number=f"HF01-20261102-{n:04d}",
                matter_id=matter.id,
                applicant_kind=person,
                applicant_name=name,
                applicant_id_no=id_no,
                phone="13812345678",
                clerk="李娜",
                window_code="HF01",
                status=status,
                finished_at=datetime(2026, 11, 2, 3, 0) if status == "finished" else None,
            )
            s.add(case)
            s.flush()
            request = VerificationRequest(
                case_id=case.id,
                item_id=verify.id,
                kind="verify",
                subject_kind=person,
                subject_name=name,
                subject_id_no=id_no,
                fact=f"核实{name}的户籍证明",
                provider_code="D-GA",
                window_code="HF01",
                deadline=date(2026, 11, 5),
                status="answered" if status == "finished" else "queued",
                answer="confirmed" if status == "finished" else None,
                answered_by="赵核验" if status == "finished" else "",
            )
            pledge = Pledge(case_id=case.id, item_id=pledge_item.id, text="本人承诺。")
            s.add_all([request, pledge])
            s.flush()
            s.add_all(
                [
                    Resolution(case_id=case.id, item_id=verify.id, position=0,
                               measure="verify", request_id=request.id),
                    Resolution(case_id=case.id, item_id=pledge_item.id, position=1,
                               measure="pledge", pledge_id=pledge.id),
                ]
            )  # fmt: skip
            for entity, record in (("case", case), ("verification_request", request)):
                s.add(OutboxEntry(entity=entity, entity_id=record.id, payload={"id": record.id}))
            audit.record(s, actor="李娜", action="case.new", entity="case", entity_id=case.id)
        s.add(
            CreditRecord(
                subject_kind=person,
                subject_id_no=PERSON_ID_2,
                subject_name="李小红",
                reason="虚假承诺",
                valid_from=TODAY,
            )
        )
    db.engine.dispose()


def inside(revision: str, out: Path) -> None:
    """Run in the revision's checkout: make the database and copy it into the folder ``out``
    (with the audit chain's key and checkpoint, for revisions that keep them beside it)."""
    work = Path(tempfile.mkdtemp(prefix=f"wz-fixture-{revision}-"))
    try:
        try:
            import app.cases.service  # noqa: F401
        except ImportError:
            make_with_models(work)
        else:
            make_with_service(work)
        import sqlite3

        source = sqlite3.connect(work / "wuzheng.sqlite3")
        found = source.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        if found != revision:
            raise SystemExit(f"the checkout is at schema {found}, not {revision}")
        out.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(out / "wuzheng.sqlite3")
        source.backup(target)  # one self-contained file, no WAL beside it
        target.execute("PRAGMA journal_mode=DELETE")
        target.execute("VACUUM")
        target.close()
        source.close()
        for name in ("audit.key", "audit-checkpoint.json"):
            if (work / name).exists():
                shutil.copy(work / name, out / name)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def make(revision: str) -> Path:
    OUT.mkdir(exist_ok=True)
    out = OUT / revision
    shutil.rmtree(out, ignore_errors=True)
    commit = COMMITS[revision]
    if commit is None:
        subprocess.run(
            [sys.executable, __file__, "--inside", revision, str(out)],
            cwd=ROOT,
            check=True,
            env={**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
        )
        return out
    checkout = Path(tempfile.mkdtemp(prefix=f"wz-rev-{revision}-"))
    subprocess.run(["git", "worktree", "add", "--detach", str(checkout), commit], cwd=ROOT,
                   check=True, capture_output=True)  # fmt: skip
    try:
        env_script = Path(__file__).resolve()
        subprocess.run(
            [sys.executable, str(env_script), "--inside", revision, str(out)],
            cwd=checkout,
            check=True,
            # no keyring: the audit key (revisions that key the chain) goes to a file beside it
            env={
                **os.environ,
                "PYTHONPATH": str(checkout),
                "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            },
        )
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=ROOT,
                       check=True, capture_output=True)  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("revisions", nargs="*", default=list(COMMITS))
    parser.add_argument("--inside", nargs=2, metavar=("REVISION", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        sys.path.insert(0, str(Path.cwd()))
        import app

        if Path(app.__file__).resolve().parent.parent != Path.cwd().resolve():
            raise SystemExit(f"imported the wrong checkout: {app.__file__}")
        inside(args.inside[0], Path(args.inside[1]))
        return
    for revision in args.revisions:
        path = make(revision)
        print(json.dumps({"revision": revision, "file": str(path.relative_to(ROOT))}))


if __name__ == "__main__":
    main()
