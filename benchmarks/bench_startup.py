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
Settings go to a temporary $XDG_CONFIG_HOME, never to the user's.

Usage: ``python benchmarks/bench_startup.py [-n 7]``. The target is window / floor < 1.5.
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
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1180, 760)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, env=env, cwd=ROOT, capture_output=True, timeout=120)
    return time.perf_counter() - start


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
    app = [python, "-m", "ui", "--data-dir"]
    try:
        existing = str(work / "existing")
        timed([*app, existing], ready_env)  # a data directory that has been opened once
        results: dict[str, list[float]] = {"floor": [], "window": [], "ready": [], "first": []}
        for run in range(args.n):
            results["floor"].append(timed([python, "-c", FLOOR], env))
            results["window"].append(timed([*app, existing], window_env))
            results["ready"].append(timed([*app, existing], ready_env))
            results["first"].append(timed([*app, str(work / f"fresh{run}")], ready_env))
        medians = {name: statistics.median(times) for name, times in results.items()}
        floor = medians["floor"]
        print(f"start-up, median of {args.n} runs (offscreen, wall time of a fresh process)")
        for name, value in medians.items():
            print(f"  {name:<7} {value * 1000:7.0f} ms   {value / floor:5.2f} × floor")
        ratio = medians["window"] / floor
        verdict = "OK" if ratio < 1.5 else "SLOW"
        print(f"usable window / floor = {ratio:.2f} (target < 1.5): {verdict}")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        return 0 if ratio < 1.5 else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
