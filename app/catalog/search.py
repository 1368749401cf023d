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
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pypinyin import Style, lazy_pinyin
from pypinyin.seg.mmseg import seg as _words
from sqlalchemy import Connection
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from app.storage.db import Database

# Tier scores (the fraction below subtracts the name length, so shorter names come first).
TIER_EXACT_CODE = 100
TIER_CODE_PREFIX = 90
TIER_EXACT_NAME = 80
TIER_NAME_PREFIX = 70
TIER_NAME_SUBSTRING = 60
TIER_PINYIN_PREFIX = 50
TIER_INITIALS_ABBREVIATION = 45
TIER_PINYIN_SUBSTRING = 40
TIER_ALL_WORDS = 35  # a query of several words: every word somewhere in the name
TIER_INITIALS_SUBSEQUENCE = 30
TIER_DEPARTMENT = 20

# In these tiers what the clerk typed names a matter or bundle; certificate items follow them.
SUBJECT_TIERS = frozenset({TIER_NAME_PREFIX, TIER_PINYIN_PREFIX, TIER_INITIALS_ABBREVIATION})
ITEM_PENALTY = 1.0  # below every matter and bundle of the tier, above the next tier

KIND_ORDER = {"matter": 0, "bundle": 1, "item": 2}
MAX_LIMIT = 500
MAX_WORDS = 8  # the words of a query that are matched one by one (the rest are ignored)
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_LETTERS = re.compile(r"[a-z]+")
_SPACE = re.compile(r"\s+")
_CODE_LIKE = re.compile(r"[0-9\-_.]")


@dataclass(frozen=True)
class SearchHit:
    """One result row: what the GUI list and the CLI show."""

    kind: str  # "matter" | "item" | "bundle"
    code: str
    name: str
    department: str  # owning department of a matter, issuer of an item, "" for a bundle
    score: float
    primary_measure: str | None = None  # items only: the Measure value used first


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


def normalize(text: str) -> str:
    """What is matched: NFKC (full-width letters and digits become ASCII), lower case,
    no white space."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).lower()


def query_words(text: str) -> list[str]:
    """The words of a query: split at white space (a full-width space too), each normalized;
    a word given twice counts once, and only the first :data:`MAX_WORDS` count.
    ``query_words("住房　公共") == ["住房", "公共"]``."""
    words = dict.fromkeys(normalize(word) for word in _SPACE.split(text) if word.strip())
    return list(words)[:MAX_WORDS]


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

_ENTRY_COLUMNS = "id, kind, kind_order, code, name, department, primary_measure, name_len"

_NAME_TIER = f"""
CASE
  WHEN n.name_key = :q THEN {TIER_EXACT_NAME}
  WHEN substr(n.name_key, 1, :n) = :q THEN {TIER_NAME_PREFIX}
  WHEN instr(n.name_key, :q) > 0 THEN {TIER_NAME_SUBSTRING}
  WHEN :ascii AND (substr(n.pinyin, 1, :n) = :q OR substr(n.initials, 1, :n) = :q)
    THEN {TIER_PINYIN_PREFIX}
  WHEN :ascii AND (instr(n.pinyin, :q) > 0 OR instr(n.initials, :q) > 0)
    THEN {TIER_PINYIN_SUBSTRING}
  ELSE 0
END
"""


def _fts_phrase(q: str) -> str:
    """The user's text as one FTS5 string: operators, quotes and brackets lose their meaning."""
    return '"' + q.replace('"', '""') + '"'


def _upper_bound(prefix: str) -> str:
    return prefix + "\U0010ffff"


