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
