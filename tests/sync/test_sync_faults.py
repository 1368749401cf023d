"""Nothing lost, nothing doubled: the hub or the client killed, responses lost, a batch sent
three times, the hub down for a day. Counts are checked on both sides afterwards: every
request exactly once on the hub, every answer exactly once at the window, both audit chains
intact. Each runs against a real hub process on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

from proxy import Proxy
from synckit import (
    Device,
    HubProcess,
    assert_answers_once,
    assert_requests_once,
    device_env,
    take_in,
)

from app.sync.client import HubClient, batches
from app.sync.credentials import load_token
from app.sync.identity import enrolment
from app.sync.outbox import as_change
from app.sync.wire import DeviceKind, Outcome

REQUESTS = 1000  # of the busy window (tests/sync/conftest.py)


def _connect(device: Device, url: str, hub: HubProcess, kind: DeviceKind, code: str) -> None:
    device.ok("connect", url, hub.code(kind, code))


# the departments' device keys, broadcast when they enrol in _answer_everything: the window's
# next pull applies them before their answers
DEPT_KEYS = 2


def _answer_everything(hub: HubProcess, tmp_path: Path, keyring_file: Path) -> int:
    """Both departments pull their requests and answer every one; answers pushed."""
    answered = 0
    for code in ("D-GA", "D-MZ"):
        dept = Device(tmp_path / f"dept-{code}", device_env(keyring_file))
        _connect(dept, hub.base_url, hub, DeviceKind.DEPARTMENT, code)
        dept.ok("sync")
        with dept.database() as db:
            from app.sync.inbox import InboxService

            inbox = InboxService(db, answerer=f"{code} 核验员")
            for item in inbox.list():
                inbox.answer(item.id, "confirmed")
                answered += 1
        assert dept.ok("sync", "--json").json()["pending"] == 0
        assert dept.audit_ok()
    return answered


def _answered(window: Device) -> int:
    from sqlalchemy import func, select

    from app.storage.models import VerificationRequest

    with window.database() as db, db.reading() as session:
        query = select(func.count()).where(VerificationRequest.answer.is_not(None))
        return int(session.scalar(query) or 0)


def _kill_when(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)


def test_the_hub_killed_in_the_middle_of_a_push_of_1000_requests(
    hub: HubProcess, loaded_window: Device, tmp_path: Path, keyring_file: Path
) -> None:
    window = loaded_window
    with Proxy(hub.port) as proxy:
        _connect(window, proxy.url, hub, DeviceKind.WINDOW, "HF01")
        total = window.outbox()
        proxy.on_request = lambda n: hub.kill() if n == 3 else None  # the third batch
        cut = window.sync()
        assert cut.code == 3 and 0 < cut.json()["pending"] < total
        assert 0 < window.outbox() < total
        proxy.on_request = None
        hub.start()  # SQLite recovers its WAL, PostgreSQL rolled the open transaction back
        done = window.sync()
        assert done.code == 0 and done.json()["pending"] == 0
    requests = assert_requests_once(hub, window)
    assert len(requests) == REQUESTS
    assert _answer_everything(hub, tmp_path, keyring_file) == REQUESTS
    assert window.ok("sync", "--json").json()["applied"] == REQUESTS + DEPT_KEYS
    assert_answers_once(window, requests)
    assert window.audit_ok() and hub.audit_ok()


def test_the_client_killed_in_the_middle_of_a_sync_push_and_pull(
    hub: HubProcess, loaded_window: Device, tmp_path: Path, keyring_file: Path
) -> None:
    window = loaded_window
    with Proxy(hub.port) as proxy:
        _connect(window, proxy.url, hub, DeviceKind.WINDOW, "HF01")
        total = window.outbox()
        # killed while the hub works on the third batch, then right after the third answer
        # reached it (its local transaction may or may not have committed)
        for moment in ("request", "response"):
            victim: list[subprocess.Popen[str]] = []

            def hook(n: int, victim: list[subprocess.Popen[str]] = victim) -> None:
                if n == 3:
                    _kill_when(victim[0])

            proxy.requests = proxy.responses = 0
            proxy.on_request, proxy.on_response = (
                (hook, None) if moment == "request" else (None, hook)
            )
            running = window.start("sync")
            victim.append(running)
            running.communicate(timeout=600)
            assert running.returncode == -signal.SIGKILL
            proxy.on_request = proxy.on_response = None
            assert 0 < window.outbox() < total
        assert window.ok("sync", "--json").json()["pending"] == 0
        requests = assert_requests_once(hub, window)
        assert _answer_everything(hub, tmp_path, keyring_file) == REQUESTS
        # now the pull (1,000 answers, two pages; nothing to push): killed as the first page
        # arrives, before or while it is applied
        proxy.requests = proxy.responses = 0
        puller: list[subprocess.Popen[str]] = []
        proxy.on_response = lambda n: _kill_when(puller[0]) if n == 1 else None
        running = window.start("sync")
        puller.append(running)
        running.communicate(timeout=600)
        assert running.returncode == -signal.SIGKILL
        proxy.on_response = None
        before = _answered(window)
        # a page (the two keys, 498 answers) is applied with its cursor, or not at all
        assert before in (0, 500 - DEPT_KEYS)
        finished = window.ok("sync", "--json").json()
        assert finished["applied"] == REQUESTS - before + (0 if before else DEPT_KEYS)
    assert_answers_once(window, requests)
    assert window.audit_ok() and hub.audit_ok()


def test_every_response_lost_after_the_hub_committed(
    hub: HubProcess, loaded_window: Device, tmp_path: Path, keyring_file: Path
) -> None:
    window = loaded_window
    with Proxy(hub.port) as proxy:
        _connect(window, proxy.url, hub, DeviceKind.WINDOW, "HF01")
        total = window.outbox()
        proxy.drop_responses = True
        for _ in range(3):
            lost = window.sync()
            assert lost.code == 3 and lost.json()["pending"] == total  # nothing acknowledged
        assert proxy.dropped == 3
        assert window.outbox() == total
        assert hub.changes("case") > 0  # yet the hub stored the first batch (once)
        proxy.drop_responses = False
        assert window.ok("sync", "--json").json()["pending"] == 0
        requests = assert_requests_once(hub, window)
        assert _answer_everything(hub, tmp_path, keyring_file) == REQUESTS
        proxy.drop_responses = True  # the answers' pages are lost too
        for _ in range(2):
            assert window.sync().code == 3
        proxy.drop_responses = False
        assert window.ok("sync", "--json").json()["applied"] == REQUESTS + DEPT_KEYS
    assert_answers_once(window, requests)
    assert window.audit_ok() and hub.audit_ok()


def test_the_same_batch_sent_three_times(hub: HubProcess, loaded_window: Device) -> None:
    window = loaded_window
    _connect(window, hub.base_url, hub, DeviceKind.WINDOW, "HF01")
    with window.database() as db:
        current = enrolment(db)
        assert current is not None
        with db.reading() as session:
            from sqlalchemy import select

            from app.storage.models import OutboxEntry

            entries = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
            first = next(batches([as_change(e) for e in entries]))
    with HubClient(hub.base_url, load_token(current.key)) as client:
        outcomes = [{r.outcome for r in client.push(first).results} for _ in range(3)]
    assert outcomes == [{Outcome.STORED}, {Outcome.DUPLICATE}, {Outcome.DUPLICATE}]
    assert hub.changes("case") + hub.changes("resolution") + hub.changes(
        "verification_request"
    ) == len(first)
    assert window.ok("sync", "--json").json()["pending"] == 0
    assert len(assert_requests_once(hub, window)) == REQUESTS
    assert window.audit_ok() and hub.audit_ok()


def test_the_hub_down_for_a_whole_day_of_work_at_a_window(
    hub: HubProcess, window: Device, tmp_path: Path, keyring_file: Path
) -> None:
    """8,000 records queued while the hub is down (1,000 cases, 2,000 requests), then synced."""
    _connect(window, hub.base_url, hub, DeviceKind.WINDOW, "HF01")
    hub.stop()
    with window.database() as db:
        take_in(db, 1000)
    assert window.outbox() == 8000
    for _ in range(3):  # the clerk's sync button, through the day
        down = window.sync()
        assert down.code == 3 and down.json()["pending"] == 8000
    hub.start()
    synced = window.sync().json()
    assert (synced["pushed"], synced["pending"], synced["conflicts"]) == (8000, 0, 0)
    requests = assert_requests_once(hub, window)
    assert len(requests) == 2000 and len(hub.records("case")) == 1000
    assert _answer_everything(hub, tmp_path, keyring_file) == 2000
    assert window.ok("sync", "--json").json()["applied"] == 2000 + DEPT_KEYS
    assert_answers_once(window, requests)
    assert window.audit_ok() and hub.audit_ok()
