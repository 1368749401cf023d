"""Entry point of the frozen application: the same ``wuzheng`` command as the installed one,
plus ``wuzheng --self-check`` (build_spec/bundle_check.py) to check an installed copy."""

import multiprocessing
import sys

from ui.launch import main

if __name__ == "__main__":
    # batch printing spawns worker processes; a frozen executable must route them here first
    multiprocessing.freeze_support()
    if sys.argv[1:] == ["--self-check"]:
        from bundle_check import main as self_check

        raise SystemExit(self_check())
    raise SystemExit(main())
