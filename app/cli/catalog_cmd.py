"""`wuzheng catalog …` subcommands."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("catalog")
    parser.set_defaults(handler=None)
