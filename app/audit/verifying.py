"""Verifying the audit chain: every link, every signature and the checkpoint (:func:`verify`,
:func:`check`, :func:`verify_chain`), and which salvaged entries still continue it
(:func:`continuing`)."""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.digests import GENESIS, _keyed_digest, _legacy_digest
from app.audit.keeper import AuditKeeper, Checkpoint, Link, _keeper
from app.storage.models import AuditEntry

if TYPE_CHECKING:
    from app.storage.db import Database


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify` found. ``message`` is one Chinese line for the CLI or the GUI."""

    ok: bool
    entries: int
    message: str
    first_bad: int | None = None  # the seq of the first bad (or missing) entry
    keyed_from: int | None = None
    checkpoint_seq: int | None = None
    warning: str | None = None  # the key lives in a file (no keyring)


_FIELDS = (
    AuditEntry.seq,
    AuditEntry.prev_hash,
    AuditEntry.hash,
    AuditEntry.at,
    AuditEntry.actor,
    AuditEntry.action,
    AuditEntry.entity,
    AuditEntry.entity_id,
    AuditEntry.detail,
)


@dataclass
class _Walk:
    """What walking the table found: how many entries, the last seq, the first problem."""

    entries: int = 0
    last: int = 0
    problem: str | None = None
    first_bad: int | None = None

    def fail(self, seq: int, problem: str) -> _Walk:
        self.problem, self.first_bad = problem, seq
        return self


def _entry_problem(
    key: bytes, checkpoint: Checkpoint | None, row: Any, prev_hash: str
) -> str | None:
    """What is wrong with one entry (its link, its signature, the checkpoint's view of it)."""
    seq, prev, digest, at, actor, action, entity, entity_id, detail = row
    if prev != prev_hash:
        return f"审计记录第 {seq} 条与前一条不衔接：记录被删除、插入、改写或调换了顺序。"
    args = (prev, at, actor, action, entity, entity_id, detail or {})
    keyed_digest = _keyed_digest(key, seq, *args)
    if checkpoint is not None and seq >= checkpoint.keyed_from:
        if not hmac.compare_digest(digest, keyed_digest):
            return f"审计记录第 {seq} 条被改动过（内容与签名不符）。"
    elif digest != _legacy_digest(*args):
        if hmac.compare_digest(digest, keyed_digest):
            return f"审计记录第 {seq} 条起已用本机密钥签名，但审计检查点不见了：检查点被删除了。"
        return f"审计记录第 {seq} 条被改动过（内容与签名不符）。"
    anchor = checkpoint.anchor if checkpoint else None
    if anchor is not None and seq == anchor.seq and digest != anchor.hash:
        return f"启用密钥签名之前的审计记录（第 1—{seq} 条）被改写过。"
    head = checkpoint.head if checkpoint else None
    if head is not None and seq == head.seq and digest != head.hash:
        return f"审计记录第 {seq} 条与检查点不符：记录被改写过。"
    return None


def _walk(session: Session, key: bytes, checkpoint: Checkpoint | None) -> _Walk:
    """Walk the chain in the table, in seq order, up to the first problem."""
    walk = _Walk()
    prev_hash = GENESIS
    rows = session.execute(select(*_FIELDS).order_by(AuditEntry.seq)).yield_per(2000)
    for row in rows:
        seq, digest = row[0], row[2]
        walk.entries += 1
        expected = walk.last + 1
        if seq != expected:
            missing = f"第 {expected} 条" if seq == expected + 1 else f"第 {expected}—{seq - 1} 条"
            return walk.fail(expected, f"审计记录{missing}不见了（被删除）。")
        problem = _entry_problem(key, checkpoint, row, prev_hash)
        if problem is not None:
            return walk.fail(seq, problem)
        prev_hash, walk.last = digest, seq
    if checkpoint is not None:
        links = [link.seq for link in (checkpoint.head, checkpoint.anchor) if link]
        newest = max(links, default=0)
        if newest > walk.last:
            return walk.fail(
                walk.last + 1,
                f"最新的审计记录被删除：检查点记录到第 {newest} 条，现在只到第 {walk.last} 条。",
            )
    return walk


def continuing(
    keeper: AuditKeeper, prev: Link | None, rows: Iterable[Sequence[Any]]
) -> Iterator[Sequence[Any]]:
    """The rows (columns as ``_FIELDS``: seq, prev_hash, hash, at, actor, action, entity,
    entity_id, detail) that continue the chain after ``prev``, in order, up to the first one
    that does not (a gap, a broken link, a signature that does not match). For a restore that
    salvages the newest entries from a damaged file."""
    secret = keeper.secret()
    checkpoint = keeper.find().checkpoint
    last = prev.seq if prev else 0
    prev_hash = prev.hash if prev else GENESIS
    for row in rows:
        if row[0] != last + 1 or _entry_problem(secret.key, checkpoint, row, prev_hash):
            return
        yield row
        last, prev_hash = row[0], row[2]


def check(session: Session, keeper: AuditKeeper) -> ChainReport:
    """Verify the chain of ``session``'s database with ``keeper``'s key and checkpoint."""
    secret = keeper.secret()
    found = keeper.find()
    checkpoint = found.checkpoint
    if checkpoint is None and found.foreign_key_id is not None:
        return ChainReport(
            ok=False,
            entries=0,
            message=(
                f"本机的审计密钥（{secret.key_id}）不是签署这些审计记录的密钥"
                f"（{found.foreign_key_id}）：可能换了系统账户、重装了系统或复制了数据目录，"
                "无法核对签名的记录。"
            ),
            warning=secret.warning,
        )
    walk = _walk(session, secret.key, checkpoint)
    entries, last, problem, first_bad = walk.entries, walk.last, walk.problem, walk.first_bad
    if found.problems and (problem is None or checkpoint is None):
        # without a usable checkpoint, what is wrong with it comes first
        problem = found.problems[0]
        first_bad = first_bad if checkpoint is not None else None
    keyed_from = checkpoint.keyed_from if checkpoint else None
    head = checkpoint.head.seq if checkpoint and checkpoint.head else None
    if problem is not None:
        return ChainReport(
            ok=False,
            entries=entries,
            message=problem,
            first_bad=first_bad,
            keyed_from=keyed_from,
            checkpoint_seq=head,
            warning=secret.warning,
        )
    if keyed_from is None:
        detail = "，尚未启用密钥签名（下一条记录起启用）" if entries else ""
    elif keyed_from <= 1:
        detail = "，全部由本机密钥签名"
    elif keyed_from <= last:
        detail = f"，第 {keyed_from} 条起由本机密钥签名（之前的为升级前的记录）"
    else:
        detail = "，升级前的记录，下一条起由本机密钥签名"
    if head:
        detail += f"，检查点到第 {head} 条"
    return ChainReport(
        ok=True,
        entries=entries,
        message=f"审计记录完整：共 {entries} 条{detail}。",
        keyed_from=keyed_from,
        checkpoint_seq=head,
        warning=secret.warning,
    )


def verify(db: Database) -> ChainReport:
    """Check the whole audit chain of ``db`` (read-only; seconds for 100,000 entries).

    For the CLI (``wuzheng audit verify``), the GUI's menu item and its background check at
    start: run it off the GUI thread and show ``report.message`` (and ``report.warning``).
    """
    with db.sessions() as session:
        return check(session, _keeper(session))


def verify_chain(session: Session) -> int | None:
    """The seq of the first bad entry, or None when the chain is intact."""
    report = check(session, _keeper(session))
    if report.ok:
        return None
    return report.first_bad if report.first_bad is not None else 0
