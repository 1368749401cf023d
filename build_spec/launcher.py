"""Entry point of the frozen application: the same ``wuzheng`` command as the installed one,
plus ``wuzheng [--data-dir DIR] --self-check`` (build_spec/bundle_check.py) to check an
installed copy; its report also goes to the data directory's logs folder."""

import multiprocessing
import sys

from ui.launch import main

if __name__ == "__main__":
    # batch printing spawns worker processes; a frozen executable must route them here first
    multiprocessing.freeze_support()
    arguments = sys.argv[1:]
    if arguments == ["--self-check"] or (  # wuzheng [--data-dir DIR] --self-check
        len(arguments) == 3 and arguments[0] == "--data-dir" and arguments[2] == "--self-check"
    ):
        from bundle_check import main as self_check

        raise SystemExit(self_check(arguments))
    raise SystemExit(main())
