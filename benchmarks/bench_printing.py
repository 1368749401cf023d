"""Printing speed: one guide against a bare reportlab page, and every guide of a big catalog.

* guide  — median time to build one 办事指南 PDF (facts, flow diagram, QR code, certificate
           table) from a catalog view, over N runs;
* floor  — a bare one-page reportlab document with the same embedded CJK font and a few lines,
           built in the same run (the ratio guide / floor says what our layout costs);
* batch  — every guide of a Jinhua-scale catalog (2,729 matters, generated) written to a
           folder by ``export_all_guides`` on 2 processes.

Usage: ``python benchmarks/bench_printing.py [-n 50] [--matters 2729] [--jobs 2] [--skip-batch]``.
Targets: guide median < 30 ms; batch < 60 s on 2 cores.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.printing.fonts import FONT  # noqa: E402  (before platypus: line-breaking rules)

# isort: split
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from app.catalog.exchange import import_catalog_document  # noqa: E402
from app.catalog.generate import generate_catalog_document  # noqa: E402
from app.catalog.views import MatterView, all_matters, catalog_info  # noqa: E402
from app.printing.batch import export_all_guides  # noqa: E402
from app.printing.guide import guide_pdf  # noqa: E402
from app.printing.templates import load_template  # noqa: E402
from app.storage.db import Database  # noqa: E402

GUIDE_TARGET_MS = 30.0
BATCH_TARGET_S = 60.0


def bare_page() -> bytes:
    """The floor: one A4 page, the same embedded CJK font, a title and a few lines."""
    buffer = io.BytesIO()
    style = ParagraphStyle("b", fontName=FONT, fontSize=10.5, leading=15, wordWrap="CJK")
    lines = [
        "公共租赁住房资格申请",
        "实施部门：县住房和城乡建设局；办理地点：县行政服务中心二楼住建窗口。",
        "法定时限 20 个工作日，承诺时限 10 个工作日，不收费。",
        "需要提交的材料：申请人身份证、户口簿、公共租赁住房申请表。",
    ]
    SimpleDocTemplate(buffer, pagesize=A4).build([Paragraph(t, style) for t in lines])
    return buffer.getvalue()


def median_ms(fn: Callable[[], bytes], runs: int) -> tuple[float, int]:
    fn()  # warm-up: font subsetting tables, imports
    times = []
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(fn())
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), size


def typical_matter(views: list[MatterView]) -> MatterView:
    """A matter with a typical number of certificate items (the median), and steps."""
    ranked = sorted(views, key=lambda v: (len(v.items), v.code))
    return ranked[len(ranked) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=50)
    parser.add_argument("--matters", type=int, default=2729)
    parser.add_argument("--items", type=int, default=4052)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-batch", action="store_true")
    args = parser.parse_args()

    t0 = time.perf_counter()
    db = Database.in_memory()
    import_catalog_document(db, generate_catalog_document(args.matters, args.items))
    views = all_matters(db)
    version = catalog_info(db).version
    prepared = time.perf_counter() - t0
    print(f"catalog: {len(views)} matters generated and imported in {prepared:.1f} s")

    template = load_template("guide")
    matter = typical_matter(views)
    most = max(views, key=lambda v: len(v.items))
    floor_ms, floor_size = median_ms(bare_page, args.runs)
    guide_ms, guide_size = median_ms(
        lambda: guide_pdf(matter, catalog_version=version, template=template), args.runs
    )
    big_ms, big_size = median_ms(
        lambda: guide_pdf(most, catalog_version=version, template=template), max(5, args.runs // 5)
    )
    rows = [
        (
            "bare one-page reportlab document (floor)",
            f"{floor_ms:.1f} ms",
            "1.00",
            "",
            f"{floor_size // 1024} KB",
        ),
        (
            f"guide, typical matter ({len(matter.items)} certificates, {len(matter.steps)} steps)",
            f"{guide_ms:.1f} ms",
            f"{guide_ms / floor_ms:.2f}",
            f"< {GUIDE_TARGET_MS:.0f} ms {'✔' if guide_ms < GUIDE_TARGET_MS else '✘'}",
            f"{guide_size // 1024} KB",
        ),
        (
            f"guide, largest matter ({len(most.items)} certificates)",
            f"{big_ms:.1f} ms",
            f"{big_ms / floor_ms:.2f}",
            "",
            f"{big_size // 1024} KB",
        ),
    ]
    if not args.skip_batch:
        with tempfile.TemporaryDirectory() as out:
            result = export_all_guides(
                views, Path(out), catalog_version=version, jobs=args.jobs, template=template
            )
            total = sum(p.stat().st_size for p in result.written)
        assert not result.failed, result.failed[:3]
        per_guide = result.seconds * 1000 / max(1, len(result.written))
        rows.append(
            (
                f"all {len(result.written)} guides, {args.jobs} processes",
                f"{result.seconds:.1f} s",
                f"{per_guide / floor_ms:.2f} per guide",
                f"< {BATCH_TARGET_S:.0f} s {'✔' if result.seconds < BATCH_TARGET_S else '✘'}",
                f"{total // (1024 * 1024)} MB",
            )
        )
    # other work on the machine slows everything: the load average says how busy it was
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    print(
        f"\nmachine: {os.cpu_count()} CPUs{load}, Python {sys.version.split()[0]}, "
        f"{args.runs} runs per median\n"
    )
    print("| what | time | ratio to floor | target | output |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
