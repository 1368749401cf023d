"""Structured logs: one JSON object per line on stderr, each request with its request id.

Never a payload and never a resident ID: a request's log line holds its id, method, path,
status, duration and the device's address, nothing the device sent.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

LOGGER = "wuzheng.hub"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,
            "msg": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure(level: str = "info") -> None:
    """JSON lines on stderr for the hub's logger and uvicorn's own (idempotent)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    for name in (LOGGER, "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level.upper())
        logger.propagate = False
    logging.getLogger("uvicorn.access").disabled = True  # our request lines replace it


def get() -> logging.Logger:
    return logging.getLogger(LOGGER)
