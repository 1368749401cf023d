"""The working-day calendar: public holidays and make-up working days (调休), and counting.

Deadlines of verification requests are counted in working days. Without a calendar a working
day is Monday to Friday; with one, the public holidays of the State Council's yearly notice are
days off too, and its make-up working days (a Saturday or Sunday worked instead, 调休上班) are
working days. The county edits one file a year and publishes it through the hub
(``wuzheng hub publish-calendar FILE``); every window receives it, signed.

The file (TOML, or JSON with the same keys; examples in ``resources/calendars/``)::

    year = 2026
    source = "国务院办公厅关于2026年部分节假日安排的通知"

    [[holidays]]
    name = "国庆节"
    start = 2026-10-01
    end = 2026-10-07

    [[makeup_workdays]]
    date = 2026-09-20
    holiday = "国庆节"          # optional: the holiday it makes up for

Rules (each broken one is reported in Chinese, all at once): ``year`` 2000–2100; a holiday has
a name, ``start`` not after ``end``, at most 15 days, no overlap with another; a make-up working
day is a Saturday or a Sunday, not inside a holiday, not listed twice, and names a listed
holiday if it names one; every date lies in the year (or within a month of it: the New Year
holiday may begin on 30 December of the year before). Unknown keys are refused (a typo must not
silently drop a holiday).

Public API::

    Holiday, MakeupWorkday, CalendarYear (frozen; CalendarYear.to_dict() / .from_dict())
    CalendarError(UserError)                       # .problems: one Chinese line each
    load_calendar_file(path) -> CalendarYear       # .toml or .json
    parse_calendar_text(text, *, label, fmt) -> CalendarYear
    WorkCalendar(years)                            # years merged; WorkCalendar(): weekends only
    calendar.is_working_day(day) / calendar.covers(day)
    is_working_day(day, calendar=None) -> bool
    add_working_days(start, n, calendar=None) -> date
    working_days_between(start, end, calendar=None) -> int
    next_working_day(day, calendar=None) -> date
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from app.errors import UserError

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_HOLIDAY_DAYS = 15
MAX_NAME = 40
MAX_SOURCE = 300
_MARGIN = timedelta(days=31)
_WEEKDAYS = "一二三四五六日"
_KEYS = frozenset({"year", "source", "holidays", "makeup_workdays"})
_HOLIDAY_KEYS = frozenset({"name", "start", "end"})
_MAKEUP_KEYS = frozenset({"date", "holiday"})


class CalendarError(UserError):
    """A calendar file that cannot be used; ``problems`` has one Chinese line for each fault."""

    def __init__(self, problems: list[str], label: str) -> None:
        self.problems = problems
        super().__init__(
            "\n".join([f"工作日历“{label}”有 {len(problems)} 处问题，未作任何改动：", *problems])
        )


@dataclass(frozen=True)
class Holiday:
    """放假: ``start`` to ``end`` inclusive are days off (weekends inside included)."""

    name: str
    start: date
    end: date

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]


@dataclass(frozen=True)
class MakeupWorkday:
    """调休上班: a Saturday or Sunday that is a working day."""

    date: date
    holiday: str = ""


@dataclass(frozen=True)
class CalendarYear:
    """One year's arrangement, as the county publishes it."""

    year: int
    holidays: tuple[Holiday, ...] = ()
    makeup_workdays: tuple[MakeupWorkday, ...] = ()
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (dates as ``YYYY-MM-DD``): the published form and the wire payload."""
        return {
            "year": self.year,
            "source": self.source,
            "holidays": [
                {"name": h.name, "start": h.start.isoformat(), "end": h.end.isoformat()}
                for h in self.holidays
            ],
            "makeup_workdays": [
                {"date": m.date.isoformat(), "holiday": m.holiday} for m in self.makeup_workdays
            ],
        }

    @classmethod
    def from_dict(cls, data: Any, *, label: str = "日历") -> CalendarYear:
        """Check a parsed file (or a received payload); :class:`CalendarError` lists each fault."""
        return _Checker(label).year(data)


# --------------------------------------------------------------------------- checking


def _as_date(value: Any) -> date | None:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _show(day: date) -> str:
    return f"{day.isoformat()}（周{_WEEKDAYS[day.weekday()]}）"


class _Checker:
    def __init__(self, label: str) -> None:
        self.label = label
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}：{message}" if where else message)

    def text(self, raw: Mapping[str, Any], key: str, where: str, *, required: bool) -> str:
        value: object = raw.get(key, "")
        if not isinstance(value, str):
            self.fail(where, f"「{key}」应为文字")
            return ""
        value = " ".join(str(value).split())
        limit = MAX_SOURCE if key == "source" else MAX_NAME
        if required and not value:
            self.fail(where, f"「{key}」不能为空")
        elif len(value) > limit:
            self.fail(where, f"「{key}」过长（最多 {limit} 个字）")
        return value

    def day(self, raw: Mapping[str, Any], key: str, where: str, window: tuple[date, date]) -> date:
        value = _as_date(raw.get(key))
        if value is None:
            self.fail(where, f"「{key}」应为日期，格式 YYYY-MM-DD")
            return window[0]
        if not window[0] <= value <= window[1]:
            self.fail(
                where, f"日期 {value.isoformat()} 不在 {window[0].year + 1} 年及其前后一个月内"
            )
        return value

    def unknown(self, raw: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
        for key in sorted(set(raw) - allowed):
            self.fail(where, f"不认识的字段「{key}」（可用：{'、'.join(sorted(allowed))}）")

    def year(self, data: Any) -> CalendarYear:
        if not isinstance(data, Mapping):
            raise CalendarError(["文件内容应为一个表（键值对）"], self.label)
        self.unknown(data, _KEYS, "")
        year = data.get("year")
        if type(year) is not int or not MIN_YEAR <= year <= MAX_YEAR:
            raise CalendarError(
                [*self.problems, f"「year」应为 {MIN_YEAR}—{MAX_YEAR} 之间的年份"], self.label
            )
        window = (date(year, 1, 1) - _MARGIN, date(year, 12, 31) + _MARGIN)
        source = self.text(data, "source", "", required=False)
        holidays = self._holidays(data.get("holidays", []), window)
        makeups = self._makeups(data.get("makeup_workdays", []), window, holidays)
        if self.problems:
            raise CalendarError(self.problems, self.label)
        return CalendarYear(year, tuple(holidays), tuple(makeups), source)

    def _list(self, value: Any, key: str) -> list[Mapping[str, Any]]:
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            self.fail("", f"「{key}」应为一组表（TOML 中写作 [[{key}]]）")
            return []
        return value

    def _holidays(self, value: Any, window: tuple[date, date]) -> list[Holiday]:
        holidays: list[Holiday] = []
        for n, raw in enumerate(self._list(value, "holidays"), start=1):
            name = raw.get("name") if isinstance(raw.get("name"), str) else ""
            where = f"第 {n} 个假期" + (f"「{name}」" if name else "")
            self.unknown(raw, _HOLIDAY_KEYS, where)
            name = self.text(raw, "name", where, required=True)
            start = self.day(raw, "start", where, window)
            end = self.day(raw, "end", where, window)
            if end < start:
                self.fail(where, f"结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}")
                continue
            if (end - start).days + 1 > MAX_HOLIDAY_DAYS:
                self.fail(where, f"连续放假超过 {MAX_HOLIDAY_DAYS} 天，请核对日期")
                continue
            for other in holidays:
                if start <= other.end and other.start <= end:
                    self.fail(where, f"与假期「{other.name}」的日期重叠")
            holidays.append(Holiday(name, start, end))
        return sorted(holidays, key=lambda h: h.start)

    def _makeups(
        self, value: Any, window: tuple[date, date], holidays: list[Holiday]
    ) -> list[MakeupWorkday]:
        names = {h.name for h in holidays}
        seen: set[date] = set()
        makeups: list[MakeupWorkday] = []
        for n, raw in enumerate(self._list(value, "makeup_workdays"), start=1):
            where = f"第 {n} 个调休上班日"
            self.unknown(raw, _MAKEUP_KEYS, where)
            day = self.day(raw, "date", where, window)
            holiday = self.text(raw, "holiday", where, required=False)
            if day.weekday() < 5:
                self.fail(where, f"{_show(day)} 本来就是工作日，调休上班日应为周六或周日")
            if day in seen:
                self.fail(where, f"{day.isoformat()} 重复列出")
            for h in holidays:
                if h.start <= day <= h.end:
                    self.fail(where, f"{day.isoformat()} 在假期「{h.name}」之内，不能同时是上班日")
            if holiday and holiday not in names:
                self.fail(where, f"假期「{holiday}」不在本文件的假期中")
            seen.add(day)
            makeups.append(MakeupWorkday(day, holiday))
        return sorted(makeups, key=lambda m: m.date)


# --------------------------------------------------------------------------- files


def parse_calendar_text(text: str, *, label: str, fmt: str = "toml") -> CalendarYear:
    """A calendar from the text of a file (``fmt`` ``toml`` or ``json``)."""
    try:
        data = tomllib.loads(text) if fmt == "toml" else json.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CalendarError([f"不是有效的 TOML 文件：{exc}"], label) from None
    except json.JSONDecodeError as exc:
        raise CalendarError(
            [f"不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列附近有语法错误"], label
        ) from None
    return CalendarYear.from_dict(data, label=label)


def load_calendar_file(path: Path) -> CalendarYear:
    """Read and check a calendar file (.toml or .json, UTF-8)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise UserError(f"{path.name}：工作日历文件应为 .toml 或 .json。")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"找不到文件“{path}”。") from None
    except IsADirectoryError:
        raise UserError(f"“{path}”是一个文件夹，请指定工作日历文件。") from None
    except OSError as exc:
        raise UserError(f"无法读取文件“{path}”：{exc.strerror or exc}。") from exc
    except UnicodeDecodeError:
        raise CalendarError(["文件不是 UTF-8 编码的文本"], path.name) from None
    return parse_calendar_text(text, label=path.name, fmt=suffix[1:])


