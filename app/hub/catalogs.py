"""Catalog publishing: ``wuzheng hub publish-catalog FILE.json | REGISTER…``.

The supervisor's files go through exactly the window's import and validation
(:mod:`app.catalog.exchange` for a catalog JSON document, :mod:`app.catalog.registers` for the
Haishu registers) on a scratch in-memory database; the result is exported as a catalog exchange
document (docs/catalog-format.md). Registers are merged into the newest published version (as
a window merges them into its installed catalog); a JSON document replaces it. A bad file is
refused with the same row-level messages, and nothing is published.

A published version gets the next number (1, 2, 3 …). Its document (canonical bytes,
``catalog.published_at`` set to the day of publication) is stored gzip-compressed, signed by the
hub over its bytes (purpose ``wuzheng/catalog/v1``) and announced to every device by a signed
``catalog`` broadcast carrying its number, SHA-256, size and signature; devices fetch the bytes
from ``GET /v1/catalog/{version}``. Publishing a catalog identical to the newest version
(apart from its date) publishes nothing.
"""

from __future__ import annotations

import copy
import gzip
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.hub import publish
from app.hub.models import CatalogVersion
from app.hub.store import HubStore
from app.ids import utcnow
from app.signing import PURPOSE_CATALOG, SigningKey
from app.sync.wire import API_PREFIX, CatalogPayload

CATALOG_RECORD = "catalog"  # one record: each version is its next revision
REGISTER_SUFFIXES = (".xlsx", ".xlsm", ".csv")


@dataclass(frozen=True)
class PublishedCatalog:
    version: int
    label: str
    sha256: str
    size: int
    counts: dict[str, int]
    created: bool  # False: identical to the newest version, nothing published


def _check_paths(paths: list[Path]) -> str:
    """'json' or 'registers'; a UserError listing every file that cannot be used."""
    if not paths:
        raise UserError("请指定要发布的目录文件（.json）或登记表（.xlsx / .csv）。")
    problems: list[str] = []
    kinds: set[str] = set()
    for path in paths:
        suffix = path.suffix.lower()
        if not path.exists():
            problems.append(f"找不到文件“{path}”。")
        elif path.is_dir():
            problems.append(f"“{path}”是一个文件夹，请指定文件。")
        elif suffix == ".json":
            kinds.add("json")
        elif suffix in REGISTER_SUFFIXES:
            kinds.add("registers")
        else:
            problems.append(
                f"{path.name}：不支持的文件类型。目录文件应为 .json，登记表应为 .xlsx 或 .csv。"
            )
    if not problems and "json" in kinds and len(paths) > 1:
        problems.append("一次只能发布一个 .json 目录文件，且不能与登记表一起发布。")
    if problems:
        raise UserError("\n".join(["无法发布，没有发布任何内容：", *problems]))
    return "json" if "json" in kinds else "registers"


def latest_document(store: HubStore) -> tuple[int, dict[str, Any]] | None:
    with store.read() as session:
        row = session.execute(
            select(CatalogVersion.version, CatalogVersion.document_gzip)
            .order_by(CatalogVersion.version.desc())
            .limit(1)
        ).first()
    if row is None:
        return None
    return row.version, json.loads(gzip.decompress(row.document_gzip))


def build_document(paths: list[Path], base: dict[str, Any] | None) -> dict[str, Any]:
    """The catalog exchange document the files make, checked as a window checks them."""
    from app.catalog.exchange import export_document, import_catalog, import_catalog_document
    from app.catalog.registers import import_registers
    from app.storage.db import Database

    kind = _check_paths(paths)
    scratch = Database.in_memory()
    try:
        if kind == "json":
            import_catalog(scratch, paths[0], actor="县级中心")
        else:
            if base is not None:
                import_catalog_document(scratch, base, actor="县级中心")
            import_registers(scratch, paths, actor="县级中心")
        with scratch.session() as session:
            return export_document(session)
    finally:
        scratch.engine.dispose()


def _undated(doc: dict[str, Any]) -> dict[str, Any]:
    plain = copy.deepcopy(doc)
    plain["catalog"]["published_at"] = ""
    return plain


def _counts(doc: dict[str, Any]) -> dict[str, int]:
    keys = ("departments", "certificate_items", "matters", "bundles")
    return {k: len(doc.get(k, [])) for k in keys}


def publish_catalog(
    store: HubStore,
    key: SigningKey,
    paths: list[Path],
    *,
    label: str = "",
    note: str = "",
    actor: str = "operator",
    today: date | None = None,
) -> PublishedCatalog:
    """Check, sign, store and broadcast a new catalog version (or nothing, if unchanged)."""
    label = " ".join(label.split())
    if len(label) > 300 or len(note) > 20_000:
        raise UserError("版本名称最多 300 个字，说明最多 20000 个字。")
    latest = latest_document(store)
    doc = build_document([Path(p) for p in paths], latest[1] if latest else None)
    if label:
        doc["catalog"]["version"] = label
    if latest is not None and _undated(latest[1]) == _undated(doc):
        return _unchanged(store, latest[0])
    from app.catalog.exchange import document_bytes

    doc["catalog"]["published_at"] = (today or date.today()).isoformat()
    data = document_bytes(doc)
    digest = hashlib.sha256(data).hexdigest()
    signature = key.sign_bytes(PURPOSE_CATALOG, data)
    packed = gzip.compress(data, compresslevel=6, mtime=0)
    counts = _counts(doc)

    def work(session: Session) -> PublishedCatalog:
        now: datetime = utcnow()
        version = int(session.scalar(select(func.max(CatalogVersion.version))) or 0) + 1
        payload = CatalogPayload(
            version=version,
            label=str(doc["catalog"]["version"]),
            published_at=now,
            published_by=actor,
            note=note,
            sha256=digest,
            size=len(data),
            url=f"{API_PREFIX}/catalog/{version}",
            document_signature=signature,
            **counts,
        )
        change = publish.broadcast(
            session,
            key,
            payload,
            record_id=publish.fixed_record_id(session, CATALOG_RECORD),
            now=now,
            actor=actor,
            detail={"version": version, "sha256": digest, "size": len(data)},
        )
        session.add(
            CatalogVersion(
                version=version,
                label=payload.label,
                sha256=digest,
                size=len(data),
                document_gzip=packed,
                signature=signature,
                published_at=now,
                published_by=actor,
                note=note,
                change_id=str(change.change_id),
            )
        )
        return PublishedCatalog(version, payload.label, digest, len(data), counts, True)

    return store.write(work)


def _unchanged(store: HubStore, version: int) -> PublishedCatalog:
    with store.read() as session:
        row = session.get(CatalogVersion, version)
        assert row is not None
        doc = json.loads(gzip.decompress(row.document_gzip))
        return PublishedCatalog(version, row.label, row.sha256, row.size, _counts(doc), False)


@dataclass(frozen=True)
class StoredCatalog:
    version: int
    sha256: str
    size: int
    signature: str
    document_gzip: bytes


def stored_catalog(store: HubStore, version: int) -> StoredCatalog | None:
    """A published version as served by GET /v1/catalog/{version} (None: no such version)."""
    with store.read() as session:
        row = session.get(CatalogVersion, version)
        if row is None:
            return None
        return StoredCatalog(row.version, row.sha256, row.size, row.signature, row.document_gzip)
