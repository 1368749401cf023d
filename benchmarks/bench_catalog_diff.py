"""Catalog diff benchmark: comparing two versions of a catalog (app.catalog.diff).

    .venv/bin/python benchmarks/bench_catalog_diff.py [--counties N] [--repeat R]

Two versions of a synthetic catalog (app.catalog.generate) at Jinhua scale (2,729 matters,
4,052 items) and at ``--counties`` times that (province planning figure: 100), the second with
1 % of its certificate items changed (measures, legal basis, provider), 1 % removed and as many
added. Each figure is the best of ``--repeat`` runs of :func:`app.catalog.diff.diff_documents`
on the two raw documents, printed beside its floor measured in the same run on the same data:
validating both documents with the import's models (:func:`parse_document`), which any
comparison of untrusted documents must do first.
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.catalog.diff import diff_documents  # noqa: E402
from app.catalog.exchange import parse_document  # noqa: E402
from app.catalog.generate import generate_catalog_document  # noqa: E402


def changed(doc: dict[str, Any], rng: random.Random) -> tuple[dict[str, Any], int]:
    """A next version: 1 % of the items changed, 1 % removed, as many added."""
    new = copy.deepcopy(doc)
    items = new["certificate_items"]
    step = 100
    departments = [d["code"] for d in new["departments"]]
    touched = 0
    for index in range(0, len(items), step):
        item = items[index]
        kind = rng.randrange(3)
        if kind == 0:
            item["legal_basis"] = (item["legal_basis"] or "") + "（2026年修订）"
        elif kind == 1 and item["measures"]:
            item["measures"].reverse()
            item["measures"][0]["measure"] = "pledge"
            item["measures"][0]["provider"] = None
            item["measures"] = list({m["measure"]: m for m in item["measures"]}.values())
        else:
            item["measures"] = [
                {
                    "measure": "verify",
                    "detail": "",
                    "provider": rng.choice(departments),
                    "one_click": False,
                    "deadline_days": 3,
                }
            ]
        touched += 1
    removed = {items[i]["code"] for i in range(step // 2, len(items), step)}  # 1 %
    new["certificate_items"] = [i for i in items if i["code"] not in removed]
    for matter in new["matters"]:
        matter["items"] = [c for c in matter["items"] if c not in removed]
    for number in range(len(removed)):
        new["certificate_items"].append(
            {"code": f"CNEW{number:06d}", "name": f"新增证明{number}", "measures": []}
        )
    return new, touched + 2 * len(removed)


def best(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(counties: int, runs: int) -> None:
    old = generate_catalog_document(counties=counties)
    new, touched = changed(old, random.Random(counties))
    diff = diff_documents(old, new)
    took = best(runs, lambda: diff_documents(old, new))
    floor = best(runs, lambda: (parse_document(old), parse_document(new)))
    items = len(old["certificate_items"])
    print(
        f"diff of {counties} county(ies): {items:,} items, {len(old['matters']):,} matters; "
        f"{len(diff.changes):,} changes (≈{touched:,} edits): {took * 1000:.0f} ms; "
        f"floor, validating both: {floor * 1000:.0f} ms; ratio {took / floor:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counties", type=int, default=20)  # 100: about 2 GB of memory
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    measure(1, options.repeat)
    if options.counties > 1:
        measure(options.counties, max(1, options.repeat - 2))


if __name__ == "__main__":
    main()
