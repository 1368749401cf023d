"""Start-up time of the workstation against the floor (bare Python + PySide6, an empty window).

Each variant runs N times in a fresh subprocess (offscreen); the wall time from spawning the
process to its exit is measured, and the medians and ratios are printed:

* floor   — ``python`` + ``QApplication`` + an empty ``QMainWindow`` shown, then exit;
* window  — ``python -m ui --data-dir D`` (the real ``wuzheng`` entry point) until the main
            window is shown and takes typing (a query typed before the database is open runs
            as soon as it is), then exit;
* ready   — the same until the database is open and the catalog loaded (existing data dir);
* first   — the same on a new, empty data directory (migrations + sample catalog import).

The real application quits at those points when $WUZHENG_STARTUP_PROBE is "window" or "ready".

Search-ready (issue 12) is timed to a moment inside the process rather than to its exit: from
spawning the process until the first search shows results in the real window (the probe
"search" types a query into the search box the moment the window is shown, and prints
``time.monotonic()`` once the results are in the list and the event loop turned once more).
Its floor is the same moment of the floor's runs: the bare window shown and the event loop
turned once (the floor prints it too). The target is search-ready / floor-shown <= 2.5.

Settings go to a temporary $XDG_CONFIG_HOME, never to the user's.

Usage: ``python benchmarks/bench_startup.py [-n 7]``. The targets are window / floor < 1.5 and
search-ready / floor-shown <= 2.5.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FLOOR = """
import sys
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1180, 760)
window.show()
def shown():
    print(f"shown {time.monotonic()!r}", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def run(args: list[str], env: dict[str, str]) -> tuple[float, float | None]:
    """(wall time to exit, time to the ``shown`` moment the process printed, if any)."""
    start = time.monotonic()
    done = subprocess.run(args, check=True, env=env, cwd=ROOT, capture_output=True, timeout=120)
    wall = time.monotonic() - start
    for line in done.stdout.decode(errors="replace").splitlines():
        if line.startswith("shown "):
            return wall, float(line.split()[1]) - start
    return wall, None


def timed(args: list[str], env: dict[str, str]) -> float:
    return run(args, env)[0]


def shown_at(args: list[str], env: dict[str, str]) -> float:
    moment = run(args, env)[1]
    if moment is None:
        raise SystemExit(f"{args[1:]}: the process printed no 'shown' moment")
    return moment


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-n", type=int, default=7, help="runs per variant (default 7)")
    args = parser.parse_args()
    python = sys.executable
    # An installed program (a wheel, the PyInstaller bundle) ships compiled bytecode, and
    # PySide6 in site-packages has its own; compile ours too, so that both sides of the
    # ratio load bytecode (this matters where PYTHONDONTWRITEBYTECODE is set).
    compileall.compile_dir(ROOT / "app", quiet=1)
    compileall.compile_dir(ROOT / "ui", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="wuzheng-bench-"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(work / "config"))
    window_env = dict(env, WUZHENG_STARTUP_PROBE="window")
    ready_env = dict(env, WUZHENG_STARTUP_PROBE="ready")
    search_env = dict(env, WUZHENG_STARTUP_PROBE="search")
    app = [python, "-m", "ui", "--data-dir"]
    try:
        existing = str(work / "existing")
        timed([*app, existing], ready_env)  # a data directory that has been opened once
        results: dict[str, list[float]] = {"floor": [], "window": [], "ready": [], "first": []}
        moments: dict[str, list[float]] = {"floor-shown": [], "search-ready": []}
        for number in range(args.n):
            wall, floor_shown = run([python, "-c", FLOOR], env)
            results["floor"].append(wall)
            moments["floor-shown"].append(floor_shown or wall)
            results["window"].append(timed([*app, existing], window_env))
            results["ready"].append(timed([*app, existing], ready_env))
            results["first"].append(timed([*app, str(work / f"fresh{number}")], ready_env))
            moments["search-ready"].append(shown_at([*app, existing], search_env))
        medians = {name: statistics.median(times) for name, times in results.items()}
        floor = medians["floor"]
        print(f"start-up, median of {args.n} runs (offscreen, wall time of a fresh process)")
        for name, value in medians.items():
            print(f"  {name:<12} {value * 1000:7.0f} ms   {value / floor:5.2f} × floor")
        print("until a moment inside the process (printed by it), from its spawn")
        shown = statistics.median(moments["floor-shown"])
        for name, times in moments.items():
            value = statistics.median(times)
            print(f"  {name:<12} {value * 1000:7.0f} ms   {value / shown:5.2f} × floor-shown")
        ratio = medians["window"] / floor
        verdict = "OK" if ratio < 1.5 else "SLOW"
        print(f"usable window / floor = {ratio:.2f} (target < 1.5): {verdict}")
        search_ratio = statistics.median(moments["search-ready"]) / shown
        search_verdict = "OK" if search_ratio <= 2.5 else "SLOW"
        print(f"search-ready / floor-shown = {search_ratio:.2f} (target <= 2.5): {search_verdict}")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        return 0 if ratio < 1.5 and search_ratio <= 2.5 else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
