"""Who works at this window: the clerk and the window code, kept in the data directory.

Public API::

    Station(clerk="", window="", backups_kept=0)         # 0: the default (14)
    load_station(directory) -> Station                  # <data dir>/config.json; missing: empty
    save_station(directory, *, clerk=None, window=None, backups_kept=None) -> Station  # 0600
    acting_clerk(directory, option="") -> str           # who a CLI command acts as
    window_code(directory, option="") -> str
    SETTINGS: dict[str, str]                            # setting name -> Chinese label
    setting_name(text) -> str                           # "clerk", "经办人" … -> "clerk"

The GUI keeps its own settings (QSettings) and also writes them here, so that the command line
on the same PC acts as the same clerk. For a command the clerk is, in order: the ``--clerk``
option, the ``WUZHENG_CLERK`` environment variable, the ``clerk`` setting
(``wuzheng config set clerk 李娜``), and finally the operating-system account
(``系统账户 name``), so that reading a case always records somebody.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from app.errors import UserError, os_reason
from app.paths import ensure_private_dir, private_file

CONFIG_FILE = "config.json"
ENV_CLERK = "WUZHENG_CLERK"
ENV_WINDOW = "WUZHENG_WINDOW"
MAX_CLERK = 100
MAX_WINDOW = 32
MAX_BACKUPS_KEPT = 1000

SETTINGS: dict[str, str] = {"clerk": "经办人", "window": "窗口编码", "backups_kept": "保留备份份数"}
_ALIASES = {
    "clerk": "clerk",
    "经办人": "clerk",
    "受理人": "clerk",
    "受理员": "clerk",
    "window": "window",
    "窗口": "window",
    "窗口编码": "window",
    "backups_kept": "backups_kept",
    "备份份数": "backups_kept",
    "保留备份份数": "backups_kept",
}


@dataclass(frozen=True)
class Station:
    clerk: str = ""
    window: str = ""
    backups_kept: int = 0  # how many backups <data dir>/backups keeps; 0: the default


def setting_name(text: str) -> str:
    name = _ALIASES.get(text.strip().lower()) or _ALIASES.get(text.strip())
    if name is None:
        known = "、".join(f"{k}（{v}）" for k, v in SETTINGS.items())
        raise UserError(f"未知的设置“{text}”。可以设置：{known}。")
    return name


def _config_path(directory: Path) -> Path:
    return directory / CONFIG_FILE


def load_station(directory: Path) -> Station:
    """The window's settings; a missing or unreadable file gives empty settings."""
    try:
        data = json.loads(_config_path(directory).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Station()
    if not isinstance(data, dict):
        return Station()
    kept = data.get("backups_kept")
    return Station(
        clerk=str(data.get("clerk") or ""),
        window=str(data.get("window") or ""),
        backups_kept=kept if isinstance(kept, int) and 0 < kept <= MAX_BACKUPS_KEPT else 0,
    )


def _clean(value: str, limit: int, label: str) -> str:
    text = " ".join((value or "").split())
    if len(text) > limit:
        raise UserError(f"{label}过长（最多 {limit} 个字）。")
    return text


def _count(value: str | int) -> int:
    text = str(value).strip()
    if not text:
        return 0
    try:
        number = int(text)
    except ValueError:
        number = -1
    if not 1 <= number <= MAX_BACKUPS_KEPT:
        raise UserError(f"保留备份份数应为 1 到 {MAX_BACKUPS_KEPT} 之间的整数（不是“{text}”）。")
    return number


def _stored(station: Station) -> dict[str, object]:
    data: dict[str, object] = asdict(station)
    if not station.backups_kept:  # the default is not written down
        del data["backups_kept"]
    return data


def save_station(
    directory: Path,
    *,
    clerk: str | None = None,
    window: str | None = None,
    backups_kept: str | int | None = None,
) -> Station:
    """Change the given settings (``""`` clears one); the file is private to the user."""
    station = load_station(directory)
    if backups_kept is not None:
        station = replace(station, backups_kept=_count(backups_kept))
    if clerk is not None:
        station = replace(station, clerk=_clean(clerk, MAX_CLERK, "经办人姓名"))
    if window is not None:
        station = replace(station, window=_clean(window, MAX_WINDOW, "窗口编码"))
    path = _config_path(directory)
    temporary = path.with_name(f".{CONFIG_FILE}.{os.getpid()}.tmp")
    try:
        ensure_private_dir(directory)
        private_file(temporary)
        temporary.write_text(
            json.dumps(_stored(station), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):  # it may never have been made (no folder)
            temporary.unlink(missing_ok=True)
        raise UserError(f"无法保存设置文件 {path}：{os_reason(exc)}。") from exc
    return station


def _os_account() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "未知"


def acting_clerk(directory: Path, option: str = "") -> str:
    """The clerk a command acts as (see the module docstring); never empty."""
    for candidate in (option, os.environ.get(ENV_CLERK, ""), load_station(directory).clerk):
        text = " ".join((candidate or "").split())
        if text:
            return text[:MAX_CLERK]
    return f"系统账户 {_os_account()}"[:MAX_CLERK]


def window_code(directory: Path, option: str = "") -> str:
    """The window code a command uses ("" when none is set)."""
    for candidate in (option, os.environ.get(ENV_WINDOW, ""), load_station(directory).window):
        text = (candidate or "").strip()
        if text:
            return text[:MAX_WINDOW]
    return ""