# --------------------------------------------------------------------------- counting


class WorkCalendar:
    """Days off and make-up working days of every year given; other years: weekends only."""

    def __init__(self, years: Iterable[CalendarYear] = ()) -> None:
        off: set[date] = set()
        makeup: set[date] = set()
        covered: set[int] = set()
        for year in years:
            covered.add(year.year)
            for holiday in year.holidays:
                off.update(holiday.days())
            makeup.update(m.date for m in year.makeup_workdays)
        self.days_off = frozenset(off - makeup)  # a designated working day wins
        self.makeup_workdays = frozenset(makeup)
        self.years = frozenset(covered)

    def covers(self, day: date) -> bool:
        """Whether a published calendar holds ``day``'s year (else: weekends only)."""
        return day.year in self.years

    def is_working_day(self, day: date) -> bool:
        if day in self.makeup_workdays:
            return True
        if day in self.days_off:
            return False
        return day.weekday() < 5


WEEKENDS_ONLY = WorkCalendar()


def is_working_day(day: date, calendar: WorkCalendar | None = None) -> bool:
    return (calendar or WEEKENDS_ONLY).is_working_day(day)


def add_working_days(start: date, n: int, calendar: WorkCalendar | None = None) -> date:
    """The date ``n`` working days after ``start`` (``start`` itself is not counted; 0: start)."""
    if n < 0:
        raise ValueError("n must not be negative")
    cal = calendar or WEEKENDS_ONLY
    current = start
    while n > 0:
        current += timedelta(days=1)
        if cal.is_working_day(current):
            n -= 1
    return current


def working_days_between(start: date, end: date, calendar: WorkCalendar | None = None) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    cal = calendar or WEEKENDS_ONLY
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if cal.is_working_day(current):
            count += 1
    return count


def next_working_day(day: date, calendar: WorkCalendar | None = None) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    cal = calendar or WEEKENDS_ONLY
    while not cal.is_working_day(day):
        day += timedelta(days=1)
    return day
