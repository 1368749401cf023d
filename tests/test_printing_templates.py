"""Editable wording: local overrides win, broken files are named in a Chinese message."""

from __future__ import annotations

from pathlib import Path

import pytest
from printing_support import install_catalog, pdf_text, squeeze

from app.errors import UserError
from app.printing.guide import print_guide
from app.printing.templates import check_templates, load_template
from app.storage.db import Database


def write(home: Path, name: str, text: str) -> Path:
    folder = home / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_templates_all_fill(tmp_path: Path) -> None:
    lines = check_templates(tmp_path)
    assert [line.split("：")[0] for line in lines] == ["guide", "pledge", "receipt"]


def test_a_local_override_changes_the_printed_wording(db: Database, tmp_path: Path) -> None:
    install_catalog(db)
    write(tmp_path, "common.toml", 'hall_name = "鹤峰县政务服务中心"\nhotline = "0718-5283456"\n')
    write(tmp_path, "guide.toml", '[actions]\ncancel = "已取消，不用带"\n')
    template = load_template("guide", tmp_path)
    text = squeeze(pdf_text(print_guide(db, "M0001", template=template)))
    assert "鹤峰县政务服务中心" in text
    assert "0718-5283456" in text
    assert "已取消，不用带" in text
    assert "无需提供，由窗口核验" in text  # keys not overridden keep the shipped wording


def test_a_broken_template_file_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "pledge.toml", 'intro = "未闭合的引号\n')
    with pytest.raises(UserError, match="格式有误") as caught:
        load_template("pledge", tmp_path)
    assert str(path) in str(caught.value)


def test_an_unknown_placeholder_is_named_with_its_file(tmp_path: Path) -> None:
    path = write(tmp_path, "receipt.toml", 'footer = "请致电 {hotlne}"\n')
    template = load_template("receipt", tmp_path)
    with pytest.raises(UserError, match=r"\{hotlne\}") as caught:
        template.text("footer")
    assert str(path) in str(caught.value)
    with pytest.raises(UserError, match="hotlne"):
        check_templates(tmp_path)


def test_unbalanced_braces_are_explained(tmp_path: Path) -> None:
    write(tmp_path, "guide.toml", 'footer = "版本 {catalog_version"\n')
    with pytest.raises(UserError, match="花括号"):
        load_template("guide", tmp_path).text("footer", catalog_version="1")
