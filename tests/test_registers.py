"""Importing the Haishu registers (attachments 2 and 3) from .xlsx and .csv files."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import func, select

from app.catalog.exchange import export_catalog_document, import_catalog_document
from app.catalog.register_words import split_matters
from app.catalog.registers import RegisterImportError, import_registers
from app.catalog.views import get_item, get_matter
from app.storage.db import Database
from app.storage.models import AuditEntry, Measure

DATA = Path(__file__).resolve().parent / "data"
REGISTERS = DATA / "registers"


def _load_maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_registers", DATA / "make_registers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mk = _load_maker()


def fixture(name: str) -> Path:
    return REGISTERS / name


def state(db: Database) -> tuple[dict[str, Any], int]:
    with db.session() as s:
        audits = int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)
    return export_catalog_document(db), audits


def matter_named(db: Database, name: str) -> dict[str, Any]:
    doc = export_catalog_document(db)
    found = [m for m in doc["matters"] if m["name"] == name]
    assert len(found) == 1, [m["name"] for m in doc["matters"]]
    return found[0]


def item_named(db: Database, name: str) -> dict[str, Any]:
    doc = export_catalog_document(db)
    found = [i for i in doc["certificate_items"] if i["name"] == name]
    assert len(found) == 1
    return found[0]


def test_committed_fixtures_match_the_generator(tmp_path: Path) -> None:
    names = sorted(p.name for p in REGISTERS.iterdir())
    assert names == sorted(
        [
            "海曙区民政局-附件2.xlsx",
            "海曙区民政局-附件3.xlsx",
            "海曙区侨联-附件2.xlsx",
            "人社局-现行证明.csv",
            "人社局-措施.csv",
        ]
    )
    assert fixture("人社局-措施.csv").read_bytes().decode("gb18030").count("保留的证明材料名称")
    assert fixture("人社局-现行证明.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_attachment2_xlsx_with_titles_merges_blanks_and_footer(db: Database) -> None:
    report = import_registers(db, [fixture("海曙区民政局-附件2.xlsx")])
    assert report.counts["departments"].added == 1
    assert report.counts["certificate_items"].added == 3
    # 最低生活保障申请, 临时救助申请, 特困人员认定（城市、农村）
    assert report.counts["matters"].added == 3
    dibao = matter_named(db, "最低生活保障申请")
    view = get_matter(db, dibao["code"])
    assert view.department_name == "海曙区民政局"
    assert [i.name for i in view.items] == ["无经济收入证明", "亲属关系证明"]
    assert view.items[1].primary.measure is Measure.CANCEL
    assert view.items[0].primary.measure is Measure.RETAINED
    assert view.items[0].legal_basis.startswith("《社会救助暂行办法》")
    # the unit cell was merged down: row 8 belongs to the same department
    tekun = matter_named(db, "特困人员认定（城市、农村）")  # 、 inside brackets does not split
    assert get_matter(db, tekun["code"]).department_name == "海曙区民政局"
    linshi = matter_named(db, "临时救助申请")
    assert [i.name for i in get_matter(db, linshi["code"]).items] == [
        "无经济收入证明",
        "婚姻状况证明",
    ]


def test_attachment3_sets_measures_in_column_order(db: Database) -> None:
    import_registers(db, [fixture("海曙区民政局-附件3.xlsx"), fixture("海曙区民政局-附件2.xlsx")])
    income = get_item(db, item_named(db, "无经济收入证明")["code"])
    assert [m.measure for m in income.measures] == [Measure.VERIFY, Measure.PLEDGE]
    # attachment 2 was read first although given second: its 保留 does not undo attachment 3
    assert income.legal_basis.startswith("《社会救助暂行办法》")
    marriage = get_item(db, item_named(db, "婚姻状况证明")["code"])
    assert [(m.measure, m.detail) for m in marriage.measures] == [
        (Measure.SHARE, ""),
        (Measure.OTHER, "通过婚姻登记信息系统内部查询"),
    ]
    salary = get_item(db, item_named(db, "收入证明")["code"])
    assert [(m.measure, m.detail) for m in salary.measures] == [
        (Measure.SUBSTITUTE, "劳动合同或工资流水")
    ]
    hukou = get_item(db, item_named(db, "户口迁移证明")["code"])
    assert hukou.primary.measure is Measure.RETAINED


def test_csv_utf8_bom_and_gb18030(db: Database) -> None:
    import_registers(db, [fixture("人社局-现行证明.csv"), fixture("人社局-措施.csv")])
    shiye = get_item(db, item_named(db, "失业证明")["code"])
    assert shiye.primary.measure is Measure.CANCEL
    assert shiye.issuer == "街道（乡镇）劳动保障所"
    work = get_item(db, item_named(db, "工作经历证明")["code"])
    assert [m.measure for m in work.measures] == [Measure.VERIFY, Measure.PLEDGE]  # V and 是
    # "失业保险金申领；职业介绍补贴申领" is two matters
    assert matter_named(db, "职业介绍补贴申领")["items"] == [shiye.code]


def test_unit_that_answers_nothing(db: Database) -> None:
    report = import_registers(db, [fixture("海曙区侨联-附件2.xlsx")])
    assert not report.changed
    assert any("海曙区侨联" in line and "无" in line for line in report.summary_lines())


def test_reimport_is_idempotent_and_audited(db: Database) -> None:
    paths = sorted(REGISTERS.iterdir())
    import_registers(db, paths, actor="司法局")
    first = export_catalog_document(db)
    report = import_registers(db, paths)
    assert not report.changed
    assert export_catalog_document(db) == first
    with db.session() as s:
        actions = s.scalars(select(AuditEntry.action)).all()
    assert actions == ["catalog.import_registers", "catalog.import_registers"]


def test_fresh_database_gets_the_same_codes(db: Database) -> None:
    paths = sorted(REGISTERS.iterdir())
    import_registers(db, paths)
    other = Database.in_memory()
    import_registers(other, list(reversed(paths)))
    mine, theirs = export_catalog_document(db), export_catalog_document(other)
    assert [m["code"] for m in mine["matters"]] == [m["code"] for m in theirs["matters"]]
    assert mine["certificate_items"] == theirs["certificate_items"]


def test_rows_join_an_existing_catalog_by_name(db: Database) -> None:
    doc = {
        "format": "wuzheng-catalog",
        "format_version": 1,
        "catalog": {"version": "v1", "published_at": "", "sample": False, "source": "县目录"},
        "departments": [{"code": "330203-MZJ", "name": "海曙区民政局", "level": "county"}],
        "certificate_items": [
            {
                "code": "C0001",
                "name": "无经济收入证明",
                "issuer": "户籍所在地乡镇(街道)",  # half-width brackets still match
                "legal_basis": "",
                "measures": [
                    {
                        "measure": "verify",
                        "detail": "",
                        "provider": "330203-MZJ",
                        "one_click": False,
                        "deadline_days": 3,
                    }
                ],
            }
        ],
        "matters": [
            {
                "code": "M0001",
                "name": "最低生活保障 申请",
                "department": "330203-MZJ",
                "fee": "不收费",
                "items": ["C0001"],
            }
        ],
        "bundles": [],
    }
    import_catalog_document(db, doc)
    import_registers(db, [fixture("海曙区民政局-附件2.xlsx"), fixture("海曙区民政局-附件3.xlsx")])
    after = export_catalog_document(db)
    assert after["catalog"]["version"] == "v1"
    assert [d["code"] for d in after["departments"]] == ["330203-MZJ"]
    matter = get_matter(db, "M0001")
    assert matter.items[0].code == "C0001"
    assert "亲属关系证明" in [i.name for i in matter.items]
    item = get_item(db, "C0001")
    # attachment 3 ticks 核实 then 承诺; the verify measure keeps its provider and deadline
    assert [m.measure for m in item.measures] == [Measure.VERIFY, Measure.PLEDGE]
    assert item.measures[0].provider_code == "330203-MZJ"
    assert item.measures[0].deadline_days == 3


def test_dry_run_changes_nothing(db: Database) -> None:
    before = state(db)
    report = import_registers(db, sorted(REGISTERS.iterdir()), dry_run=True)
    assert report.dry_run and report.counts["certificate_items"].added == 7
    assert "试运行" in report.summary_lines()[0]
    assert state(db) == before


def errors_of(db: Database, paths: list[Path]) -> list[str]:
    before = state(db)
    with pytest.raises(RegisterImportError) as info:
        import_registers(db, paths)
    assert state(db) == before
    assert "未导入任何内容" in str(info.value)
    return info.value.problems


def test_row_errors_name_file_row_and_column(db: Database, tmp_path: Path) -> None:
    import_registers(db, [fixture("人社局-现行证明.csv")])  # something to keep unchanged
    body = [
        [1, mk.MZJ, "无经济收入证明", "乡镇", "低保", "", None, "√"],
        [2, mk.MZJ, "", "村委会", "低保", "", "√", None],  # row 6: no certificate name
        [3, mk.MZJ, "居住证明", "村委会", "低保", "", "√", "√"],  # row 7: both ticked
        [4, mk.MZJ, "收入证明", "单位", "低保", "", None, None],  # row 8: neither ticked
        [5, mk.MZJ, "病历证明", "医院", "", "", "x", None],  # row 9: no matter, odd mark
    ]
    bad = mk.write_xlsx(tmp_path / "民政局.xlsx", mk.a2_rows(mk.MZJ, body), mk.A2_MERGES)
    a3_body = [
        [1, mk.MZJ, "无经济收入证明", "乡镇", None, None, None, None, None, None],
        [2, mk.MZJ, "居住证明", "村委会", None, None, None, None, "√", None],
        [3, mk.MZJ, "婚姻状况证明", "民政局", "√", None, None, None, None, "√"],
    ]
    bad3 = mk.write_csv(tmp_path / "民政局措施.csv", mk.a3_rows(mk.MZJ, a3_body), "gb18030")
    problems = errors_of(db, [bad, bad3])
    expected = [
        "民政局.xlsx 第6行「证明材料名称」：不能为空",
        "民政局.xlsx 第7行「梳理结果建议」：「取消」和「保留」只能勾选一项",
        "民政局.xlsx 第8行「梳理结果建议」：请在「取消」或「保留」栏中打“√”",
        "民政局.xlsx 第9行「证明对应的办理事项」：不能为空",
        "民政局.xlsx 第9行「取消」：无法识别“x”",
        "民政局措施.csv 第5行「可采取的“无证明办事”措施」：请至少勾选一项措施",
        "民政局措施.csv 第6行「其他」：采用其他措施的，请写明具体方式",
        "民政局措施.csv 第7行「暂时无法实现」：已勾选了“无证明办事”措施",
    ]
    for text in expected:
        assert any(p.startswith(text) for p in problems), (text, problems)
    assert len(problems) == len(expected)


def test_file_errors(db: Database, tmp_path: Path) -> None:
    empty = tmp_path / "空.xlsx"
    empty.write_bytes(b"")
    text = tmp_path / "不是表格.xlsx"
    text.write_text("这不是 Excel 文件", encoding="utf-8")
    corrupt = tmp_path / "损坏.xlsx"
    corrupt.write_bytes(fixture("海曙区民政局-附件2.xlsx").read_bytes()[:2000])
    utf16 = tmp_path / "编码.csv"
    utf16.write_bytes("序号,证明材料名称\n".encode("utf-16"))
    unknown = mk.write_xlsx(tmp_path / "花名册.xlsx", [["姓名", "电话"], ["张三", "123"]])
    blank_csv = tmp_path / "空白.csv"
    blank_csv.write_bytes(b",,,\r\n,,\r\n")
    old = tmp_path / "旧版.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    problems = errors_of(
        db, [empty, text, corrupt, utf16, unknown, blank_csv, old, tmp_path / "缺失.xlsx"]
    )
    assert problems[0] == "空.xlsx：文件是空的。"
    assert problems[1].startswith("不是表格.xlsx：不是有效的 Excel 文件")
    assert problems[2].startswith("损坏.xlsx：")
    assert problems[3].startswith("编码.csv：无法识别文件编码")
    assert problems[4].startswith("花名册.xlsx：无法识别登记表格式")
    assert problems[5] == "空白.csv：表格中没有任何内容。"
    assert "另存为 .xlsx" in problems[6]
    assert problems[7].startswith("找不到文件")


def test_missing_unit_column_is_reported(db: Database, tmp_path: Path) -> None:
    rows = [["序号", "证明材料名称", "证明开具单位", "证明对应的办理事项", "取消", "保留"]]
    path = mk.write_csv(tmp_path / "缺列.csv", rows)
    problems = errors_of(db, [path])
    assert problems[0].startswith("缺列.csv：表头缺少 「管理或服务单位名称」、「索取证明依据」")


def test_unit_from_title_line_when_column_left_blank(db: Database, tmp_path: Path) -> None:
    body = [[1, None, "在读证明", "学校", "助学金申请", "", "√", None]]
    path = mk.write_csv(tmp_path / "教育局.csv", mk.a2_rows("海曙区教育局", body))
    import_registers(db, [path])
    matter = matter_named(db, "助学金申请")
    assert get_matter(db, matter["code"]).department_name == "海曙区教育局"


def test_split_matters() -> None:
    assert split_matters("甲；乙;丙、丁\n戊\r\n甲") == ["甲", "乙", "丙", "丁", "戊"]
    assert split_matters("婚姻登记（结婚、离婚）、收养登记") == [
        "婚姻登记（结婚、离婚）",
        "收养登记",
    ]
    assert split_matters("  ") == []


@pytest.mark.slow
def test_a_4052_row_register_pair_imports_whole(db: Database, tmp_path: Path) -> None:
    units = [f"海曙区第{u}局" for u in range(40)]
    a2 = [
        [
            n + 1,
            units[n % 40],
            f"证明材料{n}",
            f"开具单位{n % 97}",
            f"办理事项{n % 2729}、办理事项{(n + 7) % 2729}",
            f"《某某条例》第{n % 50}条",
            "√" if n % 3 == 0 else None,
            None if n % 3 == 0 else "√",
        ]
        for n in range(4052)
    ]
    a3 = [
        [
            n + 1,
            units[n % 40],
            f"证明材料{n}",
            f"开具单位{n % 97}",
            "√",
            None,
            "身份证" if n % 5 == 0 else None,
            "√",
            None,
            None,
        ]
        for n in range(4052)
        if n % 3
    ]
    p2 = mk.write_xlsx(tmp_path / "附件2.xlsx", mk.a2_rows("汇总", a2), mk.A2_MERGES)
    p3 = mk.write_xlsx(tmp_path / "附件3.xlsx", mk.a3_rows("汇总", a3), mk.A3_MERGES)
    # the time it takes is measured by benchmarks/bench_catalog.py, not asserted here
    report = import_registers(db, [p2, p3])
    assert report.counts["certificate_items"].added == 4052


# --------------------------------------------------------------------------- register rules


def test_cancel_and_keep_of_one_certificate_for_one_matter_names_both_rows(
    db: Database, tmp_path: Path
) -> None:
    body = [
        [1, mk.MZJ, "居住证明", "村委会", "最低生活保障申请、临时救助申请", "", "√", None],  # 5
        [2, mk.MZJ, "居住证明", "村委会", "临时救助申请", "", "√", None],  # 6: the same, again
        [3, mk.MZJ, "居住证明", "村委会", "临时救助申请", "", None, "√"],  # 7: 保留 vs row 5
    ]
    first = mk.write_xlsx(tmp_path / "民政局.xlsx", mk.a2_rows(mk.MZJ, body), mk.A2_MERGES)
    other = [[1, mk.MZJ, "居住证明", "村委会", "最低生活保障 申请", "", None, "√"]]
    second = mk.write_csv(tmp_path / "补报.csv", mk.a2_rows(mk.MZJ, other))
    problems = errors_of(db, [first, second])
    assert len(problems) == 2, problems
    assert problems[0].startswith("民政局.xlsx 第7行「梳理结果建议」：")
    assert "民政局.xlsx 第5行" in problems[0] and "临时救助申请" in problems[0]
    assert problems[1].startswith("补报.csv 第5行「梳理结果建议」：")
    assert "民政局.xlsx 第5行" in problems[1] and "最低生活保障申请" in problems[1]


def test_hidden_worksheets_are_skipped_with_a_note(db: Database, tmp_path: Path) -> None:
    path = mk.write_xlsx(
        tmp_path / "民政局.xlsx", mk.a2_rows(mk.MZJ, mk.MZJ_A2_BODY), mk.MZJ_A2_MERGES
    )
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    hidden = workbook.create_sheet("旧版登记表")
    for row in mk.a2_rows(mk.MZJ, [[1, mk.MZJ, "旧证明", "村委会", "旧事项", "", "x", "x"]]):
        hidden.append(list(row))
    hidden.sheet_state = "hidden"
    workbook.save(path)
    report = import_registers(db, [path])
    assert report.counts["certificate_items"].added == 3
    assert "旧证明" not in {i["name"] for i in export_catalog_document(db)["certificate_items"]}
    assert any("旧版登记表" in n and "隐藏" in n and "跳过" in n for n in report.notes)


def test_a_workbook_of_hidden_sheets_only_is_refused(db: Database, tmp_path: Path) -> None:
    path = mk.write_xlsx(tmp_path / "全隐藏.xlsx", mk.a2_rows(mk.MZJ, mk.MZJ_A2_BODY))
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    workbook.create_sheet("说明").append(["见隐藏的登记表"])
    workbook["登记表"].sheet_state = "hidden"
    workbook.save(path)
    [problem] = errors_of(db, [path])
    assert problem.startswith("全隐藏.xlsx") and "隐藏" in problem


@pytest.mark.parametrize("attachment", ["a2", "a3"])
def test_a_register_with_a_header_and_no_rows_is_refused(
    db: Database, tmp_path: Path, attachment: str
) -> None:
    rows = mk.a2_rows(mk.MZJ, []) if attachment == "a2" else mk.a3_rows(mk.MZJ, [])
    path = mk.write_xlsx(tmp_path / "空表.xlsx", rows)
    [problem] = errors_of(db, [path])
    assert problem.startswith("空表.xlsx：") and "没有登记任何证明" in problem and "“无”" in problem
    csv = mk.write_csv(tmp_path / "空表.csv", rows[2:4])  # the header alone
    assert errors_of(db, [csv])[0].startswith("空表.csv：")


def test_a_gbk_register_with_a_utf8_byte_order_mark_is_named(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "人社局.csv"
    text = "\r\n".join(
        ",".join(str(c or "") for c in row) for row in mk.a2_rows(mk.RSJ, mk.RSJ_A2_BODY)
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("gbk"))
    [problem] = errors_of(db, [path])
    assert problem.startswith("人社局.csv：")
    assert "BOM" in problem and "GBK" in problem and "只支持" not in problem


def test_text_longer_than_the_catalog_allows_names_file_row_and_column(
    db: Database, tmp_path: Path
) -> None:
    body = [
        [1, mk.MZJ, "证" * 301, "村委会", "低保", "", "√", None],  # row 5
        [2, "局" * 201, "居住证明", "村委会", "低保", "", "√", None],  # row 6
        [3, mk.MZJ, "居住证明", "村委会", "临时救助、" + "事" * 301, "", "√", None],  # row 7
        [4, mk.MZJ, "收入证明", "村委会", "低保", "依" * 10_001, None, "√"],  # row 8
        [5, mk.MZJ, "亲属证明", "村\x07委会", "低保", "", "√", None],  # row 9
    ]
    a2 = mk.write_csv(tmp_path / "长.csv", mk.a2_rows(mk.MZJ, body))
    a3_body = [[1, mk.MZJ, "收入证明", "村委会", None, None, "替" * 10_001, None, None, None]]
    a3 = mk.write_csv(tmp_path / "长措施.csv", mk.a3_rows(mk.MZJ, a3_body))
    problems = errors_of(db, [a2, a3])
    assert problems == [
        "长.csv 第5行「证明材料名称」：文字过长（现有 301 个字符），最多 300 个字符",
        "长.csv 第6行「管理或服务单位名称」：文字过长（现有 201 个字符），最多 200 个字符",
        "长.csv 第7行「证明对应的办理事项」：文字过长（现有 301 个字符），最多 300 个字符",
        "长.csv 第8行「索取证明依据」：文字过长（现有 10001 个字符），最多 10000 个字符",
        "长.csv 第9行「证明开具单位」：含有控制字符（如 \\x00），请删除",
        "长措施.csv 第5行「替代」：文字过长（现有 10001 个字符），最多 10000 个字符",
    ]


def test_new_matters_get_the_applicant_kinds_their_register_implies(
    db: Database, tmp_path: Path
) -> None:
    body = [
        [1, mk.MZJ, "营业执照", "市场监管局", "养老服务机构备案", "", None, "√"],
        [2, mk.MZJ, "出资人身份证明", "公安机关", "个人独资企业设立登记", "", None, "√"],
        [3, mk.MZJ, "居住证明", "村委会", "公共租赁住房资格申请", "", "√", None],
        [4, mk.MZJ, "劳动合同", "用人单位", "企业职工基本养老保险待遇申领", "", None, "√"],
        [5, mk.MZJ, "企业经营状况证明", "乡镇", "创业贷款贴息申请", "", None, "√"],
        [6, mk.MZJ, "用工证明", "村委会", "个人或单位参保登记", "", None, "√"],
    ]
    path = mk.write_xlsx(tmp_path / "民政局.xlsx", mk.a2_rows(mk.MZJ, body), mk.A2_MERGES)
    import_registers(db, [path])
    kinds = {m["name"]: m["applicant_kind"] for m in export_catalog_document(db)["matters"]}
    assert kinds == {
        "养老服务机构备案": "enterprise",
        "个人独资企业设立登记": "enterprise",
        "公共租赁住房资格申请": "person",
        "企业职工基本养老保险待遇申领": "both",
        "创业贷款贴息申请": "both",
        "个人或单位参保登记": "both",
    }
    from app.cases import CaseService, validate_applicant

    company = validate_applicant("enterprise", "示范养老服务有限公司", "91110000600037341L", "")
    case = CaseService(db).new_case(
        company, matter_code=matter_named(db, "养老服务机构备案")["code"]
    )
    assert case.matter_name == "养老服务机构备案"
