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

The modules: :mod:`.digests` (the keyed and the unkeyed digests), :mod:`.keeper` (the key and
the checkpoint), :mod:`.recording` (appending, why appends never fork the chain, and the hooks
that move the checkpoint after a commit), :mod:`.verifying` (checking the chain, and what a
salvage may keep). Names starting with ``_`` are shared between these modules only.
"""

from app.audit.digests import GENESIS
from app.audit.keeper import (
    CHECKPOINT_FILE,
    KEY_FILE,
    SESSION_KEEPER,
    AuditKeeper,
    Link,
)
from app.audit.recording import install, record
from app.audit.verifying import ChainReport, check, continuing, verify, verify_chain

__all__ = [
    "CHECKPOINT_FILE",
    "GENESIS",
    "KEY_FILE",
    "SESSION_KEEPER",
    "AuditKeeper",
    "ChainReport",
    "Link",
    "check",
    "continuing",
    "install",
    "record",
    "verify",
    "verify_chain",
]
