"""Sync benchmark, the window's side: a real window database pushing and pulling end to end.

    .venv/bin/python benchmarks/bench_sync_window.py [--requests N]
    (also run by benchmarks/bench_sync.py)

1. A window database holding 10,000 verification requests (2,000 cases of 5 requests, with
   their resolutions) connects to a one-worker hub on SQLite (the outbox is rebuilt: one
   change per record) and ``SyncService.sync()`` pushes all of it: read from the outbox in
   seq order, built into wire changes, sent in batches of 500, each batch's acknowledgement
   applied (entries deleted, requests marked sent) in one local transaction. Target: < 10 s.
2. A department answers all 10,000; ``SyncService.sync()`` at the window pulls them (pages of
   500) and applies each page with its cursor in one transaction (request answered, case
   touched, audited).

Floors, measured in the same run: the same request bodies POSTed in a bare loop to a bare ASGI
app on uvicorn (push), and the same number of GETs answered with a page of the same size
(pull): what HTTP and JSON alone cost here. The database is built with the ORM (rows as the
case service writes them) to keep the set-up short; the outbox is filled by the app's own code.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import httpx  # noqa: E402
import keyring  # noqa: E402
from bench_sync import bare, enrol, hub, post_loop, row  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app.catalog.exchange import import_catalog_document  # noqa: E402
from app.domain import ApplicantKind, CaseStatus, Measure, RequestStatus  # noqa: E402
from app.hub import admin  # noqa: E402
from app.hub.store import HubStore  # noqa: E402
from app.ids import new_id, utcnow  # noqa: E402
from app.storage.db import Database  # noqa: E402
from app.storage.models import (  # noqa: E402
    Case,
    CertificateItem,
    Matter,
    OutboxEntry,
    Resolution,
    VerificationRequest,
)
from app.sync.client import HubClient, batches  # noqa: E402
from app.sync.connect import connect  # noqa: E402
from app.sync.credentials import load_token  # noqa: E402
from app.sync.outbox import as_change  # noqa: E402
from app.sync.service import SyncService  # noqa: E402
from app.sync.wire import AnswerPayload, DeviceKind, build_change  # noqa: E402

PER_CASE = 5
PROVIDER = "D-HUKOU"


class MemoryKeyring(KeyringBackend):  # type: ignore[misc]
    """The benchmark's keyring: the token and the audit key, in memory."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


def _catalog() -> dict[str, object]:
    items = [f"CB{i}" for i in range(PER_CASE)]
    measure = {"measure": "verify", "detail": "", "provider": PROVIDER, "deadline_days": 3}
    return {
        "format": "wuzheng-catalog",
        "format_version": 1,
        "catalog": {"version": "bench", "published_at": "2026-01-01", "sample": False},
        "departments": [{"code": PROVIDER, "name": "县公安局户政", "level": "county"}],
        "certificate_items": [
            {
                "code": c,
                "name": f"证明{c}",
                "issuer": "派出所",
                "legal_basis": "",
                "measures": [measure],
            }
            for c in items
        ],
        "matters": [
            {
                "code": "MB",
                "name": "基准事项",
                "department": PROVIDER,
                "level": "county",
                "applicant_kind": "person",
                "items": items,
            }
        ],
        "bundles": [],
    }


