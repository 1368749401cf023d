"""The ``wuzheng`` command as installed: the window with no command, the command line otherwise.

Each case runs the real entry point in a fresh process (offscreen); the window quits as soon
as its database is open ($WUZHENG_STARTUP_PROBE=ready, as the start-up benchmark uses it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], tmp_path: Path, probe: str = "ready") -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        WUZHENG_STARTUP_PROBE=probe,
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # the window's settings stay in the test
    )
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )


def test_installed_commands_point_at_the_launcher() -> None:
    scripts = {e.name: e.value for e in entry_points(group="console_scripts")}
    gui_scripts = {e.name: e.value for e in entry_points(group="gui_scripts")}
    assert scripts["wuzheng"] == "ui.launch:main"
    assert gui_scripts["wuzheng-gui"] == "ui.launch:main"  # Windows: no console window
    launcher = (ROOT / "build_spec" / "launcher.py").read_text(encoding="utf-8")
    assert "from ui.launch import main" in launcher  # the frozen program is the same command


@pytest.mark.parametrize(
    "args",
    [
        ["--data-dir", "{home}"],
        ["--data-dir={home}"],
        ["--data-dir", "{other}", "--data-dir", "{home}"],  # no command: still the window
    ],
)
def test_no_command_opens_the_window_on_the_data_directory(tmp_path: Path, args: list[str]) -> None:
    home, other = tmp_path / "home", tmp_path / "other"
    argv = [a.format(home=home, other=other) for a in args]
    done = run(["-m", "ui", *argv], tmp_path)
    assert done.returncode == 0, done.stderr
    # the window opened its database (and imported the sample catalog) in the chosen folder
    assert (home / "wuzheng.sqlite3").is_file()
    assert not (other / "wuzheng.sqlite3").exists()


def test_a_command_runs_the_command_line_without_qt(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from ui.launch import main\n"
        f"status = main(['--data-dir', {str(tmp_path / 'home')!r}, 'catalog', 'stats'])\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was loaded'\n"
        "raise SystemExit(status)\n"
    )
    done = run(["-c", code], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "事项" in done.stdout


def test_the_core_alone_refuses_to_open_a_window(tmp_path: Path) -> None:
    done = run(["-m", "app", "--data-dir", str(tmp_path / "home")], tmp_path)
    assert done.returncode == 2
    assert "请指定要执行的命令" in done.stderr and "用法：wuzheng" in done.stderr
    assert not (tmp_path / "home").exists()
