"""Plain values for JSON: the one place that turns enums, dates and views into JSON-ready data.

json_value(value) -> Any     # enums as their values, dates as ISO strings, containers recursed
to_dict(view) -> Any         # a dataclass view (catalog, case, …) as a JSON-ready dict

Used by the CLI's ``--json`` output and by the outbox payloads of the sync.
"""

from __future__ import annotations

import enum
from dataclasses import asdict
from datetime import date, datetime
from typing import Any


def json_value(value: Any) -> Any:
    """``value`` with every enum replaced by its value and every date by its ISO form."""
    if isinstance(value, dict):
        return {k: json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def to_dict(view: Any) -> Any:
    """A JSON-ready dict of any dataclass view."""
    return json_value(asdict(view))
