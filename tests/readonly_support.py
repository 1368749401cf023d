"""A file nobody may write, even root: for the tests of a read-only database (CLI and GUI)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def read_only(path: Path) -> Iterator[str]:
    """The file cannot be written by anyone: chmod for a normal user; for root (CI) the
    immutable attribute, which root obeys too (yields which). Skips the test where neither
    works."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield "chmod"
        finally:
            path.chmod(0o600)
        return
    if shutil.which("chattr") is None:
        pytest.skip("root without chattr cannot make a file read-only")
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("the file system does not support the immutable attribute")
    try:
        yield "chattr"
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
