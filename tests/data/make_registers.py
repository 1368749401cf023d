"""Write the hand-made register fixtures in tests/data/registers/ (run: python make_registers.py).

They follow the layouts of seed 003 (Haishu), attachments 2 and 3: title rows, a "填报单位名称"
line, a two-row header with merged cells, blank and pre-numbered empty rows, √ marks, a unit
that answers 无, and the signature/instructions footer. The tests also use ``write_xlsx`` and
``write_csv`` to build broken variants on the fly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

HERE = Path(__file__).resolve().parent / "registers"

Rows = Sequence[Sequence[object]]

A2_TITLE = "本系统（本单位）现行索取证明事项登记表"
A3_TITLE = "本系统（本单位）“无证明办事”措施登记表"
FOOTER_A2 = [
    ["分管领导（签名）：_______________ 联系人：_______________  联系电话：________________"],
    [
        "填表说明：1.证明材料名称，填写该材料需要证明的内容；2.证明对应的办理事项，填写审批项目名称；"
    ],
    ["4.取消、保留的，在对应栏打“√”；"],
    ["5.无相关事项的，也须在第一栏填“无”后反馈。"],
]
FOOTER_A3 = [
    ["分管领导（签名）：_______________ 联系人：_______________ 联系电话：________________"],
    ["填表说明：1.可采取的“无证明办事”措施，在对应栏中打“√”，采用其他措施的应当写明具体的方式；"],
]
A2_HEADER = [
    [
        "序号",
        "管理或服务\n单位名称",
        "证明材料名称",
        "证明开具单位",
        "证明对应的办理事项",
        "索取证明依据",
        "梳理结果建议",
        None,
    ],
    [None, None, None, None, None, None, "取消", "保留"],
]
A2_MERGES = ["A1:H1", "A2:E2", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "F3:F4", "G3:H3"]
A3_HEADER = [
    [
        "序号",
        "管理或服务\n单位名称",
        "保留的证明材料名称",
        "证明开具单位",
        "可采取的“无证明办事”措施",
        None,
        None,
        None,
        None,
        "暂时无法实现",
    ],
    [None, None, None, None, "共享", "核实", "替代", "承诺", "其他", None],
]
A3_MERGES = ["A1:J1", "A2:F2", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:I3", "J3:J4"]


def a2_rows(unit: str, body: Rows, *, footer: bool = True) -> list[list[object]]:
    rows: list[list[object]] = [
        [A2_TITLE],
        [f"填报单位名称（加盖公章）：{unit}", None, None, None, None, "填报日期 2019年8月2日"],
        *[list(r) for r in A2_HEADER],
        *[list(r) for r in body],
    ]
    if footer:
        rows += [[], *FOOTER_A2]
    return rows


def a3_rows(unit: str, body: Rows) -> list[list[object]]:
    return [
        [A3_TITLE],
        [
            f"填报单位名称（加盖公章）：{unit}",
            None,
            None,
            None,
            None,
            None,
            "填报日期2019年10月28日",
        ],
        *[list(r) for r in A3_HEADER],
        *[list(r) for r in body],
        [],
        *FOOTER_A3,
    ]


def write_xlsx(path: Path, rows: Rows, merges: Sequence[str] = ()) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "登记表"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None and value != "":
                cell = sheet.cell(row=r, column=c, value=value)
                cell.alignment = Alignment(wrap_text=True, vertical="center")
    for ref in merges:
        sheet.merge_cells(ref)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: Rows, encoding: str = "utf-8-sig") -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


# --------------------------------------------------------------------------- the fixtures

MZJ = "海曙区民政局"
MZJ_A2_BODY: Rows = [
    [
        1,
        MZJ,
        "无经济收入证明",
        "户籍所在地乡镇（街道）",
        "最低生活保障申请、临时救助申请",
        "《社会救助暂行办法》（国务院令第649号）第十一条",
        None,
        "√",
    ],
    [2, None, "亲属关系证明", "村（居）委会", "最低生活保障申请", "", "√", None],
    [None] * 8,
    [
        3,
        None,
        "婚姻状况证明",
        "婚姻登记机关",
        "特困人员认定（城市、农村）\n临时救助申请",
        "《特困人员认定办法》第九条",
        None,
        "✓",
    ],
    [4],
    [5],
]
# B5:B8 (the unit) merged down, as departments usually fill it in
MZJ_A2_MERGES = [*A2_MERGES, "B5:B8"]

MZJ_A3_BODY: Rows = [
    [1, MZJ, "无经济收入证明", "户籍所在地乡镇（街道）", None, "√", None, "√", None, None],
    [
        2,
        MZJ,
        "婚姻状况证明",
        "婚姻登记机关",
        "√",
        None,
        None,
        None,
        "通过婚姻登记信息系统内部查询",
        None,
    ],
    [3, MZJ, "收入证明", "工作单位", None, None, "劳动合同或工资流水", None, None, None],
    [4, MZJ, "户口迁移证明", "公安机关", None, None, None, None, None, "√"],
]

QL = "海曙区侨联"
QL_A2_BODY: Rows = [["无", QL], [None], [None]]

RSJ = "海曙区人力社保局"
RSJ_A2_BODY: Rows = [
    [
        1,
        RSJ,
        "失业证明",
        "街道（乡镇）劳动保障所",
        "失业保险金申领；职业介绍补贴申领",
        "《失业保险金申领发放办法》第四条",
        "√",
        "",
    ],
    [2, RSJ, "工作经历证明", "原工作单位", "专业技术资格评审", "", "", "√"],
]
RSJ_A3_BODY: Rows = [
    [1, RSJ, "工作经历证明", "原工作单位", "", "V", "", "是", "", ""],
]


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    write_xlsx(HERE / "海曙区民政局-附件2.xlsx", a2_rows(MZJ, MZJ_A2_BODY), MZJ_A2_MERGES)
    write_xlsx(HERE / "海曙区民政局-附件3.xlsx", a3_rows(MZJ, MZJ_A3_BODY), A3_MERGES)
    write_xlsx(HERE / "海曙区侨联-附件2.xlsx", a2_rows(QL, QL_A2_BODY), A2_MERGES)
    write_csv(HERE / "人社局-现行证明.csv", a2_rows(RSJ, RSJ_A2_BODY), "utf-8-sig")
    write_csv(HERE / "人社局-措施.csv", a3_rows(RSJ, RSJ_A3_BODY), "gb18030")


if __name__ == "__main__":
    main()