class _Collector:
    """Keeps the best tier of every entry and stops once ``limit`` entries are collected."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.rows: dict[int, tuple[float, int, str, SearchHit]] = {}
        self.name_ids: set[int] = set()  # names whose entries are collected

    @property
    def full(self) -> bool:
        return len(self.rows) >= self.limit

    def add(self, row: Any, tier: int, *, shorter_first: bool = True) -> None:
        """Keep an entry; code matches keep code order (``shorter_first=False``)."""
        entry_id, kind, kind_order, code, name, department, measure, name_len = row
        if entry_id in self.rows:
            return
        score = float(tier) - (min(int(name_len), 99) / 100 if shorter_first else 0.0)
        if kind == "item" and tier in SUBJECT_TIERS:
            score -= ITEM_PENALTY
        hit = SearchHit(kind, code, name, department, score, measure)
        self.rows[entry_id] = (score, int(kind_order), code, hit)

    def hits(self) -> list[SearchHit]:
        ordered = sorted(self.rows.values(), key=lambda r: (-r[0], r[1], r[2]))
        return [r[3] for r in ordered[: self.limit]]


def _by_code(conn: Connection, q: str, found: _Collector) -> None:
    for row in conn.exec_driver_sql(
        f"SELECT {_ENTRY_COLUMNS} FROM search_entry WHERE code_key = ?", (q,)
    ):
        found.add(row, TIER_EXACT_CODE, shorter_first=False)
    if not _CODE_LIKE.search(q):
        return  # a bare "m" is the start of a pinyin, not of every matter code
    for row in conn.exec_driver_sql(
        f"SELECT {_ENTRY_COLUMNS} FROM search_entry WHERE code_key > ? AND code_key < ?"
        " ORDER BY code_key LIMIT ?",
        (q, _upper_bound(q), found.limit),
    ):
        found.add(row, TIER_CODE_PREFIX, shorter_first=False)


def _matching_names(conn: Connection, q: str, limit: int) -> list[tuple[int, int, int, int]]:
    """(name id, tier, name length, entry count) of the best-matching distinct names."""
    is_ascii = q.isascii()
    params = {"q": q, "n": len(q), "ascii": int(is_ascii), "limit": limit}
    if len(q) >= 3:
        params["m"] = _fts_phrase(q)
        where = "n.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH :m)"
    elif is_ascii:
        # 1–2 letters: pinyin substrings would match nearly everything; prefixes only
        where = "substr(n.pinyin, 1, :n) = :q OR instr(n.initials, :q) > 0"
    else:
        where = "instr(n.name_key, :q) > 0"  # trigram cannot answer 1–2 characters
    best: dict[int, tuple[int, int, int, int]] = {}
    sql = (
        f"SELECT n.id, {_NAME_TIER} AS tier, n.name_len, n.entry_count FROM search_name n"
        f" WHERE {where} ORDER BY tier DESC, n.name_len, n.id LIMIT :limit"
    )
    for name_id, tier, name_len, count in conn.execute(sql_text(sql), params):
        if tier > 0:
            best[name_id] = (name_id, tier, name_len, count)
    if 2 <= len(q) <= 8 and _LETTERS.fullmatch(q):
        anywhere = "*" + "*".join(q) + "*"
        anchored = anywhere[1:]  # from the name's first initial: an abbreviation
        for name_id, tier, name_len, count in conn.exec_driver_sql(
            f"SELECT id, CASE WHEN initials GLOB ? THEN {TIER_INITIALS_ABBREVIATION}"
            f" ELSE {TIER_INITIALS_SUBSEQUENCE} END AS tier, name_len, entry_count"
            " FROM search_name WHERE initials GLOB ? ORDER BY tier DESC, name_len, id LIMIT ?",
            (anchored, anywhere, limit),
        ):
            if name_id not in best or best[name_id][1] < tier:
                best[name_id] = (name_id, tier, name_len, count)
    return sorted(best.values(), key=lambda r: (-r[1], r[2], r[0]))


def _by_name(conn: Connection, q: str, found: _Collector) -> None:
    _add_names(conn, _matching_names(conn, q, found.limit), found)


def _names_with_every_word(
    conn: Connection, words: list[str], limit: int
) -> list[tuple[int, int, int, int]]:
    """(name id, tier, name length, entry count) of the names holding every word, anywhere;
    words of 3+ characters narrow the names through the trigram index first."""
    clauses: list[str] = []
    params: dict[str, Any] = {"limit": limit}
    long_words = [w for w in words if len(w) >= 3]
    if long_words:
        params["m"] = " AND ".join(_fts_phrase(w) for w in long_words)
        clauses.append("n.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH :m)")
    for i, word in enumerate(words):
        params[f"w{i}"] = word
        found_in = ("n.name_key", "n.pinyin", "n.initials") if word.isascii() else ("n.name_key",)
        clauses.append("(" + " OR ".join(f"instr({c}, :w{i}) > 0" for c in found_in) + ")")
    sql = (
        "SELECT n.id, n.name_len, n.entry_count FROM search_name n"
        f" WHERE {' AND '.join(clauses)} ORDER BY n.name_len, n.id LIMIT :limit"
    )
    return [
        (name_id, TIER_ALL_WORDS, name_len, count)
        for name_id, name_len, count in conn.execute(sql_text(sql), params)
    ]


def _by_words(conn: Connection, words: list[str], found: _Collector) -> None:
    _add_names(conn, _names_with_every_word(conn, words, found.limit), found)


def _add_names(conn: Connection, names: list[tuple[int, int, int, int]], found: _Collector) -> None:
    """Collect the entries of matching names (best first), within the collector's limit."""
    wanted: dict[int, int] = {}
    budget = found.limit - len(found.rows)
    for name_id, tier, _len, count in names:
        if budget <= 0:
            break
        if name_id in found.name_ids:
            continue
        wanted[name_id] = tier
        budget -= count
    if not wanted:
        return
    found.name_ids.update(wanted)
    # one statement; each name's entries come from the index, at most ``limit`` of them
    # (a name repeated by every county of a province has thousands)
    part = (
        f"SELECT * FROM (SELECT {_ENTRY_COLUMNS}, name_id FROM search_entry"
        " WHERE name_id = ? ORDER BY kind_order, code_key LIMIT ?)"
    )
    params: list[int] = []
    for name_id in wanted:
        params += [name_id, found.limit]
    rows = conn.exec_driver_sql(" UNION ALL ".join([part] * len(wanted)), tuple(params)).all()
    for row in rows:
        found.add(row[:-1], wanted[row[-1]])


