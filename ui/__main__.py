"""``python -m ui`` is the ``wuzheng`` command (see :mod:`ui.launch`)."""

from ui.launch import main

raise SystemExit(main())
