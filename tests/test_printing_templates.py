"""Editable wording: local overrides win, broken files are named in a Chinese message."""

from __future__ import annotations

from pathlib import Path

import pytest
from printing_support import install_catalog, pdf_text, squeeze

from app.cli import main
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


@pytest.mark.parametrize(
    ("file", "text", "key", "expected", "found"),
    [
        ("common.toml", "hall_name = 123\n", "hall_name", "应为文字", "现在是数字"),
        (
            "pledge.toml",
            'consequences = "不实承诺将被记录"\n',
            "consequences",
            "应为文字列表",
            "文字",
        ),
        (
            "pledge.toml",
            'consequences = ["撤销决定", 2]\n',
            "consequences",
            "应为文字列表",
            "不是文字",
        ),
        ("guide.toml", 'actions = "无需提供"\n', "actions", "应为一个表", "现在是文字"),
        ("guide.toml", "[actions]\ncancel = true\n", "actions.cancel", "应为文字", "真假值"),
        ("receipt.toml", '[footer]\ntext = "x"\n', "footer", "应为文字", "现在是表"),
    ],
)
def test_a_value_of_the_wrong_type_is_named_with_its_file_key_and_expected_type(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    file: str,
    text: str,
    key: str,
    expected: str,
    found: str,
) -> None:
    path = write(tmp_path, file, text)
    with pytest.raises(UserError) as caught:
        check_templates(tmp_path)
    message = str(caught.value)
    assert str(path) in message and f"“{key}”" in message
    assert expected in message and found in message
    # printing with it stops at once with the same words, not halfway through a document
    document = "guide" if file == "common.toml" else file.removesuffix(".toml")
    with pytest.raises(UserError, match=expected):
        load_template(document, tmp_path)
    # the command line: one line, exit code 2
    assert main(["--data-dir", str(tmp_path), "print", "check-templates"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("错误：") and key in err[0]


def test_misspelt_keys_are_named_with_the_key_they_were_meant_to_be(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    common = write(tmp_path, "common.toml", 'hotlne = "0718-5283456"\n')
    guide = write(tmp_path, "guide.toml", '[actions]\ncanel = "已取消，不用带"\n')
    with pytest.raises(UserError) as caught:
        check_templates(tmp_path)
    message = str(caught.value)
    assert "2 处问题" in message
    assert f"{common} 中的“hotlne”不是可用的项目，是否应为“hotline”" in message
    assert f"{guide} 中的“actions.canel”不是可用的项目，是否应为“actions.cancel”" in message
    assert main(["--data-dir", str(tmp_path), "print", "check-templates"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_a_file_saved_with_a_byte_order_mark_is_read(db: Database, tmp_path: Path) -> None:
    install_catalog(db)
    folder = tmp_path / "templates"
    folder.mkdir()
    # Windows Notepad saves UTF-8 with a byte-order mark
    (folder / "guide.toml").write_text(
        '[actions]\ncancel = "已取消，不用带"\n', encoding="utf-8-sig"
    )
    assert len(check_templates(tmp_path)) == 3
    text = squeeze(pdf_text(print_guide(db, "M0001", template=load_template("guide", tmp_path))))
    assert "已取消，不用带" in text