def _by_department(conn: Connection, q: str, found: _Collector) -> None:
    if len(q) < 2:
        return
    department_ids = [
        d
        for (d,) in conn.exec_driver_sql(
            "SELECT id FROM search_department WHERE instr(name_key, ?) > 0"
            " OR (? AND (instr(pinyin, ?) > 0 OR instr(initials, ?) > 0))"
            " ORDER BY length(name_key), id",
            (q, int(q.isascii()), q, q),
        )
    ]
    for department_id in department_ids:
        if found.full:
            return
        for row in conn.exec_driver_sql(
            f"SELECT {_ENTRY_COLUMNS} FROM search_entry WHERE department_id = ?"
            " ORDER BY name_len, code_key LIMIT ?",
            (department_id, found.limit),
        ):
            found.add(row, TIER_DEPARTMENT)


def search(db: Database, text: str, limit: int = 50) -> list[SearchHit]:
    """The best ``limit`` catalog entries for what the clerk typed (``[]`` for blank input)."""
    q = normalize(text)
    if not q or limit <= 0:
        return []
    found = _Collector(min(limit, MAX_LIMIT))
    words = query_words(text)
    with db.engine.connect() as conn:
        _by_code(conn, q, found)
        if not found.full:
            _by_name(conn, q, found)
        if len(words) > 1 and not found.full:
            _by_words(conn, words, found)
        if not found.full:
            _by_department(conn, q, found)
    return found.hits()


__all__ = ["SearchHit", "normalize", "pinyin_of", "query_words", "rebuild_index", "search"]
