"""``python -m app`` is the ``wuzheng`` command line (the core alone: it never opens the window;
``python -m ui`` is the whole ``wuzheng`` command, window included)."""

from app.cli import main

raise SystemExit(main())
