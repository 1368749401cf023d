"""`wuzheng catalog import` / `export`, run in-process and once as the real console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.catalog.exchange import document_bytes, export_catalog_document
from app.cli import main
from app.storage.db import Database

REGISTERS = Path(__file__).resolve().parent / "data" / "registers"


def small_doc() -> dict[str, Any]:
    return {
        "format": "wuzheng-catalog",
        "format_version": 1,
        "catalog": {
            "version": "cli-1",
            "published_at": "2026-11-20",
            "sample": False,
            "source": "测试",
        },
        "departments": [{"code": "D1", "name": "县民政局", "level": "county"}],
        "certificate_items": [
            {
                "code": "C1",
                "name": "无犯罪记录证明",
                "issuer": "公安机关",
                "legal_basis": "",
                "measures": [
                    {
                        "measure": "share",
                        "detail": "",
                        "provider": None,
                        "one_click": True,
                        "deadline_days": None,
                    }
                ],
            }
        ],
        "matters": [
            {
                "code": "M1",
                "name": "养老服务机构备案",
                "department": "D1",
                "level": "county",
                "applicant_kind": "enterprise",
                "legal_limit_days": None,
                "promised_limit_days": 1,
                "fee": "不收费",
                "where": "",
                "hours": "",
                "steps": [],
                "materials": [],
                "items": ["C1"],
            }
        ],
        "bundles": [],
    }


def run(tmp_path: Path, *args: str) -> int:
    return main(["--data-dir", str(tmp_path / "home"), "catalog", *args])


def db_of(tmp_path: Path) -> Database:
    return Database.open(tmp_path / "home")


def test_import_json_then_export_same_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "catalog.json"
    source.write_bytes(document_bytes(small_doc()))
    assert run(tmp_path, "import", str(source)) == 0
    out = capsys.readouterr().out
    assert "目录已导入" in out and "事项：新增 1" in out and "cli-1" in out
    target = tmp_path / "out.json"
    assert run(tmp_path, "export", str(target)) == 0
    assert "已导出目录到" in capsys.readouterr().out
    assert target.read_bytes() == source.read_bytes()


def test_import_registers_and_dry_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(p) for p in sorted(REGISTERS.iterdir())]
    assert run(tmp_path, "export", str(tmp_path / "sample.json")) == 0  # first start: sample
    before = export_catalog_document(db_of(tmp_path))
    assert run(tmp_path, "import", *paths, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "试运行" in out and "证明事项：新增 7" in out
    assert export_catalog_document(db_of(tmp_path)) == before

    assert run(tmp_path, "import", *paths) == 0
    out = capsys.readouterr().out
    assert "目录已导入" in out and "海曙区侨联" in out
    names = {i["name"] for i in export_catalog_document(db_of(tmp_path))["certificate_items"]}
    assert {"无经济收入证明", "失业证明", "工作经历证明"} <= names


def test_bad_register_lists_every_error_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(tmp_path, "export", str(tmp_path / "before.json"))
    capsys.readouterr()
    bad = tmp_path / "坏表.csv"
    bad.write_text(
        "序号,管理或服务单位名称,证明材料名称,证明开具单位,证明对应的办理事项,索取证明依据,取消,保留\n"
        "1,区民政局,,村委会,低保,,√,\n"
        "2,区民政局,居住证明,村委会,低保,,√,√\n",
        encoding="utf-8",
    )
    good = REGISTERS / "人社局-现行证明.csv"
    assert run(tmp_path, "import", str(good), str(bad)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("错误：登记表有 2 处问题，未导入任何内容：")
    assert "坏表.csv 第2行「证明材料名称」：不能为空" in captured.err
    assert "坏表.csv 第3行「梳理结果建议」" in captured.err
    run(tmp_path, "export", str(tmp_path / "after.json"))
    assert (tmp_path / "before.json").read_bytes() == (tmp_path / "after.json").read_bytes()


def test_bad_json_is_refused_with_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = small_doc()
    doc["matters"][0]["department"] = "X"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert run(tmp_path, "import", str(path)) == 2
    assert "matters[0].department: 未知部门编码“X”" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "missing.json"], "找不到文件"),
        (["import", "notes.txt"], "不支持的文件类型“.txt”"),
        (["import", "old.xls"], "另存为 .xlsx"),
        (["import", "a.json", "b.json"], "一次只能导入一个 .json 目录文件"),
        (["export", "no-such-folder/catalog.json"], "不存在"),
        (["export", "."], "文件夹"),
        (["export", "catalog.txt"], "应以 .json 结尾"),
    ],
)
def test_refusals(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("notes.txt", "old.xls", "a.json", "b.json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    if args == ["export", "."]:
        args = ["export", str(tmp_path)]
    assert run(tmp_path, *args) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and message in err
    assert "Traceback" not in err


def test_console_script_prints_no_traceback(tmp_path: Path) -> None:
    script = shutil.which("wuzheng", path=str(Path(sys.executable).parent))
    assert script is not None
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    env = {**os.environ, "WUZHENG_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [script, "catalog", "import", str(broken)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "broken.xlsx：不是有效的 Excel 文件" in result.stderr


def test_registers_on_a_new_installation_replace_the_sample_and_say_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(p) for p in sorted(REGISTERS.iterdir())]
    assert run(tmp_path, "import", *paths, "--dry-run") == 0  # the first start loads the sample
    assert [line for line in capsys.readouterr().out.splitlines() if "示例" in line] == [
        "将替换内置示例目录（示例数据将被移除）。"
    ]
    assert run(tmp_path, "import", *paths) == 0
    assert [line for line in capsys.readouterr().out.splitlines() if "示例" in line] == [
        "已替换内置示例目录（示例数据已移除）。"
    ]
    doc = export_catalog_document(db_of(tmp_path))
    assert not doc["catalog"]["sample"]
    assert "公共租赁住房资格申请" not in {m["name"] for m in doc["matters"]}
