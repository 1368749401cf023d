"""As-you-type search over matters, certificate items and bundles.

What a clerk may type: Chinese (``低保``, ``公共租赁``), full pinyin (``gonggongzulin``), pinyin
initials (``ggzl``) or a subsequence of them (``gzzf`` finds 公共租赁住房), a code (``M0001``)
or a department (``民政局``, also the issuer of a certificate such as ``派出所``).

The index lives in the ``search_*`` tables of migration 0002 and is derived data:
:func:`rebuild_index` refills it from the catalog in the caller's transaction (the catalog
import calls it). Names repeat across the counties of a province, so every distinct name is
indexed once (``search_name`` with its FTS5 trigram table ``search_fts``) and the entries point
at it; text matching therefore costs the same for one county and for ninety.

A query of several words (separated by spaces, ASCII or full-width) is first matched as one
text, as if typed without the spaces; names holding every word, wherever each stands, come next
(a word is found in the name or, when it is ASCII, in the name's pinyin or initials).

Ranking, best first: exact code, code prefix, exact name, name prefix, name substring,
pinyin/initials prefix, initials abbreviation, pinyin/initials substring, every word of several,
initials subsequence, department. An *initials abbreviation* starts with the name's first
initial and takes the rest of its initials in order, skipping some (``gzzf``: 公共租赁住房…, the
way a clerk shortens a name); a subsequence elsewhere in the name (``gzzf`` inside
用人单位工资支付…) is only partial. Within the tiers a clerk uses to name one matter (name prefix,
pinyin/initials prefix, abbreviation), matters and bundles come before certificate items; within
a tier shorter names first (code tiers keep code order), then matters before bundles before
items, then code order.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pypinyin import Style, lazy_pinyin
from pypinyin.seg.mmseg import seg as _words
from sqlalchemy.orm import Session

from app.catalog.search_query import (
    KIND_ORDER,
    MAX_LIMIT,
    SearchHit,
    normalize,
    query_words,
    search_rows,
)
from app.storage.db import Database

_ASCII_WORD = re.compile(r"[a-z0-9]+")

# --------------------------------------------------------------------------- pinyin


@lru_cache(maxsize=65536)
def pinyin_of(name: str) -> tuple[str, str]:
    """(full pinyin without spaces or tones, initials), lower case, ASCII letters and digits.

    ``pinyin_of("公共租赁住房") == ("gonggongzulinzhufang", "ggzlzf")``. Non-Chinese runs
    (digits, Latin letters) are kept as they are; punctuation is dropped. The name is cut into
    words as pypinyin itself does (so polyphones read as in its phrase dictionary) and each
    word is converted once: catalog names share most of their words.
    """
    full: list[str] = []
    initials: list[str] = []
    for word in _words.cut(name):
        word_full, word_initials = _word_pinyin(word)
        full.append(word_full)
        initials.append(word_initials)
    return "".join(full), "".join(initials)


@lru_cache(maxsize=65536)
def _word_pinyin(word: str) -> tuple[str, str]:
    full: list[str] = []
    initials: list[str] = []
    for chunk in lazy_pinyin(word, style=Style.NORMAL, errors="default"):
        for part in _ASCII_WORD.findall(chunk.lower()):
            full.append(part)
            initials.append(part[0] if part.isalpha() else part)
    return "".join(full), "".join(initials)


# --------------------------------------------------------------------------- index


def _insert_many(conn: Any, sql: str, rows: list[tuple[Any, ...]]) -> None:
    """executemany that accepts an empty list (the driver refuses one: an empty catalog is fine)."""
    if rows:
        conn.exec_driver_sql(sql, rows)


def rebuild_index(session: Session) -> None:
    """Refill the search index from the catalog, in the caller's transaction (rows retired
    from the catalog, kept only for their cases, are not searched)."""
    conn = session.connection()
    for table in ("search_entry", "search_department", "search_name"):
        conn.exec_driver_sql(f"DELETE FROM {table}")

    rows: list[tuple[str, str, str, str, str | None]] = []  # kind, code, name, dept, measure
    rows.extend(
        (
            ("matter", c, n, d, None)
            for c, n, d in conn.exec_driver_sql(
                "SELECT m.code, m.name, d.name FROM matter m JOIN department d"
                " ON d.id = m.department_id WHERE NOT m.retired"
            )
        )
    )
    rows.extend(
        (
            ("item", c, n, issuer, measure)
            for c, n, issuer, measure in conn.exec_driver_sql(
                "SELECT ci.code, ci.name, ci.issuer, (SELECT im.measure FROM item_measure im"
                " WHERE im.item_id = ci.id ORDER BY im.position LIMIT 1) FROM certificate_item ci"
                " WHERE NOT ci.retired"
            )
        )
    )
    rows.extend(
        (
            ("bundle", c, n, "", None)
            for c, n in conn.exec_driver_sql("SELECT code, name FROM bundle WHERE NOT retired")
        )
    )

    name_ids: dict[str, int] = {}
    name_counts: dict[int, int] = {}
    department_ids: dict[str, int] = {}
    entries: list[tuple[Any, ...]] = []
    for kind, code, name, department, measure in rows:
        key = normalize(name)
        name_id = name_ids.setdefault(key, len(name_ids) + 1)
        name_counts[name_id] = name_counts.get(name_id, 0) + 1
        department_id = department_ids.setdefault(department, len(department_ids) + 1)
        entries.append(
            (
                kind,
                KIND_ORDER[kind],
                code,
                normalize(code),
                name,
                name_id,
                len(key),
                department,
                department_id if department else None,
                measure,
            )
        )

    _insert_many(
        conn,
        "INSERT INTO search_name (id, name_key, pinyin, initials, name_len, entry_count)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(i, key, *pinyin_of(key), len(key), name_counts[i]) for key, i in name_ids.items()],
    )
    _insert_many(
        conn,
        "INSERT INTO search_department (id, name, name_key, pinyin, initials)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (i, name, normalize(name), *pinyin_of(normalize(name)))
            for name, i in department_ids.items()
            if name
        ],
    )
    _insert_many(
        conn,
        "INSERT INTO search_entry (kind, kind_order, code, code_key, name, name_id, name_len,"
        " department, department_id, primary_measure) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        entries,
    )
    conn.exec_driver_sql("INSERT INTO search_fts (search_fts) VALUES ('rebuild')")


# --------------------------------------------------------------------------- search


def search(db: Database, text: str, limit: int = 50) -> list[SearchHit]:
    """The best ``limit`` catalog entries for what the clerk typed (``[]`` for blank input);
    the query itself is :func:`app.catalog.search_query.search_rows`."""
    if not normalize(text) or limit <= 0:
        return []
    with db.engine.connect() as conn:
        return search_rows(conn.exec_driver_sql, text, limit)


__all__ = [
    "MAX_LIMIT",
    "SearchHit",
    "normalize",
    "pinyin_of",
    "query_words",
    "rebuild_index",
    "search",
]
