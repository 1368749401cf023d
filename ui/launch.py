"""The ``wuzheng`` command: the workstation window with no arguments, the command line otherwise.

This module sits above both packages: it chooses between the GUI (:mod:`ui.application`) and
the scriptable command line (:mod:`app.cli`, which never imports Qt), so the core never reaches
up into the GUI. It is what ``[project.scripts]``, ``[project.gui-scripts]``, ``python -m ui``
and the frozen program's launcher (``build_spec/launcher.py``) run.

    wuzheng                      # the window, on the default data directory
    wuzheng --data-dir DIR       # the window, on DIR
    wuzheng catalog search gzzf  # the command line (``wuzheng --help``)

``wuzheng-gui`` (``[project.gui-scripts]``) is the same command installed without a console
window on Windows, for the desktop shortcut.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def gui_requested(args: Sequence[str]) -> tuple[bool, str | None]:
    """(True, data dir) when the arguments ask for the window alone (none, or only --data-dir).

    Then the command line's modules, which load the whole database stack, are not imported:
    the window shows first and opens the database on a worker thread.
    """
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--data-dir":
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--data-dir="):
        return True, args[0].split("=", 1)[1]
    return False, None


def open_window(data_dir_override: str | None) -> int:
    """Open the workstation window on the data directory (``--data-dir``, else the default).

    Every log record of the process is masked (no ID or phone), and the log folder is made
    private before the GUI opens its log file there.
    """
    import contextlib

    from app.logs import install_masking, prepare_log_folder
    from app.paths import data_dir
    from ui.application import run

    directory = data_dir(data_dir_override)
    install_masking()
    # an unusable data directory is reported when the GUI opens the database
    with contextlib.suppress(OSError):
        prepare_log_folder(directory)
    return run(directory)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``wuzheng`` command; returns its exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    gui, directory = gui_requested(args)
    if gui:
        return open_window(directory)
    from app.cli import main as command_line

    # Options that name no command (``--data-dir A --data-dir B``) open the window as well.
    return command_line(args, open_window=open_window)


if __name__ == "__main__":
    raise SystemExit(main())
