"""The key and the signed checkpoint of one database's audit chain (:class:`AuditKeeper`).

The newest link of the chain (its seq and hash) is kept outside the table, in a checkpoint
signed with the installation's key: ``audit-checkpoint.json`` in the data directory, mirrored in
the keyring (see :mod:`app.audit`). :meth:`AuditKeeper.link` is called inside the transaction
that appends an entry, :meth:`AuditKeeper.committed` after its commit, :meth:`AuditKeeper.rebase`
after a restore.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.digests import _body
from app.keystore import StoredSecret, key_id, keyring_get, keyring_set, load_secret
from app.paths import private_file
from app.storage.models import AuditEntry

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


def _keeper(session: Session) -> AuditKeeper:
    keeper = session.info.get(SESSION_KEEPER)
    if not isinstance(keeper, AuditKeeper):
        raise RuntimeError("audit entries need a session from app.storage.db.Database")
    return keeper
