"""The working-day calendar and the freshness limits, published by the hub (signed broadcasts).

    publish_calendar(store, key, path, *, actor) -> (CalendarYear, published: bool)
    set_freshness(store, key, warn_after_days, mark_guides_after_days, *, actor) -> bool
    bootstrap(store, key) -> None     # at the hub's start: publish the default limits once

One ``calendar`` record per year (a fixed record id): publishing the year again is its next
revision, which replaces the earlier one on every device. One ``freshness`` record per hub.
Publishing exactly what is already published changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.calendar import CalendarYear, load_calendar_file
from app.errors import UserError
from app.hub import publish
from app.hub.models import HubRecord
from app.hub.store import HubStore
from app.ids import utcnow
from app.signing import SigningKey
from app.sync.wire import CalendarPayload, ChangeKind, FreshnessPayload


def calendar_record(session: Session, year: int) -> str:
    return publish.fixed_record_id(session, f"calendar/{year}")


def publish_calendar(
    store: HubStore, key: SigningKey, path: Path, *, actor: str = "operator"
) -> tuple[CalendarYear, bool]:
    """Check a calendar file and broadcast its year (False: already published as it is)."""
    year = load_calendar_file(Path(path))
    payload = CalendarPayload.of(year)

    def work(session: Session) -> bool:
        record_id = calendar_record(session, year.year)
        current = session.scalar(
            select(HubRecord.payload).where(
                HubRecord.kind == ChangeKind.CALENDAR.value, HubRecord.record_id == record_id
            )
        )
        if current is not None and CalendarPayload.model_validate(json.loads(current)) == payload:
            return False
        publish.broadcast(
            session,
            key,
            payload,
            record_id=record_id,
            now=utcnow(),
            actor=actor,
            detail={"year": year.year, "holidays": len(year.holidays)},
        )
        return True

    return year, store.write(work)


def set_freshness(
    store: HubStore,
    key: SigningKey,
    warn_after_days: int,
    mark_guides_after_days: int,
    *,
    actor: str = "operator",
) -> bool:
    """Publish new freshness limits (False: they are the ones published already)."""
    if not 1 <= warn_after_days <= 365:
        raise UserError("提醒天数应在 1—365 之间。")
    if not warn_after_days <= mark_guides_after_days <= 3650:
        raise UserError("标注指南的天数应不少于提醒天数，且不超过 3650。")
    limits = FreshnessPayload(
        warn_after_days=warn_after_days, mark_guides_after_days=mark_guides_after_days
    )
    return store.write(
        lambda session: (
            publish.publish_freshness(session, key, limits, now=utcnow(), actor=actor) is not None
        )
    )


def bootstrap(store: HubStore, key: SigningKey) -> None:
    """Publish the default freshness limits if this hub never published any."""

    def work(session: Session) -> None:
        if publish.freshness(session) is None:
            publish.publish_freshness(session, key, FreshnessPayload(), now=utcnow(), actor="hub")

    store.write(work)
