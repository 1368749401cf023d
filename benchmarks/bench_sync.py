"""Sync benchmark (hub side): pushing requests, concurrent windows, pulling answers.

    .venv/bin/python benchmarks/bench_sync.py [--requests N] [--clients N]
    bash scripts/postgres.sh .venv/bin/python benchmarks/bench_sync.py  # + the PostgreSQL one

Every figure is measured against real processes on loopback (``wuzheng hub serve``) and printed
beside its floor, measured in the same run: the same HTTP requests (same bodies, same client,
same number of workers) sent to a bare ASGI app on uvicorn that reads the body and answers
``{}``: what HTTP and JSON alone cost on this machine.

1. 10,000 verification requests (and their 2,000 cases) pushed end to end in batches of 500
   by one window to a one-worker hub on SQLite (target: under 10 s).
2. 20 windows pushing at once, batches of 100, to a two-worker hub on PostgreSQL
   (requests per second; target: at least 1,000). Needs $WUZHENG_TEST_PG_URL (a server URL;
   scripts/postgres.sh starts a throwaway one); skipped with a note otherwise.
3. A department answers all 10,000 requests (pushed in batches of 500), then the window
   pulls the 10,000 answers in pages of 1,000, parsed into wire models.

The wire objects are built before the clock starts: the window-side apply is not measured here;
benchmarks/bench_sync_window.py (run at the end) measures it, from a real window database.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from app.hub import admin  # noqa: E402
from app.hub.store import HubStore  # noqa: E402
from app.ids import new_id, utcnow  # noqa: E402
from app.signing import SigningKey  # noqa: E402
from app.sync.client import HubClient  # noqa: E402
from app.sync.wire import (  # noqa: E402
    AnswerPayload,
    AnyChange,
    CasePayload,
    DeviceKind,
    VerificationRequestPayload,
    build_change,
    is_broadcast,
)

REQUESTS_PER_CASE = 5
KEY_DIR = Path(tempfile.mkdtemp(prefix="wuzheng-bench-keys-"))  # the hubs' signing keys
DEPARTMENT = "D-HUKOU"


async def bare_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The floor: read the whole body, answer a small JSON document (or a sized one)."""
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    size = int(os.environ.get("BARE_REPLY_BYTES", "2"))
    body = b"{}" if size <= 2 else b'{"pad":"' + b"x" * (size - 10) + b'"}'
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})


# --------------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            httpx.get(url, timeout=2)
            time.sleep(0.5 if "healthz" not in url else 0)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def serve(command: list[str], probe: str, env: dict[str, str] | None = None) -> Iterator[None]:
    log = tempfile.NamedTemporaryFile(prefix="bench-sync-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
    )
    try:
        wait_ready(probe, process)
        time.sleep(1.0)  # let every worker finish starting
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        Path(log.name).unlink(missing_ok=True)


@contextmanager
def hub(url: str, workers: int) -> Iterator[str]:
    port = free_port()
    command = [
        sys.executable, "-m", "app", "hub", "serve", "--db", url,
        "--port", str(port), "--workers", str(workers),
        "--signing-key", str(KEY_DIR / f"{hashlib.sha256(url.encode()).hexdigest()[:16]}.key"),
    ]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    with serve(command, f"{base}/healthz"):
        yield base


@contextmanager
def bare(workers: int, reply_bytes: int = 2) -> Iterator[str]:
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", "bench_sync:bare_app", "--app-dir", "benchmarks",
        "--port", str(port), "--workers", str(workers), "--no-access-log",
        "--log-level", "warning",
    ]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    with serve(command, f"{base}/", env={"BARE_REPLY_BYTES": str(reply_bytes)}):
        yield base


@contextmanager
def postgres_database() -> Iterator[str | None]:
    server = os.environ.get("WUZHENG_TEST_PG_URL")
    if not server:
        yield None
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


# --------------------------------------------------------------------------- wire objects


