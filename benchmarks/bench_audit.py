"""The cost of the keyed audit chain: one append (its own transaction), and verifying the trail.

* append — one committed transaction holding one audit entry: insert, read the previous link,
  HMAC, and after the commit the checkpoint file (fsync) moved forward;
  floor: the same transaction inserting one row of the same size with no chain at all.
* verify — `app.audit.verify` over N entries (every link and HMAC, and the checkpoint);
  floor: reading the same N rows.

Usage: ``python benchmarks/bench_audit.py [--appends 300] [--entries 50000]``. The keyring is
keyring's ``fail`` backend (the key lives in a file of the temporary data directory).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app import audit
from app.storage.db import Database
from app.storage.models import AuditEntry

DETAIL = {"number": "2026-0001", "applicant": "110105********002X"}


def _record(session: Session, number: int) -> None:
    audit.record(
        session, actor="李娜", action="case.open", entity="case", entity_id=number, detail=DETAIL
    )


def _append_times(db: Database, count: int) -> list[float]:
    times = []
    for number in range(count):
        start = time.perf_counter()
        with db.session() as session:
            _record(session, number)
        times.append(time.perf_counter() - start)
    return times


def _floor_times(db: Database, count: int) -> list[float]:
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS plain (id INTEGER PRIMARY KEY, v)"))
    times = []
    for number in range(count):
        start = time.perf_counter()
        with db.session() as session:
            session.execute(
                text("INSERT INTO plain (v) VALUES (:v)"), {"v": f"{number} {DETAIL} " + "x" * 200}
            )
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appends", type=int, default=300)
    parser.add_argument("--entries", type=int, default=50_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(Path(folder))
        floor = statistics.median(_floor_times(db, options.appends)) * 1000
        append = statistics.median(_append_times(db, options.appends)) * 1000
        print(f"append, own transaction (median of {options.appends}): {append:.2f} ms")
        print(
            f"  floor, one plain row per transaction: {floor:.2f} ms  ratio {append / floor:.1f}x"
        )

        with db.session() as session:
            for number in range(options.entries - options.appends):
                _record(session, number)
        start = time.perf_counter()
        with db.sessions() as session:
            rows = sum(1 for _ in session.execute(select(AuditEntry.hash, AuditEntry.detail)))
        floor_read = time.perf_counter() - start
        start = time.perf_counter()
        report = audit.verify(db)
        took = time.perf_counter() - start
        assert report.ok and report.entries == rows, report
        print(f"verify {rows:,} entries: {took:.2f} s ({took / rows * 1e6:.1f} µs per entry)")
        print(f"  floor, reading them: {floor_read:.2f} s  ratio {took / floor_read:.1f}x")
        db.engine.dispose()


if __name__ == "__main__":
    main()
