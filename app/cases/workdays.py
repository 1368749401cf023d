"""Working days for verification deadlines, counted with the working-day calendar.

    work_calendar(session) -> WorkCalendar      # the years the hub published (app.sync pull)
    add_working_days(start, days, calendar=None) -> date
    working_days_until(today, deadline, calendar=None) -> int

With the calendar the county hub publishes (public holidays are days off, make-up working days
调休 are working days; :mod:`app.calendar`), a deadline is what the rule demands; for a day no
stored year covers, and without any calendar, Saturdays and Sundays only are skipped (the
deadline is then never earlier than the rule demands, only sometimes later).
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import calendar as workcal
from app.calendar import CalendarYear, WorkCalendar
from app.storage.models import CalendarYearRow

DEFAULT_DEADLINE_DAYS = 3


def work_calendar(session: Session) -> WorkCalendar:
    """The working-day calendar of every stored year (none stored: weekends only)."""
    years = [
        CalendarYear.from_dict(json.loads(document), label=f"{year} 年")
        for year, document in session.execute(
            select(CalendarYearRow.year, CalendarYearRow.document).order_by(CalendarYearRow.year)
        )
    ]
    return WorkCalendar(years)


def add_working_days(start: date, days: int, calendar: WorkCalendar | None = None) -> date:
    """The date ``days`` working days after ``start``; ``start`` itself is not counted."""
    return workcal.add_working_days(start, max(days, 0), calendar)


def working_days_until(today: date, deadline: date, calendar: WorkCalendar | None = None) -> int:
    """Working days from ``today`` to ``deadline``: 0 on the day itself, negative once past
    (how many working days late)."""
    if deadline >= today:
        return workcal.working_days_between(today, deadline, calendar)
    count = 0
    current = today
    while current > deadline:
        current -= timedelta(days=1)
        if workcal.is_working_day(current, calendar):
            count -= 1
    return count
