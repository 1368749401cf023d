"""Entry point of the frozen application: the same ``wuzheng`` command as the installed one."""

from app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
