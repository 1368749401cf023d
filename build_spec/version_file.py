"""The Windows version resource of wuzheng.exe, made from the package version at build time.

``version_text(version)`` is a PyInstaller version file (the text its ``EXE(version=...)``
reads: a ``VSVersionInfo(...)`` expression); ``write_version_file(version, folder)`` writes it
into the build's work folder. Plain text, so it is made and checked on every platform, although
only the Windows build embeds it (Explorer's Properties → Details: 文件版本, 产品名称, 版权).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

COMPANY = "无证明办事项目"
PRODUCT = "无证明办事"
DESCRIPTION = "无证明办事 · 窗口端"
COPYRIGHT = "无证明办事项目"


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """``0.1.0`` → (0, 1, 0, 0); a suffix (``0.2.0rc1``, ``1.0.dev3``) is left out."""
    match = re.match(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?", version)
    if match is None:
        raise ValueError(f"not a version: {version!r}")
    parts = [int(p) if p else 0 for p in match.groups()]
    if any(p > 65535 for p in parts):
        raise ValueError(f"a Windows version part is at most 65535: {version!r}")
    return parts[0], parts[1], parts[2], parts[3]


def version_text(version: str) -> str:
    numbers = version_numbers(version)
    strings = {
        "CompanyName": COMPANY,
        "FileDescription": DESCRIPTION,
        "FileVersion": version,
        "InternalName": "wuzheng",
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": "wuzheng.exe",
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }
    entries = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    # 0x0804: Chinese (PRC); 1200: Unicode
    return f"""# -*- coding: utf-8 -*-
# made by build_spec/version_file.py from the package version: do not edit
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers!r},
    prodvers={numbers!r},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '080404b0',
        [
{entries}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
"""


def write_version_file(version: str, folder: Path) -> Path:
    """Write the version file into ``folder`` and check it: on Windows as PyInstaller will
    read it (its ``versioninfo`` module exists only there), elsewhere as Python syntax whose
    numbers and strings are the version's."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "wuzheng-version.txt"
    text = version_text(version)
    path.write_text(text, encoding="utf-8")
    try:
        from PyInstaller.utils.win32.versioninfo import load_version_info_from_text_file
    except ImportError:  # not on Windows
        check_version_text(text, version)
        return path
    info = load_version_info_from_text_file(str(path))
    info.toRaw()  # the bytes of the resource: fails on a malformed structure
    return path


def check_version_text(text: str, version: str) -> None:
    """Raise ValueError unless ``text`` is one ``VSVersionInfo(...)`` expression carrying
    ``version`` (its four numbers, and the string in FileVersion and ProductVersion)."""
    tree = ast.parse(text, mode="eval")
    call = tree.body
    if not (isinstance(call, ast.Call) and getattr(call.func, "id", "") == "VSVersionInfo"):
        raise ValueError("the version file is not a VSVersionInfo(...) expression")
    numbers = version_numbers(version)
    tuples = [
        ast.literal_eval(k.value)
        for k in ast.walk(tree)
        if isinstance(k, ast.keyword) and k.arg in ("filevers", "prodvers")
    ]
    strings = {
        ast.literal_eval(c.args[0]): ast.literal_eval(c.args[1])
        for c in ast.walk(tree)
        if isinstance(c, ast.Call) and getattr(c.func, "id", "") == "StringStruct"
    }
    if tuples != [numbers, numbers]:
        raise ValueError(f"file and product versions {tuples} are not {numbers}")
    if strings.get("FileVersion") != version or strings.get("ProductVersion") != version:
        raise ValueError(f"the version strings are not {version}")
