"""``python -m app`` is the ``wuzheng`` command."""

from app.cli import main

raise SystemExit(main())
