"""`wuzheng case …` subcommands."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("case")
    parser.set_defaults(handler=None)