def window_changes(window: str, requests: int) -> list[AnyChange]:
    """Cases and their requests in outbox order (each case before its requests)."""
    changes: list[AnyChange] = []
    for n in range(0, requests, REQUESTS_PER_CASE):
        number = f"{window}-20261201-{n // REQUESTS_PER_CASE:05d}"
        case = build_change(
            CasePayload(
                number=number,
                window_code=window,
                matter_code="M0001",
                applicant_kind="person",
                status="open",
                created_at=utcnow(),
            ),
            record_id=new_id(),
            revision=1,
            clerk="李娜",
            case_number=number,
        )
        changes.append(case)
        for i in range(min(REQUESTS_PER_CASE, requests - n)):
            changes.append(
                build_change(
                    VerificationRequestPayload(
                        case_id=case.record_id,
                        item_code=f"C{i:04d}",
                        kind="verify",
                        subject_kind="person",
                        subject_name="王秀英",
                        subject_id_no="11010519491231002X",
                        fact="户籍登记信息是否属实",
                        provider_code=DEPARTMENT,
                        window_code=window,
                        deadline=date(2026, 12, 10),
                        status="sent",
                        created_at=utcnow(),
                    ),
                    record_id=new_id(),
                    revision=1,
                    clerk="李娜",
                    case_number=number,
                )
            )
    return changes


def chunks(changes: list[AnyChange], size: int) -> list[list[AnyChange]]:
    return [changes[i : i + size] for i in range(0, len(changes), size)]


def bodies(batches: list[list[AnyChange]]) -> list[str]:
    return ['{"changes":[' + ",".join(c.model_dump_json() for c in b) + "]}" for b in batches]


def enrol(store: HubStore, base: str, kind: DeviceKind, code: str) -> str:
    one_time = admin.new_enrolment(store, kind, code, code)
    with HubClient(base) as client:
        return client.enrol(one_time, f"bench {code}", SigningKey.generate().public_key).token


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def post_loop(base: str, path: str, payloads: list[str]) -> float:
    with httpx.Client(base_url=base, timeout=120) as client:
        started = time.perf_counter()
        for body in payloads:
            client.post(path, content=body, headers={"Content-Type": "application/json"})
        return time.perf_counter() - started


def row(label: str, value: float, unit: str, floor: float, target: str) -> None:
    ratio = value / floor if floor else float("nan")
    print(f"| {label} | {value:,.2f} {unit} | {floor:,.2f} {unit} | {ratio:.1f}× | {target} |")


# --------------------------------------------------------------------------- figures


