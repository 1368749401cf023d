"""One sync with the county hub, and where syncing stands: the API the GUI and CLI use.

    svc = SyncService(db)                          # client_factory=… to pass a CA bundle
    result = svc.sync(progress=None) -> SyncResult # one full push, then one full pull
    status = svc.status() -> SyncStatus            # for the status bar; cheap, no network

``sync`` blocks (network) and is meant for a worker thread; it never raises for the hub's
failures: an unreachable hub, a revoked token or a hub error end it with
``completed=False`` and a Chinese sentence in ``error`` (what was pushed or pulled before
the failure is kept: every step is its own local transaction). It raises
:class:`~app.errors.UserError` only when this data directory is not connected or its token
is missing from the keyring. ``progress(phase, done, total)`` is called from the same
thread: phase "push" (total known) or "pull" (total -1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.errors import UserError
from app.ids import utcnow
from app.storage.db import Database
from app.sync.client import HubClient, HubError, HubUnreachable
from app.sync.credentials import load_token
from app.sync.identity import Enrolment, get_state, load_enrolment, set_state
from app.sync.outbox import WINDOW_KINDS, pending_count, refused_count
from app.sync.pull import PullTally, pull_feed
from app.sync.push import Progress, PushTally, push_outbox
from app.sync.wire import ChangeKind

LAST_SUCCESS = "sync.last_success"
LAST_ATTEMPT = "sync.last_attempt"
LAST_ERROR = "sync.last_error"

ClientFactory = Callable[..., HubClient]


@dataclass(frozen=True)
class SyncResult:
    """What one sync did. ``pending`` and ``conflicts`` are what waits afterwards."""

    pushed: int  # changes the hub acknowledged (stored, or already held)
    pulled: int  # changes received from the hub
    applied: int  # received changes that changed something here (answers, inbox requests)
    skipped: int  # received changes naming a record this device does not have
    conflicts: int  # changes the hub refused, kept and marked (see requests/inbox lists)
    pending: int  # changes still waiting to be pushed
    completed: bool  # both push and pull ran to the end
    reachable: bool = True  # False: the hub could not be reached (try again later)
    error: str = ""  # a sentence for the clerk when not completed

    def counts(self) -> dict[str, int | bool | str]:
        return {
            "pushed": self.pushed,
            "pulled": self.pulled,
            "applied": self.applied,
            "skipped": self.skipped,
            "conflicts": self.conflicts,
            "pending": self.pending,
            "completed": self.completed,
            "error": self.error,
        }


@dataclass(frozen=True)
class SyncStatus:
    """Where syncing stands, for the status bar (no network involved)."""

    enrolment: Enrolment | None  # None: a standalone window
    last_success: datetime | None  # UTC, naive
    last_attempt: datetime | None
    pending: int
    conflicts: int
    error: str  # the last sync's failure, "" after a success

    @property
    def connected(self) -> bool:
        return self.enrolment is not None


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def pushed_kinds(enrolment: Enrolment) -> frozenset[str]:
    """What this kind of device pushes: a window its records, a department its answers."""
    if enrolment.is_window:
        return WINDOW_KINDS
    if enrolment.is_department:
        return frozenset({ChangeKind.ANSWER.value})
    return frozenset()


class SyncService:
    """Sync one data directory's database with its hub (see the module docstring)."""

    def __init__(
        self, db: Database, *, client_factory: ClientFactory = HubClient, timeout: float = 60.0
    ) -> None:
        self.db = db
        self.client_factory = client_factory
        self.timeout = timeout

    def status(self) -> SyncStatus:
        with self.db.reading() as session:
            enrolment = load_enrolment(session)
            success = _when(get_state(session, LAST_SUCCESS))
            attempt = _when(get_state(session, LAST_ATTEMPT))
            error = get_state(session, LAST_ERROR) or ""
        return SyncStatus(
            enrolment=enrolment,
            last_success=success,
            last_attempt=attempt,
            pending=pending_count(self.db),
            conflicts=refused_count(self.db),
            error=error,
        )

    def sync(self, progress: Progress | None = None) -> SyncResult:
        """One full push and pull (see the module docstring)."""
        with self.db.reading() as session:
            enrolment = load_enrolment(session)
        if enrolment is None:
            raise UserError(
                "本机尚未连接县级中心：请先用县信息中心给出的注册码连接"
                "（wuzheng connect 中心地址 注册码）。"
            )
        token = load_token(enrolment.key)
        pushed, pulled = PushTally(), PullTally()
        error = ""
        reachable = True
        try:
            with self.client_factory(enrolment.hub_url, token, timeout=self.timeout) as hub:
                push_outbox(self.db, hub, pushed_kinds(enrolment), progress, tally=pushed)
                pull_feed(self.db, hub, enrolment, progress, tally=pulled)
        except HubUnreachable as exc:
            error, reachable = str(exc), False
        except HubError as exc:
            error = str(exc)
        self._remember(error)
        return SyncResult(
            pushed=pushed.acknowledged,
            pulled=pulled.received,
            applied=pulled.applied,
            skipped=pulled.skipped,
            conflicts=refused_count(self.db),
            pending=pending_count(self.db),
            completed=not error,
            reachable=reachable,
            error=error,
        )

    def _remember(self, error: str) -> None:
        now = utcnow().isoformat()
        with self.db.session() as session:
            set_state(session, LAST_ATTEMPT, now)
            set_state(session, LAST_ERROR, error or None)
            if not error:
                set_state(session, LAST_SUCCESS, now)