def window_database(home: Path, requests: int) -> Database:
    """A window that took in ``requests / 5`` cases of 5 verification requests each."""
    db = Database.open(home)
    import_catalog_document(db, _catalog())
    with db.session() as session:
        matter = session.scalar(select(Matter.id).where(Matter.code == "MB"))
        items = list(session.scalars(select(CertificateItem.id).order_by(CertificateItem.code)))
        now = utcnow()
        for n in range(requests // PER_CASE):
            case = Case(
                id=new_id(),
                number=f"W-20261201-{n:05d}",
                matter_id=matter,
                applicant_kind=ApplicantKind.PERSON,
                applicant_name="王秀英",
                applicant_id_no="11010519491231002X",
                clerk="李娜",
                window_code="",
                status=CaseStatus.OPEN,
                created_at=now,
            )
            session.add(case)
            for position, item in enumerate(items):
                request = VerificationRequest(
                    id=new_id(),
                    case_id=case.id,
                    item_id=item,
                    kind=Measure.VERIFY,
                    subject_kind=ApplicantKind.PERSON,
                    subject_name="王秀英",
                    subject_id_no="11010519491231002X",
                    fact="核实王秀英的户籍信息",
                    provider_code=PROVIDER,
                    deadline=date(2026, 12, 4),
                    status=RequestStatus.QUEUED,
                    created_at=now,
                )
                session.add(request)
                session.add(
                    Resolution(
                        id=new_id(),
                        case_id=case.id,
                        item_id=item,
                        position=position,
                        measure=Measure.VERIFY,
                        request_id=request.id,
                        resolved_at=now,
                    )
                )
    return db


def figure_window(requests: int, folder: Path) -> None:
    keyring.set_keyring(MemoryKeyring())
    url = f"sqlite:///{folder / 'bench-window-hub.sqlite'}"
    store = HubStore.open(url)
    db = window_database(folder / "window", requests)
    with hub(url, workers=1) as base:
        connect(db, base, admin.new_enrolment(store, DeviceKind.WINDOW, "HF01", "bench"))
        with db.reading() as session:
            entries = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
            push_bodies = [
                '{"changes":[' + ",".join(c.model_dump_json() for c in b) + "]}"
                for b in batches([as_change(e) for e in entries])
            ]
        service = SyncService(db, timeout=300)
        started = time.perf_counter()
        pushed = service.sync()
        push_seconds = time.perf_counter() - started
        assert pushed.completed and pushed.pending == 0, pushed
        changes = pushed.pushed

        token = enrol(store, base, DeviceKind.DEPARTMENT, PROVIDER)
        with db.reading() as session:
            ids = list(session.scalars(select(VerificationRequest.id)))
        answers = [
            build_change(
                AnswerPayload(answer="confirmed", answered_by="赵核验", answered_at=utcnow()),
                record_id=rid,
                revision=1,
            )
            for rid in ids
        ]
        with HubClient(base, token, timeout=300) as department:
            for b in batches(answers):
                department.push(b)
        started = time.perf_counter()
        pulled = service.sync()
        pull_seconds = time.perf_counter() - started
        # besides the answers: the hub's broadcasts (the department's device key …)
        assert pulled.completed and pulled.applied >= len(ids), pulled
        with db.reading() as session:
            answered = session.scalar(
                select(func.count())
                .select_from(VerificationRequest)
                .where(VerificationRequest.answer.is_not(None))
            )
        assert answered == len(ids), (answered, len(ids))
        current = service.status().enrolment
        assert current is not None
        auth = {"Authorization": f"Bearer {load_token(current.key)}"}
        page = httpx.get(f"{base}/v1/changes", params={"limit": 500}, headers=auth)
        page_bytes = len(page.content)
    store.dispose()
    with bare(workers=1) as floor_base:
        push_floor = post_loop(floor_base, "/v1/push", push_bodies)
    with (
        bare(workers=1, reply_bytes=page_bytes) as floor_base,
        httpx.Client(base_url=floor_base, timeout=120) as client,
    ):
        started = time.perf_counter()
        for _ in range(-(-len(ids) // 500) + 1):  # the pages, and the last, empty look
            client.get("/v1/changes").json()
        pull_floor = time.perf_counter() - started
    print(
        f"\nThe window: {requests:,} requests in a real window database "
        f"({changes:,} changes with their cases and resolutions), SQLite hub, 1 worker"
    )
    print("| figure | value | floor (bare HTTP, same bodies) | ratio | target |")
    print("|---|---:|---:|---:|---|")
    row(f"push {requests:,} queued requests end to end", push_seconds, "s", push_floor, "< 10 s")
    row(f"pull and apply {len(ids):,} answers", pull_seconds, "s", pull_floor, "")
    print(
        f"push: {changes / push_seconds:,.0f} changes/s; "
        f"pull and apply: {len(ids) / pull_seconds:,.0f} answers/s"
    )
    db.engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sync-window-") as folder:
        figure_window(args.requests, Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
