"""`wuzheng catalog search | show | stats | generate`, driven like a user at a terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main


def run(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(home), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_search_lists_hits(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, tmp_path, "catalog", "search", "gzzf")
    assert code == 0
    assert "M0001" in out and "公共租赁住房资格申请" in out
    code, out, _ = run(capsys, tmp_path, "catalog", "search", "低保", "--json")
    hits = json.loads(out)
    assert code == 0 and hits[0]["name"] == "最低生活保障（低保）审核确认"
    assert hits[0]["kind"] == "matter"


def test_search_nothing_found_and_bad_limit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, tmp_path, "catalog", "search", "查无此项xyz")
    assert code == 0 and "没有找到" in out
    code, _, err = run(capsys, tmp_path, "catalog", "search", "证明", "--limit", "0")
    assert code == 2 and err.startswith("错误：")


def test_show_matter_in_readable_chinese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, tmp_path, "catalog", "show", "M0001")
    assert code == 0
    assert "公共租赁住房资格申请" in out
    assert "数据查询" in out and "部门核验" in out and "一键查询" in out
    assert "《公共租赁住房管理办法》" in out
    assert "流程：" in out and "→" in out


def test_show_item_with_pledge_text_and_matters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, out, _ = run(capsys, tmp_path, "catalog", "search", "无经济收入证明", "--json")
    item = next(h for h in json.loads(out) if h["kind"] == "item")
    code, out, _ = run(capsys, tmp_path, "catalog", "show", item["code"])
    assert code == 0
    assert "告知承诺" in out and "本人承诺" in out
    assert "遗属补助生活费申领" in out


def test_show_bundle_counts_each_certificate_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, tmp_path, "catalog", "show", "B0001", "--json")
    data = json.loads(out)
    assert code == 0 and data["kind"] == "bundle" and len(data["matters"]) == 9
    codes = [i["code"] for i in data["items"]]
    assert len(codes) == len(set(codes))
    code, out, _ = run(capsys, tmp_path, "catalog", "show", "B0001")
    assert "新生儿出生一件事" in out and "每项只核对一次" in out


def test_unknown_code_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, tmp_path, "catalog", "show", "NO-SUCH")
    assert code == 2 and out == ""
    assert "错误：" in err and "NO-SUCH" in err and "Traceback" not in err


def test_stats(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, tmp_path, "catalog", "stats", "--json")
    stats = json.loads(out)
    assert code == 0 and stats["matters"] >= 60 and stats["items"] >= 150
    assert sum(m["count"] for m in stats["measures"].values()) == stats["items"]
    code, out, _ = run(capsys, tmp_path, "catalog", "stats")
    assert "直接取消" in out and "一键查询" in out and "县级" in out


def test_generate_writes_a_catalog_that_imports(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "synthetic.json"
    code, out, _ = run(
        capsys, tmp_path / "home", "catalog", "generate", "--matters", "60", "--items", "90",
        "--counties", "2", "--seed", "4", "-o", str(target),
    )  # fmt: skip
    assert code == 0 and "120 个事项" in out
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert len(doc["certificate_items"]) == 180
    code, out, _ = run(capsys, tmp_path / "home", "catalog", "import", str(target))
    assert code == 0
    code, out, _ = run(capsys, tmp_path / "home", "catalog", "stats", "--json")
    assert json.loads(out)["matters"] == 120


def test_generate_with_import(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(
        capsys, tmp_path, "catalog", "generate", "--matters", "30", "--items", "40", "--import"
    )
    assert code == 0 and "目录已导入" in out
    code, out, _ = run(capsys, tmp_path, "catalog", "search", "339001-M00001", "--json")
    assert json.loads(out)[0]["code"] == "339001-M00001"


@pytest.mark.parametrize(
    "args",
    [
        ["--matters", "-1"],
        ["--items", "-3"],
        ["--counties", "0"],
        ["--matters", "0", "--items", "0"],
        ["--matters", "1500000", "--items", "1500000"],
    ],
)
def test_generate_refuses_bad_numbers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str]
) -> None:
    target = tmp_path / "out.json"
    code, _, err = run(capsys, tmp_path, "catalog", "generate", *args, "-o", str(target))
    assert code == 2 and err.startswith("错误：") and "Traceback" not in err
    assert not target.exists()


def test_generate_refuses_a_number_that_is_not_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "out.json"
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", str(tmp_path), "catalog", "generate", "--matters", "abc"])
    assert exited.value.code == 2
    assert "参数错误" in capsys.readouterr().err
    assert not target.exists()


def test_generate_needs_a_destination(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, tmp_path, "catalog", "generate", "--matters", "5")
    assert code == 2 and "-o" in err
    code, _, err = run(
        capsys, tmp_path, "catalog", "generate", "-o", str(tmp_path / "missing" / "x.json")
    )
    assert code == 2 and "不存在" in err
