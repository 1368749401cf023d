"""`wuzheng catalog diff OLD NEW… [--json]`, run in-process: files, the installed catalog,
registers, and the refusals (one line, exit code 2, nothing written)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from catalog_versions import REGISTERS, REVISED_BASIS, write_pair

from app.catalog.exchange import document_bytes
from app.catalog.sample import sample_catalog_document
from app.cli import main


def run(tmp_path: Path, *args: str) -> int:
    return main(["--data-dir", str(tmp_path / "home"), "catalog", "diff", *args])


def test_two_files_a_readable_report_grouped_by_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = write_pair(tmp_path / "versions")
    assert run(tmp_path, str(old), str(new)) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "目录版本比较"
    assert lines[1].startswith("旧目录（目录-2026.11.json）：版本 示范县-2026.11，2026-11-01 发布")
    assert lines[2].startswith("新目录（目录-2026.12.json）：版本 示范县-2026.12")
    assert lines[3].startswith("共 ") and "新增证明事项 7 处" in lines[3]
    headings = [line for line in lines if line.startswith("【")]
    assert headings[:6] == [
        "【新增证明事项】7 处",
        "【删除证明事项】1 处",
        "【替代措施变化】1 处",
        "【措施内容变化】2 处",
        "【索取依据变化】1 处",
        "【核验或查询部门变化】1 处",
    ]
    basis = lines.index("【索取依据变化】1 处")
    assert lines[basis + 1 : basis + 4] == [
        "  C0033 家庭收入证明",
        "    原来：《最低生活保障审核确认办法》（民发〔2021〕57号）第七条",
        f"    现在：{REVISED_BASIS}",
    ]
    provider = lines.index("【核验或查询部门变化】1 处")
    assert lines[provider + 2 : provider + 4] == [
        "    原来：部门核验：城关镇人民政府",
        "    现在：部门核验：示范县民政局",
    ]
    assert not (tmp_path / "home").exists()  # two files: the data directory is not even made


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = write_pair(tmp_path / "versions")
    assert run(tmp_path, str(old), str(new), "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["old"]["version"] == "示范县-2026.11" and data["new"]["counts"]["matters"] == 94
    assert data["counts"]["item_added"] == 7 and data["counts"]["provider"] == 1
    assert data["total"] == len(data["changes"]) == sum(data["counts"].values())
    provider = next(c for c in data["changes"] if c["kind"] == "provider")
    assert provider["code"] == "C0006" and provider["fields"] == ["provider"]


def test_the_installed_catalog_and_an_unchanged_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = tmp_path / "sample.json"
    sample.write_bytes(document_bytes(sample_catalog_document()))
    assert run(tmp_path, "installed", str(sample)) == 0  # a new installation: the sample
    out = capsys.readouterr().out
    assert "旧目录（当前安装的目录）：版本 2026.11-sample（内置示例）" in out
    assert out.splitlines()[-1] == "两个目录的内容相同，没有变化。"
    assert run(tmp_path, str(sample), "installed", "--json") == 0
    assert json.loads(capsys.readouterr().out)["changes"] == []


def test_registers_preview_what_an_import_would_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, _new = write_pair(tmp_path / "versions")
    registers = [str(p) for p in sorted(REGISTERS.iterdir())]
    assert run(tmp_path, str(old), *registers) == 0
    out = capsys.readouterr().out
    assert "【新增证明事项】7 处" in out and "【删除证明事项】" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.json", "installed"], "旧目录：无法比较：找不到文件"),
        (["installed", "notes.txt"], "新目录：无法比较：notes.txt：不支持的文件类型“.txt”"),
        (["installed", "broken.json"], "新目录（broken.json）有 1 处问题，无法比较："),
        (["invalid.json", "installed"], "旧目录（invalid.json）有 1 处问题，无法比较："),
        (["installed", "installed", "broken.json"], "新目录：installed（当前安装的目录）不能与"),
    ],
)
def test_bad_files_are_refused_in_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("不是目录", encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"format": "wuzheng-catalog",', encoding="utf-8")
    invalid = sample_catalog_document()
    invalid["matters"][0]["items"].append("C9999")
    (tmp_path / "invalid.json").write_bytes(document_bytes(invalid))
    assert run(tmp_path, *args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"错误：{message}"), captured.err
    assert "Traceback" not in captured.err


def test_arguments_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        run(tmp_path, "installed")
    assert caught.value.code == 2
    assert "缺少必填参数：NEW" in capsys.readouterr().err


def test_the_word_for_the_installed_catalog_is_the_cores() -> None:
    from app.catalog import diff
    from app.cli import catalog_diff_cmd

    assert catalog_diff_cmd.INSTALLED == diff.INSTALLED
