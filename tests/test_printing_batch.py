"""Batch export of every guide on worker processes: files, progress, cancel, bad folders."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest
from printing_support import CATALOG_VERSION, install_catalog, page_sizes, pdf_text, squeeze

from app.catalog.views import all_matters
from app.errors import UserError
from app.printing.batch import export_all_guides, guide_file_name
from app.storage.db import Database


def test_all_guides_are_written_by_two_processes(db: Database, tmp_path: Path) -> None:
    install_catalog(db)
    seen: list[tuple[int, int]] = []
    result = export_all_guides(
        db, tmp_path / "out", jobs=2, chunk_size=1, progress=lambda d, t: seen.append((d, t))
    )
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [
        "M0001_公共租赁住房资格申请.pdf",
        "M0002_住房租赁补贴申请.pdf",
        "M9000_档案查阅利用申请.pdf",
    ]
    assert result.total == 3 and len(result.written) == 3 and not result.failed
    assert not result.cancelled
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    data = (tmp_path / "out" / names[0]).read_bytes()
    assert "公共租赁住房资格申请" in squeeze(pdf_text(data))
    assert f"目录版本{CATALOG_VERSION}" in squeeze(pdf_text(data))
    assert page_sizes(data)[0][0] == pytest.approx(595.28, abs=0.01)
    assert "已导出 3 / 3 份办事指南" in result.summary()


def test_cancel_stops_before_more_work_is_started(db: Database, tmp_path: Path) -> None:
    install_catalog(db)
    views = all_matters(db)
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done >= 1:
            cancel.set()

    result = export_all_guides(
        views * 10,
        tmp_path,
        catalog_version="v",
        jobs=1,
        chunk_size=1,
        progress=progress,
        cancel=cancel,
    )
    assert result.cancelled
    assert result.done == 1
    assert "已取消" in result.summary()


def test_file_names_are_safe_on_windows(db: Database) -> None:
    install_catalog(db)
    view = all_matters(db)[0]
    odd = replace(view, code="M/01", name='证明:"查询"*结果?<>|  很长' + "长" * 80)
    name = guide_file_name(odd)
    assert not set('<>:"/\\|?*') & set(name)
    assert name.startswith("M_01_证明__查询__结果") and name.endswith(".pdf")
    assert len(name) < 80


def test_an_unwritable_folder_is_refused(db: Database, tmp_path: Path) -> None:
    install_catalog(db)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(UserError, match="无法写入文件夹"):
        export_all_guides(db, blocker / "out", jobs=1)
