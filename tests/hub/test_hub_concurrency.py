"""The classic trap: with concurrent writers, a change must not commit "behind" a reader.

Two real hub worker processes on one database (PostgreSQL is the case that matters: SQLite
serialises writers anyway), several windows pushing requests to one department while two
department devices keep pulling in small pages and one of them answers as it goes. Every
request must reach each department device exactly once, and every answer its window exactly
once. A design that numbered the feed with a plain sequence would lose changes here: a writer
that took a lower number but committed later would be behind a reader's cursor already.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hubkit import (
    Hub,
    answer_change,
    case_change,
    dept_code,
    fresh_database,
    own,
    pull_all,
    request_change,
    running_hub,
    window_code,
)

from app.hub import admin
from app.sync.client import HubClient
from app.sync.wire import AnyChange, DeviceKind

WINDOWS = 4
BATCHES = 20
PER_BATCH = 8


@pytest.fixture(scope="module")
def two_workers(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    folder: Path = tmp_path_factory.mktemp(f"hub2-{backend}")
    with fresh_database(backend, folder) as url, running_hub(url, folder, workers=2) as hub:
        yield hub


def fresh_connections(hub: Hub, token: str) -> HubClient:
    """A client opening a new connection per request, so requests spread over both workers."""
    transport = httpx.HTTPTransport(limits=httpx.Limits(max_keepalive_connections=0))
    return HubClient(hub.base_url, token, timeout=120, transport=transport)


def test_no_change_is_skipped_under_concurrent_writers(two_workers: Hub) -> None:
    hub = two_workers
    department = dept_code()
    windows = [window_code() for _ in range(WINDOWS)]
    window_tokens = {w: hub.enrol(DeviceKind.WINDOW, w) for w in windows}
    desk_tokens = [hub.enrol(DeviceKind.DEPARTMENT, department) for _ in range(2)]
    sent: dict[str, list[AnyChange]] = {w: [] for w in windows}
    seen: list[Counter[str]] = [Counter(), Counter()]
    answered: list[AnyChange] = []
    errors: list[BaseException] = []
    writing = threading.Event()
    writing.set()

    def window_worker(window: str) -> None:
        try:
            with fresh_connections(hub, window_tokens[window]) as client:
                case = case_change(window)
                for n in range(BATCHES):
                    batch = [request_change(case, department) for _ in range(PER_BATCH)]
                    results = client.push(([case] if n == 0 else []) + batch).results
                    assert all(r.acknowledged for r in results)
                    sent[window].extend(batch)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    def desk_worker(index: int) -> None:
        try:
            with fresh_connections(hub, desk_tokens[index]) as client:
                cursor = None
                while True:
                    still_writing = writing.is_set()
                    page = client.pull(cursor, limit=13)
                    cursor = page.cursor
                    seen[index].update(str(c.record_id) for c in own(page.changes))
                    if index == 0 and own(page.changes):
                        answers = [answer_change(c.record_id) for c in own(page.changes)]
                        assert all(r.acknowledged for r in client.push(answers).results)
                        answered.extend(answers)
                    if not still_writing and not page.more:
                        return  # the writers had finished before this page was read
        except BaseException as exc:
            errors.append(exc)

    desks = [threading.Thread(target=desk_worker, args=(i,)) for i in range(2)]
    writers = [threading.Thread(target=window_worker, args=(w,)) for w in windows]
    for thread in desks + writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=600)
    writing.clear()
    for thread in desks:
        thread.join(timeout=600)
    assert not errors, errors

    requests = {str(c.record_id) for batch in sent.values() for c in batch}
    assert len(requests) == WINDOWS * BATCHES * PER_BATCH
    for counter in seen:
        assert set(counter) == requests  # none skipped …
        assert max(counter.values()) == 1  # … and none repeated
    assert len(answered) == len(requests)
    for window in windows:  # every answer reaches its own window exactly once
        with hub.client(window_tokens[window]) as client:
            answers, _ = pull_all(client, limit=1000)
        assert sorted(str(a.record_id) for a in answers) == sorted(
            str(c.record_id) for c in sent[window]
        )
    assert hub.counts()["answers"] >= len(requests)
    assert admin.verify_audit(hub.store) is None

    lines = [json.loads(x) for x in hub.log_text().splitlines() if x.startswith("{")]
    pids = {x["pid"] for x in lines if x.get("msg") == "request" and x["path"] == "/v1/push"}
    assert len(pids) == 2  # both workers took pushes
