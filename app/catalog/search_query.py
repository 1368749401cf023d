"""The query side of the catalog search, with plain ``sqlite3`` only (see :mod:`app.catalog.search`
for what a clerk may type, the index and the ranking).

:func:`search_rows` answers a query through any DB-API style ``execute(sql, params)``: the full
database's connection (:func:`app.catalog.search.search`) or, while the window is still opening
the database, a read-only ``sqlite3`` connection on the same index
(:meth:`app.storage.schema.Checked.search_connection`). Importing this module loads neither
SQLAlchemy nor pypinyin, so the window can answer its first searches before those are loaded.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# A statement and its parameters (a sequence for ``?``, a mapping for ``:name``) → its rows.
Execute = Callable[[str, "Sequence[Any] | Mapping[str, Any]"], Iterable[Sequence[Any]]]

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


def _by_code(run: Execute, q: str, found: _Collector) -> None:
    for row in run(f"SELECT {_ENTRY_COLUMNS} FROM search_entry WHERE code_key = ?", (q,)):
        found.add(row, TIER_EXACT_CODE, shorter_first=False)
    if not _CODE_LIKE.search(q):
        return  # a bare "m" is the start of a pinyin, not of every matter code
    for row in run(
        f"SELECT {_ENTRY_COLUMNS} FROM search_entry WHERE code_key > ? AND code_key < ?"
        " ORDER BY code_key LIMIT ?",
        (q, _upper_bound(q), found.limit),
    ):
        found.add(row, TIER_CODE_PREFIX, shorter_first=False)


def _matching_names(run: Execute, q: str, limit: int) -> list[tuple[int, int, int, int]]:
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
    for name_id, tier, name_len, count in run(sql, params):
        if tier > 0:
            best[name_id] = (name_id, tier, name_len, count)
    if 2 <= len(q) <= 8 and _LETTERS.fullmatch(q):
        anywhere = "*" + "*".join(q) + "*"
        anchored = anywhere[1:]  # from the name's first initial: an abbreviation
        for name_id, tier, name_len, count in run(
            f"SELECT id, CASE WHEN initials GLOB ? THEN {TIER_INITIALS_ABBREVIATION}"
            f" ELSE {TIER_INITIALS_SUBSEQUENCE} END AS tier, name_len, entry_count"
            " FROM search_name WHERE initials GLOB ? ORDER BY tier DESC, name_len, id LIMIT ?",
            (anchored, anywhere, limit),
        ):
            if name_id not in best or best[name_id][1] < tier:
                best[name_id] = (name_id, tier, name_len, count)
    return sorted(best.values(), key=lambda r: (-r[1], r[2], r[0]))


def _by_name(run: Execute, q: str, found: _Collector) -> None:
    _add_names(run, _matching_names(run, q, found.limit), found)


def _names_with_every_word(
    run: Execute, words: list[str], limit: int
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
        (name_id, TIER_ALL_WORDS, name_len, count) for name_id, name_len, count in run(sql, params)
    ]


def _by_words(run: Execute, words: list[str], found: _Collector) -> None:
    _add_names(run, _names_with_every_word(run, words, found.limit), found)


def _add_names(run: Execute, names: list[tuple[int, int, int, int]], found: _Collector) -> None:
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
    rows = list(run(" UNION ALL ".join([part] * len(wanted)), tuple(params)))
    for row in rows:
        found.add(row[:-1], wanted[row[-1]])


def _by_department(run: Execute, q: str, found: _Collector) -> None:
    if len(q) < 2:
        return
    department_ids = [
        d
        for (d,) in run(
            "SELECT id FROM search_department WHERE instr(name_key, ?) > 0"
            " OR (? AND (instr(pinyin, ?) > 0 OR instr(initials, ?) > 0))"
            " ORDER BY length(name_key), id",
            (q, int(q.isascii()), q, q),
        )
    ]
    for department_id in department_ids:
        if found.full:
            return
        for row in run(
            f"SELECT {_ENTRY_COLUMNS} FROM search_entry WHERE department_id = ?"
            " ORDER BY name_len, code_key LIMIT ?",
            (department_id, found.limit),
        ):
            found.add(row, TIER_DEPARTMENT)


def search_rows(run: Execute, text: str, limit: int = 50) -> list[SearchHit]:
    """The best ``limit`` catalog entries for what the clerk typed (``[]`` for blank input),
    read through ``run`` (one read transaction, if the caller wants one snapshot)."""
    q = normalize(text)
    if not q or limit <= 0:
        return []
    found = _Collector(min(limit, MAX_LIMIT))
    words = query_words(text)
    _by_code(run, q, found)
    if not found.full:
        _by_name(run, q, found)
    if len(words) > 1 and not found.full:
        _by_words(run, words, found)
    if not found.full:
        _by_department(run, q, found)
    return found.hits()


def search_readonly(connection: sqlite3.Connection, text: str, limit: int = 50) -> list[SearchHit]:
    """:func:`search_rows` on a plain ``sqlite3`` connection, in one read transaction."""
    in_transaction = connection.in_transaction
    if not in_transaction:
        connection.execute("BEGIN")
    try:
        return search_rows(connection.execute, text, limit)
    finally:
        if not in_transaction:
            connection.execute("COMMIT")


__all__ = [
    "MAX_LIMIT",
    "Execute",
    "SearchHit",
    "normalize",
    "query_words",
    "search_readonly",
    "search_rows",
]
