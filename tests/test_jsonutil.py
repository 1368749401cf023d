"""One encoder turns enums, dates and views into JSON for the CLI and the outbox."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from app.domain import Level, Measure, RequestStatus
from app.jsonutil import json_value, to_dict


@dataclass(frozen=True)
class _Inner:
    status: RequestStatus
    due: date


@dataclass(frozen=True)
class _View:
    measure: Measure
    at: datetime
    inner: tuple[_Inner, ...]
    extra: dict[str, object]


def test_enums_and_dates_become_plain_json_at_any_depth() -> None:
    view = _View(
        measure=Measure.PLEDGE,
        at=datetime(2026, 3, 6, 9, 30),
        inner=(_Inner(RequestStatus.OVERDUE, date(2026, 3, 9)),),
        extra={"levels": [Level.COUNTY], "none": None, "n": 3},
    )
    data = to_dict(view)
    assert data == {
        "measure": "pledge",
        "at": "2026-03-06T09:30:00",
        "inner": [{"status": "overdue", "due": "2026-03-09"}],
        "extra": {"levels": ["county"], "none": None, "n": 3},
    }
    assert json.loads(json.dumps(data)) == data
    assert json_value((Measure.SHARE, date(2026, 1, 2))) == ["share", "2026-01-02"]
