"""Helpers for the sync tests: a real hub process that can be killed and restarted on its
port, devices (a window, a department) each with its own data directory driven through the
real ``wuzheng`` command, and the checks that every record arrived exactly once.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from hubkit import free_port
from sqlalchemy import select, text

from app.audit import verify
from app.cases import CaseService, validate_applicant
from app.hub import admin
from app.hub.keys import key_path, load_key
from app.hub.store import HubStore
from app.signing import SigningKey
from app.storage.db import Database
from app.storage.models import AuditEntry, OutboxEntry, VerificationRequest
from app.sync.wire import DeviceKind

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PERSON_ID = "11010519491231002X"


def device_env(keyring_file: Path) -> dict[str, str]:
    """The environment of a device process: the test keyring, shared by every process."""
    path = os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH", "")]))
    return {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "testkeyring.FileKeyring",
        "WUZHENG_TEST_KEYRING": str(keyring_file),
        "PYTHONPATH": path,
        "WUZHENG_CLERK": "李娜",
    }


class HubProcess:
    """``wuzheng hub serve`` on one loopback port: started, SIGKILLed, started again."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url = url
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.store: HubStore | None = None
        folder.mkdir(parents=True, exist_ok=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = (self.folder / f"hub-{self.port}.log").open("ab")
        command = [
            sys.executable, "-m", "app", "--data-dir", str(self.folder), "hub", "serve",
            "--db", self.url, "--host", "127.0.0.1", "--port", str(self.port),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub exited:\n{self.log()}")
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"the hub did not start:\n{self.log()}")
        if self.store is None:
            self.store = HubStore.open(self.url, migrate=False)

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, as a power cut would."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return "\n".join(p.read_text("utf-8", "replace") for p in self.folder.glob("hub-*.log"))

    def code(self, kind: DeviceKind, code: str) -> str:
        assert self.store is not None
        return admin.new_enrolment(self.store, kind, code, f"{code} 测试")

    def signer(self) -> SigningKey:
        """The hub's signing key (made at its first start in its data directory)."""
        assert self.store is not None
        return load_key(self.store, key_path(None, self.folder))

    def admin(self, *argv: str) -> subprocess.CompletedProcess[str]:
        """``wuzheng hub ARGV… --db URL`` on this hub's data directory (its signing key file)."""
        command = [
            sys.executable, "-m", "app", "--data-dir", str(self.folder), "hub", *argv,
            "--db", self.url,
        ]  # fmt: skip
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)

    def records(self, kind: str) -> list[str]:
        """Record ids the hub holds of one kind (a record is held once: its newest state)."""
        assert self.store is not None
        with self.store.read() as session:
            rows = session.execute(
                text("SELECT record_id FROM hub_record WHERE kind = :kind"), {"kind": kind}
            )
            return [str(r[0]) for r in rows]

    def changes(self, kind: str) -> int:
        assert self.store is not None
        with self.store.read() as session:
            return int(
                session.execute(
                    text("SELECT count(*) FROM sync_change WHERE kind = :kind"), {"kind": kind}
                ).scalar_one()
            )

    def audit_ok(self) -> bool:
        assert self.store is not None
        return admin.verify_audit(self.store) is None

    def close(self) -> None:
        self.stop()
        if self.store is not None:
            self.store.dispose()


@contextmanager
def hub_process(url: str, folder: Path) -> Iterator[HubProcess]:
    hub = HubProcess(url, folder)
    hub.start()
    try:
        yield hub
    finally:
        hub.close()


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@dataclass
class Device:
    """A data directory driven through the real ``wuzheng`` command in its own processes."""

    home: Path
    env: dict[str, str]

    def command(self, *argv: str) -> list[str]:
        return [sys.executable, "-m", "app", "--data-dir", str(self.home), *argv]

    def run(self, *argv: str, timeout: float = 900) -> Run:
        done = subprocess.run(
            self.command(*argv),
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return Run(done.returncode, done.stdout, done.stderr)

    def ok(self, *argv: str) -> Run:
        result = self.run(*argv)
        assert result.code == 0, (argv, result.out, result.err)
        return result

    def start(self, *argv: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.command(*argv),
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def sync(self) -> Run:
        return self.run("sync", "--json")

    @contextmanager
    def database(self) -> Iterator[Database]:
        db = Database.open(self.home)
        try:
            yield db
        finally:
            db.engine.dispose()

    def outbox(self) -> int:
        with self.database() as db, db.reading() as session:
            return len(session.scalars(select(OutboxEntry.seq)).all())

    def audit_ok(self) -> bool:
        with self.database() as db:
            return verify(db).ok


def take_in(db: Database, cases: int, *, matter: str = "M2") -> list[str]:
    """``cases`` cases at a window, each with a verification request (C2, to D-GA) and a data
    query (C3, to D-MZ) on matter M2 of tests/cases_catalog.py; the request ids."""
    service = CaseService(db, clerk="李娜")
    applicant = validate_applicant("person", "王秀英", PERSON_ID, "13812345678")
    ids: list[str] = []
    for _ in range(cases):
        case = service.new_case(applicant, matter_code=matter)
        for item, measure in (("C2", "verify"), ("C3", "share")):
            view = service.resolve(case.id, item, measure)
            ids.append(view.resolution(item).request_id or "")
    return ids


def copy_home(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def assert_requests_once(hub: HubProcess, window: Device) -> set[str]:
    """Every request of the window is on the hub exactly once; nothing waits to be pushed."""
    with window.database() as db, db.reading() as session:
        ids = set(session.scalars(select(VerificationRequest.id)))
        statuses = set(session.scalars(select(VerificationRequest.status)))
        waiting = session.scalars(select(OutboxEntry)).all()
    assert not waiting, f"{len(waiting)} changes still wait at the window"
    held = hub.records("verification_request")
    assert len(held) == len(set(held)) == len(ids)
    assert set(held) == ids
    assert statuses <= {"sent", "answered"}
    return ids


def assert_answers_once(window: Device, requests: set[str]) -> None:
    """Every request is answered at the window, each answer applied exactly once."""
    with window.database() as db, db.reading() as session:
        rows = session.execute(select(VerificationRequest.id, VerificationRequest.answer)).all()
        applied = [
            e.entity_id
            for e in session.scalars(
                select(AuditEntry).where(AuditEntry.action == "request.answer")
            )
            if str(e.detail.get("from", "")).startswith("department:")
        ]
    assert {r for r, answer in rows if answer is not None} == requests
    assert sorted(applied) == sorted(requests)  # one application per request, no doubles
