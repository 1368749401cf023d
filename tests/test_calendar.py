"""The working-day calendar (app/calendar.py) and the shipped 2026/2027 files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.calendar import (
    CalendarError,
    CalendarYear,
    WorkCalendar,
    add_working_days,
    is_working_day,
    load_calendar_file,
    next_working_day,
    parse_calendar_text,
    working_days_between,
)

CALENDARS = Path(__file__).resolve().parents[1] / "resources" / "calendars"


def test_a_deadline_across_national_day_2026() -> None:
    calendar = WorkCalendar([load_calendar_file(CALENDARS / "2026.toml")])
    asked = date(2026, 9, 30)  # Wednesday, the last working day before the holiday
    # weekends only: Thu 1, Fri 2, Mon 5 October; with the calendar 1-7 October are off and
    # Saturday 10 October is a make-up working day: Thu 8, Fri 9, Sat 10
    assert add_working_days(asked, 3) == date(2026, 10, 5)
    assert add_working_days(asked, 3, calendar) == date(2026, 10, 10)
    assert working_days_between(asked, date(2026, 10, 10), calendar) == 3
    assert is_working_day(date(2026, 9, 20), calendar)  # a Sunday worked (调休)
    assert not is_working_day(date(2026, 10, 5), calendar)  # a Monday off
    assert next_working_day(date(2026, 10, 1), calendar) == date(2026, 10, 8)
    assert calendar.covers(asked) and not calendar.covers(date(2028, 1, 3))
    assert add_working_days(date(2028, 1, 7), 1, calendar) == date(2028, 1, 10)  # weekends only


def test_the_shipped_years_and_spring_festival_2026() -> None:
    y2026 = load_calendar_file(CALENDARS / "2026.toml")
    y2027 = load_calendar_file(CALENDARS / "2027.toml")
    assert [h.name for h in y2026.holidays][:2] == ["元旦", "春节"]
    assert len(y2026.makeup_workdays) == 6 and y2027.year == 2027
    calendar = WorkCalendar([y2026, y2027])
    # Friday 13 February 2026 + 2: Sat 14 (worked), then 15-23 off, Tue 24
    assert add_working_days(date(2026, 2, 13), 2, calendar) == date(2026, 2, 24)
    assert CalendarYear.from_dict(y2026.to_dict()) == y2026  # the wire form round-trips


def test_a_bad_file_names_every_fault_in_chinese(tmp_path: Path) -> None:
    text = """
year = 2026
[[holidays]]
name = "国庆节"
start = 2026-10-07
end = 2026-10-01
[[holidays]]
name = "中秋节"
start = 2026-09-25
end = 2026-09-27
[[makeup_workdays]]
date = 2026-09-23
[[makeup_workdays]]
date = 2026-09-26
holiday = "端午节"
[[makeup_workdays]]
dat = 2026-10-10
"""
    with pytest.raises(CalendarError) as error:
        parse_calendar_text(text, label="2026.toml")
    message = str(error.value)
    assert message.startswith("工作日历“2026.toml”有")
    assert "第 1 个假期「国庆节」：结束日期 2026-10-01 早于开始日期 2026-10-07" in message
    assert "2026-09-23（周三） 本来就是工作日" in message
    assert "在假期「中秋节」之内" in message and "假期「端午节」不在本文件的假期中" in message
    assert "不认识的字段「dat」" in message
    broken = tmp_path / "2026.toml"
    broken.write_text("year = = 2026", encoding="utf-8")
    with pytest.raises(CalendarError, match="不是有效的 TOML 文件"):
        load_calendar_file(broken)
    with pytest.raises(CalendarError, match="year"):
        parse_calendar_text('{"year": 1999}', label="x.json", fmt="json")
