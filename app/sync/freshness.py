"""How current this window's catalog is: its version, its age and the days since the last
successful sync, against the limits the county hub set (default 7 and 30 days).

    freshness(db, now=None) -> Freshness

Levels: ``standalone`` (never connected: no limits apply), ``ok``, ``warn`` (more than
``warn_after_days`` without a successful sync: the status bar warns) and ``stale`` (more than
``mark_guides_after_days``: intake still works, but every printed guide carries a line that the
catalog may be out of date, :mod:`app.printing.guide`). A connected window that never synced
counts from its enrolment. No network: the status bar and the CLI read it cheaply.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from app.ids import utcnow
from app.storage.db import Database
from app.storage.models import CatalogMeta
from app.sync.hubdata import CATALOG_VERSION, freshness_limits
from app.sync.identity import get_state, load_enrolment

LAST_SUCCESS = "sync.last_success"  # kept by app.sync.service

STALE_GUIDE_LINE = (
    "提示：本窗口已超过 {days} 天未与县级中心同步，所依据的目录（{version}）可能已过时，"
    "请以最新公布的清单为准。"
)


class Level(enum.StrEnum):
    STANDALONE = "standalone"
    OK = "ok"
    WARN = "warn"
    STALE = "stale"


@dataclass(frozen=True)
class Freshness:
    catalog_version: str  # the installed catalog's own version text ("" before any catalog)
    catalog_published: date | None  # the date the catalog says it was published
    catalog_age_days: int | None  # days since then
    hub_version: int | None  # the hub's number of the installed version (None: not from a hub)
    last_sync: datetime | None  # the last successful sync, UTC naive (None: never)
    days_since_sync: int | None  # None for a standalone window
    warn_after_days: int
    mark_guides_after_days: int
    level: Level

    @property
    def warns(self) -> bool:
        return self.level in (Level.WARN, Level.STALE)

    @property
    def marks_guides(self) -> bool:
        """Printed guides carry the out-of-date line (past the second limit)."""
        return self.level == Level.STALE

    def guide_line(self) -> str:
        return STALE_GUIDE_LINE.format(
            days=self.days_since_sync, version=self.catalog_version or "未知版本"
        )

    def summary(self) -> str:
        """One line for the command line and the status bar's tooltip."""
        version = self.catalog_version or "未安装"
        age = f"，发布 {self.catalog_age_days} 天" if self.catalog_age_days is not None else ""
        text = f"目录 {version}{age}"
        if self.level == Level.STANDALONE:
            return text + "（单机使用，未连接县级中心）"
        if self.last_sync is None:
            text += f"；连接后尚未成功同步（{self.days_since_sync} 天）"
        else:
            text += f"；距上次成功同步 {self.days_since_sync} 天"
        if self.level == Level.WARN:
            text += f"，已超过 {self.warn_after_days} 天，请尽快同步"
        elif self.level == Level.STALE:
            text += f"，已超过 {self.mark_guides_after_days} 天：目录可能已过时，打印的指南将注明"
        return text

    def to_dict(self) -> dict[str, object]:
        return {
            "catalog_version": self.catalog_version,
            "catalog_published": (
                self.catalog_published.isoformat() if self.catalog_published else None
            ),
            "catalog_age_days": self.catalog_age_days,
            "hub_version": self.hub_version,
            "last_sync": self.last_sync.isoformat() if self.last_sync else None,
            "days_since_sync": self.days_since_sync,
            "warn_after_days": self.warn_after_days,
            "mark_guides_after_days": self.mark_guides_after_days,
            "level": self.level.value,
        }


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def freshness(db: Database, now: datetime | None = None) -> Freshness:
    """Where this window's catalog stands (see the module docstring); ``now`` UTC naive."""
    moment = now or utcnow()
    with db.reading() as session:
        meta = dict(
            session.execute(
                select(CatalogMeta.key, CatalogMeta.value).where(
                    CatalogMeta.key.in_(("version", "published_at"))
                )
            ).all()
        )
        enrolment = load_enrolment(session)
        success = get_state(session, LAST_SUCCESS)
        hub_version = get_state(session, CATALOG_VERSION)
        warn, mark = freshness_limits(session)
    published = _date(meta.get("published_at"))
    age = (moment.date() - published).days if published else None
    last = datetime.fromisoformat(success) if success else None
    if enrolment is None:
        days, level = None, Level.STANDALONE
    else:
        since = last or enrolment.enrolled_at
        days = max((moment - since).days, 0)
        level = Level.STALE if days > mark else Level.WARN if days > warn else Level.OK
    return Freshness(
        catalog_version=meta.get("version", ""),
        catalog_published=published,
        catalog_age_days=max(age, 0) if age is not None else None,
        hub_version=int(hub_version) if hub_version else None,
        last_sync=last,
        days_since_sync=days,
        warn_after_days=warn,
        mark_guides_after_days=mark,
        level=level,
    )
