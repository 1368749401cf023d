"""Working days for verification deadlines (Saturdays and Sundays are skipped).

Public holidays and the swapped working weekends of the Chinese calendar are not known here;
the deadline is therefore never earlier than the rule demands, only sometimes later.
"""

from __future__ import annotations

from datetime import date, timedelta

DEFAULT_DEADLINE_DAYS = 3


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (Mon-Fri); ``start`` itself is not counted."""
    current = start
    remaining = max(days, 0)
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def working_days_until(today: date, deadline: date) -> int:
    """Working days from ``today`` to ``deadline``: 0 on the day itself, negative once past
    (how many working days late)."""
    step = 1 if deadline >= today else -1
    count = 0
    current = today
    while current != deadline:
        current += timedelta(days=step)
        if current.weekday() < 5:
            count += step
    return count
