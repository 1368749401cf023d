"""Hostile and broken catalog files: refused at the edge with the path of the bad field.

Each case is run as a county IT person would: `wuzheng catalog import bad.json` over an
installed catalog. The answer is one Chinese line on stderr, exit code 2, and the database is
exactly as it was (same export bytes, no audit entry).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from test_exchange import sample_doc

from app.catalog.exchange import document_problems, import_catalog_document
from app.catalog.exchange.document import MAX_DEADLINE_DAYS, MAX_LIMIT_DAYS
from app.cli import main
from app.storage.db import Database
from app.storage.models import AuditEntry

Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    """Set the value at a dotted path (``matters.0.name``) of a document."""

    def mutate(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return mutate


def _state(home: Path) -> tuple[bytes, int]:
    """What must not change: the exported catalog and the number of audit entries."""
    target = home.parent / "state.json"
    assert main(["--data-dir", str(home), "catalog", "export", str(target)]) == 0
    db = Database.open(home)
    with db.session() as s:
        audits = int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)
    db.engine.dispose()
    return target.read_bytes(), audits


def refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, problems: int = 1
) -> str:
    """Import ``text`` as a catalog file over the installed one; what stderr says."""
    home = tmp_path / "home"
    before = _state(home)
    capsys.readouterr()
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    assert main(["--data-dir", str(home), "catalog", "import", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert err.startswith(f"错误：目录文件有 {problems} 处问题，未导入任何内容：")
    assert len(err.strip().splitlines()) == (1 if problems == 1 else problems + 1), err
    err.encode("utf-8")  # printable on any terminal: no lone surrogate in the message
    assert _state(home) == before
    return err


def doc_text(*mutations: Mutation) -> str:
    """The document as JSON text; what is not ASCII is escaped (\\u…), lone surrogates too."""
    doc = sample_doc()
    for mutate in mutations:
        mutate(doc)
    return json.dumps(doc)


@pytest.mark.parametrize(
    ("mutation", "where"),
    [
        # numbers out of range, and the bound on deadlines (5,000,000 days is not a deadline)
        (_set("certificate_items.0.measures.1.deadline_days", 10**30), "measures[1].deadline_days"),
        (_set("certificate_items.0.measures.1.deadline_days", 5_000_000), "deadline_days"),
        (_set("certificate_items.0.measures.1.deadline_days", MAX_DEADLINE_DAYS + 1), "deadline"),
        (_set("certificate_items.0.measures.1.deadline_days", -1), "deadline_days"),
        (_set("matters.0.legal_limit_days", 10**30), "matters[0].legal_limit_days"),
        (_set("matters.1.promised_limit_days", MAX_LIMIT_DAYS + 1), "matters[1].promised_limit"),
        # wrong types
        (_set("matters.0.promised_limit_days", 3.5), "matters[0].promised_limit_days"),
        (_set("matters.0.promised_limit_days", True), "matters[0].promised_limit_days"),
        (_set("certificate_items.1.measures.0.one_click", "yes"), "measures[0].one_click"),
        (_set("departments.0.name", ["县公安局"]), "departments[0].name: 应为文字"),
        (_set("departments.0.name", None), "departments[0].name: 缺少必填字段"),
        (_set("matters.0.steps", {"1": "申请"}), "matters[0].steps: 应为列表"),
        (_set("matters.0.materials.0", 7), "matters[0].materials[0]: 应为文字"),
        (_set("bundles.0", "B0001"), "bundles[0]: 应为对象"),
        (_set("catalog.sample", "false"), "catalog.sample: 应为 true 或 false"),
        (_set("matters.0.applicant_kind", {"kind": "person"}), "matters[0].applicant_kind"),
        # text that no catalog holds: too long, control characters, lone surrogates
        (_set("matters.0.name", "事" * 301), "matters[0].name: 文字过长"),
        (_set("bundles.0.code", "B" * 65), "bundles[0].code: 文字过长"),
        (_set("matters.0.steps.1", "受\x00理"), "matters[0].steps[1]: 含有控制字符"),
        (_set("matters.0.name", "\ud800低保"), "matters[0].name: 含有无效的字符"),
        (_set("matters.0.steps", ["申请"] * 501), "matters[0].steps: 最多 500 项"),
    ],
)
def test_bad_field_is_refused_with_its_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mutation: Mutation, where: str
) -> None:
    err = refused(tmp_path, capsys, doc_text(mutation))
    assert where in err


def test_lone_surrogate_in_a_reference_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused(tmp_path, capsys, doc_text(_set("matters.1.items.0", "C\udc80")), problems=2)
    assert "matters[1].items[0]: 含有无效的字符" in err
    assert "matters[1].items[0]: 未知证明事项编码“C\\udc80”" in err


def test_number_of_thousands_of_digits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = doc_text(_set("matters.0.legal_limit_days", 12345)).replace("12345", "9" * 5000)
    err = refused(tmp_path, capsys, text)
    assert "matters[0].legal_limit_days: 应为 0 到 365 之间的整数" in err


@pytest.mark.parametrize("depth", [900, 50_000])
def test_deep_nesting(tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int) -> None:
    text = doc_text(_set("matters.0.steps", ["step"])).replace(
        '["step"', "[" * depth + '"step"' + "]" * (depth - 1), 1
    )
    err = refused(tmp_path, capsys, text)
    assert "matters[0].steps[0]" in err


def test_the_bounds_themselves_are_accepted(db: Database) -> None:
    doc = sample_doc()
    doc["certificate_items"][0]["measures"][1]["deadline_days"] = MAX_DEADLINE_DAYS
    doc["matters"][0]["legal_limit_days"] = MAX_LIMIT_DAYS
    doc["matters"][0]["promised_limit_days"] = 0
    doc["matters"][0]["name"] = "事" * 300
    assert import_catalog_document(db, doc).counts["matters"].added == 2


def test_problems_carry_their_path_for_the_hub() -> None:
    doc = sample_doc()
    doc["matters"][1]["legal_limit_days"] = "三十"
    doc["bundles"][0]["matters"].append("M0404")
    problems = document_problems(doc)
    assert [(p.loc, p.path) for p in problems] == [
        (("matters", 1, "legal_limit_days"), "matters[1].legal_limit_days"),
        (("bundles", 0, "matters", 2), "bundles[0].matters[2]"),
    ]
    assert problems[1].message == "未知事项编码“M0404”"
    assert document_problems(sample_doc()) == []
