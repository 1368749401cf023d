"""Catalog benchmarks: search latency, catalog JSON import, register import, core start-up.

    .venv/bin/python benchmarks/bench_catalog.py [--quick] [--counties N] [--rebuild]
        [--only startup,search,json,registers]

Every figure is printed with its ratio to a floor measured in the same run on the same data:
* search p50/p95 over a realistic query mix (2-character Chinese, longer Chinese, full pinyin,
  initials and initials subsequences, codes, departments, and the prefixes a clerk types on the
  way), at Jinhua scale (2,729 matters, 4,052 items) and province scale (100 counties);
  floor: one indexed SQLite query (a matter by its code) through the same connection path;
* import of a Jinhua-scale catalog JSON file (2,729 matters, 4,052 items) into an empty
  database with app.catalog.exchange.import_catalog, and its re-import with one matter
  renamed; floor: json.loads of the same file. Generating that document
  (app.catalog.generate); floor: json.loads of its text (builds the same dicts and lists);
* import of a Jinhua-scale attachment-2 register (4,052 rows, .xlsx and .csv) with
  app.catalog.registers.import_registers; floor: reading the same file with openpyxl / csv alone;
* start-up to ready of the core in a fresh process (open + migrate + sample check);
  floor: a fresh process that opens the same SQLite file and counts the matters.

Targets: search p95 < 10 ms at province scale; the 4,052-row register import < 3 s.
The province database is built once and kept in the temp folder (rebuilt when the code that
shapes it changes, or with --rebuild). A Markdown table is printed at the end.
"""

from __future__ import annotations

import argparse
import copy
import csv
import hashlib
import json
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.catalog.exchange import (  # noqa: E402
    document_bytes,
    import_catalog,
    import_catalog_document,
)
from app.catalog.generate import generate_catalog_document  # noqa: E402
from app.catalog.search import search  # noqa: E402
from app.paths import database_path  # noqa: E402
from app.storage.db import Database  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "wuzheng-bench"
SECTIONS = ("startup", "search", "json", "registers")
SEARCH_TARGET_MS = 10.0
REGISTER_TARGET_S = 3.0

# what clerks type: full words and the prefixes they pass through while typing them
# queries of several words, each word anywhere in the name (two-character words too)
WORDS = [
    "住房 公共",
    "租赁 资格",
    "证明 婚姻",
    "低保 申请",
    "公积金 提取",
    "许可 食品 经营",
    "户口 迁移 证明",
    "残疾　补贴",
    "gz zf",
]
QUERIES = [
    "低保",
    "户口",
    "出生",
    "残疾",
    "婚姻",
    "公积",
    "证明",
    "许可",
    "退役",
    "民政局",
    "公共租赁住房",
    "住房公积金提取",
    "婚姻状况证明",
    "食品经营许可证",
    "最低生活保障",
    "gonggongzulin",
    "zhufang",
    "hunyin",
    "canji",
    "gongjijin",
    "ggzl",
    "gzzf",
    "shbx",
    "zfgjj",
    "hyzk",
    "dbdx",
    "派出所",
    "卫生健康局",
]
TYPED = ["gzzf", "gonggong", "住房公积金", "hyzk"]


@dataclass
class Row:
    figure: str
    value: float
    unit: str
    floor: float
    target: str = ""

    @property
    def ratio(self) -> float:
        return self.value / self.floor if self.floor else float("inf")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def fingerprint() -> str:
    """Changes when the code that shapes the benchmark databases changes."""
    digest = hashlib.sha256()
    files = [
        ROOT / "app/catalog/generate.py",
        ROOT / "app/catalog/search.py",
        *sorted((ROOT / "app/catalog/exchange").glob("*.py")),
        *sorted((ROOT / "db/migrations/versions").glob("*.py")),
    ]
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def build_catalog_db(directory: Path, counties: int, rebuild: bool) -> tuple[Database, float]:
    """A data dir holding a synthetic catalog of ``counties`` counties (cached)."""
    ready = directory / "ready"
    if ready.exists() and not rebuild:
        return Database.open(directory), 0.0
    shutil.rmtree(directory, ignore_errors=True)
    started = time.perf_counter()
    db = Database.open(directory)
    import_catalog_document(db, generate_catalog_document(counties=counties), source="bench")
    elapsed = time.perf_counter() - started
    ready.write_text(f"{elapsed:.1f}\n")
    return db, elapsed


