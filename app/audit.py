"""The append-only audit log, tamper-evident even against someone holding the database file.

Public API::

    record(session, *, actor, action, entity, entity_id, detail=None) -> AuditEntry
    verify(db) -> ChainReport          # the whole chain and its checkpoint (CLI, GUI menu, start)
    verify_chain(session) -> int | None    # the first bad entry's seq (tests, old callers)
    AuditKeeper(directory=None, database=None)     # one per Database: key and checkpoint
    AuditKeeper.rebase(last)           # a restore: the checkpoint follows the restored chain
    continuing(keeper, prev, rows)     # the salvaged entries that still continue the chain
    ChainReport: ok, entries, keyed_from, checkpoint_seq, first_bad, message, warning

Every entry carries the hash of the one before (``prev_hash``) and its own ``hash``. Since
this version the hash is an HMAC-SHA256, keyed with a per-installation secret kept in the OS
keyring (:mod:`app.keystore`; without a keyring, in ``audit.key`` in the data directory, with a
warning): whoever edits an entry, even recomputing every hash after it, cannot make the keys
match. The seq is part of what is signed, so moving entries around is found too.

The newest link of the chain (its seq and hash) is also kept outside the table, in a checkpoint
signed with the same key: ``audit-checkpoint.json`` in the data directory, mirrored in the
keyring. Deleting the newest entries therefore shows (the checkpoint names an entry that is no
longer there), and so does deleting the checkpoint file while the keyring's copy remains. The
checkpoint is advanced after every committed append, and only when the chain still passes
through the old checkpoint, so an entry appended after a truncation cannot hide it. It may lag
(a crash right after a commit), never lead.

Databases from before keep their unkeyed SHA-256 entries: the first append after the upgrade
writes a checkpoint recording where the keyed chain starts (``keyed_from``) and the last unkeyed
link (``anchor``); the older part is still checked link by link, and rewriting it changes the
anchor, which the key protects.

Appends never fork the chain, although the GUI and the CLI write the same database: the entry
is inserted first, which takes SQLite's write lock, and only then is the previous entry read
and the link computed, inside the same transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.ids import utcnow
from app.keystore import StoredSecret, key_id, keyring_get, keyring_set, load_secret
from app.paths import private_file
from app.storage.models import AuditEntry

if TYPE_CHECKING:
    from app.storage.db import Database

__all__ = [
    "CHECKPOINT_FILE",
    "GENESIS",
    "KEY_FILE",
    "AuditKeeper",
    "ChainReport",
    "Link",
    "continuing",
    "record",
    "verify",
    "verify_chain",
]

GENESIS = "0" * 64
KEY_NAME = "audit-key"
KEY_FILE = "audit.key"
CHECKPOINT_FILE = "audit-checkpoint.json"
CHECKPOINT_FORMAT = "wuzheng-audit-checkpoint"
CHECKPOINT_VERSION = 1
SESSION_KEEPER = "wuzheng.audit.keeper"
SESSION_HEAD = "wuzheng.audit.head"  # the newest entry appended in this transaction
SESSION_HOLD = "wuzheng.audit.hold"  # this transaction must not advance the checkpoint
SESSION_FOUND = "wuzheng.audit.found"  # the checkpoint read once per transaction

log = logging.getLogger("wuzheng.audit")


# --------------------------------------------------------------------------- digests


def _body(values: list[Any]) -> bytes:
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def _legacy_digest(
    prev_hash: str,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    detail: dict[str, Any],
) -> str:
    """The unkeyed SHA-256 of entries written before the chain was keyed."""
    body = _body([prev_hash, at.isoformat(), actor, action, entity, entity_id, detail])
    return hashlib.sha256(body).hexdigest()


def _keyed_digest(key: bytes, seq: int, prev_hash: str, at: datetime, *rest: Any) -> str:
    """HMAC-SHA256 over the seq, the previous hash and the entry (actor, action, entity,
    entity id, detail)."""
    body = _body([seq, prev_hash, at.isoformat(), *rest])
    return hmac.new(key, body, hashlib.sha256).hexdigest()


# --------------------------------------------------------------------------- checkpoint


@dataclass(frozen=True)
class Link:
    """One link of the chain: an entry's seq and hash."""

    seq: int
    hash: str


class BadCheckpoint(Exception):
    """A checkpoint that cannot be read or whose signature does not match."""


