"""Helpers for the hub's tests: a real hub process on loopback, databases, wire objects."""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.hub import admin, keys
from app.hub.store import HubStore
from app.ids import new_id, utcnow
from app.signing import SigningKey
from app.sync.client import HubClient
from app.sync.wire import (
    AnswerPayload,
    AnyChange,
    AnyFeedChange,
    CasePayload,
    DeviceKind,
    EnrolResponse,
    VerificationRequestPayload,
    build_change,
    is_broadcast,
)

ROOT = Path(__file__).resolve().parents[2]
ENV_PG = "WUZHENG_TEST_PG_URL"  # a server URL (its maintenance database), set by scripts/test.sh
ENV_REQUIRE_PG = "WUZHENG_TEST_PG_REQUIRED"  # "1" under CI: the PostgreSQL run may not skip
SUBJECT_ID = "11010519491231002X"
_KEY_FILES: dict[str, Path] = {}  # database URL -> the hub's signing key file


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pg_server_url() -> str:
    url = os.environ.get(ENV_PG, "")
    if url:
        return url
    reason = (
        f"PostgreSQL not available: ${ENV_PG} is not set "
        "(scripts/test.sh starts a throwaway cluster when it runs as root)"
    )
    if os.environ.get(ENV_REQUIRE_PG) == "1":
        pytest.fail(reason + f", but ${ENV_REQUIRE_PG}=1: the PostgreSQL run may not be skipped")
    pytest.skip(reason)


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """A new, empty hub database URL on ``backend`` (sqlite or postgresql), dropped after."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'hub-{uuid.uuid4().hex[:8]}.sqlite'}"
        return
    server = pg_server_url()
    name = f"hubtest_{uuid.uuid4().hex[:12]}"
    maintenance = create_engine(server, isolation_level="AUTOCOMMIT")
    with maintenance.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with maintenance.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        maintenance.dispose()


@dataclass
class Hub:
    """A running hub process and an in-process store on the same database (for admin work
    and for looking at what the hub holds)."""

    url: str
    base_url: str
    store: HubStore
    process: subprocess.Popen[bytes]
    log: Path
    key_file: Path

    @property
    def key(self) -> SigningKey:
        """The hub's signing key (the file the hub made at its first start)."""
        return keys.load_key(self.store, self.key_file)

    @property
    def key_args(self) -> tuple[str, str]:
        """The CLI options naming this hub's signing key file."""
        return ("--signing-key", str(self.key_file))

    def enrol(self, kind: DeviceKind, code: str, name: str = "") -> str:
        """Enrol a device (with a new key pair of its own) through the HTTP API; its token."""
        return self.enrol_device(kind, code, name)[0]

    def enrol_device(
        self, kind: DeviceKind, code: str, name: str = ""
    ) -> tuple[str, SigningKey, EnrolResponse]:
        """Enrol a device through the HTTP API: (token, the device's key, the answer)."""
        one_time = admin.new_enrolment(self.store, kind, code, name or code)
        device_key = SigningKey.generate()
        with HubClient(self.base_url) as client:
            answer = client.enrol(one_time, f"{kind} {code}", device_key.public_key)
        return answer.token, device_key, answer

    def client(self, token: str | None = None) -> HubClient:
        return HubClient(self.base_url, token, timeout=60)

    def counts(self) -> dict[str, int]:
        return admin.counts(self.store)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def running_hub(
    url: str, folder: Path, *, workers: int = 1, tls: tuple[Path, Path] | None = None
) -> Iterator[Hub]:
    """``wuzheng hub serve`` in a child process on a free loopback port, until the block ends."""
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    key_file = _KEY_FILES.setdefault(url, folder / keys.KEY_FILE)  # one key per database
    log = folder / f"hub-{port}.log"
    command = [
        sys.executable, "-m", "app", "--data-dir", str(folder), "hub", "serve",
        "--db", url, "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--signing-key", str(key_file),
    ]  # fmt: skip
    if tls is not None:
        command += ["--tls-cert", str(tls[0]), "--tls-key", str(tls[1])]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT)
    base_url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    store: HubStore | None = None
    try:
        trust = ssl.create_default_context(cafile=str(tls[0])) if tls else True
        _wait_ready(base_url, process, log, workers, verify=trust)
        store = HubStore.open(url, migrate=False)
        yield Hub(url, base_url, store, process, log, key_file)
    finally:
        if store is not None:
            store.dispose()
        stop(process)


