"""Data queries on the hub: a pushed ``share`` request as a source sees it, the answer a source
gives as a change, and the queries still open (answered when a dataset arrives).

A data query that no source answers when it is pushed goes to its provider department like any
verification request and is kept in ``hub_open_query`` until someone answers it (the department,
or a source once a dataset for its item is loaded) or the window withdraws it.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.domain import RequestStatus
from app.hub import feed
from app.hub.datasources import OWNER_PREFIX, DataQuery, SourceAnswer, answer_query
from app.hub.models import HubRecord, OpenQuery
from app.hub.publish import hub_change
from app.sync.wire import (
    AnswerChange,
    AnswerPayload,
    ChangeKind,
    VerificationRequestPayload,
    build_change,
)


def data_query(request_id: str, payload: VerificationRequestPayload) -> DataQuery:
    return DataQuery(
        request_id=request_id,
        item_code=payload.item_code,
        subject_kind=payload.subject_kind,
        subject_id_no=payload.subject_id_no,
        subject_name=payload.subject_name,
        fact=payload.fact,
        provider_code=payload.provider_code,
    )


def owner_of(answer: SourceAnswer) -> str:
    return OWNER_PREFIX + answer.source


def answer_change(request_id: str, answer: SourceAnswer, now: datetime) -> AnswerChange:
    """A source's answer as the request's answer change (record_id = the request's id)."""
    payload = AnswerPayload(
        answer=answer.answer,
        note=answer.note,
        answered_by=answer.answered_by,
        answered_at=now,
        source=answer.source,
        dataset_version=answer.dataset_version,
    )
    change = build_change(payload, record_id=request_id, revision=1, device_time=now)
    assert isinstance(change, AnswerChange)
    return change


def answer_open_queries(session: Session, item_code: str, *, now: datetime, actor: str) -> int:
    """Answer every open data query for ``item_code`` that a source answers now; how many."""
    ids = list(
        session.scalars(
            select(OpenQuery.request_id)
            .where(OpenQuery.item_code == item_code)
            .order_by(OpenQuery.request_id)
        )
    )
    if not ids:
        return 0
    requests = {
        r.record_id: r
        for r in session.scalars(
            select(HubRecord).where(
                HubRecord.kind == ChangeKind.VERIFICATION_REQUEST.value,
                HubRecord.record_id.in_(ids),
            )
        )
    }
    answered = set(
        session.scalars(
            select(HubRecord.record_id).where(
                HubRecord.kind == ChangeKind.ANSWER.value, HubRecord.record_id.in_(ids)
            )
        )
    )
    closed: list[str] = []
    entries: list[tuple[str, str]] = []
    for request_id in ids:
        record = requests.get(request_id)
        if record is None or request_id in answered:
            closed.append(request_id)
            continue
        payload = VerificationRequestPayload.model_validate(json.loads(record.payload))
        if payload.status == RequestStatus.WITHDRAWN:
            closed.append(request_id)
            continue
        got = answer_query(session, data_query(request_id, payload))
        if got is None:
            continue
        hub_change(
            session,
            answer_change(request_id, got, now),
            owner=owner_of(got),
            addressee=record.owner,
            now=now,
            actor=actor,
            action="datasource.answered",
            detail={"source": got.source, "dataset_version": got.dataset_version},
            deferred_feed=entries,
        )
        closed.append(request_id)
    feed.allocate(session, entries)
    session.execute(delete(OpenQuery).where(OpenQuery.request_id.in_(closed)))
    return len(entries)
