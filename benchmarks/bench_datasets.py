"""Data sources on the hub: load a 1,000,000-row department dataset, answer data queries.

    .venv/bin/python benchmarks/bench_datasets.py [--rows N] [--queries N] [--pg]

Each figure is printed beside a floor measured in the same run on the same database:

- load: ``wuzheng hub load-dataset`` (read the CSV, check every ID, one transaction, the
  dataset's new version) vs the bare load: one ``executemany`` (SQLite) / ``COPY``
  (PostgreSQL) of the same, already-checked rows into a table of the same shape;
- answer: the built-in source answering one data query (``answer_query``: dataset look-up,
  row look-up, the note) vs one indexed lookup of the row by its primary key;
- push → answer: a window pushes a case and a data query to a real hub over HTTP and pulls the
  answer right after (p50), vs a bare ``GET /healthz`` round trip to the same hub.

Targets (issue 11): the load under 60 s, the hub answering a query under 50 ms. With ``--pg``
(and $WUZHENG_TEST_PG_URL, as scripts/postgres.sh sets it) the same runs on PostgreSQL too.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "hub"))

from sqlalchemy import text  # noqa: E402

from app.domain import ApplicantKind  # noqa: E402
from app.hub.datasources import DataQuery, answer_query  # noqa: E402
from app.hub.datasources.loader import load_dataset, read_dataset  # noqa: E402
from app.hub.store import HubStore  # noqa: E402

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
ITEM = "C-MARRIAGE"


def resident_id(born: date, sequence: int) -> str:
    body = f"330702{born:%Y%m%d}{sequence:03d}"
    return body + CHECK[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]


def subjects(rows: int) -> list[str]:
    days = -(-rows // 1000)
    start = date(1950, 1, 1)
    return [resident_id(start + timedelta(days=d), s) for d in range(days) for s in range(1000)][
        :rows
    ]


def name(n: int) -> str:
    return f"居民{n % 9973}"


def write_csv(path: Path, ids: list[str]) -> None:
    states = ("已婚", "未婚", "离异", "丧偶")
    with path.open("w", encoding="utf-8") as handle:
        handle.write("身份证号码,姓名,婚姻状况,登记日期\n")
        for n, number in enumerate(ids):
            handle.write(f"{number},{name(n)},{states[n % 4]},2020-0{1 + n % 9}-1{n % 10}\n")


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def line(label: str, value: float, floor: float, unit: str = "s", target: str = "") -> None:
    scale = 1000 if unit == "ms" else 1
    print(
        f"  {label:<44} {value * scale:9.2f} {unit}   floor {floor * scale:8.3f} {unit}"
        f"   ratio {value / floor:6.1f}x   {target}"
    )


def bare_load(store: HubStore, path: Path) -> float:
    """The floor: the same checked rows into a table of the same shape, one statement."""
    parsed = read_dataset(path)
    rows = [(1, s, r, n, f, 1) for s, r, n, f in parsed.rows]
    with store.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS bench_floor")
        if store.is_sqlite:
            connection.exec_driver_sql(
                "CREATE TABLE bench_floor (dataset_id BIGINT, subject_id VARCHAR(32), "
                "result VARCHAR(16), name VARCHAR(200), facts TEXT, version INTEGER, "
                "PRIMARY KEY (dataset_id, subject_id)) WITHOUT ROWID"
            )
        else:
            connection.exec_driver_sql(
                "CREATE TABLE bench_floor (LIKE hub_dataset_row INCLUDING ALL)"
            )
    started = time.perf_counter()
    with store.engine.begin() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()
        if store.is_sqlite:
            cursor.executemany("INSERT INTO bench_floor VALUES (?, ?, ?, ?, ?, ?)", rows)
        else:
            with cursor.copy("COPY bench_floor FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(row)
    elapsed = time.perf_counter() - started
    with store.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE bench_floor")
    return elapsed


def query_figures(store: HubStore, ids: list[str], count: int) -> tuple[float, float]:
    """(p50 of answer_query, p50 of one indexed lookup), in seconds."""
    sample = random.Random(7).sample(range(len(ids)), min(count, len(ids)))
    answers: list[float] = []
    lookups: list[float] = []
    with store.read() as session:
        dataset_id = session.execute(
            text("SELECT id FROM hub_dataset WHERE item_code = :item"), {"item": ITEM}
        ).scalar_one()
        lookup = text(
            "SELECT result, name, facts FROM hub_dataset_row "
            "WHERE dataset_id = :d AND subject_id = :s"
        )
        for n in sample:
            number = ids[n]
            query = DataQuery(
                str(uuid.uuid4()), ITEM, ApplicantKind.PERSON, number, name(n), "", "D"
            )
            started = time.perf_counter()
            answer = answer_query(session, query)
            answers.append(time.perf_counter() - started)
            assert answer is not None and answer.answer == "confirmed", answer
            started = time.perf_counter()
            session.execute(lookup, {"d": dataset_id, "s": number}).one()
            lookups.append(time.perf_counter() - started)
    return statistics.median(answers), statistics.median(lookups)


def http_figures(url: str, folder: Path, ids: list[str], count: int) -> tuple[float, float]:
    """(p50 push of a data query + pull of its answer, p50 GET /healthz), in seconds."""
    import httpx
    from hubkit import case_change, request_change, running_hub

    from app.hub import admin
    from app.signing import SigningKey
    from app.sync.client import HubClient
    from app.sync.wire import DeviceKind, is_broadcast

    rounds: list[float] = []
    pings: list[float] = []
    with running_hub(url, folder) as hub:
        one_time = admin.new_enrolment(hub.store, DeviceKind.WINDOW, "BENCH01", "bench")
        with HubClient(hub.base_url) as client:
            token = client.enrol(one_time, "bench", SigningKey.generate().public_key).token
        with HubClient(hub.base_url, token) as w, httpx.Client() as bare:
            cursor = w.pull(limit=1000).cursor
            for n in range(count):
                case = case_change("BENCH01")
                k = n * 997 % len(ids)
                query = request_change(
                    case, "D-MZJ", item=ITEM, kind="share", subject_id=ids[k], subject_name=name(k)
                )
                started = time.perf_counter()
                w.push([case, query])
                page = w.pull(cursor, limit=1000)
                rounds.append(time.perf_counter() - started)
                cursor = page.cursor
                got = [c for c in page.changes if not is_broadcast(c)]
                assert [c.record_id for c in got] == [query.record_id]
                started = time.perf_counter()
                bare.get(f"{hub.base_url}/healthz")
                pings.append(time.perf_counter() - started)
    return statistics.median(rounds), statistics.median(pings)


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    from hubkit import fresh_database

    with fresh_database(backend, folder) as url:
        yield url


def run(
    backend: str, rows: int, queries: int, folder: Path, csv_path: Path, ids: list[str]
) -> None:
    print(f"\n{backend}: {rows:,} rows")
    with database(backend, folder) as url:
        store = HubStore.open(url)
        try:
            report = None

            def load() -> None:
                nonlocal report
                report = load_dataset(store, "D-MZJ", csv_path, ITEM, fact="婚姻登记信息")

            load_seconds = timed(load)
            assert report is not None and report.rows == rows
            floor = bare_load(store, csv_path)
            line("load-dataset (read, check, write, version)", load_seconds, floor,
                 target="< 60 s ✅" if load_seconds < 60 else "< 60 s ❌")  # fmt: skip
            answer, lookup = query_figures(store, ids, queries)
            line("answer one data query (p50)", answer, lookup, "ms",
                 target="< 50 ms ✅" if answer < 0.05 else "< 50 ms ❌")  # fmt: skip
        finally:
            store.dispose()
        round_trip, ping = http_figures(url, folder / "hub", ids, max(20, queries // 20))
        line("push a data query + pull its answer (p50)", round_trip, ping, "ms",
             target="< 50 ms ✅" if round_trip < 0.05 else "< 50 ms ❌")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--pg", action="store_true", help="also on PostgreSQL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wuzheng-bench-datasets-") as tmp:
        folder = Path(tmp)
        ids = subjects(args.rows)
        csv_path = folder / "婚姻登记.csv"
        write_csv(csv_path, ids)
        print(f"dataset: {args.rows:,} rows, {csv_path.stat().st_size / 1e6:.0f} MB of CSV")
        run("sqlite", args.rows, args.queries, folder, csv_path, ids)
        if args.pg:
            if not os.environ.get("WUZHENG_TEST_PG_URL"):
                print("\npostgresql: skipped ($WUZHENG_TEST_PG_URL is not set)")
            else:
                run("postgresql", args.rows, args.queries, folder, csv_path, ids)


if __name__ == "__main__":
    main()