def _wait_ready(
    base_url: str,
    process: subprocess.Popen[bytes],
    log: Path,
    workers: int,
    verify: bool | ssl.SSLContext = True,
) -> None:
    deadline = time.monotonic() + 90
    ready = 0
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the hub exited ({process.returncode}):\n{log.read_text()}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2, verify=verify).status_code == 200:
                ready += 1
                # with several workers, give the others a moment to come up too
                if ready >= (1 if workers == 1 else 3):
                    return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the hub did not become ready:\n{log.read_text()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --------------------------------------------------------------------------- wire objects


def window_code() -> str:
    return f"W{uuid.uuid4().hex[:8].upper()}"


def dept_code() -> str:
    return f"D{uuid.uuid4().hex[:8].upper()}"


def case_change(window: str, *, revision: int = 1, status: str = "open", **kw: str) -> AnyChange:
    record_id = kw.get("record_id") or new_id()
    number = kw.get("number") or f"{window}-20261201-{uuid.uuid4().hex[:4]}"
    payload = CasePayload(
        number=number,
        window_code=kw.get("window_code", window),
        matter_code="M0001",
        applicant_kind="person",
        status=status,
        created_at=utcnow(),
    )
    return build_change(
        payload, record_id=record_id, revision=revision, clerk="李娜", case_number=number
    )


def item_code() -> str:
    return f"C{uuid.uuid4().hex[:8].upper()}"


def resident_id(sequence: int, born: str = "19800101") -> str:
    """A valid resident ID (region 110105, check digit computed)."""
    from stdnum.cn import ric

    body = f"110105{born}{sequence % 1000:03d}"
    return body + str(ric.calc_check_digit(body + "0"))


def request_change(
    case: AnyChange,
    provider: str,
    *,
    revision: int = 1,
    status: str = "sent",
    record_id: str | None = None,
    fact: str = "户籍登记信息是否属实",
    item: str = "C0003",
    kind: str = "verify",
    subject_id: str = SUBJECT_ID,
    subject_name: str = "王秀英",
) -> AnyChange:
    assert isinstance(case.payload, CasePayload)
    payload = VerificationRequestPayload(
        case_id=case.record_id,
        item_code=item,
        kind=kind,
        subject_kind="person",
        subject_name=subject_name,
        subject_id_no=subject_id,
        fact=fact,
        provider_code=provider,
        window_code=case.payload.window_code,
        deadline=date(2026, 12, 10),
        status=status,
        created_at=utcnow(),
    )
    return build_change(
        payload,
        record_id=record_id or new_id(),
        revision=revision,
        clerk="李娜",
        case_number=case.case_number,
    )


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``wuzheng ARGV`` in this process: (exit code, stdout, stderr)."""
    from app.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def answer_change(
    request_id: uuid.UUID | str, answer: str = "confirmed", note: str = ""
) -> AnyChange:
    payload = AnswerPayload(answer=answer, note=note, answered_by="赵核验", answered_at=utcnow())
    return build_change(payload, record_id=request_id, revision=1, clerk="赵核验")


def own(changes: Sequence[AnyFeedChange]) -> list[AnyChange]:
    """The device changes among ``changes`` (without the hub's broadcasts to every device)."""
    return [c for c in changes if not is_broadcast(c)]  # type: ignore[misc]


def pull_all(
    client: HubClient, cursor: str | None = None, limit: int = 500
) -> tuple[list[AnyChange], str | None]:
    """Every device change after ``cursor``, page by page; (changes, final cursor)."""
    changes, cursor = pull_feed(client, cursor, limit)
    return own(changes), cursor


def pull_feed(
    client: HubClient, cursor: str | None = None, limit: int = 500
) -> tuple[list[AnyFeedChange], str | None]:
    """Every change after ``cursor``, broadcasts included; (changes, final cursor)."""
    changes: list[AnyFeedChange] = []
    while True:
        page = client.pull(cursor, limit=limit)
        changes.extend(page.changes)
        cursor = page.cursor
        if not page.more:
            return changes, cursor
