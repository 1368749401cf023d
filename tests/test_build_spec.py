"""What the build takes from the source tree: the Windows version resource made from the
package version, and the icon (checked here on every platform; the Windows build itself reads
them, see docs/install.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PIL import Image

from app import __version__

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build_spec"))

from version_file import (  # noqa: E402
    check_version_text,
    version_numbers,
    version_text,
    write_version_file,
)


def test_the_version_resource_carries_the_package_version(tmp_path: Path) -> None:
    path = write_version_file(__version__, tmp_path)
    text = path.read_text(encoding="utf-8")
    check_version_text(text, __version__)
    assert f"StringStruct('FileVersion', '{__version__}')" in text
    assert "StringStruct('ProductName', '无证明办事')" in text
    assert "StringStruct('OriginalFilename', 'wuzheng.exe')" in text


@pytest.mark.parametrize(
    ("version", "numbers"),
    [("0.1.0", (0, 1, 0, 0)), ("2.10", (2, 10, 0, 0)), ("1.2.3.4", (1, 2, 3, 4)),
     ("0.2.0rc1", (0, 2, 0, 0)), ("1.0.dev3", (1, 0, 0, 0))],
)  # fmt: skip
def test_version_numbers(version: str, numbers: tuple[int, int, int, int]) -> None:
    assert version_numbers(version) == numbers
    check_version_text(version_text(version), version)


def test_a_version_windows_cannot_hold_is_refused() -> None:
    for bad in ("v1", "", "70000.0"):
        with pytest.raises(ValueError):
            version_numbers(bad)
    with pytest.raises(ValueError):
        check_version_text(version_text("0.1.0"), "0.2.0")


def test_the_icon_has_every_windows_size_and_a_window_icon() -> None:
    with Image.open(ROOT / "resources" / "icons" / "wuzheng.ico") as ico:
        sizes = ico.info["sizes"]
    assert {(16, 16), (24, 24), (32, 32), (48, 48), (256, 256)} <= set(sizes)
    with Image.open(ROOT / "resources" / "icons" / "wuzheng.png") as png:
        assert png.size == (256, 256) and png.mode == "RGBA"