@dataclass(frozen=True)
class Checkpoint:
    """Where the keyed chain starts and its newest link, signed with the installation's key."""

    key_id: str
    keyed_from: int
    anchor: Link | None  # the last unkeyed entry (databases from before)
    head: Link | None  # the newest entry known to have been committed

    def _fields(self) -> dict[str, Any]:
        def link(value: Link | None) -> dict[str, Any] | None:
            return None if value is None else {"seq": value.seq, "hash": value.hash}

        return {
            "format": CHECKPOINT_FORMAT,
            "version": CHECKPOINT_VERSION,
            "key_id": self.key_id,
            "keyed_from": self.keyed_from,
            "anchor": link(self.anchor),
            "head": link(self.head),
        }

    def to_text(self, key: bytes) -> str:
        fields = self._fields()
        fields["mac"] = hmac.new(key, _body([fields]), hashlib.sha256).hexdigest()
        return json.dumps(fields, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_text(cls, text: str, key: bytes) -> Checkpoint:
        try:
            data = json.loads(text)
            mac = str(data.pop("mac"))
            if data.get("format") != CHECKPOINT_FORMAT or data.get("version") != 1:
                raise BadCheckpoint("format")

            def link(value: Any) -> Link | None:
                return None if value is None else Link(int(value["seq"]), str(value["hash"]))

            checkpoint = cls(
                key_id=str(data["key_id"]),
                keyed_from=int(data["keyed_from"]),
                anchor=link(data["anchor"]),
                head=link(data["head"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BadCheckpoint("unreadable") from exc
        if checkpoint.key_id != key_id(key):
            raise BadCheckpoint("key")
        expected = hmac.new(key, _body([checkpoint._fields()]), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(mac, expected):
            raise BadCheckpoint("mac")
        return checkpoint


@dataclass
class _Found:
    """What was found where checkpoints are kept."""

    checkpoint: Checkpoint | None = None
    exists: bool = False  # a file or a keyring copy exists, valid or not
    problems: list[str] = field(default_factory=list)
    foreign_key_id: str | None = None


class AuditKeeper:
    """The key and the checkpoint of one database.

    With a data directory the key comes from the keyring (or ``audit.key``) and the checkpoint
    lives in ``audit-checkpoint.json`` and in the keyring; without one (an in-memory database)
    both live in this object.
    """

    def __init__(self, directory: Path | None = None, database: Path | None = None) -> None:
        self.directory = directory
        self.database = database
        self._secret: StoredSecret | None = None
        self._memory: str | None = None
        self._lock = threading.RLock()

    # ---------------------------------------------------------------- key

    def secret(self) -> StoredSecret:
        with self._lock:
            if self._secret is None:
                if self.directory is None:
                    self._secret = StoredSecret(key=os.urandom(32), stored_in="memory")
                else:
                    self._secret = load_secret(
                        self.directory,
                        name=KEY_NAME,
                        file_name=KEY_FILE,
                        purpose="审计密钥",
                        risk="拿到它的人可以伪造审计记录",
                    )
            return self._secret

    @property
    def key(self) -> bytes:
        return self.secret().key

    # ---------------------------------------------------------------- storage

    @property
    def checkpoint_path(self) -> Path | None:
        return None if self.directory is None else self.directory / CHECKPOINT_FILE

    def _mirror_name(self) -> str | None:
        if self.database is None:
            return None
        where = str(Path(self.database).resolve())
        return "audit-checkpoint-" + hashlib.sha256(where.encode("utf-8")).hexdigest()[:16]

    def _texts(self) -> tuple[str | None, str | None, bool]:
        """(file text, keyring text, file unreadable)."""
        if self.directory is None:
            return self._memory, None, False
        path = self.checkpoint_path
        assert path is not None
        unreadable = False
        try:
            file_text: str | None = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            file_text = None
        except (OSError, UnicodeDecodeError):
            file_text, unreadable = None, True
        mirror = self._mirror_name()
        return file_text, keyring_get(mirror) if mirror else None, unreadable

    def find(self) -> _Found:
        """The valid checkpoint with the newest head, and what is wrong with the others."""
        file_text, mirror_text, unreadable = self._texts()
        found = _Found(exists=file_text is not None or mirror_text is not None or unreadable)
        path = self.checkpoint_path
        if unreadable:
            found.problems.append(f"无法读取审计检查点文件 {path}。")
        candidates: list[Checkpoint] = []
        for text, where in ((file_text, f"文件 {path}"), (mirror_text, "系统密钥环中")):
            if text is None:
                continue
            try:
                candidates.append(Checkpoint.from_text(text, self.key))
            except BadCheckpoint as exc:
                if str(exc) == "key":
                    try:
                        found.foreign_key_id = str(json.loads(text).get("key_id"))
                    except (ValueError, AttributeError):
                        found.foreign_key_id = "?"
                else:
                    found.problems.append(f"{where}的审计检查点被改动或已损坏。")
        if file_text is None and mirror_text is not None and self.directory is not None:
            found.problems.append(
                f"审计检查点文件 {path} 不见了（系统密钥环中的副本仍在）：文件被删除了。"
            )
        if candidates:
            found.checkpoint = max(candidates, key=lambda c: c.head.seq if c.head else 0)
        return found

    def _store(self, checkpoint: Checkpoint) -> None:
        text = checkpoint.to_text(self.key)
        if self.directory is None:
            self._memory = text
            return
        path = self.checkpoint_path
        assert path is not None
        temporary = path.with_name(f".{CHECKPOINT_FILE}.{os.getpid()}.{threading.get_ident()}")
        try:
            private_file(temporary)
            with temporary.open("w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except OSError:
            temporary.unlink(missing_ok=True)
            raise
        mirror = self._mirror_name()
        if mirror:
            keyring_set(mirror, text)

    # ---------------------------------------------------------------- appending

    def link(self, session: Session, seq: int, prev: Link | None) -> bytes:
        """Called inside the write transaction that appends entry ``seq`` after ``prev``.

        Starts the keyed chain (writing the first checkpoint) when no checkpoint exists yet, and
        holds the checkpoint back (after the commit) unless the chain still passes through the
        checkpoint's head. Returns the key.
        """
        with self._lock:
            found = session.info.get(SESSION_FOUND)
            if not isinstance(found, _Found):
                found = self.find()
                session.info[SESSION_FOUND] = found
                checkpoint = found.checkpoint
                if checkpoint is None and not found.exists:
                    checkpoint = Checkpoint(
                        key_id=key_id(self.key), keyed_from=seq, anchor=prev, head=prev
                    )
                    self._store(checkpoint)
                    found.checkpoint, found.exists = checkpoint, True
                if checkpoint is None or found.problems:
                    session.info[SESSION_HOLD] = True
                elif checkpoint.head is not None:
                    stored = session.scalar(
                        select(AuditEntry.hash).where(AuditEntry.seq == checkpoint.head.seq)
                    )
                    if stored != checkpoint.head.hash:
                        log.warning(
                            "审计记录与检查点不符，检查点不再前移：请运行 wuzheng audit verify"
                        )
                        session.info[SESSION_HOLD] = True
            return self.key

    def rebase(self, last: Link | None) -> Checkpoint | None:
        """After a restore from a backup: the checkpoint's head becomes ``last``, the newest
        entry of the restored chain (the entries after it are gone with the damaged file; the
        restore records that in an entry of its own). Without a checkpoint, nothing."""
        with self._lock:
            found = self.find()
            checkpoint = found.checkpoint
            if checkpoint is None:
                return None
            newest = last.seq if last else 0
            keyed_from, anchor = checkpoint.keyed_from, checkpoint.anchor
            if keyed_from > newest + 1:  # the backup ends before the keyed chain began
                keyed_from, anchor = newest + 1, last
            rebased = replace(checkpoint, keyed_from=keyed_from, anchor=anchor, head=last)
            self._store(rebased)
            return rebased

    def committed(self, head: Link) -> None:
        """After the commit of an append: move the checkpoint forward to ``head``."""
        with self._lock:
            found = self.find()
            checkpoint = found.checkpoint
            if checkpoint is None or found.problems:
                return
            if checkpoint.head is not None and checkpoint.head.seq >= head.seq:
                return
            self._store(replace(checkpoint, head=head))


def _after_commit(session: Session) -> None:
    head = session.info.pop(SESSION_HEAD, None)
    hold = session.info.pop(SESSION_HOLD, False)
    session.info.pop(SESSION_FOUND, None)
    keeper = session.info.get(SESSION_KEEPER)
    if isinstance(head, Link) and not hold and isinstance(keeper, AuditKeeper):
        try:
            keeper.committed(head)
        except Exception:  # the data is committed; a lagging checkpoint is allowed
            log.warning("审计检查点未能更新", exc_info=True)


def _after_rollback(session: Session) -> None:
    for name in (SESSION_HEAD, SESSION_HOLD, SESSION_FOUND):
        session.info.pop(name, None)


def install(sessions: Any) -> None:
    """Advance the checkpoint after every commit of a sessionmaker's sessions (whose ``info``
    holds the keeper under :data:`SESSION_KEEPER`)."""
    from sqlalchemy import event

    event.listen(sessions, "after_commit", _after_commit)
    event.listen(sessions, "after_rollback", _after_rollback)


def _keeper(session: Session) -> AuditKeeper:
    keeper = session.info.get(SESSION_KEEPER)
    if not isinstance(keeper, AuditKeeper):
        raise RuntimeError("audit entries need a session from app.storage.db.Database")
    return keeper


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | int,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction. ``detail`` must never hold a full ID."""
    keeper = _keeper(session)
    at = utcnow()
    detail = detail or {}
    entry = AuditEntry(
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        detail=detail,
        prev_hash="",
        hash="",
    )
    session.add(entry)
    session.flush()  # the insert takes the write lock: nobody appends between here and commit
    row = session.execute(
        select(AuditEntry.seq, AuditEntry.hash)
        .where(AuditEntry.seq < entry.seq)
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    ).first()
    prev = Link(row[0], row[1]) if row else None
    key = keeper.link(session, entry.seq, prev)
    entry.prev_hash = prev.hash if prev else GENESIS
    entry.hash = _keyed_digest(
        key, entry.seq, entry.prev_hash, at, actor, action, entity, entry.entity_id, detail
    )
    session.flush()
    session.info[SESSION_HEAD] = Link(entry.seq, entry.hash)
    return entry


# --------------------------------------------------------------------------- verifying


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