def matter_codes(db: Database, n: int) -> list[str]:
    with db.engine.connect() as conn:
        codes = [c for (c,) in conn.exec_driver_sql("SELECT code FROM matter")]
    return random.Random(1).sample(codes, min(n, len(codes)))


def floor_query(db: Database, codes: list[str], repeat: int) -> list[float]:
    """One indexed SQLite query through the same connection path as search()."""
    out = []
    for i in range(repeat):
        code = codes[i % len(codes)]
        started = time.perf_counter()
        with db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT id, name FROM matter WHERE code = ?", (code,)).all()
        out.append(time.perf_counter() - started)
    return out


def query_mix(codes: list[str]) -> list[str]:
    queries = list(QUERIES)
    queries += [codes[0], codes[1][:-2]]  # an exact code and a code prefix
    for word in TYPED:  # as-you-type: every prefix
        queries += [word[:i] for i in range(1, len(word))]
    return queries


def search_mix(db: Database, queries: list[str], repeat: int) -> list[float]:
    for q in queries:  # warm the caches once
        search(db, q)
    out: list[float] = []
    for _ in range(repeat):
        for q in queries:
            started = time.perf_counter()
            search(db, q)
            out.append(time.perf_counter() - started)
    return out


def bench_search(label: str, db: Database, repeat: int, rows: list[Row]) -> None:
    codes = matter_codes(db, 200)
    floor = floor_query(db, codes, 400)
    lat = search_mix(db, query_mix(codes), repeat)
    f50, f95 = percentile(floor, 50) * 1000, percentile(floor, 95) * 1000
    p50, p95 = percentile(lat, 50) * 1000, percentile(lat, 95) * 1000
    print(f"  {label}: {len(lat)} searches; p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    print(f"  floor (matter by code): p50 {f50:.3f} ms, p95 {f95:.3f} ms")
    target = f"< {SEARCH_TARGET_MS:g} ms" if "province" in label else ""
    rows.append(Row(f"search p50, {label}", p50, "ms", f50))
    rows.append(Row(f"search p95, {label}", p95, "ms", f95, target))
    words = search_mix(db, WORDS, repeat * 5)
    w95 = percentile(words, 95) * 1000
    print(f"  several words ({len(WORDS)} queries): p95 {w95:.2f} ms")
    rows.append(Row(f"search p95, several words, {label}", w95, "ms", f95, target))


# --------------------------------------------------------------------------- register import

HEADER = [
    "序号",
    "管理或服务单位名称",
    "证明材料名称",
    "证明开具单位",
    "证明对应的办理事项",
    "索取证明依据",
    "取消",
    "保留",
]


def register_rows(items: int) -> list[list[str]]:
    """Attachment-2 rows for a Jinhua-scale synthetic catalog: one row per certificate item."""
    doc = generate_catalog_document(2729, items, seed=11)
    departments = {d["code"]: d["name"] for d in doc["departments"]}
    demanded: dict[str, list[dict[str, Any]]] = {}
    for m in doc["matters"]:
        for code in m["items"]:
            demanded.setdefault(code, []).append(m)
    rows = []
    decided: dict[tuple[str, ...], bool] = {}
    for n, item in enumerate(doc["certificate_items"], 1):
        matters = demanded[item["code"]]
        unit = departments[matters[0]["department"]]
        # registers name the purpose, so the same certificate of two matters is two rows
        name = f"{item['name']}（{matters[0]['name']}）"
        # the generator repeats names: a register decides a certificate of a matter once
        same = (unit, name, item["issuer"], matters[0]["name"])
        cancel = decided.setdefault(same, item["measures"][0]["measure"] == "cancel")
        rows.append(
            [
                str(n),
                unit,
                name,
                item["issuer"],
                "、".join(m["name"] for m in matters),
                item["legal_basis"],
                "√" if cancel else "",
                "" if cancel else "√",
            ]
        )
    return rows


def write_registers(directory: Path, rows: list[list[str]]) -> tuple[Path, Path]:
    from openpyxl import Workbook

    title = ["本系统（本单位）现行索取证明事项登记表"]
    csv_path = directory / "附件2-登记表.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(title)
        writer.writerow(HEADER)
        writer.writerows(rows)
    xlsx_path = directory / "附件2-登记表.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("附件2")
    ws.append(title)
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(xlsx_path)
    return xlsx_path, csv_path


def read_floor(path: Path) -> float:
    started = time.perf_counter()
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            n = sum(1 for _ in csv.reader(fh))
    else:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        n = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
        wb.close()
    assert n > 0
    return time.perf_counter() - started


def bench_registers(work: Path, items: int, rows_out: list[Row]) -> None:
    try:
        from app.catalog.registers import import_registers
    except ImportError:
        print("  app.catalog.registers is not available: skipped")
        return
    rows = register_rows(items)
    xlsx_path, csv_path = write_registers(work, rows)
    for path in (xlsx_path, csv_path):
        directory = work / f"reg-{path.suffix[1:]}"
        shutil.rmtree(directory, ignore_errors=True)
        db = Database.open(directory)
        started = time.perf_counter()
        report = import_registers(db, [path])
        elapsed = time.perf_counter() - started
        db.engine.dispose()
        floor = min(read_floor(path) for _ in range(3))
        added = (
            report.counts["certificate_items"].added if "certificate_items" in report.counts else 0
        )
        print(
            f"  {path.name}: {len(rows)} rows imported in {elapsed:.2f} s "
            f"({added} items added); reading alone {floor:.3f} s"
        )
        rows_out.append(
            Row(
                f"register import, {len(rows):,} rows ({path.suffix[1:]})",
                elapsed,
                "s",
                floor,
                f"< {REGISTER_TARGET_S:g} s",
            )
        )


# --------------------------------------------------------------------------- catalog JSON


def bench_json_import(work: Path, repeat: int, rows: list[Row]) -> None:
    """A Jinhua-scale exchange document: generate it, import it, re-import it changed."""
    generated = timed(generate_catalog_document, repeat)
    doc = generate_catalog_document()
    path = work / "jinhua.json"
    path.write_bytes(document_bytes(doc))
    floor = min(timed(lambda: json.loads(path.read_bytes()), repeat))
    gen = statistics.median(generated)
    print(f"  generate: {gen:.3f} s; floor (json.loads of the document) {floor:.3f} s")
    rows.append(Row("generate a Jinhua-scale catalog document", gen, "s", floor))

    first: list[float] = []
    again: list[float] = []
    for n in range(repeat):
        db = Database.open(work / f"json-{n}")
        started = time.perf_counter()
        import_catalog(db, path)
        first.append(time.perf_counter() - started)
        changed = copy.deepcopy(doc)
        changed["matters"][n]["name"] += "（变更）"
        started = time.perf_counter()
        report = import_catalog_document(db, changed)
        again.append(time.perf_counter() - started)
        assert report.counts["matters"].updated == 1
        db.engine.dispose()
    value, second = statistics.median(first), statistics.median(again)
    size = path.stat().st_size / 1e6
    print(
        f"  {path.name} ({size:.1f} MB): imported in {value:.2f} s, re-imported with one matter "
        f"renamed in {second:.2f} s; json.loads alone {floor:.3f} s"
    )
    rows.append(Row("catalog JSON import, Jinhua scale (file, empty database)", value, "s", floor))
    rows.append(Row("catalog JSON re-import, one matter renamed", second, "s", floor))


# --------------------------------------------------------------------------- start-up


def bench_startup(work: Path, repeat: int, rows: list[Row]) -> None:
    directory = work / "startup"
    shutil.rmtree(directory, ignore_errors=True)
    python = sys.executable
    first_code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from pathlib import Path; from app.bootstrap import open_database;"
        "open_database(Path(sys.argv[2]))"
    )
    started = time.perf_counter()
    subprocess.run([python, "-c", first_code, str(ROOT), str(directory)], check=True)
    first = time.perf_counter() - started
    warm = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([python, "-c", first_code, str(ROOT), str(directory)], check=True)
        warm.append(time.perf_counter() - started)
    floor_code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
        "c.execute('SELECT count(*) FROM matter').fetchone()"
    )
    floors = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([python, "-c", floor_code, str(database_path(directory))], check=True)
        floors.append(time.perf_counter() - started)
    floor = statistics.median(floors)
    ready = statistics.median(warm)
    print(f"  first start (create, migrate, import sample): {first:.2f} s")
    print(f"  later start (open, migrate check, sample check): {ready:.2f} s; floor {floor:.3f} s")
    rows.append(Row("core start-up, first start (with sample import)", first, "s", floor))
    rows.append(Row("core start-up to ready", ready, "s", floor))
    # in-process: what the open costs once the libraries are loaded
    from app.bootstrap import open_database

    in_proc = []
    for _ in range(repeat):
        started = time.perf_counter()
        db = open_database(directory)
        in_proc.append(time.perf_counter() - started)
        db.engine.dispose()
    sq = []
    for _ in range(repeat):
        started = time.perf_counter()
        con = sqlite3.connect(database_path(directory))
        con.execute("SELECT count(*) FROM matter").fetchone()
        con.close()
        sq.append(time.perf_counter() - started)
    v, f = statistics.median(in_proc), statistics.median(sq)
    print(f"  in-process open_database: {v * 1000:.1f} ms; floor {f * 1000:.2f} ms")
    rows.append(Row("open_database in-process (libraries loaded)", v * 1000, "ms", f * 1000))


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description="Wuzheng catalog benchmarks")
    parser.add_argument("--quick", action="store_true", help="smaller province, fewer runs")
    parser.add_argument("--counties", type=int, help="counties in the province (default 100)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached databases")
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"comma-separated sections to run (default: {','.join(SECTIONS)})",
    )
    args = parser.parse_args()
    sections = set(args.only.split(","))
    if not sections <= set(SECTIONS):
        parser.error(f"unknown section in --only: {args.only}")
    counties = args.counties or (10 if args.quick else 100)
    repeat = 3 if args.quick else 10
    print(f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}")
    CACHE.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="wuzheng-bench-") as tmp:
        work = Path(tmp)

        if "startup" in sections:
            print("\n== core start-up")
            bench_startup(work, 3 if args.quick else 7, rows)

        if "search" in sections:
            print("\n== search, Jinhua scale (2,729 matters, 4,052 certificate items)")
            jinhua, built = build_catalog_db(CACHE / f"jinhua-{fingerprint()}", 1, args.rebuild)
            if built:
                print(f"  built in {built:.1f} s (generate + import + index)")
                rows.append(Row("catalog JSON import, Jinhua scale", built, "s", 0.0))
            bench_search("Jinhua scale", jinhua, repeat, rows)

            label = f"province ({counties} counties)"
            print(f"\n== search, {label}: {counties * 2729:,} matters, {counties * 4052:,} items")
            province, built = build_catalog_db(
                CACHE / f"province{counties}-{fingerprint()}", counties, args.rebuild
            )
            if built:
                print(f"  built in {built:.1f} s (generate + import + index); cached")
            else:
                print("  using the cached database (--rebuild to rebuild)")
            bench_search(label, province, repeat, rows)

        if "json" in sections:
            print("\n== catalog JSON import, Jinhua scale")
            bench_json_import(work, 3 if args.quick else 5, rows)

        if "registers" in sections:
            print("\n== register import (attachment 2), Jinhua scale")
            bench_registers(work, 4052, rows)

    print("\n| figure | value | floor | ratio | target |")
    print("|---|---:|---:|---:|---|")
    for r in rows:
        floor = f"{r.floor:.3f} {r.unit}" if r.floor else "—"
        ratio = f"{r.ratio:.1f}×" if r.floor else "—"
        ok = ""
        if r.target:
            limit = float(r.target.split()[1])
            ok = (" ✅" if r.value < limit else " ❌") if r.target else ""
        print(f"| {r.figure} | {r.value:.2f} {r.unit} | {floor} | {ratio} | {r.target}{ok} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
