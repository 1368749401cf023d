"""Entry point of the frozen application: the same ``wuzheng`` command as the installed one."""

import multiprocessing

from app.cli import main

if __name__ == "__main__":
    # batch printing spawns worker processes; a frozen executable must route them here
    multiprocessing.freeze_support()
    raise SystemExit(main())