def figure_push_and_pull(requests: int, folder: Path) -> None:
    url = f"sqlite:///{folder / 'bench-hub.sqlite'}"
    store = HubStore.open(url)
    changes = window_changes("HF01", requests)
    push_batches = chunks(changes, 500)
    with hub(url, workers=1) as base:
        w_token = enrol(store, base, DeviceKind.WINDOW, "HF01")
        d_token = enrol(store, base, DeviceKind.DEPARTMENT, DEPARTMENT)
        with HubClient(base, w_token, timeout=300) as window:
            seconds, acks = timed(lambda: [window.push(b) for b in push_batches])
        assert all(r.acknowledged for a in acks for r in a.results)
        answers = [
            build_change(
                AnswerPayload(answer="confirmed", answered_by="赵核验", answered_at=utcnow()),
                record_id=c.record_id,
                revision=1,
            )
            for c in changes
            if c.kind == "verification_request"
        ]
        with HubClient(base, d_token, timeout=300) as department:
            answer_seconds, _ = timed(lambda: [department.push(b) for b in chunks(answers, 500)])

        def pull_everything() -> int:
            pulled, cursor = 0, None
            with HubClient(base, w_token, timeout=300) as client:
                while True:
                    page = client.pull(cursor, limit=1000)
                    pulled += sum(1 for c in page.changes if not is_broadcast(c))
                    cursor = page.cursor
                    if not page.more:
                        return pulled

        pull_seconds, pulled = timed(pull_everything)
        assert pulled == len(answers), (pulled, len(answers))
        auth = {"Authorization": f"Bearer {w_token}"}
        page = httpx.get(f"{base}/v1/changes", params={"limit": 1000}, headers=auth)
        page_bytes = len(page.content)
    store.dispose()
    with bare(workers=1) as floor_base:
        push_floor = post_loop(floor_base, "/v1/push", bodies(push_batches))
        answer_floor = post_loop(floor_base, "/v1/push", bodies(chunks(answers, 500)))
    with (
        bare(workers=1, reply_bytes=page_bytes) as floor_base,
        httpx.Client(base_url=floor_base, timeout=120) as client,
    ):
        pages = -(-len(answers) // 1000)
        started = time.perf_counter()
        for _ in range(pages):
            json.loads(client.get("/v1/changes").content)
        pull_floor = time.perf_counter() - started

    print(f"\n{requests:,} requests ({len(changes):,} changes with their cases), SQLite, 1 worker")
    print("| figure | value | floor (bare HTTP, same bodies) | ratio | target |")
    print("|---|---:|---:|---:|---|")
    row(f"push {requests:,} requests, batches of 500", seconds, "s", push_floor, "< 10 s")
    row(f"push {len(answers):,} answers, batches of 500", answer_seconds, "s", answer_floor, "")
    row(f"pull {pulled:,} answers, pages of 1,000", pull_seconds, "s", pull_floor, "")
    print(
        f"push: {requests / seconds:,.0f} requests/s; pull: {pulled / pull_seconds:,.0f} answers/s"
    )


def figure_concurrent(url: str, clients: int, per_client: int, batch: int) -> None:
    store = HubStore.open(url)
    windows = [f"W{i:02d}" for i in range(clients)]
    with hub(url, workers=2) as base:
        tokens = {w: enrol(store, base, DeviceKind.WINDOW, w) for w in windows}
        work = {w: chunks(window_changes(w, per_client), batch) for w in windows}
        requests = sum(per_client for _ in windows)
        errors: list[BaseException] = []

        def pusher(window: str) -> None:
            try:
                with HubClient(base, tokens[window], timeout=300) as client:
                    for b in work[window]:
                        assert all(r.acknowledged for r in client.push(b).results)
            except BaseException as exc:
                errors.append(exc)

        seconds = run_threads([threading.Thread(target=pusher, args=(w,)) for w in windows])
        if errors:
            raise errors[0]
        held = admin.counts(store)["requests"]
        assert held == requests, (held, requests)
    store.dispose()
    with bare(workers=2) as floor_base:
        payloads = {w: bodies(work[w]) for w in windows}
        floor = run_threads(
            [
                threading.Thread(target=post_loop, args=(floor_base, "/v1/push", payloads[w]))
                for w in windows
            ]
        )
    print(f"\n{clients} windows at once, {per_client:,} requests each, batches of {batch}, "
          "PostgreSQL, 2 workers")  # fmt: skip
    print("| figure | value | floor (bare HTTP, same bodies) | ratio | target |")
    print("|---|---:|---:|---:|---|")
    row(f"{requests:,} requests pushed", seconds, "s", floor, "")
    rate, floor_rate = requests / seconds, requests / floor
    print(f"| requests per second | {rate:,.0f} /s | {floor_rate:,.0f} /s | "
          f"{floor_rate / rate:.1f}× | ≥ 1,000 /s |")  # fmt: skip


def run_threads(threads: list[threading.Thread]) -> float:
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--per-client", type=int, default=1_000)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.2f}")
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as folder:
        figure_push_and_pull(args.requests, Path(folder))
    from bench_sync_window import figure_window  # the window's side, a real window database

    with tempfile.TemporaryDirectory(prefix="bench-sync-window-") as folder:
        figure_window(args.requests, Path(folder))
    with postgres_database() as url:
        if url is None:
            print("\nPostgreSQL figure skipped: $WUZHENG_TEST_PG_URL is not set "
                  "(run under bash scripts/postgres.sh).")  # fmt: skip
        else:
            figure_concurrent(url, args.clients, args.per_client, args.batch)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
