"""Case list benchmark: a busy window's year (12,000 cases) listed the way the cases tab lists it.

    .venv/bin/python benchmarks/bench_cases.py [--cases N] [--repeat N] [--rebuild]

A busy window takes in about 50 cases a working day, so a year is about 12,000 cases. The
database is built once with bulk inserts over the sample catalog and kept in the temp folder
(rebuilt when the code that shapes it changes, or with --rebuild):

* 50 cases each working day back from today (today always has its 50, even on a weekend run),
  so 12,000 cases cover about a year; one matter each (one in ten a bundle), one
  resolution per certificate item;
* older than two weeks: 96 % finished (every item resolved, requests answered "confirmed",
  pledges on file), 3 % cancelled (requests withdrawn, pledges dropped), 1 % still open;
* the last two weeks: more and more still open towards today: items unresolved, requests
  queued / sent / stored overdue / late but not yet marked, a few denied answers.

It then times :meth:`CaseService.list_cases` as the cases tab calls it — every open case
(办理中), today's cases (今日及办理中 adds them to the open ones), the newest LIST_PAGE of all
cases (全部), and the count behind "显示最近 N 件，共 M 件" — and prints p50 / p95 with the ratio
to a floor measured in the same run: one indexed COUNT(*) on case (status = 'open') through the
same session path. Audit and outbox rows are not generated: the list never reads them.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from app.bootstrap import open_database  # noqa: E402
from app.cases import CaseList, CaseService  # noqa: E402
from app.cases.listing import LIST_PAGE  # noqa: E402
from app.cases.workdays import add_working_days  # noqa: E402
from app.catalog.views import all_matters, get_bundle  # noqa: E402
from app.ids import new_id  # noqa: E402
from app.storage.db import Database  # noqa: E402
from app.storage.models import (  # noqa: E402
    Answer,
    ApplicantKind,
    Bundle,
    Case,
    CaseStatus,
    CertificateItem,
    Matter,
    Measure,
    Pledge,
    RequestStatus,
    Resolution,
    VerificationRequest,
)

CACHE = Path(tempfile.gettempdir()) / "wuzheng-bench"
PER_DAY = 50
TARGET_MS = 50.0  # p95 of any list the cases tab shows
ASKED = (Measure.SHARE, Measure.VERIFY)


def fingerprint() -> str:
    """Changes when the code that shapes the benchmark database changes."""
    digest = hashlib.sha256()
    files = [
        Path(__file__),
        ROOT / "app/storage/models.py",
        ROOT / "app/catalog/sample.py",
        *sorted((ROOT / "db/migrations/versions").glob("*.py")),
    ]
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# --------------------------------------------------------------------------- building


class Builder:
    """Rows for the bulk insert, shaped like what the case service would have written."""

    def __init__(self, db: Database, today: date, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.today = today
        with db.session() as session:
            self.item_ids = {
                c: i for c, i in session.execute(select(CertificateItem.code, CertificateItem.id))
            }
            self.matter_ids = {c: i for c, i in session.execute(select(Matter.code, Matter.id))}
            self.bundle_ids = {c: i for c, i in session.execute(select(Bundle.code, Bundle.id))}
        self.subjects: list[tuple[str, str, list[Any]]] = [
            ("matter", m.code, list(m.items))
            for m in all_matters(db)
            if m.items and m.applicant_kind != ApplicantKind.ENTERPRISE
        ]
        self.bundles = [
            ("bundle", code, list(get_bundle(db, code).items)) for code in self.bundle_ids
        ]
        self.cases: list[dict[str, Any]] = []
        self.resolutions: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []
        self.pledges: list[dict[str, Any]] = []

    def status_for(self, age_days: int) -> CaseStatus:
        roll = self.rng.random()
        if age_days >= 14:
            return (
                CaseStatus.FINISHED
                if roll < 0.96
                else CaseStatus.CANCELLED
                if roll < 0.99
                else CaseStatus.OPEN
            )
        still_open = 0.75 - 0.05 * age_days  # today 75 %, two weeks ago 5 %
        if roll < still_open:
            return CaseStatus.OPEN
        return CaseStatus.CANCELLED if roll > 0.97 else CaseStatus.FINISHED

    def add_case(self, day: date, number: int) -> None:
        rng = self.rng
        kind, code, items = (
            rng.choice(self.bundles)
            if self.bundles and rng.random() < 0.1
            else rng.choice(self.subjects)
        )
        status = self.status_for((self.today - day).days)
        moment = datetime.combine(day, datetime.min.time()) + timedelta(
            hours=1, seconds=rng.randrange(8 * 3600)
        )  # 09:00-17:00 Beijing time, stored as naive UTC
        if day == self.today:
            moment = min(moment, datetime.now(UTC).replace(tzinfo=None))
        region, year = rng.randrange(110000, 659999), rng.randrange(1950, 2005)
        id_no = f"{region}{year}0101{rng.randrange(1000, 9999)}"
        case_id = new_id()
        self.cases.append(
            {
                "id": case_id,
                "number": f"HF01-{day:%Y%m%d}-{number:04d}",
                "matter_id": self.matter_ids[code] if kind == "matter" else None,
                "bundle_id": self.bundle_ids[code] if kind == "bundle" else None,
                "applicant_kind": ApplicantKind.PERSON,
                "applicant_name": rng.choice("王李张刘陈杨赵黄周吴")
                + rng.choice("秀英芳军伟静丽强敏"),
                "applicant_id_no": id_no,
                "phone": "",
                "clerk": "李娜",
                "window_code": "HF01",
                "status": status,
                "created_at": moment,
                "updated_at": moment,
                "finished_at": moment + timedelta(hours=2)
                if status == CaseStatus.FINISHED
                else None,
                "cancelled_at": moment + timedelta(hours=1)
                if status == CaseStatus.CANCELLED
                else None,
                "cancel_reason": "申请人放弃申请" if status == CaseStatus.CANCELLED else "",
            }
        )
        for position, item in enumerate(items):
            self.add_resolution(case_id, status, day, moment, position, item, id_no)

    def add_resolution(
        self,
        case_id: str,
        status: CaseStatus,
        day: date,
        moment: datetime,
        position: int,
        item: Any,
        id_no: str,
    ) -> None:
        rng = self.rng
        item_id = self.item_ids[item.code]
        row: dict[str, Any] = {
            "id": new_id(),
            "case_id": case_id,
            "item_id": item_id,
            "position": position,
            "measure": None,
            "pledge_id": None,
            "request_id": None,
            "substitute_document": "",
            "submitted": None,
            "note": "",
            "resolved_at": None,
        }
        self.resolutions.append(row)
        if status == CaseStatus.OPEN and rng.random() < 0.25:
            return  # not resolved yet
        measure_view = item.measures[0] if item.measures else None
        measure = measure_view.measure if measure_view else Measure.RETAINED
        row["measure"] = measure
        row["resolved_at"] = moment
        if measure == Measure.SUBSTITUTE:
            row["substitute_document"] = measure_view.detail if measure_view else "替代材料"
        elif measure == Measure.OTHER:
            row["note"] = "现场查看"
        elif measure == Measure.RETAINED:
            row["submitted"] = status != CaseStatus.OPEN or rng.random() < 0.5
        elif measure == Measure.PLEDGE and status != CaseStatus.CANCELLED:
            pledge_id = new_id()
            self.pledges.append(
                {
                    "id": pledge_id,
                    "case_id": case_id,
                    "item_id": item_id,
                    "text": "本人承诺所述情况真实。",
                    "form_hash": "",
                    "check_outcome": "unchecked",
                    "checked_at": None,
                    "checked_by": "",
                    "check_note": "",
                    "created_at": moment,
                }
            )
            row["pledge_id"] = pledge_id
        elif measure in ASKED:
            row["request_id"] = self.add_request(
                case_id, status, day, moment, item_id, measure, measure_view, id_no
            )

    def add_request(
        self,
        case_id: str,
        status: CaseStatus,
        day: date,
        moment: datetime,
        item_id: int,
        measure: Measure,
        measure_view: Any,
        id_no: str,
    ) -> str:
        rng = self.rng
        deadline = add_working_days(day, (measure_view.deadline_days if measure_view else 0) or 3)
        answer: Answer | None = None
        if status == CaseStatus.FINISHED:
            state, answer = RequestStatus.ANSWERED, Answer.CONFIRMED
        elif status == CaseStatus.CANCELLED:
            state = RequestStatus.WITHDRAWN
        elif rng.random() < 0.5:
            state = RequestStatus.ANSWERED
            answer = Answer.CONFIRMED if rng.random() < 0.85 else Answer.DENIED
        elif deadline < self.today and rng.random() < 0.7:
            state = RequestStatus.OVERDUE  # marked by refresh_overdue; the rest are late only
        else:
            state = rng.choice([RequestStatus.QUEUED, RequestStatus.SENT])
        request_id = new_id()
        self.requests.append(
            {
                "id": request_id,
                "case_id": case_id,
                "item_id": item_id,
                "kind": measure,
                "subject_kind": ApplicantKind.PERSON,
                "subject_name": "申请人",
                "subject_id_no": id_no,
                "fact": "核实申请人的证明事项",
                "provider_code": (measure_view.provider_code if measure_view else "") or "",
                "window_code": "HF01",
                "deadline": deadline,
                "status": state,
                "answer": answer,
                "answer_note": "",
                "answered_by": "核验员" if answer else "",
                "answered_at": moment + timedelta(hours=1) if answer else None,
                "created_at": moment,
            }
        )
        return request_id


def build(directory: Path, total: int, rebuild: bool) -> tuple[Database, float]:
    """A data dir with the sample catalog and ``total`` cases over the last year (cached)."""
    ready = directory / "ready"
    if ready.exists() and not rebuild:
        stamp = ready.read_text().split()
        if stamp and stamp[0] == date.today().isoformat():  # "today" must be today
            return Database.open(directory), 0.0
    shutil.rmtree(directory, ignore_errors=True)
    started = time.perf_counter()
    db = open_database(directory)
    today = date.today()
    builder = Builder(db, today)
    day, made = today, 0
    while made < total:
        if day.weekday() < 5 or day == today:  # today has its cases even on a weekend run
            for n in range(1, min(PER_DAY, total - made) + 1):
                builder.add_case(day, n)
                made += 1
        day -= timedelta(days=1)
    with db.session() as session:
        session.execute(insert(Case), builder.cases)
        session.execute(insert(Pledge), builder.pledges)
        session.execute(insert(VerificationRequest), builder.requests)
        session.execute(insert(Resolution), builder.resolutions)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    elapsed = time.perf_counter() - started
    ready.write_text(f"{today.isoformat()} {elapsed:.1f}\n")
    return db, elapsed


# --------------------------------------------------------------------------- timing


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    fn()  # warm the caches once
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def floor_count(db: Database) -> int:
    with db.session() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(Case).where(Case.status == CaseStatus.OPEN)
            )
            or 0
        )


def main() -> int:
    parser = argparse.ArgumentParser(description="Wuzheng case list benchmark")
    parser.add_argument("--cases", type=int, default=12_000, help="cases in the year (12,000)")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per figure")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached database")
    args = parser.parse_args()
    print(f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}")
    CACHE.mkdir(parents=True, exist_ok=True)
    db, built = build(CACHE / f"cases{args.cases}-{fingerprint()}", args.cases, args.rebuild)
    print(
        f"  built in {built:.1f} s (bulk insert); cached for later runs"
        if built
        else "  using the cached database (--rebuild to rebuild)"
    )
    with db.session() as session:
        by_status = select(Case.status, func.count()).group_by(Case.status)
        counts = {status: n for status, n in session.execute(by_status)}
        resolutions = session.scalar(select(func.count()).select_from(Resolution))
        requests = session.scalar(select(func.count()).select_from(VerificationRequest))
    split = ", ".join(f"{status.value} {n:,}" for status, n in counts.items())
    print(
        f"  {sum(counts.values()):,} cases ({split}), {resolutions:,} resolutions, "
        f"{requests:,} verification requests"
    )

    service = CaseService(db, clerk="李娜", window_code="HF01")
    today = date.today()
    floor = timed(lambda: floor_count(db), args.repeat * 3)
    figures = [
        ("办理中: list_cases(open_only=True)", lambda: service.list_cases(open_only=True)),
        ("今日: list_cases(since=today)", lambda: service.list_cases(since=today)),
        (f"全部: list_cases(limit={LIST_PAGE})", lambda: service.list_cases(limit=LIST_PAGE)),
        (
            f"已办结: list_cases(status=finished, limit={LIST_PAGE})",
            lambda: service.list_cases(status=CaseStatus.FINISHED, limit=LIST_PAGE),
        ),
        ("全部: count_cases() for 共 M 件", lambda: service.count_cases()),
        ("今日及办理中: page(today_and_open)", lambda: service.page(CaseList.TODAY_AND_OPEN).cases),
        ("全部: page(all), newest page + total", lambda: service.page(CaseList.ALL).cases),
    ]
    results = []
    for label, fn in figures:
        result = fn()
        rows = len(result) if isinstance(result, list) else 1
        results.append((label, rows, timed(fn, args.repeat)))
    floor += timed(lambda: floor_count(db), args.repeat * 3)  # before and after: same load
    floor_p50 = statistics.median(floor)
    print(
        f"\nfloor: one indexed COUNT(*) on case (status = 'open'), p50 {floor_p50 * 1000:.3f} ms\n"
    )
    print("| list | rows | p50 | p95 | p50 / floor | target p95 |")
    print("|---|---:|---:|---:|---:|---|")
    worst = 0.0
    for label, rows, runs in results:
        p50, p95 = statistics.median(runs), percentile(runs, 95)
        worst = max(worst, p95)
        ok = "✅" if p95 * 1000 < TARGET_MS else "❌"
        print(
            f"| {label} | {rows:,} | {p50 * 1000:.2f} ms | {p95 * 1000:.2f} ms | "
            f"{p50 / floor_p50:.1f}× | < {TARGET_MS:.0f} ms {ok} |"
        )
    db.engine.dispose()
    return 0 if worst * 1000 < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
